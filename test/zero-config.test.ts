/**
 * Zero-configuration mapping, as a person meets it: a fresh workspace (`waymark workspace create`),
 * `waymark import` of a Segment e-commerce export and of a GA4-named flat file — no rule written —
 * and the stages, touchpoints, channels and channel groups come out as the fixtures were built
 * (test/fixtures/zero-config/build.ts wrote the numbers to expected.json). Events outside every
 * convention are listed by `map propose` with their counts, never dropped; a workspace rule wins
 * over the built-in one and changing it re-maps past events; built-ins can be switched off; the
 * demo maps the same with or without them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { demoCatalogue } from '../src/demo/catalogue.js';
import { generateDemo } from '../src/demo/generator.js';
import type { CanonicalEvent } from '../src/domain/event.js';
import { SegmentMessageSchema, segmentToCanonical } from '../src/ingest/segment.js';
import { DuckDatabase } from '../src/store/duckdb/database.js';
import { DuckEventStore } from '../src/store/duckdb/duckdb-event-store.js';
import { DuckStateStore } from '../src/store/duckdb/duckdb-state-store.js';
import { startServeProcess } from './serve-process.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'waymark-zero-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const FIX = 'test/fixtures/zero-config';

interface Expected {
  customers: number;
  buyers: number;
  reachedStage: Record<string, number>;
  firstTouch: Record<string, number>;
  touchpoints: Record<string, number>;
  unmapped: Record<string, number>;
  unmappedCustomers: Record<string, number>;
}
const expected = JSON.parse(readFileSync(join(FIX, 'expected.json'), 'utf8')) as { segment: Expected; ga4: Expected };

async function waymark(db: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, ['bin/waymark.js', ...args, '--db', db], { maxBuffer: 64 * 1024 * 1024 });
    return { ...r, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
async function json<T>(db: string, ...args: string[]): Promise<T> {
  const r = await waymark(db, ...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

interface Stats {
  events: number;
  customers: number;
  unmappedEvents: number;
  reachedStage: Array<{ stage: string; customers: number }>;
  byChannelGroup: Array<{ channelGroup: string | null; events: number; firstTouchCustomers: number }>;
  byTouchpoint: Array<{ touchpoint: string | null; channel: string | null; stage: string | null; events: number }>;
}
interface Proposal {
  unmapped: Array<{ name: string; events: number; customers: number; medianFirstRank: number; topPreceding: string | null; topFollowing: string | null; suggestion: { touchpoint: string; stage: string | null } }>;
  map: { stages: Array<{ key: string; touchpoints: string[] }>; lanes: Array<{ key: string }> };
}

/** A fresh database and workspace, the file imported with no configuration at all. */
async function importFresh(name: string, file: string): Promise<{ db: string; secretKey: string }> {
  const db = join(dir, `${name}.duckdb`);
  const ws = await waymark(db, 'workspace', 'create', name);
  assert.equal(ws.code, 0, ws.stderr);
  const imp = await waymark(db, 'import', join(FIX, file));
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, / 0 rows rejected/);
  return { db, secretKey: /secret key: (sk_\S+)/.exec(ws.stdout)![1]! };
}

function checkAgainstFixture(s: Stats, want: Expected, lines: number) {
  assert.equal(s.events, lines, 'every row stored');
  assert.equal(s.customers, want.customers);
  const reached = Object.fromEntries(s.reachedStage.map((r) => [r.stage, r.customers]));
  for (const [stage, n] of Object.entries(want.reachedStage)) assert.equal(reached[stage] ?? 0, n, `customers reaching ${stage}`);
  assert.ok(want.reachedStage.awareness! > 0 && want.reachedStage.purchase! > 0);
  const firstTouch = Object.fromEntries(s.byChannelGroup.filter((g) => g.firstTouchCustomers > 0).map((g) => [g.channelGroup, g.firstTouchCustomers]));
  assert.deepEqual(firstTouch, want.firstTouch, 'customers by first-touch channel group');
  const byTp = new Map<string, number>();
  for (const t of s.byTouchpoint) if (t.touchpoint) byTp.set(t.touchpoint, (byTp.get(t.touchpoint) ?? 0) + t.events);
  assert.deepEqual(Object.fromEntries(byTp), want.touchpoints, 'events by touchpoint');
  assert.equal(s.unmappedEvents, Object.values(want.unmapped).reduce((a, b) => a + b, 0));
}

/** The funnel awareness → consideration → purchase → Order Completed, through the analytics engine, equals the fixture's numbers. */
async function checkFunnel(db: string, want: Expected) {
  const run = await json<{ result: { total: { steps: Array<{ count: number }> } } }>(
    db, 'analyse', 'funnel', '--step', 'stage:awareness', '--step', 'stage:consideration', '--step', 'stage:purchase', '--step', 'touchpoint:Order Completed', '--window', '365d',
  );
  assert.deepEqual(run.result.total.steps.map((x) => x.count), [want.reachedStage.awareness, want.reachedStage.consideration, want.reachedStage.purchase, want.buyers], 'funnel awareness → purchase');
}

