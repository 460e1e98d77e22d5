/**
 * Retention by daily cohort (the data set spans 7 days, so days, not weeks): cohort = the day of a
 * customer's first touchpoint event, a return = any later event, offsets 0…6, classic mode; churn
 * with a 2-day window. ClickHouse: a sorted groupArray per customer, the distinct day offsets of
 * the events after the first arrayJoined with markers for size/eligible/churned. Baseline: the
 * first event per customer joined back to the events, DISTINCT (customer, offset), counted.
 */
import type { RetentionResult } from '../../../src/analytics/retention.js';
import type { BenchCase, Figures } from '../case.js';
import { WS_FILTER_CH, WS_FILTER_DUCK } from '../case.js';

const DAY = 86_400_000;
const PERIODS = 6;
const CHURN_MS = 2 * DAY;

/** Offsets ≥ 0 are returns, -1 the cohort size, -2 eligible for churn, -3 churned. */
function figuresOf(rows: Array<[cohort: string, k: number, n: number]>): Figures {
  const name = (k: number) => (k === -1 ? 'size' : k === -2 ? 'churn eligible' : k === -3 ? 'churned' : `day ${k}`);
  return new Map(rows.map(([c, k, n]) => [`cohort ${c} ${name(k)}`, n]));
}

export function retentionCase(ws: string): BenchCase {
  return {
    kind: 'retention',
    title: 'retention: daily cohorts, offsets 0…6, churn 2d',
    plan: { by: 'touchpoint', period: 'day', periods: PERIODS, mode: 'classic', churnWindow: '2d' },
    waymark(r) {
      const rows: Array<[string, number, number]> = [];
      for (const c of (r as RetentionResult).cohorts) {
        rows.push([c.cohort, -1, c.size], [c.cohort, -2, c.churn.eligible], [c.cohort, -3, c.churn.churned]);
        for (const cell of c.retention) if (cell.customers !== null) rows.push([c.cohort, cell.offset, cell.customers]);
      }
      return figuresOf(rows);
    },
    clickhouse: {
      sql: [
        `SELECT cohort, k, count() FROM (
           SELECT intDiv(tupleElement(s[1], 1), ${DAY}) AS cohort, tupleElement(s[1], 1) AS entry, tupleElement(s[-1], 1) AS last,
                  (SELECT max(ts_ms) + 1 - ${CHURN_MS} FROM events WHERE ${WS_FILTER_CH(ws)} AND touchpoint != '') AS cutoff,
                  arrayJoin(arrayConcat([-1], if(entry < cutoff, [-2], emptyArrayInt64()), if(entry < cutoff AND last < cutoff, [-3], emptyArrayInt64()),
                    arrayDistinct(arrayMap(x -> toInt64(intDiv(tupleElement(x, 1), ${DAY})) - toInt64(cohort), arraySlice(s, 2))))) AS k
             FROM (SELECT arraySort(groupArray((ts_ms, message_id))) AS s
                     FROM events WHERE ${WS_FILTER_CH(ws)} AND touchpoint != '' GROUP BY customer_id))
          WHERE k <= ${PERIODS} GROUP BY cohort, k`,
      ],
      figures: ([r]) => figuresOf(r!.data.map(([c, k, n]) => [new Date(Number(c) * DAY).toISOString().slice(0, 10), Number(k), Number(n)])),
    },
    baseline: {
      sql: `
WITH e AS MATERIALIZED (SELECT customer_id, timestamp AS ts, message_id AS ord FROM events WHERE ${WS_FILTER_DUCK(ws)} AND touchpoint IS NOT NULL),
f AS MATERIALIZED (SELECT customer_id, min(ts) AS t0, arg_min(ord, (ts, ord)) AS o0, max(ts) AS tl, date_trunc('day', min(ts)) AS cohort FROM e GROUP BY customer_id),
cut AS (SELECT max(ts) + INTERVAL 1 MILLISECOND - INTERVAL ${CHURN_MS / 1000} SECOND AS t FROM e),
r AS (SELECT DISTINCT f.customer_id, f.cohort, date_diff('day', f.cohort, date_trunc('day', e.ts)) AS k
        FROM f JOIN e ON e.customer_id = f.customer_id AND (e.ts > f.t0 OR (e.ts = f.t0 AND e.ord > f.o0)))
SELECT strftime(cohort, '%Y-%m-%d') AS cohort, k, count(*) AS n FROM r WHERE k <= ${PERIODS} GROUP BY ALL
UNION ALL SELECT strftime(cohort, '%Y-%m-%d'), -1, count(*) FROM f GROUP BY ALL
UNION ALL SELECT strftime(cohort, '%Y-%m-%d'), -2, count(*) FROM f, cut WHERE f.t0 < cut.t GROUP BY ALL
UNION ALL SELECT strftime(cohort, '%Y-%m-%d'), -3, count(*) FROM f, cut WHERE f.t0 < cut.t AND f.tl < cut.t GROUP BY ALL`,
      figures: (rows) => figuresOf(rows.map((r) => [String(r.cohort), Number(r.k), Number(r.n)])),
    },
    target: { seconds: 1 },
  };
}
