/**
 * DFG at touchpoint granularity over every journey: edges with count and durations (mean,
 * median, p90), activities with counts and cases, start and end activities.
 * ClickHouse: each customer's events as one sorted groupArray of (ts, message id, touchpoint),
 * arrayJoin over tagged tuples (edge / act / start / end). Baseline: ROW_NUMBER and a self-join
 * on rn + 1, the textbook process-mining SQL.
 */
import type { DfgResult } from '../../../src/analytics/dfg.js';
import type { BenchCase, Figures } from '../case.js';
import { WS_FILTER_CH, WS_FILTER_DUCK } from '../case.js';

const key = (k: string, a: unknown, b: unknown) => (k === 'edge' ? `edge ${String(a)} → ${String(b)}` : `${k} ${String(a)}`);

export function dfgCase(ws: string): BenchCase {
  return {
    kind: 'dfg',
    title: 'DFG: touchpoints, all journeys, edges + durations',
    plan: { by: 'touchpoint', limit: 10_000 },
    waymark(r) {
      const d = r as DfgResult;
      const f: Figures = new Map();
      for (const e of d.edges) f.set(key('edge', e.from, e.to), e.count);
      for (const a of d.activities) f.set(key('act', a.activity, null), a.count);
      for (const a of d.start) f.set(key('start', a.activity, null), a.count);
      for (const a of d.end) f.set(key('end', a.activity, null), a.count);
      f.set('edges (distinct)', d.totalEdges);
      f.set('cases', d.cases);
      return f;
    },
    clickhouse: {
      sql: [
        `SELECT tupleElement(t, 1) AS k, tupleElement(t, 2) AS a, tupleElement(t, 3) AS b, count() AS n,
                avg(tupleElement(t, 4)) AS mean, quantiles(0.5, 0.9)(tupleElement(t, 4)) AS q
           FROM (
             SELECT arrayJoin(arrayConcat(
                      arrayMap((a, b, t1, t2) -> ('edge', a, b, toInt64(t2) - toInt64(t1)), arrayPopBack(acts), arrayPopFront(acts), arrayPopBack(tss), arrayPopFront(tss)),
                      arrayMap(x -> ('act', x, '', toInt64(0)), acts),
                      [('start', acts[1], '', toInt64(0)), ('end', acts[-1], '', toInt64(0))])) AS t
               FROM (
                 SELECT arraySort(groupArray((ts_ms, message_id, touchpoint))) AS s,
                        arrayMap(x -> tupleElement(x, 3), s) AS acts, arrayMap(x -> tupleElement(x, 1), s) AS tss
                   FROM events WHERE ${WS_FILTER_CH(ws)} AND touchpoint != ''
                  GROUP BY customer_id))
          GROUP BY k, a, b`,
      ],
      figures([r]) {
        const f: Figures = new Map();
        let edges = 0;
        let cases = 0;
        for (const [k, a, b, n] of r!.data) {
          f.set(key(String(k), a, b), Number(n));
          if (k === 'edge') edges++;
          if (k === 'start') cases += Number(n);
        }
        f.set('edges (distinct)', edges);
        f.set('cases', cases);
        return f;
      },
    },
    baseline: {
      sql: `
WITH o AS MATERIALIZED (
  SELECT customer_id, touchpoint AS act, timestamp AS ts,
         row_number() OVER (PARTITION BY customer_id ORDER BY timestamp, message_id) AS rn,
         count(*) OVER (PARTITION BY customer_id) AS len
    FROM events WHERE ${WS_FILTER_DUCK(ws)} AND touchpoint IS NOT NULL
)
SELECT 'edge' AS k, a.act AS a, b.act AS b, count(*) AS n, avg(epoch_ms(b.ts) - epoch_ms(a.ts)) AS mean,
       median(epoch_ms(b.ts) - epoch_ms(a.ts)) AS median, quantile_cont(epoch_ms(b.ts) - epoch_ms(a.ts), 0.9) AS p90
  FROM o a JOIN o b ON b.customer_id = a.customer_id AND b.rn = a.rn + 1 GROUP BY a.act, b.act
UNION ALL SELECT 'act', act, NULL, count(*), NULL, NULL, NULL FROM o GROUP BY act
UNION ALL SELECT 'start', act, NULL, count(*), NULL, NULL, NULL FROM o WHERE rn = 1 GROUP BY act
UNION ALL SELECT 'end', act, NULL, count(*), NULL, NULL, NULL FROM o WHERE rn = len GROUP BY act`,
      figures(rows) {
        const f: Figures = new Map();
        let edges = 0;
        let cases = 0;
        for (const r of rows) {
          f.set(key(String(r.k), r.a, r.b), Number(r.n));
          if (r.k === 'edge') edges++;
          if (r.k === 'start') cases += Number(r.n);
        }
        f.set('edges (distinct)', edges);
        f.set('cases', cases);
        return f;
      },
    },
    target: { seconds: 1, vsClickHouse: 0.3 },
  };
}
