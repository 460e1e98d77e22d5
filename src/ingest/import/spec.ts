/**
 * Import specs: how the rows of a CSV or NDJSON export become canonical events. Pure data (zod
 * validated), compiled to SQL by store/duckdb/import-file.ts, so a file is mapped by DuckDB
 * itself and never row by row in JavaScript.
 *
 * A spec names the silo (`source`) and lists one or more EventMappings; each mapping turns every
 * input row (optionally only rows matching `when`) into one event, so one row can give several
 * events (a Zendesk ticket → "Ticket Opened" and, when solved, "Ticket Solved").
 *
 * Columns are named by header (CSV) or by dot path (NDJSON: `properties.plan`,
 * `context.traits.email`). A column reference may list alternatives, because real exports differ:
 *   - CSV: the first alternative present in the header wins (matching exact, then ignoring case,
 *     then ignoring case, spaces and punctuation: `Created at` = `created_at` = `CreatedAt`);
 *     `coalesce: true` on a field takes, per row, the first non-empty one of the present alternatives.
 *   - NDJSON: lines differ, so alternatives are always coalesced per line.
 *   - An alternative written `/regex/flags` matches header names by regular expression
 *     (SurveyMonkey's `How likely is it that you would recommend…`).
 */
import { z } from 'zod';
import { EVENT_TYPES } from '../../domain/event.js';
import { formatPath, InvalidInputError } from '../../domain/errors.js';

/** One column name / path, or alternatives tried in order. */
export type Columns = string | string[];

/** A value read from a column. */
export interface ColumnField {
  column: Columns;
  /** CSV: coalesce the present alternatives per row instead of taking the first present column. */
  coalesce?: boolean;
  /** Text put before / after a non-empty value (e.g. `zendesk-ticket-` + Id + `-solved`). */
  prefix?: string;
  suffix?: string;
  /** Value translation, matched ignoring case and surrounding spaces; `*` catches every other non-empty value. Unmatched values pass through. */
  values?: Record<string, string>;
  /** Used when the row's value is empty or the column is absent. */
  default?: string;
  /** Keep only the leading number of the value (`"9 - Very likely"` → 9); in properties/traits it is stored as a JSON number. */
  number?: boolean;
  /** Fail when no alternative is in the file (set for columns named with `--map`). */
  required?: boolean;
  /** The `--map` override that set this column, as the user wrote it (for error messages). */
  map?: string;
}

/** A constant. */
export interface ConstField {
  const: string;
}

/** A constant chosen by the header: the first case whose column is present (e.g. survey kind by question). */
export interface CasesField {
  cases: Array<{ column: Columns; const: string }>;
  default?: string;
}

export type Field = ColumnField | ConstField | CasesField;

/** An entry of properties/traits: a column (its key is the column name, see `keys`), or a keyed field. */
export type BagEntry = string | ({ key: string } & Field);

export interface BagSpec {
  /** Every column not used by another field of the mapping (and not excluded). */
  rest?: boolean;
  columns?: BagEntry[];
  /** Columns holding JSON objects whose keys are merged in (NDJSON `properties`, `context.traits`). */
  merge?: string[];
  /** Columns never taken by `rest`. */
  exclude?: string[];
  /** Keys of `rest` and plain-string entries: the header as is (default) or snake_case (`Lifecycle Stage` → `lifecycle_stage`). */
  keys?: 'as-is' | 'snake';
}

/** `'rest'`, a list of columns/entries, or the full form. */
export type Bag = 'rest' | BagEntry[] | BagSpec;

/**
 * Which rows a mapping applies to. `{ column }` alone: the value is non-empty; `in`/`notIn`: the
 * value (trimmed, ignoring case) is / is not one of these (an empty value is never `in`, always `notIn`).
 */
export type Condition = { column: Columns; in?: string[]; notIn?: string[] } | { anyOf: Condition[] } | { allOf: Condition[] };

