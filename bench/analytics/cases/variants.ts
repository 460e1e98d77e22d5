/**
 * Variants at touchpoint granularity: each customer's whole journey as one sequence, grouped,
 * the 50 most frequent with count and median duration, and how many distinct variants there are.
 * ClickHouse: a sorted groupArray per customer grouped by the array itself. Baseline: string_agg
 * of the ordered touchpoints per customer, grouped.
 */
import type { VariantsResult } from '../../../src/analytics/variants.js';
import type { BenchCase, Figures } from '../case.js';
import { WS_FILTER_CH, WS_FILTER_DUCK } from '../case.js';

const SEP = ' → ';

export function variantsCase(ws: string): BenchCase {
  return {
    kind: 'variants',
    title: 'variants: touchpoints, top 50 of all journeys',
    plan: { by: 'touchpoint', limit: 50 },
    waymark(r) {
      const v = r as VariantsResult;
      const f: Figures = new Map(v.variants.map((x) => [`variant ${x.activities.join(SEP)}`, x.count]));
      f.set('variants (distinct)', v.totalVariants);
      f.set('cases', v.cases);
      return f;
    },
    clickhouse: {
      // rows_before_limit_at_least gives the number of distinct variants without a second pass.
      sql: [
        `SELECT acts, count() AS n, median(d) AS median_ms FROM (
           SELECT arrayMap(x -> tupleElement(x, 3), arraySort(groupArray((ts_ms, message_id, touchpoint)))) AS acts, max(ts_ms) - min(ts_ms) AS d
             FROM events WHERE ${WS_FILTER_CH(ws)} AND touchpoint != '' GROUP BY customer_id)
          GROUP BY acts ORDER BY n DESC LIMIT 200`,
      ],
      figures([r]) {
        const f: Figures = new Map(r!.data.map(([acts, n]) => [`variant ${(acts as string[]).join(SEP)}`, Number(n)]));
        f.set('variants (distinct)', Number(r!.rows_before_limit_at_least ?? NaN));
        return f;
      },
    },
    baseline: {
      sql: `
WITH j AS (SELECT customer_id, string_agg(touchpoint, '${SEP}' ORDER BY timestamp, message_id) AS seq,
                  epoch_ms(max(timestamp)) - epoch_ms(min(timestamp)) AS d
             FROM events WHERE ${WS_FILTER_DUCK(ws)} AND touchpoint IS NOT NULL GROUP BY customer_id),
g AS (SELECT seq, count(*) AS n, median(d) AS median_ms FROM j GROUP BY seq)
SELECT seq, n, median_ms, count(*) OVER () AS total, sum(n) OVER () AS cases FROM g ORDER BY n DESC LIMIT 200`,
      figures(rows) {
        const f: Figures = new Map(rows.map((r) => [`variant ${String(r.seq)}`, Number(r.n)]));
        f.set('variants (distinct)', Number(rows[0]?.total ?? 0));
        f.set('cases', Number(rows[0]?.cases ?? 0));
        return f;
      },
    },
    // The top 50 by count may tie at the 50th; compare Waymark's 50 (looked up in the others' 200) and the total.
    compareKeys: (w) => [...w.keys()].filter((k) => k !== 'cases'),
    target: { seconds: 1, vsClickHouse: 0.3 },
  };
}
