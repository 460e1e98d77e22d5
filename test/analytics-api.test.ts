/**
 * Journey analytics as a user reaches it: the HTTP API (secret key, 400s that say which field,
 * tenant isolation, personas) and `waymark analyse` / `waymark personas` as subprocesses, on
 * demo data.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../src/runtime.js';
import { openDemoTestApp, type DemoTestApp } from '../src/testing/test-app.js';
import { runWaymark } from '../src/testing/waymark-cli.js';
import type { NewWorkspace } from '../src/store/state-store.js';

let t: DemoTestApp;
let rt: Runtime;
let app: FastifyInstance;
let ws: NewWorkspace;
let other: NewWorkspace;

before(async () => {
  t = await openDemoTestApp('analytics', { customers: 400, seed: 11 });
  ({ rt, app, ws, other } = t);
});

after(() => t.close());

const auth = (w: NewWorkspace) => ({ authorization: `Bearer ${w.secretKey}` });
const analyse = (kind: string, payload: object, headers: Record<string, string> = auth(ws)) => app.inject({ method: 'POST', url: `/v1/analyses/${kind}`, headers, payload });

test('GET /v1/analyses lists the analyses; POST runs one and says what it ran and how long it took', async () => {
  const list = await app.inject({ method: 'GET', url: '/v1/analyses', headers: auth(ws) });
  assert.equal(list.statusCode, 200);
  const kinds = list.json().analyses.map((a: { kind: string }) => a.kind);
  for (const k of ['dfg', 'variants']) assert.ok(kinds.includes(k), k);

  const r = await analyse('dfg', { by: 'stage', collapseRepeats: true });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  assert.equal(body.kind, 'dfg');
  assert.equal(body.plan.by, 'stage');
  assert.ok(Number.isInteger(body.tookMs));
  assert.ok(body.result.cases > 300, `cases ${body.result.cases}`);
  // Collapsed stage journeys never repeat a stage directly.
  assert.ok(body.result.edges.every((e: { from: string; to: string }) => e.from !== e.to));
  assert.ok(body.result.edges.some((e: { from: string; to: string }) => e.from === 'consideration' && e.to === 'purchase'));
});

test('a persona narrows an analysis to its members; personas list their live member counts', async () => {
  const personas = await app.inject({ method: 'GET', url: '/v1/personas', headers: auth(ws) });
  assert.equal(personas.statusCode, 200);
  const list = personas.json().personas as Array<{ key: string; customers: number }>;
  assert.ok(list.length >= 4);
  const names = await app.inject({ method: 'GET', url: '/v1/personas?counts=false', headers: auth(ws) });
  assert.deepEqual(names.json().personas.map((p: { key: string; customers?: number }) => [p.key, p.customers]), list.map((p) => [p.key, undefined]));
  assert.equal((await app.inject({ method: 'GET', url: '/v1/personas?counts=maybe', headers: auth(ws) })).statusCode, 400);
  const all = (await analyse('variants', { by: 'stage' })).json().result.cases;
  const counts = await Promise.all(list.map(async (p) => (await analyse('variants', { by: 'stage', scope: { persona: p.key } })).json().result.cases as number));
  counts.forEach((n, i) => {
    assert.ok(n > 0 && n < all, `${list[i]!.key}: ${n} of ${all}`);
    assert.ok(n <= list[i]!.customers, `${list[i]!.key}: ${n} journeys for ${list[i]!.customers} members`);
  });
  // The same persona written as a segment gives the same answer.
  const viaSegment = await analyse('variants', { by: 'stage', scope: { segment: [{ field: 'traits.persona', value: list[0]!.key }] } });
  assert.equal(viaSegment.json().result.cases, counts[0]);
});

test('a persona by behaviour: members are who did a step at least, at most or never, over all their events; its journeys are theirs', async () => {
  const count = async (sql: string) => Number((await rt.db.all(sql, [ws.id]))[0]!.n);
  // What the demo's planted payment loop gives: customers who entered payment details at least twice.
  const retriers = await count(`SELECT count(*) AS n FROM (SELECT customer_id FROM events WHERE workspace_id = $1 AND touchpoint = 'Payment Info Entered' GROUP BY 1 HAVING count(*) >= 2)`);
  const buyers = await count(`SELECT count(DISTINCT customer_id) AS n FROM events WHERE workspace_id = $1 AND touchpoint = 'Order Completed'`);
  const everyone = await count(`SELECT count(*) AS n FROM customers WHERE workspace_id = $1`);
  assert.ok(retriers > 0 && buyers > 0);

  const preview = (payload: object) => app.inject({ method: 'POST', url: '/v1/personas/preview', headers: auth(ws), payload });
  const retry = { step: { by: 'touchpoint', value: 'Payment Info Entered' }, min: 2 };
  const never = { step: { by: 'touchpoint', value: 'Order Completed' }, min: 0, max: 0 };
  assert.equal((await preview({ rule: [], behaviour: [retry] })).json().customers, retriers);
  assert.equal((await preview({ rule: [], behaviour: [never] })).json().customers, everyone - buyers);
  // Beside a trait condition, both must hold.
  const club = await count(`SELECT count(*) AS n FROM customers c WHERE workspace_id = $1 AND json_extract_string(traits, '$.persona') = 'busy_parent'
                              AND customer_id IN (SELECT customer_id FROM events WHERE workspace_id = $1 AND touchpoint = 'Payment Info Entered' GROUP BY 1 HAVING count(*) >= 2)`);
  assert.equal((await preview({ rule: [{ field: 'traits.persona', op: 'eq', value: 'busy_parent' }], behaviour: [retry] })).json().customers, club);

  // Saved as a persona, analyses look at its members only: every variant of a retrier's journey has two payments.
  const before = (await app.inject({ method: 'GET', url: '/v1/personas', headers: auth(ws) })).json().personas;
  const strip = (p: { customers?: number }) => ({ ...p, customers: undefined });
  const personas = [...before.map(strip), { key: 'payment_retriers', name: 'Payment retriers', rule: [], behaviour: [retry] }];
  const put = await app.inject({ method: 'PUT', url: '/v1/personas', headers: auth(ws), payload: JSON.parse(JSON.stringify({ personas })) });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().personas.find((p: { key: string }) => p.key === 'payment_retriers').customers, retriers);
  const v = (await analyse('variants', { scope: { persona: 'payment_retriers' }, limit: 1000 })).json().result;
  assert.ok(v.cases > 0 && v.cases <= retriers, `${v.cases} journeys for ${retriers} retriers`);
  for (const variant of v.variants as Array<{ activities: string[] }>) {
    assert.ok(variant.activities.filter((a) => a === 'Payment Info Entered').length >= 2, variant.activities.join(' → '));
  }

  // A step nobody has is refused where it is, and nothing is saved.
  const ghost = { step: { by: 'touchpoint', value: 'Teleporter' }, min: 1 };
  const bad = await app.inject({ method: 'PUT', url: '/v1/personas', headers: auth(ws), payload: JSON.parse(JSON.stringify({ personas: [...personas, { key: 'ghosts', name: 'Ghosts', rule: [], behaviour: [ghost] }] })) });
  assert.equal(bad.statusCode, 400);
  assert.match(JSON.stringify(bad.json().error.problems), /body\.personas\[\d+\]\.behaviour\[0\]\.step.*unknown touchpoint \\"Teleporter\\"/);
  const badPreview = await preview({ rule: [], behaviour: [{ ...retry, min: 3, max: 1 }] });
  assert.equal(badPreview.statusCode, 400);
  assert.match(badPreview.body, /body\.behaviour\[0\]\.max/);
  const emptyRule = await app.inject({ method: 'PUT', url: '/v1/personas', headers: auth(ws), payload: { personas: [{ key: 'nobody', name: 'Nobody', rule: [], behaviour: [] }] } });
  assert.equal(emptyRule.statusCode, 400);
  assert.equal((await app.inject({ method: 'GET', url: '/v1/personas', headers: auth(ws) })).json().personas.length, personas.length);
  // A plan may filter by behaviour directly, and its unknown steps are named too.
  const direct = (await analyse('variants', { scope: { behaviour: [retry] }, limit: 1000 })).json().result;
  assert.equal(direct.cases, v.cases);
  const unknown = await analyse('variants', { scope: { behaviour: [ghost] } });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /scope\.behaviour\[0\]\.step/);
  const restore = await app.inject({ method: 'PUT', url: '/v1/personas', headers: auth(ws), payload: JSON.parse(JSON.stringify({ personas: before.map(strip) })) });
  assert.equal(restore.statusCode, 200);
});

test('bad plans are 400s that name the field; unknown analyses are 404s; nothing runs', async () => {
  const cases: Array<[object, string, RegExp]> = [
    [{ by: 'page' }, 'by', /touchpoint/],
    [{ scope: { from: '2026-03-01', to: '2026-02-01' } }, 'scope.to', /inverted/],
    [{ scope: { from: 'yesterday-ish' } }, 'scope.from', /not a date/],
    [{ scope: { persona: 'astronaut' } }, 'scope.persona', /no persona "astronaut"/],
    [{ scope: { segment: [{ field: 'properties.plan', value: 'x' }] } }, 'scope.segment[0].field', /trait/],
    [{ scope: { where: [{ field: 'properties.total', op: 'gt', value: 'lots' }] } }, 'scope.where[0].value', /numbers/],
    [{ limit: 0 }, 'limit', /1/],
    [{ minCount: 2, surprise: true }, '(body)', /surprise/],
  ];
  for (const [plan, where, message] of cases) {
    const r = await analyse('dfg', plan);
    assert.equal(r.statusCode, 400, `${JSON.stringify(plan)} → ${r.body}`);
    const problem = r.json().error.problems.find((p: { where: string }) => p.where === where);
    assert.ok(problem, `${JSON.stringify(plan)}: no problem at ${where} in ${r.body}`);
    assert.match(problem.message, message);
  }
  const unknown = await analyse('crystal-ball', {});
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.json().error.message, /dfg/);
});

test('analyses need the secret key and see only their own workspace', async () => {
  assert.equal((await analyse('dfg', {}, {})).statusCode, 401);
  const wk = await rt.state.getWorkspace(ws.id);
  assert.equal((await analyse('dfg', {}, { authorization: `Bearer ${wk!.writeKey}` })).statusCode, 403);
  const theirs = await analyse('dfg', {}, auth(other));
  assert.equal(theirs.statusCode, 200);
  assert.equal(theirs.json().result.cases, 0);
  assert.deepEqual(theirs.json().result.edges, []);
});

test('PUT /v1/personas validates every persona and keeps the old ones on a bad request', async () => {
  const before = (await app.inject({ method: 'GET', url: '/v1/personas', headers: auth(ws) })).json().personas;
  const bad = await app.inject({ method: 'PUT', url: '/v1/personas', headers: auth(ws), payload: { personas: [{ key: 'Big Spenders', name: 'x', rule: [{ field: 'properties.total', op: 'gt', value: 100 }] }] } });
  assert.equal(bad.statusCode, 400);
  const where = bad.json().error.problems.map((p: { where: string }) => p.where);
  assert.ok(where.includes('body.personas[0].key'), where.join());
  assert.ok(where.includes('body.personas[0].rule[0].field'), where.join());
  assert.deepEqual((await app.inject({ method: 'GET', url: '/v1/personas', headers: auth(ws) })).json().personas, before);
  const good = await app.inject({ method: 'PUT', url: '/v1/personas', headers: auth(ws), payload: { personas: [{ key: 'known', name: 'Known by plan', rule: [{ field: 'traits.plan', op: 'exists' }] }] } });
  assert.equal(good.statusCode, 200, good.body);
  assert.ok(good.json().personas[0].customers > 0);
});

const waymark = (db: string, ...args: string[]) => runWaymark(db, args);

test('waymark analyse and waymark personas from the command line', async () => {
  const db = join(t.dir, 'cli.duckdb');
  const demo = await waymark(db, 'demo', '--customers', '300', '--seed', '5', '--manifest', join(t.dir, 'm.json'));
  assert.equal(demo.code, 0, demo.stderr);
  const personas = await waymark(db, 'personas', 'list');
  assert.equal(personas.code, 0, personas.stderr);
  assert.match(personas.stdout, /weekend_hiker\s+Weekend Hiker\s+\d+/);

  const dfg = await waymark(db, 'analyse', 'dfg', '--by', 'stage', '--collapse', '--persona', 'busy_parent');
  assert.equal(dfg.code, 0, dfg.stderr);
  assert.match(dfg.stdout, /^\d+ journeys, \d+ events, \d+ activities, \d+ edges/);
  assert.match(dfg.stdout, /consideration\s+purchase\s+\d+/);
  const json = JSON.parse((await waymark(db, 'analyse', 'variants', '--by', 'channel', '--collapse', '--limit', '3', '--json')).stdout);
  assert.equal(json.result.variants.length, 3);
  assert.ok(json.result.variants[0].count >= json.result.variants[1].count);

  const bad = await waymark(db, 'analyse', 'dfg', '--segment', 'traits.age>>3');
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--segment\[0\]/);
  const inverted = await waymark(db, 'analyse', 'dfg', '--from', '2026-05-01', '--to', '2026-04-01');
  assert.notEqual(inverted.code, 0);
  assert.match(inverted.stderr, /scope\.to: the time range is empty or inverted/);

  const file = join(t.dir, 'personas.json');
  writeFileSync(file, JSON.stringify([{ key: 'club', name: 'Club', rule: [{ field: 'traits.plan', value: 'trail_club' }] }]));
  assert.equal((await waymark(db, 'personas', 'set', file)).code, 0);
  writeFileSync(file, JSON.stringify([{ key: 'club', name: 'Club', rule: [] }]));
  const refused = await waymark(db, 'personas', 'set', file);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /\[0\]\.rule: a persona needs at least one condition/);
  assert.match((await waymark(db, 'personas', 'list')).stdout, /^club\s+Club/m);
});