function checkProposal(p: Proposal, want: Expected) {
  assert.deepEqual(Object.fromEntries(p.unmapped.map((u) => [u.name, u.events])), want.unmapped, 'unmapped events with counts');
  assert.deepEqual(Object.fromEntries(p.unmapped.map((u) => [u.name, u.customers])), want.unmappedCustomers);
  for (const u of p.unmapped) {
    assert.ok(u.medianFirstRank >= 1 && u.topPreceding !== null, `${u.name}: position and neighbours`);
    assert.ok(u.suggestion.stage !== null && u.suggestion.touchpoint.length > 0, `${u.name}: a suggestion`);
  }
  assert.deepEqual(p.map.stages.map((s) => s.key), ['awareness', 'consideration', 'purchase', 'retention', 'advocacy']);
  assert.ok(p.map.lanes.length >= 4);
}

test('Segment e-commerce export, no configuration: stages, touchpoints, channels and channel groups as built', async () => {
  const { db, secretKey } = await importFresh('segment', 'segment-ecommerce.ndjson');
  const lines = readFileSync(join(FIX, 'segment-ecommerce.ndjson'), 'utf8').trim().split('\n').length;
  const s = await json<Stats>(db, 'stats');
  checkAgainstFixture(s, expected.segment, lines);
  await checkFunnel(db, expected.segment);
  const channel = (tp: string) => s.byTouchpoint.find((t) => t.touchpoint === tp)?.channel;
  assert.equal(channel('Product Viewed'), 'web');
  assert.equal(channel('Order Completed'), 'web');
  assert.equal(channel('Email Opened'), 'email');

  const p = await json<Proposal>(db, 'map', 'propose');
  checkProposal(p, expected.segment);
  const gift = p.unmapped.find((u) => u.name === 'Gift Wrap Selected')!;
  assert.equal(gift.topPreceding, 'Checkout Started');
  assert.equal(gift.topFollowing, 'Payment Info Entered');
  assert.equal(gift.suggestion.stage, 'purchase');
  assert.equal(p.unmapped.find((u) => u.name === 'Size Guide Opened')!.suggestion.stage, 'consideration');
  const table = await waymark(db, 'map', 'propose');
  assert.match(table.stdout, /Gift Wrap Selected\s+20\s+20/);

  // the first touch is on the profile (CLI and API), and buyers are counted by SQL through the store
  const profile = await json<{ firstChannelGroup: string }>(db, 'customers', 'show', 'anon-0');
  assert.equal(profile.firstChannelGroup, 'Paid Search');
  assert.match((await waymark(db, 'customers', 'show', 'anon-3')).stdout, /first touch: Paid Social/);
  const server = await startServeProcess(db);
  try {
    const auth = { authorization: `Bearer ${secretKey}` };
    const c = await (await fetch(`${server.url}/v1/customers/anon-2`, { headers: auth })).json();
    assert.equal(c.firstChannelGroup, 'Organic Search');
    const r = await fetch(`${server.url}/v1/mapping/proposal`, { headers: auth });
    assert.equal(r.status, 200);
    checkProposal((await r.json()) as Proposal, expected.segment);
    assert.equal((await fetch(`${server.url}/v1/mapping/proposal`)).status, 401);
    // The proposal becomes a journey map to accept or edit: a column per stage with its touchpoints,
    // KPI lanes bound to live data whose reach per stage is the fixture's.
    const created = await fetch(`${server.url}/v1/maps`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ fromProposal: true }) });
    assert.equal(created.status, 201);
    const map = (await created.json()) as { id: string; doc: { stages: Array<{ stage: string; steps: Array<{ id: string }> }>; lanes: Array<{ id: string; metric?: string }>; cells: Record<string, { touchpoints?: Array<{ name: string }> }> } };
    assert.deepEqual(map.doc.stages.map((x) => x.stage).slice(0, 3), ['awareness', 'consideration', 'purchase']);
    const consideration = map.doc.stages.find((x) => x.stage === 'consideration')!.steps[0]!.id;
    assert.ok(map.doc.cells[`ln_touchpoints/${consideration}`]!.touchpoints!.some((t) => t.name === 'Product Viewed'));
    const metrics = (await (await fetch(`${server.url}/v1/maps/${map.id}/metrics`, { headers: auth })).json()) as { lanes: Record<string, Record<string, { value: number }>> };
    const volume = map.doc.lanes.find((l) => l.metric === 'volume')!.id;
    for (const st of map.doc.stages.slice(0, 3)) {
      assert.equal(metrics.lanes[volume]![st.steps[0]!.id]!.value, expected.segment.reachedStage[st.stage], `customers reaching ${st.stage} on the map`);
    }
    const b = await (await fetch(`${server.url}/v1/touchpoints/builtin`, { headers: auth })).json();
    assert.equal(b.enabled, true);
    assert.ok(b.rules.length > 50);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  const store = await DuckDatabase.open(db);
  try {
    const [buyers] = await store.all(`SELECT count(DISTINCT customer_id) AS n FROM events WHERE touchpoint = 'Order Completed'`);
    assert.equal(Number(buyers?.n), expected.segment.buyers);
  } finally {
    store.close();
  }
});

