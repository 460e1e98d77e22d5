/**
 * DuckDB compiler for scopes and conditions: the `journey events` relation every analysis starts
 * from (customer, time, order key, activity), filtered by workspace, time range, sources,
 * segment (traits and behaviour) and event conditions. All user input travels as bound parameters.
 */
import type { BehaviourCondition } from '../behaviour.js';
import { type Condition, fieldRef } from '../condition.js';
import { ACTIVITY_COLUMN, type Granularity, NON_BEHAVIOURAL_TYPES } from '../granularity.js';
import type { Scope } from '../scope.js';
import type { Step } from '../step.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';

/** SQL text of a field's value, as stored text. `e` is the events alias, `c` the customers alias. */
function fieldSql(field: string, p: SqlParams, alias = 'e'): string {
  const ref = fieldRef(field);
  if (ref.kind === 'property') return `json_extract_string(${alias}.properties, ${p.add('$.' + ref.path)})`;
  if (ref.kind === 'trait') return `json_extract_string(c.traits, ${p.add('$.' + ref.path)})`;
  return `${alias}.${ref.column}`;
}

export function conditionSql(cond: Condition, p: SqlParams, alias = 'e'): string {
  const v = fieldSql(cond.field, p, alias);
  const list = () => (cond.value as unknown[]).map((x) => p.add(String(x))).join(', ');
  switch (cond.op) {
    case 'exists':
      return `(${v} IS NOT NULL)`;
    case 'not_exists':
      return `(${v} IS NULL)`;
    case 'eq':
      return `(${v} = ${p.add(String(cond.value))})`;
    case 'neq':
      return `(${v} IS DISTINCT FROM ${p.add(String(cond.value))})`;
    case 'in':
      return `(${v} IN (${list()}))`;
    case 'not_in':
      return `(${v} IS NULL OR ${v} NOT IN (${list()}))`;
    case 'contains':
      return `(contains(lower(${v}), lower(${p.add(String(cond.value))})))`;
    default: {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[cond.op];
      return `(TRY_CAST(${v} AS DOUBLE) ${op} ${p.add(cond.value as number)})`;
    }
  }
}

export function conditionsSql(conds: readonly Condition[], p: SqlParams, alias = 'e'): string {
  return conds.length ? conds.map((c) => conditionSql(c, p, alias)).join(' AND ') : 'TRUE';
}

const BEHAVIOURAL = `NOT IN (${NON_BEHAVIOURAL_TYPES.map((t) => `'${t}'`).join(', ')})`;

/**
 * Boolean SQL: the customer id `col` meets every behaviour condition, counted over all its
 * behavioural events (behaviour.ts). "At least min" is an IN over the customers whose count is
 * in range; "at most max" with min 0 (never, or rarely) is a NOT IN over those above it, so
 * customers without any such event count as 0.
 */
export function behaviourSql(ws: string, conditions: readonly BehaviourCondition[], p: SqlParams, col = 'e.customer_id'): string {
  if (conditions.length === 0) return 'TRUE';
  const wsp = p.add(ws);
  return conditions
    .map((b) => {
      const counted = (having: string) =>
        `SELECT b.customer_id FROM events b WHERE b.workspace_id = ${wsp} AND b.customer_id IS NOT NULL AND b.type ${BEHAVIOURAL} AND ${stepMatchSql(b.step, p, 'b')} GROUP BY b.customer_id HAVING ${having}`;
      if (b.min === 0) return `(${col} NOT IN (${counted(`count(*) > ${p.add(b.max!)}`)}))`;
      const max = b.max === undefined ? '' : ` AND count(*) <= ${p.add(b.max)}`;
      return `(${col} IN (${counted(`count(*) >= ${p.add(b.min)}${max}`)}))`;
    })
    .join(' AND ');
}

/**
 * SELECT of the customer ids (column customer_id) whose traits meet every condition and whose
 * behaviour meets every behaviour condition: a segment's or a persona's members.
 */
export function customersMatchingSql(ws: string, traits: readonly Condition[], behaviour: readonly BehaviourCondition[], p: SqlParams): string {
  return `SELECT c.customer_id FROM customers c WHERE c.workspace_id = ${p.add(ws)} AND ${conditionsSql(traits, p, 'c')} AND ${behaviourSql(ws, behaviour, p, 'c.customer_id')}`;
}

/** WHERE clause (without the keyword) of behavioural events in scope, alias `e`. */
export function scopeWhereSql(ws: string, scope: Scope, p: SqlParams): string {
  const parts = [`e.workspace_id = ${p.add(ws)}`, `e.type ${BEHAVIOURAL}`];
  if (scope.from) parts.push(`e.timestamp >= ${p.add(scope.from.toISOString())}::TIMESTAMP`);
  if (scope.to) parts.push(`e.timestamp < ${p.add(scope.to.toISOString())}::TIMESTAMP`);
  if (scope.sources) parts.push(scope.sources.length ? `e.source IN (${scope.sources.map((s) => p.add(s)).join(', ')})` : 'FALSE');
  if (scope.where.length) parts.push(conditionsSql(scope.where, p));
  if (scope.segment.length) {
    parts.push(`e.customer_id IN (SELECT c.customer_id FROM customers c WHERE c.workspace_id = ${p.add(ws)} AND ${conditionsSql(scope.segment, p)})`);
  }
  if (scope.behaviour.length) parts.push(behaviourSql(ws, scope.behaviour, p));
  return parts.join(' AND ');
}

/**
 * The journey events of a scope at a granularity: columns customer_id, ts (TIMESTAMP), ord (the
 * tie-break: message_id), act (the activity), plus the named extra event columns.
 */
export function journeyEventsSql(ws: string, scope: Scope, by: Granularity, p: SqlParams, extra: readonly string[] = []): string {
  const col = ACTIVITY_COLUMN[by];
  const more = extra.map((x) => `, e.${x}`).join('');
  return `SELECT e.customer_id, e.timestamp AS ts, e.message_id AS ord, e.${col} AS act${more}
            FROM events e
           WHERE ${scopeWhereSql(ws, scope, p)} AND e.${col} IS NOT NULL`;
}

/** Boolean SQL: the event aliased `alias` is this step. */
export function stepMatchSql(step: Step, p: SqlParams, alias = 'e'): string {
  const col = ACTIVITY_COLUMN[step.by];
  const parts = [`${alias}.${col} = ${p.add(step.value)}`];
  if (step.where.length) parts.push(conditionsSql(step.where, p, alias));
  return parts.join(' AND ');
}

/** Milliseconds between two TIMESTAMP expressions. */
export function msBetween(a: string, b: string): string {
  return `(epoch_ms(${b}) - epoch_ms(${a}))`;
}
