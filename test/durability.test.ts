/**
 * "Acknowledged only once durably stored", tested the hard way: a real `waymark serve` is killed
 * with SIGKILL while clients are sending batches. Reopened, the database holds every batch that
 * was acknowledged — in the event store or waiting whole in the inbox — and the next start
 * resolves the inbox, so each batch is then stored whole, once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDatabase } from '../src/store/duckdb/database.js';
import { DuckStateStore } from '../src/store/duckdb/duckdb-state-store.js';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';
import { startServeProcess } from './serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'waymark-durable-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('SIGKILL mid-ingest loses no acknowledged batch and stores no batch in part', async () => {
  const db = join(dir, 'd.duckdb');
  const setup = await DuckDatabase.open(db);
  const ws = await new DuckStateStore(setup).createWorkspace('durable');
  setup.close();

  const { child, url, exited } = await startServeProcess(db);
  const auth = 'Basic ' + Buffer.from(`${ws.writeKey}:`).toString('base64');
  const acked: number[] = [];
  let stop = false;
  let next = 0;
  const client = async () => {
    while (!stop) {
      const b = next++;
      const batch = Array.from({ length: 200 }, (_, i) => ({ type: 'track', messageId: `b${b}-${i}`, userId: `u${(b * 200 + i) % 997}`, event: 'Product Viewed', properties: { b, i } }));
      try {
        const r = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify({ batch }) });
        if (r.status === 200) acked.push(b);
      } catch {
        return; // the server is gone
      }
    }
  };
  const clients = Array.from({ length: 6 }, client);
  // let some batches commit, then kill the server without warning while requests are in flight
  while (acked.length < 15) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  stop = true;
  await Promise.all(clients);
  await exited;

  // At the kill, each acknowledged batch was in the event store or (whole) in the inbox.
  const raw = await DuckDatabase.open(db);
  try {
    const inboxed = new Set<string>();
    for (const r of await raw.all(`SELECT kind, body FROM inbox WHERE workspace_id = $1`, [ws.id])) {
      assert.equal(r.kind, 'segment:batch', 'the request is kept as it came');
      const ids = (JSON.parse(String(r.body)) as { batch: Array<{ messageId: string }> }).batch.map((e) => e.messageId.split('-')[0]!);
      assert.equal(new Set(ids).size, 1, 'an inbox row holds one request');
      assert.equal(ids.length, 200, 'an inbox row holds its whole request');
      inboxed.add(ids[0]!);
    }
    const rows = await raw.all(`SELECT split_part(message_id, '-', 1) AS batch, count(*) AS n FROM events WHERE workspace_id = $1 GROUP BY 1`, [ws.id]);
    const stored = new Map(rows.map((r) => [String(r.batch), Number(r.n)]));
    for (const b of acked) assert.ok(stored.get(`b${b}`) === 200 || inboxed.has(`b${b}`), `acknowledged batch b${b} is stored whole or waits in the inbox`);
    for (const [b, n] of stored) assert.equal(n, 200, `batch ${b} is whole, not partial`);
  } finally {
    raw.close();
  }

  // The next start resolves what the inbox holds: every acknowledged batch is then stored, once.
  const rt = await openRuntime({ ...loadConfig({}), dbPath: db });
  try {
    const rows = await rt.db.all(`SELECT split_part(message_id, '-', 1) AS batch, count(*) AS n FROM events WHERE workspace_id = $1 GROUP BY 1`, [ws.id]);
    const stored = new Map(rows.map((r) => [String(r.batch), Number(r.n)]));
    for (const b of acked) assert.equal(stored.get(`b${b}`), 200, `acknowledged batch b${b} is stored whole`);
    for (const [b, n] of stored) assert.equal(n, 200, `batch ${b} is whole, not partial`);
    assert.ok(acked.length >= 15);
    assert.equal(Number((await rt.db.all(`SELECT count(*) AS n FROM inbox`))[0]!.n), 0, 'the inbox is empty once drained');
  } finally {
    await rt.close();
  }
});