export interface EventMapping {
  /** Event name. Page/screen rows without one become `Page Viewed`/`Screen Viewed`; identify/group/alias are named `Identify`/`Group`/`Alias`. */
  name?: Field;
  /** track (default), page, screen, identify, group, alias. */
  type?: Field;
  timestamp: Field;
  /** Idempotency key; when absent: md5 of source + mapping index + the row's full content. */
  messageId?: Field;
  userId?: Field;
  anonymousId?: Field;
  /** Trimmed and lower-cased; the first address found in the value is used (`Ann <ann@x.com>`). */
  email?: Field;
  channel?: Field;
  /** Overrides the spec's source for this mapping. */
  source?: Field;
  previousId?: Field;
  groupId?: Field;
  /** A JSON object column kept as the event's context (NDJSON `context`). */
  context?: Field;
  when?: Condition | Condition[];
  traits?: Bag;
  properties?: Bag;
}

export interface ImportSpec {
  /** The silo: `import`, `hubspot`, `salesforce`, `zendesk`, `surveymonkey`, `qualtrics`, … */
  source: string;
  /** One line for `--help`: what the preset expects. */
  description?: string;
  /** Default: from the file extension (.csv/.tsv/.txt → csv, .ndjson/.jsonl/.json → ndjson). */
  format?: 'csv' | 'ndjson';
  /** IANA zone for timestamps without an offset (default UTC). */
  timezone?: string;
  csv?: {
    /** Default: detected from the header among `,` `;` tab `|`. */
    delimiter?: string;
    /**
     * Up to this many rows right after the header may be extra header rows (SurveyMonkey has one,
     * Qualtrics two): the leading rows whose timestamp (first mapping) is not a date are skipped.
     */
    extraHeaderRows?: number;
  };
  events: EventMapping[];
}

// ---------------------------------------------------------------- zod

/** `/regex/flags` column patterns must compile. */
export function columnPattern(name: string): RegExp | null {
  const m = /^\/(.+)\/([a-z]*)$/.exec(name);
  if (!m) return null;
  return new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''));
}

const ColumnName = z
  .string()
  .min(1, 'must not be empty')
  .max(1000)
  .superRefine((s, ctx) => {
    try {
      columnPattern(s);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `bad column pattern: ${(err as Error).message}` });
    }
  });
const ColumnsSchema = z.union([ColumnName, z.array(ColumnName).min(1).max(100)]);
const Text = z.string().max(1000);

const ColumnFieldSchema = z.strictObject({
  column: ColumnsSchema,
  coalesce: z.boolean().optional(),
  prefix: Text.optional(),
  suffix: Text.optional(),
  values: z.record(z.string(), Text).optional(),
  default: Text.optional(),
  number: z.boolean().optional(),
  required: z.boolean().optional(),
  map: Text.optional(),
});
const ConstFieldSchema = z.strictObject({ const: Text });
const CasesFieldSchema = z.strictObject({
  cases: z.array(z.strictObject({ column: ColumnsSchema, const: Text })).min(1),
  default: Text.optional(),
});
export const FieldSchema: z.ZodType<Field> = z.union([ColumnFieldSchema, ConstFieldSchema, CasesFieldSchema]);

const Key = z.string().min(1, 'must not be empty').max(200);
const BagEntrySchema: z.ZodType<BagEntry> = z.union([
  ColumnName,
  ColumnFieldSchema.extend({ key: Key }),
  ConstFieldSchema.extend({ key: Key }),
  CasesFieldSchema.extend({ key: Key }),
]);
const BagSpecSchema = z.strictObject({
  rest: z.boolean().optional(),
  columns: z.array(BagEntrySchema).optional(),
  merge: z.array(ColumnName).optional(),
  exclude: z.array(z.string()).optional(),
  keys: z.enum(['as-is', 'snake']).optional(),
});
export const BagSchema: z.ZodType<Bag> = z.union([z.literal('rest'), z.array(BagEntrySchema), BagSpecSchema]);

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ column: ColumnsSchema, in: z.array(z.string()).optional(), notIn: z.array(z.string()).optional() }),
    z.strictObject({ anyOf: z.array(ConditionSchema).min(1) }),
    z.strictObject({ allOf: z.array(ConditionSchema).min(1) }),
  ]),
);

