/**
 * Writes an in-memory event log straight into a DuckDB store's events and customers tables,
 * bypassing ingest (whose rules would re-resolve touchpoints), and rebuilds its journeys from them: the SQL side of analytics
 * property tests sees exactly the log the reference implementation sees. Test-only.
 */
import type { DuckDatabase } from '../../store/duckdb/database.js';
import type { EventLog } from '../event-log.js';
import { rebuildJourneys } from '../../store/duckdb/journeys.js';

export async function loadLog(db: DuckDatabase, ws: string, log: EventLog): Promise<void> {
  await db.transaction(async (c) => {
    await c.run(`DELETE FROM events WHERE workspace_id = $1`, [ws]);
    await c.run(`DELETE FROM customers WHERE workspace_id = $1`, [ws]);
    for (const e of log.events) {
      await c.run(
        `INSERT INTO events (workspace_id, message_id, message_hash, customer_id, type, name, source, channel, raw_channel, touchpoint, stage, timestamp, received_at, properties)
         VALUES ($1, $2, hash($2), $3, $4, $5, $6, $7, $7, $8, $9, make_timestamp($10::BIGINT * 1000), now()::TIMESTAMP, $11)`,
        [ws, e.messageId, e.customerId, e.type, e.name, e.source, e.channel, e.touchpoint, e.stage, e.timestamp, JSON.stringify(e.properties)],
      );
    }
    for (const [id, traits] of log.traits) {
      await c.run(`INSERT INTO customers (workspace_id, customer_id, created_at, traits) VALUES ($1, $2, now()::TIMESTAMP, $3::JSON)`, [ws, id, JSON.stringify(traits)]);
    }
    await rebuildJourneys(c, ws);
  });
}
