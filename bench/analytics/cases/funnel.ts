/**
 * The checkout funnel, 5 steps, 7-day window, ordered (Product Page → Add to Cart → Checkout
 * Started → Payment Info Entered → Order Completed). ClickHouse: windowFunnel, whose semantics
 * Waymark's ordered funnel follows (funnel-walk.ts); 18.16 takes only DateTime/UInt32 times, so
 * it gets milliseconds since the data set's start as UInt32 (the 7-day data fits) to keep
 * millisecond order. Baseline: the hand-written chain of self-joins — for every step-1 event,
 * the earliest next step after it within 7 days, and so on; a customer's level is the best start.
 */
import type { FunnelResult } from '../../../src/analytics/funnel.js';
import type { BenchCase } from '../case.js';
import { WS_FILTER_CH, WS_FILTER_DUCK } from '../case.js';

export const FUNNEL_STEPS = ['Product Page', 'Add to Cart', 'Checkout Started', 'Payment Info Entered', 'Order Completed'] as const;
const WINDOW_MS = 7 * 86_400_000;

export function funnelCase(ws: string, periodStartMs: number): BenchCase {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const levels = (reached: number[]) => new Map(reached.map((n, i) => [`step ${i + 1} ${FUNNEL_STEPS[i]}`, n]));
  const stepOf = `CASE ${FUNNEL_STEPS.map((s, i) => `WHEN touchpoint = ${lit(s)} THEN ${i + 1}`).join(' ')} END`;
  // Step k's chain ends: for each start, the earliest event of step k after step k-1's within the window.
  const chain = FUNNEL_STEPS.slice(1)
    .map((_, j) => {
      const k = j + 2;
      return `c${k} AS (SELECT c.customer_id, c.t1, arg_min(e.ord, (e.ts, e.ord)) AS ord, min(e.ts) AS ts
        FROM c${k - 1} c JOIN e ON e.customer_id = c.customer_id AND e.step = ${k}
         AND (e.ts > c.ts OR (e.ts = c.ts AND e.ord > c.ord)) AND e.ts <= c.t1 + INTERVAL ${WINDOW_MS / 1000} SECOND
       GROUP BY c.customer_id, c.t1)`;
    })
    .join(',\n');
  return {
    kind: 'funnel',
    title: 'funnel: 5 steps, 7-day window, ordered',
    plan: { steps: FUNNEL_STEPS.map((value) => ({ by: 'touchpoint', value })), window: '7d', order: 'ordered' },
    waymark: (r) => levels((r as FunnelResult).total.steps.map((s) => s.count)),
    clickhouse: {
      sql: [
        `SELECT level, count() FROM (
           SELECT customer_id, windowFunnel(${WINDOW_MS})(toUInt32(ts_ms - ${periodStartMs}), ${FUNNEL_STEPS.map((s) => `touchpoint = ${lit(s)}`).join(', ')}) AS level
             FROM events WHERE ${WS_FILTER_CH(ws)} AND touchpoint != '' GROUP BY customer_id)
          GROUP BY level`,
      ],
      figures([r]) {
        const at = new Map(r!.data.map(([l, n]) => [Number(l), Number(n)]));
        return levels(FUNNEL_STEPS.map((_, i) => [...at].filter(([l]) => l >= i + 1).reduce((s, [, n]) => s + n, 0)));
      },
    },
    baseline: {
      sql: `
WITH e AS MATERIALIZED (SELECT customer_id, timestamp AS ts, message_id AS ord, ${stepOf} AS step
  FROM events WHERE ${WS_FILTER_DUCK(ws)} AND touchpoint IN (${FUNNEL_STEPS.map(lit).join(', ')})),
c1 AS (SELECT customer_id, ts AS t1, ord, ts FROM e WHERE step = 1),
${chain},
lv AS (SELECT customer_id, 1 AS level FROM c1 ${FUNNEL_STEPS.slice(1)
        .map((_, j) => `UNION ALL SELECT customer_id, ${j + 2} FROM c${j + 2}`)
        .join(' ')}),
best AS (SELECT customer_id, max(level) AS level FROM lv GROUP BY customer_id)
SELECT level, count(*) AS n FROM best GROUP BY level`,
      figures(rows) {
        const at = new Map(rows.map((r) => [Number(r.level), Number(r.n)]));
        return levels(FUNNEL_STEPS.map((_, i) => [...at].filter(([l]) => l >= i + 1).reduce((s, [, n]) => s + n, 0)));
      },
    },
    target: { seconds: 0.6, vsClickHouse: 0.5 },
  };
}
