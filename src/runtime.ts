/**
 * Opens Waymark's stores for a configuration: today the embedded DuckDB file for both events
 * and state. The seam where ClickHouse (events) and PostgreSQL (state) plug in.
 */
import type { Config } from './config.js';
import { AnalyticsEngine } from './analytics/engine.js';
import { DuckAnalytics } from './analytics/duckdb/duck-analytics.js';
import { IngestService } from './ingest/ingest-service.js';
import { DuckDatabase } from './store/duckdb/database.js';
import { DuckEventStore } from './store/duckdb/duckdb-event-store.js';
import { DuckStateStore } from './store/duckdb/duckdb-state-store.js';
import type { EventStore } from './store/event-store.js';
import type { StateStore } from './store/state-store.js';

export interface Runtime {
  config: Config;
  db: DuckDatabase;
  events: EventStore;
  state: StateStore;
  ingest: IngestService;
  analytics: AnalyticsEngine;
  close(): Promise<void>;
}

export async function openRuntime(config: Config): Promise<Runtime> {
  const db = await DuckDatabase.open(config.dbPath, { ...(config.memoryLimit ? { memoryLimit: config.memoryLimit } : {}), ...(config.threads ? { threads: config.threads } : {}), resultCacheEntries: config.resultCacheEntries });
  const events = new DuckEventStore(db);
  const state = new DuckStateStore(db);
  const ingest = new IngestService(events, state, config.maxQueuedEvents);
  const analytics = new AnalyticsEngine(new DuckAnalytics(db), state);
  return {
    config,
    db,
    events,
    state,
    ingest,
    analytics,
    close: async () => {
      await ingest.drain();
      await events.close();
    },
  };
}
