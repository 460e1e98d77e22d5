/**
 * The two-step ingest on a real DuckDB file: acknowledged once in the inbox, resolved by the
 * drainer; reads wait for it (bounded); a crash before resolving loses nothing; a batch that cannot
 * be stored is kept, marked, and does not hold up the others.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../config.js';
import type { CanonicalEvent } from '../domain/event.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { DuckInbox } from '../store/duckdb/duckdb-inbox.js';
import type { EventStore } from '../store/event-store.js';
import { decodeStoredBatch } from './decode.js';
import { IngestService } from './ingest-service.js';
import { DEFAULT_LIMITS } from './limits.js';

const dir = mkdtempSync(join(tmpdir(), 'waymark-inbox-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function event(id: string, userId: string): CanonicalEvent {
  const t = new Date('2026-11-02T10:00:00Z');
  return { messageId: id, type: 'track', name: 'Order Completed', anonymousId: null, userId, email: null, previousId: null, groupId: null, channel: 'web', source: 'segment', timestamp: t, receivedAt: t, properties: { total: 42, note: 'ünïcode' }, traits: null, context: null };
}

/** The runtime's event store, with append held until `open()` (or refused for a poisoned batch). */
function gatedStore(rt: Runtime) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let poisoned = true;
  const store: EventStore = Object.create(rt.events) as EventStore;
  store.append = async (ws, events, catalogue, settle) => {
    await gate;
    if (poisoned && events.some((e) => e.messageId.startsWith('poison'))) throw new Error('poisoned batch');
    return rt.events.append(ws, events, catalogue, settle);
  };
  return { store, open: () => release(), cure: () => (poisoned = false) };
}

const count = async (rt: Runtime, sql: string, params: string[] = []) => Number((await rt.db.all(sql, params))[0]!.n);

test('acknowledged from the inbox before it is resolved; a read waits for it, bounded', async () => {
  const rt = await openRuntime({ ...loadConfig({}), dbPath: join(dir, 'ack.duckdb') });
  try {
    const ws = await rt.state.createWorkspace('acks');
    const gated = gatedStore(rt);
    const ingest = new IngestService(gated.store, rt.state, new DuckInbox(rt.db), { maxQueuedEvents: 1000 });
    await ingest.ingest(ws.id, [event('a-1', 'ann'), event('a-2', 'ann')]);
    assert.equal(await count(rt, `SELECT count(*) AS n FROM inbox WHERE workspace_id = $1`, [ws.id]), 1, 'the batch is durable in the inbox');
    assert.equal(await count(rt, `SELECT count(*) AS n FROM events WHERE workspace_id = $1`, [ws.id]), 0, 'and not yet resolved');
    assert.equal(ingest.backlog, 2);
    assert.equal(await ingest.caughtUp(30), false, 'a read gives up waiting after its bound');
    const waiting = ingest.caughtUp(10_000);
    gated.open();
    assert.equal(await waiting, true, 'a read waiting for earlier writes goes ahead once they are resolved');
    assert.equal(await count(rt, `SELECT count(*) AS n FROM events WHERE workspace_id = $1`, [ws.id]), 2);
    assert.equal(await count(rt, `SELECT count(*) AS n FROM inbox`), 0, 'settled in the same transaction');
    assert.equal(ingest.backlog, 0);
    assert.equal((await rt.events.findCustomer(ws.id, 'ann'))?.eventCount, 2);
  } finally {
    await rt.close();
  }
});

test('a crash before the drainer ran loses nothing: the next start resolves the inbox, once', async () => {
  const path = join(dir, 'crash.duckdb');
  const rt = await openRuntime({ ...loadConfig({}), dbPath: path });
  const ws = await rt.state.createWorkspace('crash');
  const ingest = new IngestService(gatedStore(rt).store, rt.state, new DuckInbox(rt.db), { maxQueuedEvents: 1000 });
  await ingest.ingest(ws.id, [event('c-1', 'cy'), event('c-2', 'cy')]);
  await ingest.ingest(ws.id, [event('c-2', 'cy'), event('c-3', 'cy')]); // c-2 resent: stored once
  rt.db.close(); // the process dies: the drainer never stored them

  const next = await openRuntime({ ...loadConfig({}), dbPath: path });
  try {
    await next.ingest.drain();
    const timeline = await next.events.timeline(ws.id, (await next.events.findCustomer(ws.id, 'cy'))!.customerId, { limit: 10 });
    assert.deepEqual(timeline.map((e) => e.messageId).sort(), ['c-1', 'c-2', 'c-3']);
    assert.match(timeline[0]!.timestamp, /^2026-11-02.10:00:00/, 'dates come back from the inbox as they went in');
    assert.deepEqual(timeline[0]!.properties, { total: 42, note: 'ünïcode' });
    assert.equal(await count(next, `SELECT count(*) AS n FROM inbox`), 0);
  } finally {
    await next.close();
  }
});

