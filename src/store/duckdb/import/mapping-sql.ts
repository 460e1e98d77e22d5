/**
 * Bulk import, mapping → SQL: each EventMapping compiled to one `INSERT INTO staging SELECT …`
 * (rejected rows staged with a NULL message_id) and one aggregate query finding its rejects (the
 * first `maxRejects`, with the values explaining why), run only when there are some.
 */
import { EVENT_TYPES } from '../../../domain/event.js';
import { type EventMapping, type Field, type ImportSpec, columnList } from '../../../ingest/import/spec.js';
import { SqlParams } from '../sql-builder.js';
import { FieldSql } from './field-sql.js';
import { type HeaderView, checkRequiredColumns, conditionConst, whenOf } from './required.js';
import type { Source } from './source.js';
import type { ImportReject } from './types.js';
import { emailSql, sqlList, timestampSql } from './value-sql.js';

export interface CompiledMapping {
  label: string;
  skip: boolean;
  /** The INSERT of every row the mapping applies to; rows it rejects get a NULL message_id. */
  insert(receivedAt: string): { sql: string; params: SqlParams['values'] };
  rejects(limit: number): { sql: string; params: SqlParams['values'] };
  reason(row: Record<string, unknown>): ImportReject;
  /** SQL (over the source) that is true when the row's timestamp parses. */
  timestampCheck(p: SqlParams): string;
}

export function compileAll(file: string, spec: ImportSpec, src: Source): CompiledMapping[] {
  const view: HeaderView = {
    kind: src.kind,
    header: src.columns,
    present: (alts) => src.find(alts).length > 0,
  };
  if (src.kind === 'ndjson') checkRequiredColumns(file, spec, view);
  return spec.events.map((m, i) => compileMapping(spec, m, i, src, view));
}

