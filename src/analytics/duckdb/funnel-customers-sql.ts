/**
 * Funnel customers in DuckDB: the per-customer outcomes filtered to one step's converted or
 * dropped customers (and a breakdown group), counted and paged in customer-id order.
 */
import type { FunnelCustomersPlan, FunnelCustomersResult } from '../funnel-customers.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { funnelOutcomesSql } from './funnel-outcomes-sql.js';
import type { CompileOptions } from './journeys-sql.js';
import { type CompiledQuery, num, numOrNull, type RunQuery } from './query.js';

export function compileFunnelCustomers(ws: string, plan: FunnelCustomersPlan, opts: CompileOptions = {}): CompiledQuery {
  const p = new SqlParams();
  const outcomes = funnelOutcomesSql(ws, plan, p, opts);
  const level = plan.status === 'converted' ? `level >= ${p.add(plan.step)}` : `level = ${p.add(plan.step - 1)}`;
  const group = plan.group === undefined ? '' : plan.group === null ? ' AND grp IS NULL' : ` AND grp = ${p.add(plan.group)}`;
  const last = plan.order === 'unordered' ? 'NULL::BIGINT' : `list_extract([${plan.steps.map((_, j) => `t${j}`).join(', ')}], level)`;
  const sql = `
WITH o AS MATERIALIZED (SELECT customer_id, level, ${last} AS last_at, grp FROM (${outcomes}) WHERE ${level}${group})
SELECT (SELECT count(*) FROM o) AS total, page.*
  FROM (SELECT 1) LEFT JOIN (SELECT * FROM o ORDER BY customer_id LIMIT ${p.add(plan.limit)} OFFSET ${p.add(plan.offset)}) page ON TRUE
 ORDER BY page.customer_id`;
  return { sql, params: p.values };
}

export async function runFunnelCustomers(run: RunQuery, ws: string, plan: FunnelCustomersPlan, opts: CompileOptions = {}): Promise<FunnelCustomersResult> {
  const rows = await run(compileFunnelCustomers(ws, plan, opts));
  return {
    total: num(rows[0]?.total),
    customers: rows
      .filter((r) => r.customer_id !== null)
      .map((r) => ({ customerId: String(r.customer_id), reached: num(r.level), lastStepAt: numOrNull(r.last_at), group: r.grp === null ? null : String(r.grp) })),
  };
}
