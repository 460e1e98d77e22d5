/**
 * What route handlers need, built once per server: the stores, the ingest service, the analytics engine, key lookups
 * and the configuration.
 */
import type { AnalyticsEngine } from '../analytics/engine.js';
import type { Config } from '../config.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { EventStore } from '../store/event-store.js';
import type { StateStore } from '../store/state-store.js';
import type { KeyCache } from './auth.js';

export interface ServerContext {
  config: Config;
  events: EventStore;
  state: StateStore;
  ingest: IngestService;
  analytics: AnalyticsEngine;
  keys: KeyCache;
}
