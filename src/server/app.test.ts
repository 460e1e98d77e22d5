/**
 * The HTTP API as clients use it: Fastify inject for the contract and its errors, and a real
 * socket with the unmodified @segment/analytics-node and posthog-node clients.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import { loadConfig } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import type { NewWorkspace } from '../store/state-store.js';
import { SUITE_CATALOGUE } from '../store/store-suite.js';
import { buildApp } from './app.js';
import { KeyCache } from './auth.js';

let rt: Runtime;
let app: FastifyInstance;
let ws: NewWorkspace;
let other: NewWorkspace;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'waymark-http-'));
  rt = await openRuntime({ ...loadConfig({}), dbPath: join(dir, 'w.duckdb'), port: 0, adminToken: 'admin-secret' });
  app = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest: rt.ingest, analytics: rt.analytics, keys: new KeyCache(rt.state) });
  ws = await rt.state.createWorkspace('Shop');
  other = await rt.state.createWorkspace('Other tenant');
  await rt.state.setCatalogue(ws.id, SUITE_CATALOGUE);
});

after(async () => {
  await app.close();
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

const basic = (key: string) => 'Basic ' + Buffer.from(`${key}:`).toString('base64');
const secret = (w: NewWorkspace) => ({ authorization: `Bearer ${w.secretKey}` });

async function customer(w: NewWorkspace, id: string) {
  return app.inject({ method: 'GET', url: `/v1/customers/${encodeURIComponent(id)}`, headers: secret(w) });
}

test('Segment track, identify and page are stored and unified into one customer', async () => {
  const post = (path: string, body: object) => app.inject({ method: 'POST', url: path, headers: { authorization: basic(ws.writeKey) }, payload: body });
  assert.equal((await post('/v1/page', { anonymousId: 'dev-1', name: 'Home', properties: { path: '/' }, timestamp: '2026-03-01T10:00:00Z' })).statusCode, 200);
  assert.equal((await post('/v1/track', { anonymousId: 'dev-1', event: 'Product Viewed', timestamp: '2026-03-01T10:01:00Z' })).statusCode, 200);
  const r = await post('/v1/identify', { anonymousId: 'dev-1', userId: 'u-100', traits: { email: 'Zoe@Example.com', plan: 'pro' }, timestamp: '2026-03-01T10:02:00Z' });
  assert.equal(r.statusCode, 200);
  assert.deepEqual(r.json(), { success: true });
  const res = await customer(ws, 'zoe@example.com');
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.userId, 'u-100');
  assert.deepEqual(body.timeline.map((e: { name: string }) => e.name), ['Home', 'Product Viewed', 'Identify']);
  assert.equal(body.timeline[1].touchpoint, 'Product page');
  assert.equal(body.traits.plan, 'pro');
});

test('a batch sent twice is stored once', async () => {
  const batch = { batch: [1, 2, 3].map((i) => ({ type: 'track', messageId: `dup-${i}`, userId: 'u-dup', event: 'Checkout Started', timestamp: `2026-03-02T10:0${i}:00Z` })) };
  for (let i = 0; i < 2; i++) {
    const r = await app.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: basic(ws.writeKey) }, payload: batch });
    assert.equal(r.statusCode, 200);
  }
  assert.equal((await customer(ws, 'u-dup')).json().eventCount, 3);
});

test('a bad message rejects the whole payload with where and why, storing nothing', async () => {
  const r = await app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { authorization: basic(ws.writeKey) },
    payload: { batch: [{ type: 'track', userId: 'u-bad', event: 'Fine' }, { type: 'track', userId: 'u-bad', event: '' }, { type: 'track', userId: 'u-bad', event: 'X', timestamp: 'yesterday' }, { type: 'nope' }] },
  });
  assert.equal(r.statusCode, 400);
  const err = r.json().error;
  assert.equal(err.code, 'invalid_input');
  const wheres = err.problems.map((p: { where: string }) => p.where);
  assert.deepEqual(wheres, ['batch[1].event', 'batch[2].timestamp', 'batch[3].type']);
  assert.match(err.problems[1].message, /not an ISO-8601 date/);
  assert.equal((await customer(ws, 'u-bad')).statusCode, 404);
  const noId = await app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(ws.writeKey) }, payload: { event: 'Anon' } });
  assert.equal(noId.statusCode, 400);
  assert.match(noId.json().error.problems[0].message, /userId or anonymousId/);
  const notJson = await app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(ws.writeKey), 'content-type': 'application/json' }, payload: '{"event":' });
  assert.equal(notJson.statusCode, 400);
});

test('limits: a message over 32 KB is a 400, a body over 500 KB a 413', async () => {
  const big = await app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(ws.writeKey) }, payload: { userId: 'u', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } } });
  assert.equal(big.statusCode, 400);
  assert.match(big.json().error.problems[0].message, /limit is 32768/);
  const huge = await app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { authorization: basic(ws.writeKey) },
    payload: { batch: Array.from({ length: 40 }, () => ({ type: 'track', userId: 'u', event: 'E', properties: { blob: 'x'.repeat(20 * 1024) } })) },
  });
  assert.equal(huge.statusCode, 413);
});

test('keys: unknown or missing write key is 401; a write key cannot read; tenants are isolated', async () => {
  const unknown = await app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic('wk_nope') }, payload: { userId: 'u', event: 'E' } });
  assert.equal(unknown.statusCode, 401);
  const missing = await app.inject({ method: 'POST', url: '/v1/track', payload: { userId: 'u', event: 'E' } });
  assert.equal(missing.statusCode, 401);
  const withWrite = await app.inject({ method: 'GET', url: '/v1/customers', headers: { authorization: `Bearer ${ws.writeKey}` } });
  assert.equal(withWrite.statusCode, 403);
  assert.equal((await customer(other, 'zoe@example.com')).statusCode, 404);
  assert.equal((await customer(ws, 'zoe@example.com')).statusCode, 200);
});

test('PostHog capture with a gzipped batch, $identify linking the anonymous device', async () => {
  const body = {
    api_key: ws.writeKey,
    batch: [
      { event: '$pageview', distinct_id: 'ph-anon', uuid: 'ph-1', timestamp: '2026-03-03T09:00:00Z', properties: { $is_identified: false, $current_url: 'https://shop/x', title: 'Landing' } },
      { event: '$identify', distinct_id: 'ph-user', uuid: 'ph-2', timestamp: '2026-03-03T09:01:00Z', properties: { $anon_distinct_id: 'ph-anon', $set: { email: 'ph@example.com' } } },
    ],
  };
  const r = await app.inject({ method: 'POST', url: '/batch/', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: gzipSync(JSON.stringify(body)) });
  assert.equal(r.statusCode, 200, r.body);
  const p = (await customer(ws, 'ph@example.com')).json();
  assert.deepEqual(p.timeline.map((e: { name: string; type: string }) => `${e.type}:${e.name}`), ['page:Landing', 'identify:Identify']);
  const bad = await app.inject({ method: 'POST', url: '/capture/', payload: { api_key: 'nope', event: 'x', distinct_id: 'a' } });
  assert.equal(bad.statusCode, 401);
});

test('rules edited over the API re-map past events', async () => {
  const add = await app.inject({
    method: 'POST',
    url: '/v1/touchpoints/rules',
    headers: secret(ws),
    payload: { touchpoint: { name: 'Homepage', channel: 'web', stage: 'awareness' }, rule: { id: 'home', priority: 1, match: { name: 'Home', type: 'page' }, touchpoint: 'Homepage' } },
  });
  assert.equal(add.statusCode, 201, add.body);
  assert.ok(add.json().remappedEvents > 0);
  const tl = (await customer(ws, 'u-100')).json().timeline;
  assert.equal(tl[0].touchpoint, 'Homepage');
  const badStage = await app.inject({
    method: 'POST',
    url: '/v1/touchpoints/rules',
    headers: secret(ws),
    payload: { touchpoint: { name: 'Odd', stage: 'nirvana' }, rule: { id: 'odd', match: { name: 'Odd' }, touchpoint: 'Odd' } },
  });
  assert.equal(badStage.statusCode, 400);
  assert.match(badStage.json().error.problems[0].message, /"nirvana" is not one of awareness/);
});

test('the OpenAPI document lists the ingest and customer routes; workspaces need the admin token', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  for (const p of ['/v1/track', '/v1/batch', '/batch/', '/v1/customers/{id}', '/v1/touchpoints']) assert.ok(doc.paths[p], p);
  assert.equal((await app.inject({ method: 'GET', url: '/docs' })).statusCode < 400, true);
  assert.equal((await app.inject({ method: 'POST', url: '/v1/workspaces', payload: { name: 'x' } })).statusCode, 401);
  const created = await app.inject({ method: 'POST', url: '/v1/workspaces', headers: { authorization: 'Bearer admin-secret' }, payload: { name: 'New' } });
  assert.equal(created.statusCode, 201);
  assert.match(created.json().secretKey, /^sk_/);
});

test('unmodified @segment/analytics-node and posthog-node clients deliver over a real socket', async () => {
  const live = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest: rt.ingest, analytics: rt.analytics, keys: new KeyCache(rt.state) });
  await live.listen({ host: '127.0.0.1', port: 0 });
  const addr = live.server.address();
  assert.ok(addr && typeof addr === 'object');
  const host = `http://127.0.0.1:${addr.port}`;
  try {
    const analytics = new Analytics({ writeKey: ws.writeKey, host, flushAt: 5, maxRetries: 1 });
    analytics.identify({ userId: 'seg-client', traits: { email: 'client@example.com' } });
    for (let i = 0; i < 9; i++) analytics.track({ userId: 'seg-client', event: 'Product Viewed', properties: { i } });
    analytics.page({ userId: 'seg-client', name: 'Pricing' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    const ph = new PostHog(ws.writeKey, { host, flushAt: 3, flushInterval: 0 });
    ph.capture({ distinctId: 'ph-client', event: 'Signed Up', properties: { plan: 'trial' } });
    ph.identify({ distinctId: 'ph-client', properties: { email: 'phc@example.com' } });
    ph.capture({ distinctId: 'ph-client', event: 'Trial Started' });
    await ph.shutdown(10_000);
    const seg = (await customer(ws, 'seg-client')).json();
    assert.equal(seg.eventCount, 11);
    assert.equal(seg.email, 'client@example.com');
    const phc = (await customer(ws, 'ph-client')).json();
    assert.deepEqual(phc.timeline.map((e: { name: string }) => e.name).sort(), ['Identify', 'Signed Up', 'Trial Started']);
  } finally {
    await live.close();
  }
});

test('explicit limits: a corrupt gzip body is a 400; over the rate limit is a 429; a full queue is a 503', async () => {
  const corrupt = await app.inject({ method: 'POST', url: '/batch/', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: Buffer.from('not gzip at all') });
  assert.equal(corrupt.statusCode, 400, corrupt.body);
  const deflate = await app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(ws.writeKey), 'content-encoding': 'br' }, payload: { userId: 'u', event: 'E' } });
  assert.equal(deflate.statusCode, 415);

  const limited = await buildApp({ config: { ...rt.config, rateLimitPerMinute: 3 }, events: rt.events, state: rt.state, ingest: rt.ingest, analytics: rt.analytics, keys: new KeyCache(rt.state) });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await limited.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(ws.writeKey) }, payload: { userId: 'rl', event: 'E', messageId: `rl-${i}` } })).statusCode);
    }
    assert.deepEqual(codes, [200, 200, 200, 429]);
  } finally {
    await limited.close();
  }

  const { IngestService } = await import('../ingest/ingest-service.js');
  const { DuckInbox } = await import('../store/duckdb/duckdb-inbox.js');
  const tiny = new IngestService(rt.events, rt.state, new DuckInbox(rt.db), { maxQueuedEvents: 2 });
  const full = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest: tiny, analytics: rt.analytics, keys: new KeyCache(rt.state) });
  try {
    const r = await full.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: basic(ws.writeKey) }, payload: { batch: [1, 2, 3].map((i) => ({ type: 'track', userId: 'q', event: 'E', messageId: `q-${i}` })) } });
    assert.equal(r.statusCode, 503);
    assert.equal(r.headers['retry-after'], '1');
  } finally {
    await full.close();
  }
});

test('/ leads to the web app (or, unbuilt, to a landing page that tells how to start) and shows no workspace or key', async () => {
  const r = await app.inject({ method: 'GET', url: '/' });
  if (r.statusCode === 302) {
    assert.equal(r.headers.location, '/app/');
    const page = await app.inject({ method: 'GET', url: '/app/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<div id="root">/);
    assert.ok(!page.body.includes(ws.writeKey) && !page.body.includes(ws.name));
    return;
  }
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /API documentation/);
  assert.ok(!r.body.includes(ws.writeKey) && !r.body.includes(ws.name));
});

test('DELETE /v1/customers/:id erases a customer; a viewer of another tenant cannot', async () => {
  await app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(ws.writeKey) }, payload: { userId: 'to-erase', event: 'Order Completed' } });
  assert.equal((await app.inject({ method: 'DELETE', url: '/v1/customers/to-erase', headers: secret(other) })).statusCode, 404);
  const r = await app.inject({ method: 'DELETE', url: '/v1/customers/to-erase', headers: secret(ws) });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json().events, 1);
  assert.equal((await customer(ws, 'to-erase')).statusCode, 404);
});

test('friendly refusals: unknown stage filter, secret key used for ingest, no content type', async () => {
  const stage = await app.inject({ method: 'GET', url: '/v1/customers?stage=bogus', headers: secret(ws) });
  assert.equal(stage.statusCode, 400);
  assert.equal(stage.json().error.problems[0].where, 'query.stage');
  const sk = await app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(ws.secretKey) }, payload: { userId: 'u', event: 'E' } });
  assert.equal(sk.statusCode, 401);
  assert.match(sk.json().error.message, /secret key; ingest takes the workspace write key/);
  const form = await app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(ws.writeKey), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=b' });
  assert.equal(form.statusCode, 415);
  assert.match(form.json().error.message, /Content-Type: application\/json/);
});