test('GA4-named flat file, no configuration: stages, touchpoints, channels and channel groups as built', async () => {
  const { db } = await importFresh('ga4', 'ga4-events.csv');
  const rows = readFileSync(join(FIX, 'ga4-events.csv'), 'utf8').trim().split('\n').length - 1;
  const s = await json<Stats>(db, 'stats');
  checkAgainstFixture(s, expected.ga4, rows);
  await checkFunnel(db, expected.ga4);
  assert.equal(s.byTouchpoint.find((t) => t.touchpoint === 'Order Completed')?.channel, 'web');
  checkProposal(await json<Proposal>(db, 'map', 'propose'), expected.ga4);
});

test('a workspace rule wins over the built-in one; changing rules re-maps past events; built-ins can be switched off; --apply', async () => {
  const { db } = await importFresh('rules', 'segment-ecommerce.ndjson');
  const tp = async (name: string) => (await json<Stats>(db, 'stats')).byTouchpoint.filter((t) => t.touchpoint === name);
  assert.equal((await waymark(db, 'touchpoints', 'add', 'Product Detail Page', '--channel', 'web', '--stage', 'consideration')).code, 0);
  assert.equal((await waymark(db, 'touchpoints', 'rule', 'pdp', '--touchpoint', 'Product Detail Page', '--name', 'Product Viewed', '--priority', '1000000')).code, 0);
  assert.equal((await tp('Product Detail Page'))[0]?.events, 60, 'the lowest-priority workspace rule still beats the built-in');
  assert.equal((await tp('Product Viewed')).length, 0);
  // a workspace touchpoint named like a built-in one redefines its stage and channel
  assert.equal((await waymark(db, 'touchpoints', 'add', 'Cart Viewed', '--channel', 'app', '--stage', 'consideration')).code, 0);
  assert.deepEqual((await tp('Cart Viewed')).map((t) => [t.channel, t.stage, t.events]), [['app', 'consideration', 40]]);
  assert.equal((await waymark(db, 'touchpoints', 'remove-rule', 'pdp')).code, 0);
  assert.equal((await tp('Product Viewed'))[0]?.events, 60, 'removing the rule re-maps to the built-in');

  const off = await waymark(db, 'touchpoints', 'builtins', 'off');
  assert.equal(off.code, 0, off.stderr);
  const s = await json<Stats>(db, 'stats');
  assert.equal(s.unmappedEvents, s.byTouchpoint.reduce((n, t) => n + t.events, 0), 'nothing maps without built-ins and rules');
  assert.equal(s.reachedStage.length, 0);
  assert.equal((await waymark(db, 'touchpoints', 'builtins', 'on')).code, 0);

  const applied = await waymark(db, 'map', 'propose', '--apply');
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /added 3 touchpoints and 3 rules; 430 past events re-mapped/);
  assert.equal((await json<Stats>(db, 'stats')).unmappedEvents, 0);
  assert.equal((await json<Proposal>(db, 'map', 'propose')).unmapped.length, 0);
  assert.deepEqual((await tp('Gift Wrap Selected')).map((t) => [t.stage, t.events]), [['purchase', 20]]);
});

test('demo data maps the same with and without the built-in catalogue (its own catalogue covers everything)', async () => {
  const db = await DuckDatabase.open(':memory:');
  const events = new DuckEventStore(db);
  try {
    const state = new DuckStateStore(db);
    const on = (await state.createWorkspace('on')).id;
    const offWs = (await state.createWorkspace('off')).id;
    const receivedAt = new Date('2026-01-01T00:00:00Z');
    const batch: CanonicalEvent[] = [];
    for (const m of generateDemo({ customers: 300, seed: 11 })) {
      const e = segmentToCanonical(SegmentMessageSchema.parse(m.message), m.message, { receivedAt, source: m.source });
      assert.ok(typeof e !== 'string');
      batch.push(e);
    }
    await events.append(on, batch, demoCatalogue());
    await events.append(offWs, batch, { ...demoCatalogue(), builtins: false });
    const diff = await db.all(
      `SELECT count(*) AS n FROM events a JOIN events b ON a.message_id = b.message_id
        WHERE a.workspace_id = $1 AND b.workspace_id = $2
          AND (a.touchpoint IS DISTINCT FROM b.touchpoint OR a.channel IS DISTINCT FROM b.channel OR a.stage IS DISTINCT FROM b.stage)`,
      [on, offWs],
    );
    assert.equal(Number(diff[0]?.n), 0);
    const stages = async (ws: string) => (await db.all(`SELECT stage, count(*) AS n FROM customers WHERE workspace_id = $1 GROUP BY ALL ORDER BY ALL`, [ws])).map((r) => [r.stage, Number(r.n)]);
    assert.deepEqual(await stages(on), await stages(offWs));
  } finally {
    await events.close();
  }
});
