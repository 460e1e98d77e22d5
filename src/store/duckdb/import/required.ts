/**
 * Bulk import, required columns: which mappings apply to a file (conditions decided statically from
 * the header or keys), and the error naming every column a spec cannot do without that the file
 * lacks, raised before any row is mapped. The error is written for someone who just ran
 * `waymark import FILE`: a `--map` column that is not in the file is named by its override; a
 * column the preset needs is named by its event (`event "Ticket Opened"`, `the event`), with what
 * was looked for, what the header has, and the fix (`--map "<column>=timestamp"`, or `--source X`
 * when another preset's required columns are all in the file).
 */
import { InvalidInputError } from '../../../domain/errors.js';
import { PRESETS, presetNameOf } from '../../../ingest/import/presets.js';
import { type Condition, type EventMapping, type Field, type ImportSpec, columnList, columnPattern, normaliseBag } from '../../../ingest/import/spec.js';

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

/** `"a", "b", …` (the first 40, then how many in all). */
function quoteList(names: readonly string[], max = 40): string {
  const shown = names.slice(0, max).map((x) => `"${x}"`).join(', ');
  return `${shown || '(none)'}${names.length > max ? `, … (${names.length} in all)` : ''}`;
}

function describe(h: HeaderView): string {
  return `${h.kind === 'csv' ? 'the header has' : 'the lines have keys'} ${quoteList(h.header)}`;
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

/** What a mapping needs that the file lacks: the preset's own columns (by what they are for). */
type Need = 'timestamp' | 'name' | 'identity';

interface Lack {
  mapping: number;
  need: Need;
  text: string;
}

/** A column named with `--map` (or marked required in a spec) that is not in the file. */
interface MapLack {
  mapping: number;
  what: string;
  columns: string[];
  /** The override as the user wrote it; absent for `required` columns of a hand-written spec. */
  override?: string;
}

/** How a message names a mapping: `event "Ticket Opened"`, `the event` (the spec has one), else its position. */
export function eventLabel(spec: ImportSpec, m: EventMapping, i: number): string {
  if (m.name && 'const' in m.name) return `event "${m.name.const}"`;
  if (spec.events.length === 1) return 'the event';
  return `event mapping ${i + 1} of ${spec.events.length}`;
}

/** How `--map column=field@…` selects the mapping: its constant name, else its 1-based position. */
function selector(m: EventMapping, i: number): string {
  return m.name && 'const' in m.name ? m.name.const : String(i + 1);
}

const quoted = (alts: readonly string[]) => alts.map((a) => `"${a}"`).join(', ');

/** What the file lacks for the spec, and which mappings apply to it at all. */
function findLacks(spec: ImportSpec, h: HeaderView): { lacks: Lack[]; maps: MapLack[]; applicable: number[] } {
  const lacks: Lack[] = [];
  const maps: MapLack[] = [];
  const applicable: number[] = [];
  spec.events.forEach((m, i) => {
    const when = whenOf(m);
    if (when && conditionConst(when, h) === false) return; // mapping does not apply to this file
    applicable.push(i);
    const label = eventLabel(spec, m, i);
    const isMapped = (f: Field | undefined) => f !== undefined && 'column' in f && f.required === true;
    const need = (kind: Need, what: string, f: Field | undefined) => {
      if (!f || isMapped(f) || 'const' in f || ('cases' in f && f.default !== undefined) || ('column' in f && f.default !== undefined)) return;
      const alts = fieldColumns(f);
      if (!h.present(alts)) lacks.push({ mapping: i, need: kind, text: `${what} of ${label}: looked for ${quoted(alts)}` });
    };
    need('timestamp', 'timestamp', m.timestamp);
    const typeGivesName = m.type !== undefined && ('column' in m.type || ('const' in m.type && m.type.const !== 'track'));
    if (!typeGivesName && !m.name) lacks.push({ mapping: i, need: 'name', text: `name of ${label}: the spec gives none` });
    else if (!typeGivesName) need('name', 'name', m.name);
    const ids = [m.userId, m.anonymousId, m.email];
    const hasId = ids.some((f) => f && ('const' in f || ('cases' in f && f.default !== undefined) || ('column' in f && f.default !== undefined) || (!isMapped(f) && h.present(fieldColumns(f)))));
    // A --map'ped identity column that is missing is reported as a --map problem below.
    if (!hasId && !ids.some(isMapped)) {
      const alts = ids.flatMap(fieldColumns);
      lacks.push({ mapping: i, need: 'identity', text: `identity (userId, anonymousId or email) of ${label}: looked for ${alts.length ? quoted(alts) : '(no identity column in the spec)'}` });
    }
    // Columns named explicitly (--map) must exist.
    const fields: Array<[string, Field | undefined]> = [
      ['messageId', m.messageId],
      ['type', m.type],
      ['name', m.name],
      ['userId', m.userId],
      ['anonymousId', m.anonymousId],
      ['email', m.email],
      ['timestamp', m.timestamp],
      ['channel', m.channel],
      ['source', m.source],
      ['previousId', m.previousId],
      ['groupId', m.groupId],
    ];
    for (const bag of ['properties', 'traits'] as const) {
      for (const e of normaliseBag(m[bag]).columns ?? []) if (typeof e !== 'string') fields.push([`${bag}.${e.key}`, e]);
    }
    for (const [what, f] of fields) {
      if (f && 'column' in f && f.required && !h.present(columnList(f.column))) {
        const lack: MapLack = { mapping: i, what, columns: columnList(f.column) };
        if (f.map !== undefined) lack.override = f.map;
        maps.push(lack);
      }
    }
  });
  return { lacks, maps, applicable };
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The header name closest to a mistyped column (ignoring case and punctuation), if one is close. */
function closest(name: string, header: readonly string[]): string | undefined {
  const n = norm(name);
  if (n.length < 3) return undefined;
  let best: { h: string; d: number } | undefined;
  for (const h of header) {
    const d = editDistance(n, norm(h));
    if (d <= Math.max(1, Math.floor(n.length / 4)) && (!best || d < best.d)) best = { h, d };
  }
  return best?.h;
}

/** `--map "Planx=properties.plan": the file has no column "Planx"; its columns are: …`. */
function mapMessage(lack: MapLack, spec: ImportSpec, h: HeaderView): string {
  const unit = h.kind === 'csv' ? 'column' : 'key';
  const cols = lack.columns;
  const no = cols.map((c) => (columnPattern(c) ? `matching ${c}` : `"${c}"`)).join(' or ');
  const guess = cols.length === 1 && !columnPattern(cols[0]!) ? closest(cols[0]!, h.header) : undefined;
  const tail = `the file has no ${unit} ${no}; its ${unit}s are: ${quoteList(h.header)}${guess ? ` — did you mean "${guess}"?` : ''}`;
  if (lack.override !== undefined) return `--map "${lack.override}": ${tail}`;
  return `${lack.what} of ${eventLabel(spec, spec.events[lack.mapping]!, lack.mapping)}: ${tail}`;
}

/** A header column that probably holds what a field needs, for the suggested `--map`. */
const GUESS: Record<Need, Array<{ re: RegExp; field: string }>> = {
  timestamp: [
    { re: /timestamp|created/i, field: 'timestamp' },
    { re: /date|time|_at$|\bat$|when|day/i, field: 'timestamp' },
  ],
  name: [
    { re: /event/i, field: 'name' },
    { re: /(^|[\W_])(type|kind|action)$/i, field: 'name' },
  ],
  identity: [
    { re: /e-?mail/i, field: 'email' },
    { re: /user.?id|customer.?id|contact.?id|external.?id|person.?id|member.?id/i, field: 'userId' },
  ],
};
const PLACEHOLDER: Record<Need, { column: string; field: string }> = {
  timestamp: { column: '<date column>', field: 'timestamp' },
  name: { column: '<event name column>', field: 'name' },
  identity: { column: '<e-mail column>', field: 'email' },
};

/** `--map "When=timestamp@Ticket Opened"`-style fixes for what the preset lacks. */
function mapSuggestions(spec: ImportSpec, h: HeaderView, lacks: Lack[], applicable: number[]): string[] {
  const taken = new Set<string>();
  const out: string[] = [];
  for (const need of ['timestamp', 'name', 'identity'] as const) {
    const lacking = [...new Set(lacks.filter((l) => l.need === need).map((l) => l.mapping))];
    if (!lacking.length) continue;
    const guess = GUESS[need].map((g) => ({ g, col: h.header.find((c) => !taken.has(c) && g.re.test(c)) })).find((x) => x.col !== undefined);
    const column = guess?.col ?? PLACEHOLDER[need].column;
    const field = guess?.g.field ?? PLACEHOLDER[need].field;
    if (guess?.col) taken.add(guess.col);
    // Without @, an override applies to every mapping: fine when none of the applicable ones has
    // this right; a timestamp is per event (e.g. "Ticket Solved" at "Solved at"), so always @.
    const all = applicable.every((i) => lacking.includes(i));
    if (spec.events.length > 1 && (need === 'timestamp' || !all)) {
      for (const i of lacking) out.push(`--map "${column}=${field}@${selector(spec.events[i]!, i)}"`);
    } else out.push(`--map "${column}=${field}"`);
  }
  return out;
}

/** Every column reference of a spec (fields, bag entries, merges, conditions), as alternative lists. */
function specColumns(spec: ImportSpec): string[][] {
  const out: string[][] = [];
  const cond = (c: Condition): void => {
    if ('anyOf' in c) c.anyOf.forEach(cond);
    else if ('allOf' in c) c.allOf.forEach(cond);
    else out.push(columnList(c.column));
  };
  for (const m of spec.events) {
    for (const f of [m.name, m.type, m.timestamp, m.messageId, m.userId, m.anonymousId, m.email, m.channel, m.source, m.previousId, m.groupId, m.context]) {
      if (f && 'column' in f) out.push(columnList(f.column));
      else if (f && 'cases' in f) for (const k of f.cases) out.push(columnList(k.column));
    }
    for (const bag of [m.properties, m.traits]) {
      const b = normaliseBag(bag);
      for (const e of b.columns ?? []) {
        if (typeof e === 'string') out.push([e]);
        else if ('column' in e) out.push(columnList(e.column));
        else if ('cases' in e) for (const k of e.cases) out.push(columnList(k.column));
      }
      for (const c of b.merge ?? []) out.push([c]);
    }
    const when = whenOf(m);
    if (when) cond(when);
  }
  return out;
}

/**
 * Other presets whose required columns are all in the file; of those, the ones that know the most
 * of its columns (a Salesforce opportunity export also has what the task preset needs).
 */
function matchingPresets(current: string | undefined, h: HeaderView): string[] {
  const fits = Object.entries(PRESETS)
    .filter(([name, p]) => name !== current && findLacks(p, h).lacks.length === 0)
    .map(([name, p]) => ({ name, score: new Set(specColumns(p).filter((alts) => h.present(alts)).map((alts) => JSON.stringify(alts))).size }));
  const best = Math.max(...fits.map((f) => f.score));
  return fits.filter((f) => f.score === best).map((f) => f.name);
}

/**
 * Throw when the file lacks every alternative of a column the spec cannot do without (timestamp,
 * event name, an identity, columns named with --map). CSV: before reading; NDJSON: once the keys are known.
 */
export function checkRequiredColumns(file: string, spec: ImportSpec, h: HeaderView): void {
  const { lacks, maps, applicable } = findLacks(spec, h);
  if (!lacks.length && !maps.length) return;
  const lines = [...new Set(maps.map((l) => mapMessage(l, spec, h)))];
  if (lacks.length) {
    const preset = presetNameOf(spec);
    lines.push(`import file ${file} lacks columns ${preset ? `the "${preset}" preset` : 'the import spec'} needs:`);
    for (const t of new Set(lacks.map((l) => l.text))) lines.push(`  - ${t}`);
    lines.push(`  ${describe(h)}`);
    const others = matchingPresets(preset, h);
    const maps = mapSuggestions(spec, h, lacks, applicable);
    const mapFix = maps.length ? `name the file's ${h.kind === 'csv' ? 'columns' : 'keys'}: ${maps.join(' ')}` : '';
    if (others.length) {
      lines.push(`Fix: the file has every ${h.kind === 'csv' ? 'column' : 'key'} ${others.length === 1 ? `the "${others[0]}" preset needs` : `these presets need: ${others.join(', ')}`}, so use ${others.map((o) => `--source ${o}`).join(' or ')}${mapFix ? `; or ${mapFix}` : ''}`);
    } else if (mapFix) {
      lines.push(`Fix: ${mapFix} (or, if the file is another kind of export, choose its preset with --source; waymark import --help lists them)`);
    }
  }
  throw new InvalidInputError(lines.join('\n'));
}
