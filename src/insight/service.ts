/**
 * What the CLI, the API and the server's timer call: run the findings and keep them, list and
 * triage them, and compute the journey health from the kept findings and the stage KPIs.
 */
import type { KpisResult } from '../analytics/kpis.js';
import { FindingsStore, type RunRecord, type StoredFinding } from '../store/duckdb/insight-store.js';
import { journeyHealth, type JourneyHealth } from './health.js';
import { runFindings, type InsightDeps } from './run-findings.js';

export class InsightService {
  readonly store: FindingsStore;
  constructor(private readonly deps: InsightDeps) {
    this.store = new FindingsStore(deps.db);
  }

  async run(ws: string): Promise<{ run: RunRecord; findings: StoredFinding[] }> {
    const r = await runFindings(this.deps, ws);
    const run = await this.store.saveRun(ws, r);
    return { run, findings: await this.store.list(ws) };
  }

  async health(ws: string): Promise<JourneyHealth & { lastRun: RunRecord | null }> {
    const stages = (await this.deps.state.getStages(ws)).map((s) => s.key);
    const kpis = (await this.deps.analytics.run<KpisResult>(ws, 'kpis', { group: 'stage' })).result;
    const stageKpis = kpis.rows
      .filter((r) => r.group !== null)
      .map((r) => ({ stage: r.group!, customers: r.customers, conversionRate: r.conversionRate, csat: r.csat, csatResponses: r.csatResponses, churnRate: r.churnRate }));
    const findings = await this.store.list(ws);
    return { ...journeyHealth(stages, findings, stageKpis), lastRun: await this.store.lastRun(ws) };
  }
}
