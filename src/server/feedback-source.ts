/**
 * Where feedback reports read from: the embedded DuckDB file behind the event store. Null when
 * the events live elsewhere (feedback tables are embedded-only for now).
 */
import { DuckEventStore } from '../store/duckdb/duckdb-event-store.js';
import type { FeedbackSource } from '../voc/feedback-reports.js';
import type { ServerContext } from './context.js';

export function feedbackSourceOf(ctx: Pick<ServerContext, 'events' | 'state'>): FeedbackSource | null {
  return ctx.events instanceof DuckEventStore ? { db: ctx.events.db, state: ctx.state } : null;
}
