/**
 * The staging table: canonical events waiting to be committed, one row each, loaded either by the
 * appender (HTTP ingest, demo) or by DuckDB's own readers (bulk import). `line` is the source line
 * for imports, so a rejected row can be reported where it was. JSON columns are staged as text and
 * cast once, vectorised, on commit (the appender would otherwise cast value by value).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CanonicalEvent } from '../../domain/event.js';

export const STAGING_COLUMNS = `
  message_id VARCHAR, type VARCHAR, name VARCHAR, user_id VARCHAR, anonymous_id VARCHAR, email VARCHAR,
  previous_id VARCHAR, group_id VARCHAR, raw_channel VARCHAR, source VARCHAR, timestamp TIMESTAMP,
  received_at TIMESTAMP, properties VARCHAR, traits VARCHAR, context VARCHAR, line BIGINT`;

export async function createStaging(c: DuckDBConnection): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE staging (${STAGING_COLUMNS})`);
}

function str(a: { appendVarchar(v: string): void; appendNull(): void }, v: string | null): void {
  if (v === null) a.appendNull();
  else a.appendVarchar(v);
}

/** Events staged between two yields to the event loop, so a large group does not hold up requests. */
const YIELD_EVERY = 5_000;

/** Append canonical events to the (fresh) staging table. */
export async function stageEvents(c: DuckDBConnection, events: readonly CanonicalEvent[]): Promise<void> {
  await createStaging(c);
  const a = await c.createAppender('staging');
  try {
    let n = 0;
    for (const e of events) {
      if (++n % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      a.appendVarchar(e.messageId);
      a.appendVarchar(e.type);
      a.appendVarchar(e.name);
      str(a, e.userId);
      str(a, e.anonymousId);
      str(a, e.email);
      str(a, e.previousId);
      str(a, e.groupId);
      str(a, e.channel);
      a.appendVarchar(e.source);
      a.appendVarchar(e.timestamp.toISOString());
      a.appendVarchar(e.receivedAt.toISOString());
      a.appendVarchar(JSON.stringify(e.properties));
      str(a, e.traits ? JSON.stringify(e.traits) : null);
      str(a, e.context ? JSON.stringify(e.context) : null);
      a.appendNull();
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
}
