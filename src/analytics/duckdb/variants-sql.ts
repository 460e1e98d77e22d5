/**
 * Variants in DuckDB: each customer's ordered activity list (repeats optionally collapsed),
 * grouped by the list itself; durations from the journey's first to last event. The lists come
 * from the journeys projection as they are stored, or, for scopes with event conditions the
 * projection lacks, are aggregated and sorted from the events.
 */
import { shapeVariants, type VariantsPlan, type VariantsResult } from '../variants.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { journeyEventsSql, msBetween } from './scope-sql.js';
import { type CompileOptions, journeyListsSql, journeysCover } from './journeys-sql.js';
import { type CompiledQuery, num, type RunQuery } from './query.js';

/**
 * Per customer: seq (the activities, repeats collapsed when asked) and d (first to last event,
 * ms). On touchpoints seq holds the integer codes (store/duckdb/journeys.ts), which group faster
 * than strings; compileVariants names the top ones.
 */
function sequencesFromListsSql(ws: string, plan: VariantsPlan, p: SqlParams): string {
  const coded = plan.by === 'touchpoint';
  const lists = journeyListsSql(ws, plan.scope, plan.by, p, coded ? { fields: ['touchpoint_code'] } : {});
  const act = coded ? 'touchpoint_code' : 'act';
  const d = msBetween('ts[1]', 'ts[-1]');
  if (!plan.collapseRepeats) return `SELECT customer_id, ${act} AS seq, ${d} AS d FROM (${lists})`;
  return `SELECT customer_id, list_where(${act}, list_transform(${act}, (x_, i_) -> i_ = 1 OR x_ IS DISTINCT FROM ${act}[i_ - 1])) AS seq, ${d} AS d FROM (${lists})`;
}

function sequencesFromEventsSql(ws: string, plan: VariantsPlan, p: SqlParams): string {
  const keep = plan.collapseRepeats ? `act IS DISTINCT FROM lag(act) OVER (PARTITION BY customer_id ORDER BY ts, ord)` : 'TRUE';
  return `SELECT customer_id, list_transform(list_sort(list({t: ts, o: ord, a: act}) FILTER (WHERE keep)), x -> x.a) AS seq, ${msBetween('min(ts)', 'max(ts)')} AS d
            FROM (SELECT *, ${keep} AS keep FROM (${journeyEventsSql(ws, plan.scope, plan.by, p)})) GROUP BY customer_id`;
}

export function compileVariants(ws: string, plan: VariantsPlan, opts: CompileOptions = {}): CompiledQuery {
  const p = new SqlParams();
  const fromLists = opts.journeys !== false && journeysCover(plan.scope);
  const seqs = fromLists ? sequencesFromListsSql(ws, plan, p) : sequencesFromEventsSql(ws, plan, p);
  const minCount = p.add(plan.minCount);
  const limit = p.add(plan.limit);
  // Coded sequences (touchpoints off the lists): only the groups as frequent as the limit-th are
  // named, then ordered by name on ties, as string sequences are.
  const top =
    fromLists && plan.by === 'touchpoint'
      ? `cut AS (SELECT n FROM g WHERE n >= ${minCount} ORDER BY n DESC LIMIT 1 OFFSET ${limit} - 1),
names AS (SELECT map_from_entries(list({k: code, v: value})) AS m FROM journey_codes WHERE workspace_id = ${p.add(ws)}),
top AS (SELECT list_transform(g.seq, c_ -> names.m[c_]) AS seq, n, median FROM g, names
         WHERE n >= ${minCount} AND n >= coalesce((SELECT n FROM cut), 0) ORDER BY n DESC, seq LIMIT ${limit})`
      : `top AS (SELECT * FROM g WHERE n >= ${minCount} ORDER BY n DESC, seq LIMIT ${limit})`;
  const sql = `
WITH c AS (${seqs}),
g AS MATERIALIZED (SELECT seq, count(*) AS n, quantile_cont(d, 0.5) AS median FROM c GROUP BY seq),
t AS (SELECT count(*) AS total, coalesce(sum(n), 0) AS cases FROM g),
${top}
SELECT t.total, t.cases, top.* FROM t LEFT JOIN top ON TRUE ORDER BY top.n DESC, top.seq`;
  return { sql, params: p.values };
}

export async function runVariants(run: RunQuery, ws: string, plan: VariantsPlan, opts: CompileOptions = {}): Promise<VariantsResult> {
  const rows = await run(compileVariants(ws, plan, opts));
  const top = rows.filter((r) => r.seq !== null).map((r) => ({ activities: (r.seq as unknown[]).map(String), count: num(r.n), medianDurationMs: num(r.median) }));
  const shaped = shapeVariants(plan, num(rows[0]?.cases), top);
  return { ...shaped, totalVariants: num(rows[0]?.total) };
}
