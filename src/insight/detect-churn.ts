/**
 * Churn after a touchpoint: customers who had a touchpoint against every customer who did not,
 * churn being no event in the last 30 days of the data. A finding when the churn rate is at
 * least 1.5× and 10 points higher, with a one-sided two-proportion z-test. Observational: a lift
 * is a lead to look into (a win-back e-mail goes to lapsed customers by design), not a cause.
 */
import type { ChurnRow } from '../store/duckdb/insight-sql.js';
import type { Candidate } from './finding.js';
import { twoProportionHigher } from './two-proportion.js';

export const CHURN_MIN_LIFT = 1.5;
export const CHURN_MIN_POINTS = 0.1;

export function churnCandidates(rows: readonly ChurnRow[]): Candidate[] {
  const total = rows.find((r) => r.touchpoint === '');
  if (!total) return [];
  const out: Candidate[] = [];
  for (const r of rows) {
    if (r.touchpoint === '' || r.customers < 30) continue;
    const n2 = total.customers - r.customers;
    const k2 = total.churned - r.churned;
    if (n2 < 30) continue;
    const t = twoProportionHigher(r.churned, r.customers, k2, n2);
    const lift = t.rate2 > 0 ? t.rate1 / t.rate2 : t.rate1 > 0 ? 10 : 1;
    out.push({
      kind: 'churn_after_touchpoint',
      where: { stage: r.stage, touchpoint: r.touchpoint },
      title: `${Math.round(t.rate1 * 100)}% of customers who had "${r.touchpoint}" have churned, against ${Math.round(t.rate2 * 100)}% of the others`,
      magnitude: lift,
      magnitudeUnit: 'churn rate lift (had the touchpoint ÷ did not)',
      severity: Math.min(1, Math.max(0, (lift - 1) / 2)),
      observed: t.rate1,
      expected: t.rate2,
      test: 'two-proportion z-test (one-sided)',
      statistic: t.z,
      p: t.p,
      large: lift >= CHURN_MIN_LIFT && t.rate1 - t.rate2 >= CHURN_MIN_POINTS,
      customers: r.churned,
      exampleCustomers: r.examples,
      opportunity: `Look into why customers who had "${r.touchpoint}" leave: ${Math.round(t.rate1 * 100)}% churned against ${Math.round(t.rate2 * 100)}% of the others. Follow up after it (a check-in, an offer) and watch whether the gap closes.`,
    });
  }
  return out;
}
