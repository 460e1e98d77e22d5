/**
 * The same events in ClickHouse: exported from the cached DuckDB file to CSV (NULL text → '',
 * timestamp → epoch milliseconds) and inserted into a MergeTree ordered by
 * (workspace_id, customer_id, ts_ms); `ts` (DateTime, seconds) is materialised for windowFunnel,
 * which in 18.16 takes only DateTime/UInt32. Skipped when the table already holds this data set.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDatabase } from '../../src/store/duckdb/database.js';
import { type ClickHouse, insertCsv } from './clickhouse.js';
import type { DatasetInfo } from './dataset.js';

const COLUMNS = ['workspace_id', 'customer_id', 'message_id', 'type', 'name', 'source', 'channel', 'touchpoint', 'stage', 'ts_ms', 'properties'] as const;

export async function loadClickHouse(ch: ClickHouse & { tcpPort: number }, db: DuckDatabase, info: DatasetInfo, log: (s: string) => void): Promise<void> {
  const marker = JSON.stringify(info);
  const have = await ch.query(`SELECT name FROM system.tables WHERE database = 'default' AND name IN ('events', 'bench_meta')`);
  if (have.length === 2) {
    const meta = await ch.query(`SELECT info FROM bench_meta`);
    const n = await ch.query(`SELECT count() FROM events`);
    if (meta[0]?.[0] === marker && Number(n[0]?.[0]) === info.events) return;
  }
  await ch.query('DROP TABLE IF EXISTS events');
  await ch.query('DROP TABLE IF EXISTS bench_meta');
  await ch.query(`CREATE TABLE events (
    workspace_id String, customer_id String, message_id String, type String, name String, source String,
    channel String, touchpoint String, stage String, ts_ms UInt64, properties String,
    ts DateTime MATERIALIZED toDateTime(intDiv(ts_ms, 1000))
  ) ENGINE = MergeTree ORDER BY (workspace_id, customer_id, ts_ms)`);
  const csv = join(tmpdir(), `waymark-bench-events-${process.pid}.csv`);
  try {
    let t = performance.now();
    log(`exporting ${info.events.toLocaleString('en-US')} events from DuckDB to CSV…`);
    await db.all(`COPY (
      SELECT workspace_id, coalesce(customer_id, '') AS customer_id, message_id, type, name, source, coalesce(channel, '') AS channel,
             coalesce(touchpoint, '') AS touchpoint, coalesce(stage, '') AS stage, epoch_ms(timestamp) AS ts_ms, coalesce(properties, '') AS properties
        FROM events) TO '${csv}' (FORMAT CSV, HEADER false)`);
    log(`  exported in ${((performance.now() - t) / 1000).toFixed(1)} s; inserting into ClickHouse through clickhouse-client…`);
    t = performance.now();
    await insertCsv(ch.tcpPort, 'events', COLUMNS, csv);
    await ch.query('OPTIMIZE TABLE events FINAL');
    log(`  inserted and merged in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(csv, { force: true });
  }
  const n = Number((await ch.query(`SELECT count() FROM events`))[0]?.[0]);
  if (n !== info.events) throw new Error(`ClickHouse holds ${n} events, the DuckDB file ${info.events}`);
  await ch.query(`CREATE TABLE bench_meta (info String) ENGINE = TinyLog`);
  await ch.query(`INSERT INTO bench_meta VALUES ('${marker.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')`);
}
