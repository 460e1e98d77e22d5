/**
 * People and journey maps over HTTP, on demo data: sign-in sets a session cookie that the read
 * API accepts; roles decide who may change what (a viewer cannot edit a map, the API refuses);
 * maps from templates and from the data proposal; bad documents are 400s naming the field and
 * leave the stored map as it was; stale revisions are 409s; KPI lanes get live numbers that move
 * with the persona; versions keep their numbers and compare; comments resolve mentions; exports
 * of every format, and the JSON export imports back to the identical map; tenants are isolated.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD_DEFAULT } from '../src/demo/demo-team.js';
import type { JourneyMap, StoredMap } from '../src/domain/journey-map.js';
import type { MapMetrics } from '../src/maps/map-metrics.js';
import { type DemoTestApp, openDemoTestApp } from '../src/testing/test-app.js';

let t: DemoTestApp;
let app: FastifyInstance;
const cookies: Record<string, string> = {};

async function signIn(email: string, password = DEMO_PASSWORD_DEFAULT): Promise<{ status: number; cookie: string | null; body: unknown }> {
  const r = await app.inject({ method: 'POST', url: '/v1/auth/signin', payload: { email, password } });
  const set = r.headers['set-cookie'];
  const raw = Array.isArray(set) ? set[0] : set;
  return { status: r.statusCode, cookie: raw ? raw.split(';')[0]! : null, body: r.json() };
}

function as(role: 'admin' | 'editor' | 'viewer') {
  return async (method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: unknown) => {
    const r = await app.inject({ method, url, headers: { cookie: cookies[role]! }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, body: r.body ? (String(r.headers['content-type'] ?? '').includes('json') ? r.json() : r.body) : null, headers: r.headers };
  };
}

before(async () => {
  t = await openDemoTestApp('maps-api', { customers: 600, seed: 11 });
  app = t.app;
  for (const [role, email] of [['admin', 'admin@northwind.example'], ['editor', 'ana@northwind.example'], ['viewer', 'sam@northwind.example']] as const) {
    const s = await signIn(email);
    assert.equal(s.status, 200, JSON.stringify(s.body));
    cookies[role] = s.cookie!;
  }
});

after(() => t?.close());

test('sign-in: a session cookie (httpOnly, SameSite=Strict) for the right password only; me; sign-out ends it', async () => {
  const bad = await signIn('ana@northwind.example', 'wrong-password');
  assert.equal(bad.status, 401);
  assert.equal((bad.body as { error: { code: string } }).error.code, 'invalid_credentials');
  const unknown = await signIn('nobody@northwind.example');
  assert.equal(unknown.status, 401);
  const missing = await app.inject({ method: 'POST', url: '/v1/auth/signin', payload: { email: 'not-an-email', password: '' } });
  assert.equal(missing.statusCode, 400);
  const wheres = (missing.json() as { error: { problems: Array<{ where: string }> } }).error.problems.map((p) => p.where);
  assert.deepEqual(wheres.sort(), ['body.email', 'body.password']);

  const r = await app.inject({ method: 'POST', url: '/v1/auth/signin', payload: { email: 'ANA@northwind.example', password: DEMO_PASSWORD_DEFAULT } });
  const set = String(r.headers['set-cookie']);
  assert.match(set, /waymark_session=ses_/);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  const cookie = set.split(';')[0]!;
  const me = await app.inject({ method: 'GET', url: '/v1/auth/me', headers: { cookie } });
  assert.equal(me.statusCode, 200);
  assert.deepEqual((me.json() as { user: { role: string; email: string } }).user.role, 'editor');
  assert.equal((await app.inject({ method: 'POST', url: '/v1/auth/signout', headers: { cookie } })).statusCode, 204);
  assert.equal((await app.inject({ method: 'GET', url: '/v1/auth/me', headers: { cookie } })).statusCode, 401);
  assert.equal((await app.inject({ method: 'GET', url: '/v1/stats', headers: { cookie } })).statusCode, 401);
});

test('roles: viewers read, editors edit maps and personas, admins manage people; the secret key still works', async () => {
  const viewer = as('viewer');
  const editor = as('editor');
  const admin = as('admin');
  assert.equal((await viewer('GET', '/v1/stats')).status, 200);
  assert.equal((await viewer('GET', '/v1/users')).status, 200);
  assert.equal((await viewer('POST', '/v1/maps', { template: 'e-commerce' })).status, 403);
  assert.equal((await viewer('PUT', '/v1/personas', { personas: [] })).status, 403);
  assert.equal((await editor('POST', '/v1/users', { email: 'x@y.example', name: 'X', role: 'viewer', password: 'long-enough' })).status, 403);
  assert.equal((await editor('PUT', '/v1/stages', [{ key: 'a', label: 'A' }])).status, 403);
  const added = await admin('POST', '/v1/users', { email: 'New.Person@Northwind.example', name: 'New Person', role: 'viewer', password: 'long-enough' });
  assert.equal(added.status, 201);
  assert.equal((added.body as { email: string }).email, 'new.person@northwind.example');
  const dup = await admin('POST', '/v1/users', { email: 'new.person@northwind.example', name: 'Again', role: 'viewer', password: 'long-enough' });
  assert.equal(dup.status, 400);
  const short = await admin('POST', '/v1/users', { email: 'p@northwind.example', name: 'P', role: 'boss', password: 'short' });
  assert.equal(short.status, 400);
  assert.deepEqual((short.body as { error: { problems: Array<{ where: string }> } }).error.problems.map((p) => p.where).sort(), ['body.password', 'body.role']);
  const id = (added.body as { id: string }).id;
  const promoted = await admin('PATCH', `/v1/users/${id}`, { role: 'editor' });
  assert.equal((promoted.body as { role: string }).role, 'editor');
  assert.equal((await admin('DELETE', `/v1/users/${id}`)).status, 204);
  const key = await app.inject({ method: 'GET', url: '/v1/maps', headers: { authorization: `Bearer ${t.ws.secretKey}` } });
  assert.equal(key.statusCode, 200);
  // Another tenant's key sees none of this workspace's maps or people.
  const other = await app.inject({ method: 'GET', url: '/v1/maps', headers: { authorization: `Bearer ${t.other.secretKey}` } });
  assert.deepEqual(other.json(), { maps: [] });
  const otherUsers = await app.inject({ method: 'GET', url: '/v1/users', headers: { authorization: `Bearer ${t.other.secretKey}` } });
  assert.deepEqual(otherUsers.json(), { users: [] });
});

test('maps: create from a template, edit with revisions, bad input is a 400 naming the field and stores nothing, a stale revision is a 409', async () => {
  const editor = as('editor');
  const viewer = as('viewer');
  const templates = (await viewer('GET', '/v1/map-templates')).body as { templates: Array<{ key: string }> };
  assert.deepEqual(templates.templates.map((x) => x.key).sort(), ['b2b-lead-to-deal', 'e-commerce', 'saas-subscription', 'telecom-support']);
  const created = await editor('POST', '/v1/maps', { template: 'e-commerce', name: 'Checkout journey' });
  assert.equal(created.status, 201);
  const map = created.body as StoredMap;
  assert.equal(map.doc.name, 'Checkout journey');
  assert.equal(map.revision, 1);

  const unknownTemplate = await editor('POST', '/v1/maps', { template: 'nope' });
  assert.equal(unknownTemplate.status, 400);

  const firstLane = map.doc.lanes.find((l) => l.kind === 'text')!;
  const firstStep = map.doc.stages[0]!.steps[0]!;
  const edited: JourneyMap = { ...map.doc, cells: { ...map.doc.cells, [`${firstLane.id}/${firstStep.id}`]: { text: 'Sees a trail-running ad' } } };
  const saved = await editor('PUT', `/v1/maps/${map.id}`, { doc: edited, revision: 1 });
  assert.equal(saved.status, 200);
  assert.equal((saved.body as StoredMap).revision, 2);

  const broken = { ...edited, stages: [{ ...edited.stages[0]!, name: '' }, ...edited.stages.slice(1)], cells: { ...edited.cells, [`${firstLane.id}/${firstStep.id}`]: { emotion: 1 } } };
  const bad = await editor('PUT', `/v1/maps/${map.id}`, { doc: broken, revision: 2 });
  assert.equal(bad.status, 400);
  const wheres = (bad.body as { error: { problems: Array<{ where: string }> } }).error.problems.map((p) => p.where);
  assert.ok(wheres.includes('body.doc.stages.0.name'), wheres.join());
  assert.ok(wheres.some((w) => w.startsWith(`body.doc.cells.${firstLane.id}/${firstStep.id}`)), wheres.join());
  const after400 = (await viewer('GET', `/v1/maps/${map.id}`)).body as StoredMap;
  assert.equal(after400.revision, 2);
  assert.deepEqual(after400.doc, edited);

  const stale = await editor('PUT', `/v1/maps/${map.id}`, { doc: { ...edited, name: 'Lost update' }, revision: 1 });
  assert.equal(stale.status, 409);
  assert.equal(((await viewer('GET', `/v1/maps/${map.id}`)).body as StoredMap).doc.name, 'Checkout journey');
  assert.equal((await viewer('PUT', `/v1/maps/${map.id}`, { doc: edited, revision: 2 })).status, 403);
});

test('maps from the data proposal bind KPI lanes whose numbers come from the demo data and move with the persona', async () => {
  const editor = as('editor');
  const created = await editor('POST', '/v1/maps', { fromProposal: true });
  assert.equal(created.status, 201);
  const map = created.body as StoredMap;
  assert.ok(map.doc.stages.length >= 4, map.doc.stages.map((s) => s.name).join());
  const volume = map.doc.lanes.find((l) => l.metric === 'volume')!;
  assert.ok(volume, 'a volume lane');
  const all = (await editor('GET', `/v1/maps/${map.id}/metrics`)).body as MapMetrics;
  assert.deepEqual(all.warnings, []);
  const first = map.doc.stages[0]!.steps[0]!.id;
  const reached = all.lanes[volume.id]![first]!;
  assert.ok(typeof reached.value === 'number' && reached.value > 100, JSON.stringify(reached));
  // The same map for one persona counts fewer customers.
  const persona = (((await editor('GET', '/v1/personas')).body as { personas: Array<{ key: string }> }).personas[0]!).key;
  const narrowed = await editor('PUT', `/v1/maps/${map.id}`, { doc: { ...map.doc, persona }, revision: map.revision });
  assert.equal(narrowed.status, 200);
  const some = (await editor('GET', `/v1/maps/${map.id}/metrics`)).body as MapMetrics;
  const narrowedValue = some.lanes[volume.id]![first]!.value!;
  assert.ok(narrowedValue > 0 && narrowedValue < reached.value!, `${narrowedValue} < ${reached.value}`);
  const conversion = map.doc.lanes.find((l) => l.metric === 'conversion');
  if (conversion) {
    const v = some.lanes[conversion.id]![first]!.value;
    assert.ok(v !== null && v > 0 && v <= 1, String(v));
  }
});

test('versions keep the map and its numbers; compare says what changed; comments resolve @mentions', async () => {
  const editor = as('editor');
  const viewer = as('viewer');
  const map = (await editor('POST', '/v1/maps', { template: 'e-commerce' })).body as StoredMap;
  const v1 = await editor('POST', `/v1/maps/${map.id}/versions`, { label: 'Before workshop' });
  assert.equal(v1.status, 201);
  assert.equal((v1.body as { version: number }).version, 1);
  const renamed = { ...map.doc, stages: map.doc.stages.map((s, i) => (i === 0 ? { ...s, name: 'Daydream' } : s)) };
  const put = await editor('PUT', `/v1/maps/${map.id}`, { doc: renamed, revision: map.revision });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  await editor('POST', `/v1/maps/${map.id}/versions`, { label: 'After workshop' });
  const versions = (await viewer('GET', `/v1/maps/${map.id}/versions`)).body as { versions: Array<{ version: number; label: string }> };
  assert.deepEqual(versions.versions.map((v) => v.label), ['After workshop', 'Before workshop']);
  const detail = (await viewer('GET', `/v1/maps/${map.id}/versions/1`)).body as { doc: JourneyMap; metrics: MapMetrics };
  assert.equal(detail.doc.stages[0]!.name, map.doc.stages[0]!.name);
  assert.ok(detail.metrics && typeof detail.metrics.lanes === 'object');
  const cmp = await viewer('GET', `/v1/maps/${map.id}/compare?from=1&to=2`);
  assert.equal(cmp.status, 200);
  assert.match(JSON.stringify(cmp.body), /Daydream/);
  assert.equal((await viewer('GET', `/v1/maps/${map.id}/compare?from=9`)).status, 400);

  const lane = map.doc.lanes[0]!.id;
  const step = map.doc.stages[0]!.steps[0]!.id;
  const c = await editor('POST', `/v1/maps/${map.id}/comments`, { cell: `${lane}/${step}`, body: 'Can @sam check this with @admin@northwind.example?' });
  assert.equal(c.status, 201);
  const users = ((await viewer('GET', '/v1/users')).body as { users: Array<{ id: string; email: string }> }).users;
  const idOf = (email: string) => users.find((u) => u.email === email)!.id;
  assert.deepEqual((c.body as { mentions: string[] }).mentions, [idOf('sam@northwind.example'), idOf('admin@northwind.example')]);
  assert.equal((await editor('POST', `/v1/maps/${map.id}/comments`, { cell: `${lane}/nope`, body: 'x' })).status, 400);
  assert.equal((await editor('POST', `/v1/maps/${map.id}/comments`, { cell: `${lane}/${step}`, body: '   ' })).status, 400);
  assert.equal((await viewer('POST', `/v1/maps/${map.id}/comments`, { cell: `${lane}/${step}`, body: 'hi' })).status, 403);
  const id = (c.body as { id: string }).id;
  const resolved = await editor('POST', `/v1/maps/${map.id}/comments/${id}/resolve`, {});
  assert.equal((resolved.body as { resolved: boolean }).resolved, true);
  const list = (await viewer('GET', `/v1/maps/${map.id}/comments`)).body as { comments: Array<{ author: { name: string } }> };
  assert.equal(list.comments[0]!.author.name, 'Ana Ruiz');
});

test('exports: JSON imports back to the identical map; CSV, Mermaid journey, SVG and PNG', async () => {
  const editor = as('editor');
  const map = (await editor('POST', '/v1/maps', { template: 'telecom-support' })).body as StoredMap;
  const json = await editor('GET', `/v1/maps/${map.id}/export?format=json`);
  assert.equal(json.status, 200);
  assert.match(String(json.headers['content-disposition']), /attachment; filename=".+\.json"/);
  const imported = await app.inject({ method: 'POST', url: '/v1/maps/import', headers: { cookie: cookies.editor!, 'content-type': 'application/json' }, payload: typeof json.body === 'string' ? json.body : JSON.stringify(json.body) });
  assert.equal(imported.statusCode, 201);
  assert.deepEqual((imported.json() as StoredMap).doc, map.doc);
  const badImport = await app.inject({ method: 'POST', url: '/v1/maps/import', headers: { cookie: cookies.editor!, 'content-type': 'application/json' }, payload: { format: 'waymark.map/1', map: { name: '' } } });
  assert.equal(badImport.statusCode, 400);

  const csv = await editor('GET', `/v1/maps/${map.id}/export?format=csv`);
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  assert.match(String(csv.body).replace(/^\uFEFF/, ''), /^lane,kind,/);
  const mermaid = await editor('GET', `/v1/maps/${map.id}/export?format=mermaid`);
  assert.match(String(mermaid.body), /^journey\n {2}title /);
  assert.match(String(mermaid.body), /\n {2}section /);
  const svg = await editor('GET', `/v1/maps/${map.id}/export?format=svg`);
  assert.match(String(svg.headers['content-type']), /image\/svg\+xml/);
  assert.match(String(svg.body), /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const png = await app.inject({ method: 'GET', url: `/v1/maps/${map.id}/export?format=png`, headers: { cookie: cookies.viewer! } });
  assert.equal(png.statusCode, 200);
  assert.deepEqual([...png.rawPayload.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.equal((await editor('GET', `/v1/maps/${map.id}/export?format=docx`)).status, 400);
});

test('personas: a profile with goals and demographics; the live count of a rule while editing', async () => {
  const viewer = as('viewer');
  const personas = ((await viewer('GET', '/v1/personas')).body as { personas: Array<{ key: string; profile: { goals: string[] }; customers: number }> }).personas;
  assert.ok(personas.every((p) => p.profile.goals.length > 0));
  const p = personas[0]!;
  const preview = await viewer('POST', '/v1/personas/preview', { rule: [{ field: 'traits.persona', op: 'eq', value: p.key }] });
  assert.equal((preview.body as { customers: number }).customers, p.customers);
  const bad = await viewer('POST', '/v1/personas/preview', { rule: [{ field: 'properties.x', op: 'eq', value: 1 }] });
  assert.equal(bad.status, 400);
});