export const EventMappingSchema: z.ZodType<EventMapping> = z.strictObject({
  name: FieldSchema.optional(),
  type: FieldSchema.optional(),
  timestamp: FieldSchema,
  messageId: FieldSchema.optional(),
  userId: FieldSchema.optional(),
  anonymousId: FieldSchema.optional(),
  email: FieldSchema.optional(),
  channel: FieldSchema.optional(),
  source: FieldSchema.optional(),
  previousId: FieldSchema.optional(),
  groupId: FieldSchema.optional(),
  context: FieldSchema.optional(),
  when: z.union([ConditionSchema, z.array(ConditionSchema)]).optional(),
  traits: BagSchema.optional(),
  properties: BagSchema.optional(),
});

export const ImportSpecSchema: z.ZodType<ImportSpec> = z.strictObject({
  source: z.string().trim().min(1, 'must not be empty').max(100),
  description: z.string().max(2000).optional(),
  format: z.enum(['csv', 'ndjson']).optional(),
  timezone: z
    .string()
    .regex(/^[A-Za-z0-9_+\-/]{1,64}$/, 'an IANA time zone such as "Europe/Paris" or "UTC"')
    .optional(),
  csv: z
    .strictObject({
      delimiter: z.string().min(1).max(4).optional(),
      extraHeaderRows: z.number().int().min(0).max(10).optional(),
    })
    .optional(),
  events: z.array(EventMappingSchema).min(1, 'needs at least one event mapping').max(50),
});

/** Validate a spec (from a preset, a file or the API). Throws InvalidInputError listing the problems. */
export function parseImportSpec(raw: unknown): ImportSpec {
  const r = ImportSpecSchema.safeParse(raw);
  if (!r.success) {
    throw new InvalidInputError(
      'invalid import spec',
      r.error.issues.map((i) => ({ where: formatPath(i.path), message: i.message })),
    );
  }
  const spec = r.data;
  spec.events.forEach((m, i) => {
    const t = m.type;
    if (t && 'const' in t && !(EVENT_TYPES as readonly string[]).includes(t.const.toLowerCase())) {
      throw new InvalidInputError('invalid import spec', [{ where: `events[${i}].type`, message: `"${t.const}" is not one of ${EVENT_TYPES.join(', ')}` }]);
    }
  });
  return spec;
}

// ---------------------------------------------------------------- helpers shared with the SQL compiler

export function columnList(c: Columns): string[] {
  return typeof c === 'string' ? [c] : c;
}

/** `Lifecycle Stage` → `lifecycle_stage`, `firstName` → `first_name`, `Who.Email` → `who_email`. */
export function snakeKey(name: string): string {
  const s = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return s || name;
}

export function normaliseBag(bag: Bag | undefined): BagSpec {
  if (bag === undefined) return {};
  if (bag === 'rest') return { rest: true };
  if (Array.isArray(bag)) return { columns: bag };
  return bag;
}

// ---------------------------------------------------------------- --map overrides

const MAPPABLE = ['messageId', 'type', 'name', 'userId', 'anonymousId', 'email', 'timestamp', 'channel', 'source', 'previousId', 'groupId'] as const;
type Mappable = (typeof MAPPABLE)[number];
/** Other spellings of a field: Segment and the `events` preset call the event name `event`. */
const FIELD_ALIASES: Record<string, Mappable> = { event: 'name' };

/** The field a `--map` target names: exact, an alias, or the same ignoring case, `_` and `-` (`user_id` → userId). */
function mappableField(target: string): Mappable | null {
  if ((MAPPABLE as readonly string[]).includes(target)) return target as Mappable;
  const norm = (s: string) => s.toLowerCase().replace(/[_\-\s]+/g, '');
  const t = norm(target);
  return MAPPABLE.find((f) => norm(f) === t) ?? Object.entries(FIELD_ALIASES).find(([a]) => norm(a) === t)?.[1] ?? null;
}

function mapError(override: string, message: string): InvalidInputError {
  return new InvalidInputError(`--map "${override}": ${message}`);
}

