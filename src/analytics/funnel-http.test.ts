/**
 * Funnels as a user reaches them: POST /v1/analyses/funnel on demo data shows the planted
 * Checkout Started → Payment Info Entered drop-off; bad plans are 400s that name the field;
 * funnel-customers pages through the customers who dropped.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { demoCatalogue } from '../demo/catalogue.js';
import { generateDemo } from '../demo/generator.js';
import type { CanonicalEvent } from '../domain/event.js';
import { SegmentMessageSchema, segmentToCanonical } from '../ingest/segment.js';
import type { Runtime } from '../runtime.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import type { NewWorkspace } from '../store/state-store.js';
import type { FunnelResult } from './funnel.js';
import type { FunnelCustomersResult } from './funnel-customers.js';

let t: TestApp;
let rt: Runtime;
let app: FastifyInstance;
let ws: NewWorkspace;

before(async () => {
  t = await openTestApp('funnel');
  ({ rt, app } = t);
  ws = await rt.state.createWorkspace('Northwind funnels');
  const catalogue = demoCatalogue();
  await rt.ingest.replaceCatalogue(ws.id, catalogue);
  const events: CanonicalEvent[] = [];
  for (const m of generateDemo({ customers: 600, seed: 3 })) {
    const e = segmentToCanonical(SegmentMessageSchema.parse(m.message), m.message, { receivedAt: new Date(), source: m.source });
    if (typeof e !== 'string') events.push(e);
  }
  await rt.events.append(ws.id, events, catalogue);
});

after(() => t.close());

const CHECKOUT = ['Product Page', 'Add to Cart', 'Checkout Started', 'Payment Info Entered', 'Order Completed'];
const analyse = (kind: string, payload: object) => app.inject({ method: 'POST', url: `/v1/analyses/${kind}`, headers: { authorization: `Bearer ${ws.secretKey}` }, payload });

test('the demo checkout funnel shows the planted drop-off at Checkout Started → Payment Info Entered', async () => {
  const r = await analyse('funnel', { steps: CHECKOUT.map((value) => ({ value })), window: '7d', breakdown: 'channel' });
  assert.equal(r.statusCode, 200, r.body);
  const f = r.json().result as FunnelResult;
  const rates = f.total.steps.slice(1).map((s) => s.fromPrevious!);
  assert.ok(f.total.steps[0]!.count > 300, `entered ${f.total.steps[0]!.count}`);
  const payment = rates[2]!;
  for (const [i, x] of rates.entries()) if (i !== 2) assert.ok(payment < x - 0.15, `payment step ${payment.toFixed(2)} vs step ${i + 2} ${x.toFixed(2)}`);
  // Counts never grow along the funnel; times are reported for those who converted.
  assert.ok(f.total.steps.every((s, i) => i === 0 || s.count <= f.total.steps[i - 1]!.count));
  assert.equal(f.total.timeToConvert.count, f.total.steps[4]!.count);
  assert.equal(
    f.total.timeToConvert.histogram.reduce((s, b) => s + b.count, 0),
    f.total.steps[4]!.count,
  );
  assert.ok(f.breakdown && f.breakdown.groups.some((g) => g.value === 'web'));
  assert.equal(
    f.breakdown.groups.reduce((s, g) => s + g.steps[0]!.count, 0),
    f.total.steps[0]!.count,
  );
});

test('funnel-customers pages through the customers who dropped at a step', async () => {
  const base = { steps: CHECKOUT.map((value) => ({ value })), window: '7d', step: 4, status: 'dropped' };
  const all = (await analyse('funnel-customers', { ...base, limit: 10_000 })).json().result as FunnelCustomersResult;
  const page = (await analyse('funnel-customers', { ...base, limit: 5, offset: 5 })).json().result as FunnelCustomersResult;
  const f = (await analyse('funnel', { steps: base.steps, window: '7d' })).json().result as FunnelResult;
  assert.equal(all.total, f.total.steps[3]!.dropped);
  assert.equal(page.total, all.total);
  assert.deepEqual(page.customers, all.customers.slice(5, 10));
  assert.ok(all.customers.every((c) => c.reached === 3));
});

test('bad funnel plans are 400s naming the field', async () => {
  const steps = CHECKOUT.slice(0, 3).map((value) => ({ value }));
  const cases: Array<[object, string]> = [
    [{ steps: [steps[0], { value: 'No Such Touchpoint' }] }, 'steps[1]'],
    [{ steps, scope: { from: '2026-03-01', to: '2026-02-01' } }, 'scope.to'],
    [{ steps, window: '10s' }, 'window'],
    [{ steps, window: '2y' }, 'window'],
    [{ steps: [steps[0]] }, 'steps'],
    [{ steps, order: 'strict', exclusions: [{ from: 1, to: 2, step: { value: 'Payment Failed' } }] }, 'exclusions[0]'],
    [{ steps, exclusions: [{ from: 2, to: 5, step: { value: 'Payment Failed' } }] }, 'exclusions[0].to'],
    [{ steps, breakdown: 'favourite colour' }, 'breakdown'],
  ];
  for (const [plan, where] of cases) {
    const r = await analyse('funnel', plan);
    assert.equal(r.statusCode, 400, `${JSON.stringify(plan)} → ${r.statusCode} ${r.body}`);
    assert.ok(r.body.includes(where), `${where} in ${r.body}`);
  }
  const r = await analyse('funnel-customers', { steps, step: 1, status: 'dropped' });
  assert.equal(r.statusCode, 400);
  assert.ok(r.body.includes('step'), r.body);
});
