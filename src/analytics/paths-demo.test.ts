/**
 * Paths as a user meets them: POST /v1/analyses/paths on demo data (the planted checkout
 * drop-off and payment retry loop are visible), the 400s for bad plans, and DuckDB equal to the
 * reference on the demo's own events.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadDemo } from '../demo/load-demo.js';
import { TP } from '../demo/catalogue.js';
import type { Runtime } from '../runtime.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import type { NewWorkspace } from '../store/state-store.js';
import type { EventLog } from './event-log.js';
import { type PathsResult, PathsPlanSchema, pathsAnalysis } from './paths.js';
import { runPaths } from './duckdb/paths-sql.js';
import { assertClose } from './testing/assert-close.js';

let t: TestApp;
let rt: Runtime;
let app: FastifyInstance;
let ws: NewWorkspace;

before(async () => {
  t = await openTestApp('paths');
  ({ rt, app } = t);
  ws = await rt.state.createWorkspace('Northwind');
  await loadDemo(rt, ws.id, { customers: 500, seed: 7 });
});

after(() => t.close());

const paths = (payload: object) => app.inject({ method: 'POST', url: '/v1/analyses/paths', headers: { authorization: `Bearer ${ws.secretKey}` }, payload });

test('paths from Checkout Started show the planted drop-off and the Payment Failed ↔ Payment Info Entered loop', async () => {
  const res = await paths({ start: { value: TP.checkoutStarted }, depth: 6 });
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json().result as PathsResult;
  assert.equal(r.mode, 'from_start');
  const start = r.nodes.find((n) => n.id === `1_${TP.checkoutStarted}`)!;
  assert.ok(start.count > 100, `start count ${start.count}`);
  // The planted hotspot: most checkouts never reach payment.
  assert.ok(start.dropOff / start.count > 0.4, `drop-off ${start.dropOff}/${start.count}`);
  const link = (step: number, from: string, to: string) => r.links.find((l) => l.step === step && l.from === from && l.to === to)?.value ?? 0;
  // The loop: payment info → failed → payment info → failed, at successive steps.
  assert.ok(link(2, TP.paymentInfo, TP.paymentFailed) > 0);
  assert.ok(link(3, TP.paymentFailed, TP.paymentInfo) > 0);
  assert.ok(link(4, TP.paymentInfo, TP.paymentFailed) > 0);
  for (const n of r.nodes) assert.equal(n.count, n.continued + n.dropOff);
  // Links out of a node never exceed the paths that continued from it.
  for (const n of r.nodes.filter((x) => x.step < 6)) {
    assert.ok(r.links.filter((l) => l.source === n.id).reduce((s, l) => s + l.value, 0) <= n.continued);
  }
});

test('to an end point and between two, with groups, exclusions and collapsed repeats', async () => {
  const to = (await paths({ end: { value: TP.orderCompleted }, depth: 4, collapseRepeats: true, groups: [{ pattern: 'Payment*', label: 'Payment' }] })).json().result as PathsResult;
  assert.equal(to.mode, 'to_end');
  assert.ok(to.nodes.some((n) => n.id === `4_${TP.orderCompleted}` && n.dropOff === n.count));
  assert.ok(to.nodes.some((n) => n.id === '3_Payment'), JSON.stringify(to.nodes.slice(0, 5)));
  assert.ok(!to.nodes.some((n) => n.activity.startsWith('Payment ')), 'grouped payment touchpoints are one node');
  const between = (await paths({ start: { value: TP.checkoutStarted }, end: { value: TP.orderCompleted }, depth: 3, exclude: [{ pattern: 'Payment Failed' }] })).json().result as PathsResult;
  assert.equal(between.mode, 'between');
  assert.ok(between.paths > 0 && between.nodes.every((n) => n.activity !== TP.paymentFailed));
});

test('bad plans are 400s that say which field; an unknown start is refused by name', async () => {
  const unknown = await paths({ start: { value: 'No Such Page' } });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /start/);
  assert.match(unknown.body, /No Such Page/);
  const inverted = await paths({ scope: { from: '2026-05-01', to: '2026-04-01' } });
  assert.equal(inverted.statusCode, 400);
  assert.match(inverted.body, /scope\.to|inverted/);
  const deep = await paths({ depth: 50 });
  assert.equal(deep.statusCode, 400);
  assert.match(deep.body, /depth/);
  const impossible = await paths({ start: { value: TP.checkoutStarted }, end: { value: TP.orderCompleted }, depth: 1 });
  assert.equal(impossible.statusCode, 400);
  assert.match(impossible.body, /at least 2 steps/);
  const badRegex = await paths({ groups: [{ pattern: '/(?<=x)y/' }] });
  assert.equal(badRegex.statusCode, 400);
  assert.match(badRegex.body, /groups/);
  const gap = await paths({ sessionGap: '0s' });
  assert.equal(gap.statusCode, 400);
  assert.match(gap.body, /sessionGap/);
});

test('on the demo’s own events DuckDB equals the reference', async () => {
  const rows = await rt.db.all(
    `SELECT message_id, customer_id, epoch_ms(timestamp) AS ts, type, name, source, channel, touchpoint, stage, properties FROM events WHERE workspace_id = $1`,
    [ws.id],
  );
  const log: EventLog = {
    events: rows.map((r) => ({
      messageId: String(r.message_id),
      customerId: String(r.customer_id),
      timestamp: Number(r.ts),
      type: String(r.type),
      name: String(r.name),
      source: String(r.source),
      channel: r.channel === null ? null : String(r.channel),
      touchpoint: r.touchpoint === null ? null : String(r.touchpoint),
      stage: r.stage === null ? null : String(r.stage),
      properties: JSON.parse(String(r.properties ?? '{}')) as Record<string, unknown>,
    })),
    traits: new Map(),
  };
  for (const input of [
    { start: { value: TP.checkoutStarted }, depth: 6, limit: 10_000 },
    { by: 'event', groups: [{ pattern: 'Product*' }], exclude: [{ pattern: 'Newsletter*' }], collapseRepeats: true, limit: 10_000 },
    { end: { value: TP.orderCompleted }, depth: 5, sessionGap: '10m', limit: 10_000 },
  ]) {
    const plan = PathsPlanSchema.parse(input);
    assertClose(await runPaths((q) => rt.db.all(q.sql, q.params), ws.id, plan), pathsAnalysis.reference(plan, log), 'paths');
  }
});