/**
 * The CLI's `--map column=field` (repeatable): the column becomes the (only) source of that field,
 * or of the property/trait `properties.X` / `traits.X`, in every event mapping of the spec — or
 * only in one with `column=field@Event Name` (or `@2`, the mapping's 1-based position).
 * Fields: messageId, type, name (alias `event`), userId, anonymousId, email, timestamp, channel,
 * source, previousId, groupId, properties.X, traits.X; field names also match ignoring case, `_`
 * and `-` (`user_id`). The column must then be in the file: the field keeps the override's text
 * (`map`) so the loader's error can quote it.
 * A bad override throws an InvalidInputError naming it.
 */
export function applyMapOverrides(spec: ImportSpec, overrides: readonly string[]): ImportSpec {
  const out: ImportSpec = structuredClone(spec);
  for (const o of overrides) {
    const eq = o.lastIndexOf('=');
    if (eq <= 0 || eq === o.length - 1) throw mapError(o, 'expected column=field, e.g. "Requester email=email" or "Plan=properties.plan"');
    const column = o.slice(0, eq).trim();
    let target = o.slice(eq + 1).trim();
    if (!column) throw mapError(o, 'the column name is empty');
    let only: number[] | null = null;
    const at = target.indexOf('@');
    if (at >= 0) {
      const which = target.slice(at + 1).trim();
      target = target.slice(0, at).trim();
      const byIndex = /^\d+$/.test(which) ? Number(which) - 1 : -1;
      const matches = out.events
        .map((m, i) => ({ m, i }))
        .filter(({ m, i }) => i === byIndex || (m.name && 'const' in m.name && m.name.const.toLowerCase() === which.toLowerCase()))
        .map(({ i }) => i);
      if (!matches.length) {
        const names = out.events.map((m, i) => (m.name && 'const' in m.name ? `"${m.name.const}"` : `#${i + 1}`)).join(', ');
        throw mapError(o, `no event mapping "${which}" in this preset (it has ${names})`);
      }
      only = matches;
    }
    try {
      columnPattern(column);
    } catch (err) {
      throw mapError(o, `bad column pattern: ${(err as Error).message}`);
    }
    const targets = out.events.map((m, i) => ({ m, i })).filter(({ i }) => only === null || only.includes(i));
    const bagMatch = /^(properties|traits)\.(.*)$/.exec(target);
    if (bagMatch) {
      const bagName = bagMatch[1] as 'properties' | 'traits';
      const key = bagMatch[2]!.trim();
      if (!key) throw mapError(o, `the ${bagName} key is empty`);
      for (const { m } of targets) {
        const bag = { ...normaliseBag(m[bagName]) };
        const columns = (bag.columns ?? []).filter((e) => typeof e === 'string' || e.key !== key);
        columns.push({ key, column, required: true, map: o });
        bag.columns = columns;
        m[bagName] = bag;
      }
      continue;
    }
    const field = mappableField(target);
    if (!field) {
      throw mapError(
        o,
        `unknown field "${target}"; use one of ${MAPPABLE.map((f) => (f === 'name' ? 'name (or event)' : f)).join(', ')}, properties.<key>, traits.<key>` +
          (/^[A-Za-z_][\w-]*$/.test(target) ? ` (to keep the column as a property: --map "${column}=properties.${target}")` : ''),
      );
    }
    for (const { m, i } of targets) {
      const old = m[field];
      const next: ColumnField = { column, required: true, map: o };
      if (old && 'column' in old) {
        // keep how the value is shaped (prefix/suffix/value translation), only the column changes
        if (old.prefix !== undefined) next.prefix = old.prefix;
        if (old.suffix !== undefined) next.suffix = old.suffix;
        if (old.values !== undefined) next.values = old.values;
        if (old.number !== undefined) next.number = old.number;
      } else if (field === 'messageId' && out.events.length > 1) {
        // one row gives several events: keep their ids apart
        next.suffix = `-${m.name && 'const' in m.name ? snakeKey(m.name.const) : i + 1}`;
      }
      // "only rows where the timestamp column is set" follows the timestamp to its new column
      const when = m.when;
      if (field === 'timestamp' && old && 'column' in old && when && !Array.isArray(when) && 'column' in when && !when.in && !when.notIn) {
        if (JSON.stringify(columnList(when.column)) === JSON.stringify(columnList(old.column))) m.when = { column };
      }
      m[field] = next;
    }
  }
  return parseImportSpec(out);
}
