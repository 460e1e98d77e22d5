/**
 * SQL pieces both paths compilers share: an event's node label (groups by glob/regex, in order)
 * and the exclusions that drop events before paths are built. Patterns travel as parameters.
 */
import { ACTIVITY_COLUMN } from '../granularity.js';
import type { PathsPlan } from '../paths.js';
import { patternToRegexSource } from '../../domain/pattern.js';
import type { SqlParams } from '../../store/duckdb/sql-builder.js';

/** How an events column is read: `e.touchpoint` over events rows, a list element over journeys. */
export type ColumnRef = (column: 'touchpoint' | 'name' | 'stage' | 'channel') => string;
const eventColumn: ColumnRef = (c) => `e.${c}`;

/** The node label of the event aliased `e` (or read by `ref`): the first matching group's label, else the activity. */
export function labelSql(plan: PathsPlan, p: SqlParams, ref: ColumnRef = eventColumn): string {
  const col = ref(ACTIVITY_COLUMN[plan.by]);
  if (plan.groups.length === 0) return col;
  const whens = plan.groups.map((g) => `WHEN regexp_full_match(${col}, ${p.add(patternToRegexSource(g.pattern))}, 'is') THEN ${p.add(g.label ?? g.pattern)}`);
  return `CASE ${whens.join(' ')} ELSE ${col} END`;
}

/** ` AND …` per exclusion: the event's column at the exclusion's granularity does not match its pattern. */
export function exclusionSql(plan: PathsPlan, p: SqlParams, ref: ColumnRef = eventColumn): string {
  return plan.exclude
    .map((x) => {
      const col = ref(ACTIVITY_COLUMN[x.by]);
      return ` AND (${col} IS NULL OR NOT regexp_full_match(${col}, ${p.add(patternToRegexSource(x.pattern))}, 'is'))`;
    })
    .join('');
}