function compileMapping(spec: ImportSpec, m: EventMapping, index: number, src: Source, view: HeaderView): CompiledMapping {
  const multiple = spec.events.length > 1;
  const label = m.name && 'const' in m.name ? m.name.const : `#${index + 1}`;
  const when = whenOf(m);
  const whenConst = when ? conditionConst(when, view) : true;
  const tz = spec.timezone ?? 'UTC';
  const fields = new FieldSql(src, view);
  const value = (f: Field | undefined, p: SqlParams) => fields.value(f, p);

  const typeConst = m.type && 'const' in m.type ? m.type.const.toLowerCase() : m.type ? null : 'track';
  const nameByType = (name: string, type: string): string => {
    const byType: Record<string, string> = { identify: `'Identify'`, group: `'Group'`, alias: `'Alias'`, page: `coalesce(${name}, 'Page Viewed')`, screen: `coalesce(${name}, 'Screen Viewed')` };
    if (typeConst !== null) return byType[typeConst] ?? name;
    return `CASE ${type} ${Object.entries(byType).map(([t, e]) => `WHEN '${t}' THEN ${e}`).join(' ')} ELSE ${name} END`;
  };
  const types = sqlList(EVENT_TYPES);

  /**
   * The statement's layers: the source row → field values (`base`), then parsed/normalised
   * values and `f_ok`. `full` adds what only the INSERT needs (ids, bags, context).
   */
  const layers = (p: SqlParams, full: boolean) => {
    fields.reset();
    const ts = value(m.timestamp, p);
    const type = value(m.type, p);
    const name = value(m.name, p);
    const userId = value(m.userId, p);
    const anonymousId = value(m.anonymousId, p);
    const email = value(m.email, p);
    const previousId = value(m.previousId, p);
    const groupId = value(m.groupId, p);
    const cols: string[] = [
      `${ts.sql} AS f_ts_raw`,
      `lower(${type.sql}) AS f_type_raw`,
      `${name.sql} AS f_name_raw`,
      `${userId.sql} AS f_user_id`,
      `${anonymousId.sql} AS f_anonymous_id`,
      `${email.sql} AS f_email_raw`,
      `${previousId.sql} AS f_previous_id`,
      `${groupId.sql} AS f_group_id`,
    ];
    const whereSql = when && whenConst === null ? ` WHERE ${fields.condition(when, p)}` : '';
    if (full) {
      const channel = value(m.channel, p);
      const source = value(m.source, p);
      const context = value(m.context, p);
      const messageId = value(m.messageId, p);
      const contextSql = fields.objectOf(context);
      const props = fields.prepareBag(m.properties, p);
      const traits = fields.prepareBag(m.traits, p);
      cols.push(
        `lower(${channel.sql}) AS f_channel`,
        `coalesce(${source.sql}, CAST(${p.add(spec.source)} AS VARCHAR)) AS f_source`,
        `${contextSql} AS f_context`,
        `coalesce(${messageId.sql}, md5(${p.add(`${spec.source}\u001f${index}\u001f`)} || ${src.content})) AS f_message_id`,
        `coalesce(${fields.bagSql(props, p)}, '{}') AS f_properties`,
        `${fields.bagSql(traits, p)} AS f_traits0`,
      );
    } else {
      cols.push(`${fields.labelOf(ts, p)} AS f_ts_label`, `${fields.labelOf(email, p)} AS f_email_label`);
      cols.push(`${fields.labelOf(type, p)} AS f_type_label`, `${fields.labelOf(name, p)} AS f_name_label`);
    }
    const base = `SELECT __wm_line, ${cols.join(', ')} FROM ${src.from(p)}${whereSql}`;
    const traits = full ? `CASE WHEN f_traits0::VARCHAR <> '{}' THEN f_traits0 END AS f_traits, ` : '';
    const parsed = `SELECT *, ${traits}${timestampSql('f_ts_raw', p, tz)} AS f_ts_parsed, coalesce(f_type_raw, 'track') AS f_type,
                           ${emailSql('f_email_raw', p)} AS f_email FROM (${base})`;
    const checked = `SELECT *, CASE WHEN f_ts_parsed >= TIMESTAMP '1970-01-01' AND f_ts_parsed < TIMESTAMP '2200-01-01' THEN f_ts_parsed END AS f_ts,
                            list_contains(${types}, f_type) AS f_type_ok, ${nameByType('f_name_raw', 'f_type')} AS f_name FROM (${parsed})`;
    const identity = `CASE f_type WHEN 'alias' THEN f_user_id IS NOT NULL AND f_previous_id IS NOT NULL
                                  WHEN 'group' THEN f_group_id IS NOT NULL AND coalesce(f_user_id, f_anonymous_id, f_email) IS NOT NULL
                                  ELSE coalesce(f_user_id, f_anonymous_id, f_email) IS NOT NULL END`;
    return `SELECT *, (f_ts IS NOT NULL AND f_type_ok AND f_name IS NOT NULL AND ${identity}) AS f_ok FROM (${checked})`;
  };

  // Labels for identity messages.
  const idLabels = src.kind === 'csv' ? [m.userId, m.anonymousId, m.email].flatMap((f) => (f && 'column' in f ? src.find(columnList(f.column)).map((c) => c.label) : [])) : [];

  return {
    label: `"${label}"`,
    skip: whenConst === false,
    insert(receivedAt) {
      // No filter on computed values (DuckDB would push it below the projections and evaluate
      // every parsed value twice): rejected rows are staged without a message id, to be deleted.
      const p = new SqlParams();
      const body = layers(p, true);
      const recv = `CAST(${p.add(receivedAt)} AS TIMESTAMP)`;
      const sql = `INSERT INTO staging SELECT CASE WHEN f_ok THEN f_message_id END, f_type, f_name, f_user_id, f_anonymous_id, f_email, f_previous_id, f_group_id,
                          f_channel, f_source, f_ts, ${recv}, f_properties, f_traits, f_context, __wm_line FROM (${body})`;
      return { sql, params: p.values };
    },
    rejects(limit) {
      // Aggregate filters are not pushed down either: one pass, the first `limit` rejects in line order.
      const p = new SqlParams();
      const body = layers(p, false);
      const row = `{'__wm_line': __wm_line, 'f_ts_raw': f_ts_raw, 'f_ts_label': f_ts_label, 'f_ts_parsed': f_ts_parsed IS NOT NULL, 'f_ts_ok': f_ts IS NOT NULL,
                    'f_type_raw': f_type_raw, 'f_type_label': f_type_label, 'f_type_ok': f_type_ok, 'f_name': f_name, 'f_name_label': f_name_label,
                    'f_user_id': f_user_id, 'f_anonymous_id': f_anonymous_id, 'f_email_raw': f_email_raw, 'f_email': f_email, 'f_email_label': f_email_label,
                    'f_previous_id': f_previous_id, 'f_group_id': f_group_id, 'f_type': f_type}`;
      const n = Math.max(1, Math.floor(limit));
      const sql = `SELECT count(*) FILTER (WHERE NOT f_ok) AS total, arg_min(${row}, __wm_line, ${n}) FILTER (WHERE NOT f_ok) AS rows FROM (${body})`;
      return { sql, params: p.values };
    },
    timestampCheck(p) {
      fields.reset();
      const ts = value(m.timestamp, p);
      return `(${timestampSql(`(${ts.sql})`, p, tz)}) IS NOT NULL`;
    },
    reason(r) {
      const line = Number(r.__wm_line);
      const show = (v: unknown) => {
        const s = String(v);
        return JSON.stringify(s.length > 80 ? s.slice(0, 80) + '…' : s);
      };
      const at = (column: unknown, reason: string): ImportReject => (column === null || column === undefined ? { line, reason } : { line, column: String(column), reason });
      const ev = multiple ? ` for "${label}"` : '';
      if (r.f_ts_raw === null) return at(r.f_ts_label, `missing timestamp${ev}`);
      if (r.f_ts_parsed !== true) return at(r.f_ts_label, `not a date: ${show(r.f_ts_raw)}`);
      if (r.f_ts_ok !== true) return at(r.f_ts_label, `date out of range (1970–2200): ${show(r.f_ts_raw)}`);
      if (r.f_type_ok !== true) return at(r.f_type_label, `not an event type: ${show(r.f_type_raw)} (expected ${EVENT_TYPES.join(', ')})`);
      if (r.f_name === null) return at(r.f_name_label, `missing event name`);
      if (r.f_type === 'alias' && r.f_user_id === null) return { line, reason: 'alias needs userId (the identifier previousId is merged into)' };
      if (r.f_type === 'alias') return { line, reason: 'alias needs previousId' };
      if (r.f_type === 'group' && r.f_group_id === null) return { line, reason: 'group needs groupId' };
      if (r.f_email_raw !== null && r.f_email === null) return at(r.f_email_label, `not an e-mail address: ${show(r.f_email_raw)} (and no userId or anonymousId)`);
      return { line, reason: `no identity: ${idLabels.length ? idLabels.map((l) => `"${l}"`).join(', ') : 'userId, anonymousId and email'} ${idLabels.length === 1 ? 'is' : 'are all'} empty` };
    },
  };
}
