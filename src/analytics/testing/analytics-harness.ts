/**
 * One in-memory DuckDB store per test file for analytics property tests: load a random log,
 * run a plan through the DuckDB backend and through the reference, compare. Test-only.
 */
import { DuckDatabase } from '../../store/duckdb/database.js';
import { DuckAnalytics } from '../duckdb/duck-analytics.js';
import type { EventLog } from '../event-log.js';
import { ANALYSES } from '../registry.js';
import { assertClose } from './assert-close.js';
import { loadLog } from './load-log.js';

export class AnalyticsHarness {
  private constructor(
    readonly db: DuckDatabase,
    readonly backend: DuckAnalytics,
  ) {}

  static async open(): Promise<AnalyticsHarness> {
    const db = await DuckDatabase.open(':memory:');
    return new AnalyticsHarness(db, new DuckAnalytics(db));
  }

  /** Load the log, run the (already parsed) plan on DuckDB and in the reference, and compare. */
  async check(kind: string, log: EventLog, plan: unknown): Promise<void> {
    const def = ANALYSES.get(kind);
    if (!def) throw new Error(`no analysis ${kind}`);
    await loadLog(this.db, 'ws_prop', log);
    const actual = await this.backend.run('ws_prop', kind, plan);
    const expected = def.reference(plan as never, log);
    assertClose(actual, expected, kind);
  }

  close(): void {
    this.db.close();
  }
}
