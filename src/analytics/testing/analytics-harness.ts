/**
 * One in-memory DuckDB store per test file for analytics property tests: load a random log,
 * run a plan through the DuckDB backend and through the reference, compare. Analyses that read
 * the journeys projection are also run on the events table alone (the path scopes with event
 * conditions take), so both compilations stay equal to the reference. Test-only.
 */
import { DuckDatabase } from '../../store/duckdb/database.js';
import { DuckAnalytics } from '../duckdb/duck-analytics.js';
import type { EventLog } from '../event-log.js';
import { ANALYSES } from '../registry.js';
import { assertClose } from './assert-close.js';
import { loadLog } from './load-log.js';

/** Kinds whose DuckDB compiler reads the journeys projection when the scope allows. */
const READS_JOURNEYS = new Set(['dfg', 'variants', 'paths', 'retention', 'journey-steps', 'funnel', 'funnel-customers', 'kpis']);

export class AnalyticsHarness {
  private constructor(
    readonly db: DuckDatabase,
    readonly backend: DuckAnalytics,
    private readonly eventsOnly: DuckAnalytics,
  ) {}

  static async open(): Promise<AnalyticsHarness> {
    const db = await DuckDatabase.open(':memory:');
    return new AnalyticsHarness(db, new DuckAnalytics(db), new DuckAnalytics(db, { journeys: false }));
  }

  /** Load the log, run the (already parsed) plan on DuckDB and in the reference, and compare. */
  async check(kind: string, log: EventLog, plan: unknown): Promise<void> {
    const def = ANALYSES.get(kind);
    if (!def) throw new Error(`no analysis ${kind}`);
    await loadLog(this.db, 'ws_prop', log);
    const actual = await this.backend.run('ws_prop', kind, plan);
    const expected = def.reference(plan as never, log);
    assertClose(actual, expected, kind);
    if (READS_JOURNEYS.has(kind)) assertClose(await this.eventsOnly.run('ws_prop', kind, plan), expected, `${kind} (events table)`);
  }

  close(): void {
    this.db.close();
  }
}
