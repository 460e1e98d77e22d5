/**
 * KPIs per channel over the whole period (customers, conversion, sessions, pages per visit, time
 * on page, NPS/CSAT/CES, churn). The issue sets no time target for KPIs; the bench times Waymark
 * alone until a ClickHouse and a baseline version of all those KPIs are written.
 */
import type { KpisResult } from '../../../src/analytics/kpis.js';
import type { BenchCase, Figures } from '../case.js';

export function kpisCase(): BenchCase {
  return {
    kind: 'kpis',
    title: 'KPIs: per channel, all KPIs, no series',
    plan: { group: 'channel' },
    waymark(r) {
      const k = r as KpisResult;
      const f: Figures = new Map(k.rows.map((x) => [`customers ${String(x.group)}`, x.customers]));
      return f;
    },
    waymarkOnly: 'Waymark only: no ClickHouse or baseline version of the KPIs yet (the issue sets no KPI target)',
    target: { seconds: 0 },
  };
}
