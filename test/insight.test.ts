/**
 * The findings engine on demo data where the truth is known: one seed at 3,000 customers finds
 * the planted pain points with precision and recall ≥ 0.9 (docs/insight.md defines a match), a
 * control set with nothing planted gives no finding of a planted kind; findings are kept with a
 * stable identity, triaged, served over HTTP, and the health score moves with them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { demoManifest } from '../src/demo/generator.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { whereText } from '../src/insight/finding.js';
import { scoreAgainstTruths } from '../src/insight/match.js';
import { runFindings } from '../src/insight/run-findings.js';
import { findingsIntervalMs } from '../src/insight/schedule.js';
import type { Runtime } from '../src/runtime.js';
import { openTestApp, type TestApp } from '../src/testing/test-app.js';
import type { NewWorkspace } from '../src/store/state-store.js';

const SEED = 5;
const CUSTOMERS = 3000;
let t: TestApp;
let rt: Runtime;
let app: FastifyInstance;
let planted: NewWorkspace;
let control: NewWorkspace;

before(async () => {
  t = await openTestApp('insight');
  ({ rt, app } = t);
  planted = await rt.state.createWorkspace('Planted');
  control = await rt.state.createWorkspace('Control');
  await loadDemo(rt, planted.id, { customers: CUSTOMERS, seed: SEED });
  await loadDemo(rt, control.id, { customers: 2000, seed: SEED + 1, plant: false });
});

after(() => t?.close());

const auth = (w: NewWorkspace) => ({ authorization: `Bearer ${w.secretKey}` });

test(`the planted truths are found (seed ${SEED}, ${CUSTOMERS} customers): precision and recall ≥ 0.9`, async () => {
  const r = await runFindings({ db: rt.db, analytics: rt.analytics, state: rt.state }, planted.id);
  const s = scoreAgainstTruths(r.findings, demoManifest({ customers: CUSTOMERS, seed: SEED }).plantedTruths);
  const found = r.findings.map((f) => `${f.kind} ${whereText(f.where)}`).join('\n');
  assert.ok(s.recall >= 0.9, `recall ${s.recall}; missed ${s.missed.map((t) => t.kind).join(', ')}\n${found}`);
  assert.ok(s.precision >= 0.9, `precision ${s.precision}; false positives ${JSON.stringify(s.falsePositives)}`);
  for (const f of r.findings) {
    assert.ok(f.confidence.q < 0.01 && f.confidence.p <= f.confidence.q, `${f.kind}: p ${f.confidence.p} q ${f.confidence.q}`);
    assert.ok(f.customers > 0 && f.exampleCustomers.length > 0, `${f.kind} names customers`);
    assert.ok(f.opportunity.length > 20);
  }
});

test('with nothing planted, no finding of a planted kind', async () => {
  const r = await runFindings({ db: rt.db, analytics: rt.analytics, state: rt.state }, control.id);
  const s = scoreAgainstTruths(r.findings, []);
  assert.deepEqual(s.falsePositives, [], r.findings.map((f) => `${f.kind} ${whereText(f.where)}`).join('\n'));
});

test('HTTP: run, list, a re-run updates instead of duplicating, dismiss and link survive it, health moves with findings', async () => {
  const first = await app.inject({ method: 'POST', url: '/v1/findings/run', headers: auth(planted) });
  assert.equal(first.statusCode, 200, first.body);
  const ids = first.json().findings.map((f: { id: string }) => f.id).sort();
  assert.ok(ids.length >= 5);
  const health0 = (await app.inject({ method: 'GET', url: '/v1/health', headers: auth(planted) })).json();
  const purchase = health0.stages.find((s: { stage: string }) => s.stage === 'purchase');
  assert.ok(purchase.score < 100 && purchase.movedBy.length >= 2, JSON.stringify(purchase));
  assert.ok(health0.overall > 0 && health0.overall < 100);

  const loop = first.json().findings.find((f: { kind: string }) => f.kind === 'loop');
  const drop = first.json().findings.find((f: { kind: string }) => f.kind === 'drop_off_hotspot');
  assert.equal((await app.inject({ method: 'POST', url: `/v1/findings/${loop.id}/dismiss`, headers: auth(planted), payload: { note: 'known' } })).statusCode, 200);
  const linked = await app.inject({ method: 'POST', url: `/v1/findings/${drop.id}/link`, headers: auth(planted), payload: { owner: 'ana', status: 'in progress' } });
  assert.equal(linked.json().status, 'linked');

  const second = await app.inject({ method: 'POST', url: '/v1/findings/run', headers: auth(planted) });
  assert.equal(second.statusCode, 200);
  const all = (await app.inject({ method: 'GET', url: '/v1/findings?all=true', headers: auth(planted) })).json().findings;
  assert.deepEqual(all.map((f: { id: string }) => f.id).sort(), ids, 'same identities, no duplicates');
  assert.equal(all.find((f: { id: string }) => f.id === loop.id).status, 'dismissed');
  const visible = (await app.inject({ method: 'GET', url: '/v1/findings', headers: auth(planted) })).json().findings;
  assert.ok(!visible.some((f: { id: string }) => f.id === loop.id), 'dismissed findings are hidden by default');
  const d = (await app.inject({ method: 'GET', url: `/v1/findings/${drop.id}`, headers: auth(planted) })).json();
  assert.equal(d.owner, 'ana');
  assert.equal(d.opportunityStatus, 'in progress');
  assert.equal(d.history.length, 2);
});

test('HTTP: bad input is a 400 naming the field, unknown ids 404, no key 401, tenants isolated', async () => {
  const bad = await app.inject({ method: 'POST', url: '/v1/findings/f_0000000000000000/link', headers: auth(planted), payload: { status: 'x' } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /body\.owner/);
  assert.equal((await app.inject({ method: 'GET', url: '/v1/findings/nope', headers: auth(planted) })).statusCode, 400);
  assert.equal((await app.inject({ method: 'GET', url: '/v1/findings/f_0000000000000000', headers: auth(planted) })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/v1/findings?kind=bogus', headers: auth(planted) })).statusCode, 400);
  assert.equal((await app.inject({ method: 'GET', url: '/v1/findings' })).statusCode, 401);
  const theirs = (await app.inject({ method: 'GET', url: '/v1/findings?all=true', headers: auth(control) })).json();
  assert.equal(theirs.findings.length, 0);
});

test('the findings timer is off by default and reads minutes', () => {
  assert.equal(findingsIntervalMs({}), null);
  assert.equal(findingsIntervalMs({ WAYMARK_FINDINGS_INTERVAL: '0' }), null);
  assert.equal(findingsIntervalMs({ WAYMARK_FINDINGS_INTERVAL: '15' }), 900_000);
  assert.throws(() => findingsIntervalMs({ WAYMARK_FINDINGS_INTERVAL: 'soon' }), /minutes/);
});