test('a batch that cannot be stored is kept in the inbox, marked, and the others are stored; a retry (also over HTTP, per workspace) stores it once fixed', async () => {
  const rt = await openRuntime({ ...loadConfig({}), dbPath: join(dir, 'poison.duckdb') });
  try {
    const ws = await rt.state.createWorkspace('poison');
    const gated = gatedStore(rt);
    const failures: number[] = [];
    const ingest = new IngestService(gated.store, rt.state, new DuckInbox(rt.db), { maxQueuedEvents: 1000, onDrainError: (_e, b) => failures.push(b.events) });
    await Promise.all([ingest.ingest(ws.id, [event('ok-1', 'pat')]), ingest.ingest(ws.id, [event('poison-1', 'pat'), event('poison-2', 'pat')]), ingest.ingest(ws.id, [event('ok-2', 'pat')])]);
    gated.open();
    await ingest.drain();
    assert.deepEqual(failures, [2]);
    assert.equal(ingest.failedBatches, 1);
    assert.equal(await count(rt, `SELECT count(*) AS n FROM events WHERE workspace_id = $1`, [ws.id]), 2, 'the good batches are stored');
    const kept = await rt.db.all(`SELECT event_count, failed FROM inbox`);
    assert.equal(kept.length, 1);
    assert.equal(Number(kept[0]!.event_count), 2);
    assert.match(String(kept[0]!.failed), /poisoned batch/);
    assert.equal(ingest.backlog, 0);
    assert.deepEqual(await new DuckInbox(rt.db).waiting(), [], 'a failed batch is not drained again on the next start');
    assert.deepEqual((await new DuckInbox(rt.db).failed()).map((b) => [b.kind, b.events]), [['canonical', 2]]);

    // Over HTTP, while serving: a workspace's admin sees and retries its own failed batches only.
    const { buildApp } = await import('../server/app.js');
    const { KeyCache } = await import('../server/auth.js');
    const app = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest, analytics: rt.analytics, keys: new KeyCache(rt.state) });
    try {
      const other = await rt.state.createWorkspace('bystander');
      const as = (w: { secretKey: string }) => ({ authorization: `Bearer ${w.secretKey}` });
      assert.equal((await app.inject({ method: 'GET', url: '/v1/inbox' })).statusCode, 401);
      assert.equal((await app.inject({ method: 'GET', url: '/v1/inbox', headers: { authorization: 'Basic ' + Buffer.from(`${ws.writeKey}:`).toString('base64') } })).statusCode, 401, 'not with the write key');
      assert.deepEqual((await app.inject({ method: 'GET', url: '/v1/inbox', headers: as(other) })).json(), { failed: [] });
      const shown = (await app.inject({ method: 'GET', url: '/v1/inbox', headers: as(ws) })).json();
      assert.deepEqual(shown.failed.map((b: { kind: string; events: number }) => [b.kind, b.events]), [['canonical', 2]]);
      assert.match(shown.failed[0].error, /poisoned batch/);
      assert.deepEqual((await app.inject({ method: 'POST', url: '/v1/inbox/retry', headers: as(other) })).json(), { retried: { batches: 0, events: 0 }, stored: 0, failed: [] });
      assert.equal(ingest.failedBatches, 1, "another workspace's retry leaves the batch alone");
      const still = (await app.inject({ method: 'POST', url: '/v1/inbox/retry', headers: as(ws) })).json();
      assert.deepEqual([still.retried, still.stored, still.failed.length], [{ batches: 1, events: 2 }, 0, 1], 'still poisoned: marked again');

      gated.cure(); // the fault is fixed: a retry stores the batch and it leaves the inbox
      const r = await app.inject({ method: 'POST', url: '/v1/inbox/retry', headers: as(ws) });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { retried: { batches: 1, events: 2 }, stored: 1, failed: [] });
    } finally {
      await app.close();
    }
    assert.deepEqual(await ingest.retryFailed(), { batches: 0, events: 0 });
    assert.equal(ingest.failedBatches, 0);
    assert.equal(await count(rt, `SELECT count(*) AS n FROM events WHERE workspace_id = $1`, [ws.id]), 4);
    assert.equal(await count(rt, `SELECT count(*) AS n FROM inbox`), 0);
  } finally {
    await rt.close();
  }
});

