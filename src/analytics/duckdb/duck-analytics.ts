/**
 * AnalyticsBackend on the embedded DuckDB file: each kind's compiled SQL runs on a read
 * connection, so analyses never wait for ingest's writer. Results are kept until the next commit
 * (DuckDatabase.resultCache: exact, since this process is the file's only writer), keyed by
 * workspace, kind and parsed plan: a map, chart or overview opened again while no events arrived
 * is answered without running its SQL, and each caller gets its own copy. Persona member counts,
 * which every page with a persona picker asks for, are kept the same way.
 */
import type { AnalyticsBackend } from '../backend.js';
import type { BehaviourCondition } from '../behaviour.js';
import type { Condition } from '../condition.js';
import { SqlParams } from '../../store/duckdb/sql-builder.js';
import { customersMatchingSql } from './scope-sql.js';
import { ACTIVITY_COLUMN, type Granularity } from '../granularity.js';
import type { DuckDatabase } from '../../store/duckdb/database.js';
import type { RunQuery } from './query.js';
import type { CompileOptions } from './journeys-sql.js';
import { runDfg } from './dfg-sql.js';
import { runFunnel } from './funnel-sql.js';
import { runFunnelCustomers } from './funnel-customers-sql.js';
import { runPaths } from './paths-sql.js';
import { runVariants } from './variants-sql.js';
import { runRetention } from './retention-sql.js';
import { runKpis } from './kpis-sql.js';
import { runJourneySteps } from './journey-steps-sql.js';

// Plans arrive parsed by their kind's schema (engine.ts), so each runner may trust its type.
type Runner = (run: RunQuery, ws: string, plan: never, opts: CompileOptions) => Promise<unknown>;

const RUNNERS: Record<string, Runner> = {
  dfg: runDfg,
  funnel: runFunnel,
  'funnel-customers': runFunnelCustomers,
  paths: runPaths,
  variants: runVariants,
  retention: runRetention,
  kpis: runKpis,
  'journey-steps': runJourneySteps,
};

export class DuckAnalytics implements AnalyticsBackend {
  private readonly query: RunQuery;

  constructor(
    private readonly db: DuckDatabase,
    /** `{ journeys: false }` (a test hook) runs every analysis on the events table alone. */
    private readonly opts: CompileOptions = {},
  ) {
    this.query = (q) => this.db.all(q.sql, q.params);
  }

  run(ws: string, kind: string, plan: unknown): Promise<unknown> {
    const runner = RUNNERS[kind];
    if (!runner) throw new Error(`the DuckDB backend has no runner for "${kind}"`);
    const compute = () => runner(this.query, ws, plan as never, this.opts);
    const cache = this.db.resultCache<unknown>('analyses');
    if (!cache) return compute();
    return cache.get(JSON.stringify([ws, kind, plan, this.opts]), compute).then((r) => structuredClone(r));
  }

  async hasActivity(ws: string, by: Granularity, value: string): Promise<boolean> {
    const rows = await this.db.all(`SELECT 1 FROM events WHERE workspace_id = $1 AND ${ACTIVITY_COLUMN[by]} = $2 LIMIT 1`, [ws, value]);
    return rows.length > 0;
  }

  countCustomers(ws: string, conditions: readonly Condition[], behaviour: readonly BehaviourCondition[] = []): Promise<number> {
    const count = async () => {
      const p = new SqlParams();
      const rows = await this.db.all(`SELECT count(*) AS n FROM (${customersMatchingSql(ws, conditions, behaviour, p)})`, p.values);
      return Number(rows[0]?.n ?? 0);
    };
    const cache = this.db.resultCache<number>('persona-counts');
    return cache ? cache.get(JSON.stringify([ws, conditions, behaviour]), count) : count();
  }
}
