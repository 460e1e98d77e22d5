/**
 * Opens Waymark's stores for a configuration: today the embedded DuckDB file for both events
 * and state. The seam where ClickHouse (events) and PostgreSQL (state) plug in.
 */
import type { Config } from './config.js';
import { AnalyticsEngine } from './analytics/engine.js';
import { DuckAnalytics } from './analytics/duckdb/duck-analytics.js';
import { IngestService } from './ingest/ingest-service.js';
import { DuckDatabase } from './store/duckdb/database.js';
import { DuckInbox } from './store/duckdb/duckdb-inbox.js';
import { DecodePool } from './ingest/decoder/decode-pool.js';
import { InlineDecoder } from './ingest/decoder/request-decoder.js';
import { DuckEventStore } from './store/duckdb/duckdb-event-store.js';
import { DuckStateStore } from './store/duckdb/duckdb-state-store.js';
import type { EventStore } from './store/event-store.js';
import type { Inbox } from './store/inbox.js';
import type { StateStore } from './store/state-store.js';

export interface Runtime {
  config: Config;
  db: DuckDatabase;
  events: EventStore;
  state: StateStore;
  ingest: IngestService;
  /** Acknowledged ingest requests not yet resolved, and those that could not be (`waymark inbox`). */
  inbox: Inbox;
  analytics: AnalyticsEngine;
  close(): Promise<void>;
}

/**
 * `inbox: 'resolve'` (default) resolves what an earlier process acknowledged and left in the
 * inbox before returning, so a command reads a store that holds every acknowledged event; a server
 * passes `'background'` and starts at once (its reads wait for the drainer, read-after-write.ts).
 */
export async function openRuntime(config: Config, opts: { inbox?: 'resolve' | 'background' } = {}): Promise<Runtime> {
  const db = await DuckDatabase.open(config.dbPath, { ...(config.memoryLimit ? { memoryLimit: config.memoryLimit } : {}), threads: config.threads, resultCacheEntries: config.resultCacheEntries });
  const events = new DuckEventStore(db);
  const state = new DuckStateStore(db);
  const inbox = new DuckInbox(db);
  const ingest = new IngestService(events, state, inbox, {
    maxQueuedEvents: config.maxQueuedEvents,
    groupEvents: config.ingestGroupEvents,
    decoder: config.ingestWorkers > 0 ? new DecodePool(config.limits, config.ingestWorkers) : new InlineDecoder(config.limits),
    onDrainError: (err, b) => console.error(`ingest: batch ${b.seq} (${b.events} events, workspace ${b.workspaceId}) could not be stored and stays in the inbox, marked failed: ${(err as Error)?.message ?? err}`),
  });
  await ingest.recover();
  if (opts.inbox !== 'background') await ingest.drain();
  const analytics = new AnalyticsEngine(new DuckAnalytics(db), state);
  return {
    config,
    db,
    events,
    state,
    ingest,
    inbox,
    analytics,
    close: async () => {
      await ingest.stop();
      await ingest.closeDecoder();
      await events.close();
    },
  };
}