test('requests kept as they came are decoded on the next start to the events acknowledged (Segment clock skew, batch context, PostHog)', async () => {
  const { buildApp } = await import('../server/app.js');
  const { KeyCache } = await import('../server/auth.js');
  const path = join(dir, 'raw.duckdb');
  const rt = await openRuntime({ ...loadConfig({}), dbPath: path });
  const ws = await rt.state.createWorkspace('raw');
  const ingest = new IngestService(gatedStore(rt).store, rt.state, new DuckInbox(rt.db), { maxQueuedEvents: 1000 });
  const acked: CanonicalEvent[] = [];
  const ingestFn = ingest.ingestRequest.bind(ingest);
  ingest.ingestRequest = (w, raw, n) => {
    acked.push(...decodeStoredBatch(raw, DEFAULT_LIMITS)); // the events as the request was checked when it came
    return ingestFn(w, raw, n);
  };
  const app = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest, analytics: rt.analytics, keys: new KeyCache(rt.state) });
  const auth = { authorization: 'Basic ' + Buffer.from(`${ws.writeKey}:`).toString('base64') };
  const seg = await app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: auth,
    payload: {
      sentAt: '2026-11-02T10:00:10Z',
      context: { campaign: { source: 'newsletter' } },
      batch: [
        { type: 'track', messageId: 'r-1', userId: 'rae', event: 'Product Viewed', originalTimestamp: '2026-11-02T10:00:00Z', properties: { sku: 'ß-1' } },
        { type: 'identify', messageId: 'r-2', userId: 'rae', traits: { email: 'Rae@Example.com' } },
      ],
    },
  });
  assert.equal(seg.statusCode, 200, seg.body);
  const one = await app.inject({ method: 'POST', url: '/v1/page', headers: auth, payload: { messageId: 'r-3', userId: 'rae', name: 'Pricing' } });
  assert.equal(one.statusCode, 200, one.body);
  const ph = await app.inject({ method: 'POST', url: '/batch/', payload: { api_key: ws.writeKey, batch: [{ event: 'Signed Up', distinct_id: 'rae-device', uuid: 'r-4', properties: { plan: 'pro' } }] } });
  assert.equal(ph.statusCode, 200, ph.body);
  assert.deepEqual((await rt.db.all(`SELECT kind FROM inbox ORDER BY seq`)).map((r) => r.kind), ['segment:batch', 'segment:page', 'posthog']);
  await app.close();
  rt.db.close(); // dies before the drainer ran

  const next = await openRuntime({ ...loadConfig({}), dbPath: path });
  try {
    await next.ingest.drain();
    const rows = await next.db.all(
      `SELECT message_id, name, strftime(timestamp, '%Y-%m-%dT%H:%M:%S.%g') AS ts, source, properties, context FROM events WHERE workspace_id = $1 ORDER BY message_id`,
      [ws.id],
    );
    assert.deepEqual(rows.map((r) => r.message_id), ['r-1', 'r-2', 'r-3', 'r-4']);
    for (const r of rows) {
      const a = acked.find((e) => e.messageId === r.message_id)!;
      assert.equal(r.ts, a.timestamp.toISOString().slice(0, 23), `${String(r.message_id)}: the same time as acknowledged (receivedAt kept)`);
      assert.equal(r.name, a.name);
      assert.equal(r.source, a.source);
      assert.deepEqual(JSON.parse(String(r.properties)), a.properties);
    }
    assert.deepEqual(JSON.parse(String(rows[0]!.context)).campaign, { source: 'newsletter' }, 'the batch context is merged as at acknowledgement');
    assert.equal(await count(next, `SELECT count(*) AS n FROM inbox`), 0);
  } finally {
    await next.close();
  }
});

test('groups are decoded ahead of their turn; one that cannot be decoded is marked and the groups around it are stored in order', async () => {
  const rt = await openRuntime({ ...loadConfig({}), dbPath: join(dir, 'ahead.duckdb') });
  try {
    const ws = await rt.state.createWorkspace('ahead');
    const receivedAt = new Date('2026-11-02T10:00:05Z');
    const body = (i: number) => JSON.stringify({ batch: [{ type: 'track', messageId: `g-${i}`, userId: 'gus', event: 'Step', timestamp: `2026-11-02T10:00:0${i}Z` }] });
    const inbox = new DuckInbox(rt.db);
    await inbox.put([0, 1, 2, 3, 4].map((i) => ({ workspaceId: ws.id, events: 1, raw: { kind: 'segment:batch', body: i === 2 ? '{"batch": []}' : body(i), receivedAt } })));
    const failures: number[] = [];
    const ingest = new IngestService(rt.events, rt.state, inbox, { maxQueuedEvents: 1000, groupEvents: 1, onDrainError: (_e, b) => failures.push(b.seq) });
    assert.equal(await ingest.recover(), 5);
    await ingest.drain();
    assert.equal(failures.length, 1);
    const ids = (await rt.db.all(`SELECT message_id FROM events WHERE workspace_id = $1 ORDER BY timestamp`, [ws.id])).map((r) => r.message_id);
    assert.deepEqual(ids, ['g-0', 'g-1', 'g-3', 'g-4']);
    const failed = await inbox.failed();
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.error, /could not be decoded.*batch: must hold at least one message/);
    assert.equal(ingest.backlog, 0);
  } finally {
    await rt.close();
  }
});
