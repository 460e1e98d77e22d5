/**
 * Import timestamp parsing in SQL, value by value: epochs in seconds, milliseconds and
 * microseconds (GA4's raw BigQuery event_timestamp), offsets and export formats.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { timestampSql } from './import/value-sql.js';
import { SqlParams } from './sql-builder.js';

let instance: DuckDBInstance;
let c: DuckDBConnection;
before(async () => {
  instance = await DuckDBInstance.create(':memory:');
  c = await instance.connect();
});
after(() => {
  c.closeSync();
  instance.closeSync();
});

async function parse(text: string, tz = 'UTC'): Promise<string | null> {
  const p = new SqlParams();
  const x = p.add(text);
  const r = await c.runAndReadAll(`SELECT CAST(${timestampSql(`${x}::VARCHAR`, p, tz)} AS VARCHAR) AS t`, p.values);
  const v = r.getRowObjectsJson()[0]?.t;
  return v === null || v === undefined ? null : String(v);
}

test('epochs: seconds, milliseconds and microseconds (GA4 event_timestamp) are UTC instants', async () => {
  assert.equal(await parse('1706788800'), '2024-02-01 12:00:00');
  assert.equal(await parse('1706788800123'), '2024-02-01 12:00:00.123');
  assert.equal(await parse('1706788800123456'), '2024-02-01 12:00:00.123456');
  assert.equal(await parse('1706788800123456', 'Europe/Berlin'), '2024-02-01 12:00:00.123456', 'an epoch has no time zone');
});

test('offsets, naive values in the given zone, and text that is no time', async () => {
  assert.equal(await parse('2024-02-01T12:00:00+02:00'), '2024-02-01 10:00:00');
  assert.equal(await parse('2024-02-01 12:00:00', 'Europe/Berlin'), '2024-02-01 11:00:00');
  assert.equal(await parse('2026-03-03 09:00:31 UTC'), '2026-03-03 09:00:31');
  assert.equal(await parse('12345678901234567890'), null);
  assert.equal(await parse('soon'), null);
});
