/**
 * Bulk import, required columns: which mappings apply to a file (conditions decided statically from
 * the header or keys), and the error naming every column a spec cannot do without that the file
 * lacks, raised before any row is mapped.
 */
import { InvalidInputError } from '../../../domain/errors.js';
import { type Condition, type EventMapping, type Field, type ImportSpec, columnList, normaliseBag } from '../../../ingest/import/spec.js';

export interface HeaderView {
  kind: 'csv' | 'ndjson';
  header: string[];
  present(alternatives: string[]): boolean;
}

/** Alternatives of a field's columns, as a flat list (cases: every case's columns). */
function fieldColumns(f: Field | undefined): string[] {
  if (!f) return [];
  if ('column' in f) return columnList(f.column);
  if ('cases' in f) return f.cases.flatMap((k) => columnList(k.column));
  return [];
}

function describe(h: HeaderView): string {
  const shown = h.header.slice(0, 40).map((x) => `"${x}"`).join(', ');
  return `${h.kind === 'csv' ? 'the header has' : 'the lines have keys'} ${shown || '(none)'}${h.header.length > 40 ? `, … (${h.header.length} in all)` : ''}`;
}

/** Statically: does the condition hold (true), fail (false) for every row, or depend on the row (null)? */
export function conditionConst(cond: Condition, h: HeaderView): boolean | null {
  if ('anyOf' in cond) {
    const parts = cond.anyOf.map((x) => conditionConst(x, h));
    if (parts.some((x) => x === true)) return true;
    return parts.every((x) => x === false) ? false : null;
  }
  if ('allOf' in cond) {
    const parts = cond.allOf.map((x) => conditionConst(x, h));
    if (parts.some((x) => x === false)) return false;
    return parts.every((x) => x === true) ? true : null;
  }
  if (h.present(columnList(cond.column))) return null;
  return cond.in === undefined && cond.notIn !== undefined;
}

export function whenOf(m: EventMapping): Condition | null {
  if (!m.when) return null;
  return Array.isArray(m.when) ? { allOf: m.when } : m.when;
}

function mappingLabel(m: EventMapping, i: number): string {
  return m.name && 'const' in m.name ? `"${m.name.const}"` : `#${i + 1}`;
}

/**
 * Throw when the file lacks every alternative of a column the spec cannot do without (timestamp,
 * event name, an identity, columns named with --map). CSV: before reading; NDJSON: once the keys are known.
 */
export function checkRequiredColumns(file: string, spec: ImportSpec, h: HeaderView): void {
  const problems: string[] = [];
  spec.events.forEach((m, i) => {
    const when = whenOf(m);
    if (when && conditionConst(when, h) === false) return; // mapping does not apply to this file
    const label = mappingLabel(m, i);
    const need = (what: string, f: Field | undefined) => {
      if (!f || 'const' in f || ('cases' in f && f.default !== undefined) || ('column' in f && f.default !== undefined)) return;
      const alts = fieldColumns(f);
      if (!h.present(alts)) problems.push(`${what} of ${label}: looked for ${alts.map((a) => `"${a}"`).join(', ')}`);
    };
    need('timestamp', m.timestamp);
    const typeGivesName = m.type !== undefined && ('column' in m.type || ('const' in m.type && m.type.const !== 'track'));
    if (!typeGivesName && !m.name) problems.push(`event name of ${label}: the spec gives none`);
    else if (!typeGivesName) need('event name', m.name);
    const ids = [m.userId, m.anonymousId, m.email];
    const hasId = ids.some((f) => f && ('const' in f || ('cases' in f && f.default !== undefined) || ('column' in f && f.default !== undefined) || h.present(fieldColumns(f))));
    if (!hasId) {
      const alts = ids.flatMap(fieldColumns);
      problems.push(`an identity (userId, anonymousId or email) of ${label}: looked for ${alts.length ? alts.map((a) => `"${a}"`).join(', ') : '(no identity column in the spec)'}`);
    }
    // Columns named explicitly (--map) must exist.
    const fields: Array<[string, Field | undefined]> = [
      ['messageId', m.messageId],
      ['type', m.type],
      ['name', m.name],
      ['userId', m.userId],
      ['anonymousId', m.anonymousId],
      ['email', m.email],
      ['channel', m.channel],
      ['source', m.source],
      ['previousId', m.previousId],
      ['groupId', m.groupId],
    ];
    for (const bag of ['properties', 'traits'] as const) {
      for (const e of normaliseBag(m[bag]).columns ?? []) if (typeof e !== 'string') fields.push([`${bag}.${e.key}`, e]);
    }
    for (const [what, f] of fields) {
      if (f && 'column' in f && f.required && !h.present(columnList(f.column))) problems.push(`${what} of ${label}: looked for ${columnList(f.column).map((a) => `"${a}"`).join(', ')}`);
    }
  });
  if (problems.length) {
    throw new InvalidInputError(`import file ${file} lacks required columns — ${[...new Set(problems)].join('; ')}; ${describe(h)}`);
  }
}
