/**
 * KPIs: a hand-checked log (sessions split at the gap, pages per visit, time on page, NPS, CSAT,
 * CES by touchpoint_ref, conversion after the group's first event, churn), no NaN on empty
 * scopes, DuckDB equal to the reference on random logs, and the HTTP route with its 400s.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { EventLog, LogEvent } from './event-log.js';
import { type KpisResult, KpisPlanSchema, numericValue } from './kpis.js';
import { AnalyticsHarness } from './testing/analytics-harness.js';
import { CHANNELS, EVENT_NAMES, richEventLogArb, scopeArb, STAGES, T0, TOUCHPOINTS } from './testing/random-log.js';
import { loadConfig } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { buildApp } from '../server/app.js';
import { KeyCache } from '../server/auth.js';
import type { NewWorkspace } from '../store/state-store.js';
import { SUITE_CATALOGUE } from '../store/store-suite.js';

let h: AnalyticsHarness;
before(async () => {
  h = await AnalyticsHarness.open();
});
after(() => h.close());

const MIN = 60_000;
const DAY = 86_400_000;

let seq = 0;
function ev(customer: string, timestamp: number, touchpoint: string | null, extra: Partial<LogEvent> = {}): LogEvent {
  seq++;
  return { messageId: `m${String(seq).padStart(3, '0')}`, customerId: customer, timestamp, type: 'track', name: touchpoint ?? 'x', source: 'web', channel: 'web', touchpoint, stage: 'purchase', properties: {}, ...extra };
}
const page = (customer: string, timestamp: number, touchpoint: string, seconds: unknown) => ev(customer, timestamp, touchpoint, { type: 'page', properties: { time_on_page: seconds } });
const survey = (customer: string, timestamp: number, kind: string, score: unknown, ref?: string) =>
  ev(customer, timestamp, kind.toUpperCase() + ' Survey', { stage: 'retention', properties: { survey: kind, score, ...(ref ? { touchpoint_ref: ref } : {}) } });

async function both(log: EventLog, raw: unknown): Promise<KpisResult> {
  const plan = KpisPlanSchema.parse(raw);
  await h.check('kpis', log, plan);
  return (await h.backend.run('ws_prop', 'kpis', plan)) as KpisResult;
}

test('numbers are read as DuckDB reads them', () => {
  assert.deepEqual(['12', ' 7 ', '1.', '+5', '.5', '1e3', 'n/a', '', 'true', '1e400', '0x10'].map(numericValue), [12, 7, 1, 5, 0.5, 1000, null, null, null, null, null]);
});

test('a hand-built log: every KPI by touchpoint and in total', async () => {
  const t = T0;
  const log: EventLog = {
    traits: new Map([['a', { persona: 'hiker' }], ['b', { persona: 'parent' }]]),
    events: [
      // a: one session of three pages (Home, Product ×2), then 31 minutes later a new session that converts
      page('a', t, 'Home', 30),
      page('a', t + 10 * MIN, 'Product', '90'),
      page('a', t + 20 * MIN, 'Product', 'n/a'),
      ev('a', t + 51 * MIN, 'Order Completed'),
      survey('a', t + 52 * MIN, 'csat', 2, 'Home Delivery'),
      survey('a', t + 53 * MIN, 'nps', 10),
      // b: a Home page exactly 30 minutes before an order (same session), surveys, then a visit 40 days later
      page('b', t, 'Home', 60),
      ev('b', t + 30 * MIN, 'Order Completed'),
      survey('b', t + 31 * MIN, 'csat', 5, 'Home'),
      survey('b', t + 32 * MIN, 'nps', 3),
      survey('b', t + 33 * MIN, 'nps', 11), // off the scale: ignored
      survey('b', t + 34 * MIN, 'ces', 6),
      page('b', t + 40 * DAY, 'Product', 10),
    ],
  };
  const r = await both(log, { group: 'touchpoint', churnWindow: '30d' });
  const row = (g: string | null) => r.rows.find((x) => x.group === g)!;
  assert.deepEqual(r.rows.map((x) => x.group), ['CES Survey', 'CSAT Survey', 'Home', 'Home Delivery', 'NPS Survey', 'Order Completed', 'Product']);
  // Home: a and b; both order after their Home visit. Sessions touching Home: a's first, b's first (the order 30 min later is in it)
  assert.deepEqual([row('Home').customers, row('Home').conversionRate, row('Home').sessions], [2, 1, 2]);
  // pages per visit over those two sessions: (3 + 1) / 2; time on page of Home pages: 30 and 60
  assert.equal(row('Home').pagesPerVisit, 2);
  assert.deepEqual([row('Home').timeOnPageMean, row('Home').timeOnPageMedian], [45, 45]);
  // Product: a converted after it (51 min later); b's only Product visit is 40 days after the order
  assert.equal(row('Product').conversionRate, 0.5);
  assert.deepEqual([row('Product').timeOnPageMean, row('Product').timeOnPageMedian], [50, 50]);
  // surveys go to their touchpoint_ref: CSAT Home Delivery 2/5, Home 5/5; NPS without a ref stays on NPS Survey
  assert.deepEqual([row('Home Delivery').csat, row('Home Delivery').csatMean, row('Home Delivery').csatResponses], [0, 2, 1]);
  assert.deepEqual([row('Home').csat, row('Home').csatMean], [1, 5]);
  assert.equal(row('Home Delivery').customers, 0);
  assert.equal(row('Home Delivery').conversionRate, null);
  assert.deepEqual([row('NPS Survey').nps, row('NPS Survey').npsResponses], [0, 2]);
  assert.equal(row('CES Survey').cesMean, 6);
  // churn: the data ends 1 ms after b's last page; a (last active on day 0) has churned, b has not
  assert.deepEqual([row('Home').churnRate, row('Product').churnRate, row('NPS Survey').churnRate], [0.5, 0.5, 0.5]);
  // total: 2 customers, both converted; sessions: a 2, b 2
  assert.deepEqual([r.total.customers, r.total.conversionRate, r.total.sessions, r.total.nps, r.total.csat, r.total.churnRate], [2, 1, 4, 0, 0.5, 0.5]);
  assert.equal(r.total.pagesPerVisit, 5 / 3);

  const persona = await both(log, { group: 'persona', series: 'week' });
  assert.deepEqual(persona.rows.map((x) => [x.bucket, x.group, x.customers]), [
    ['2026-01-05', 'hiker', 1],
    ['2026-01-05', 'parent', 1],
    ['2026-02-09', 'parent', 1],
  ]);
  // with a 1-minute gap: a's pages are 3 sessions plus one for the order and surveys a minute apart; b: page, order + surveys, the late page
  const gaps = await both(log, { sessionGap: '1m' });
  assert.equal(gaps.total.sessions, 7);
});

test('an empty scope: no rows, every ratio null', async () => {
  const r = await both({ events: [], traits: new Map() }, { group: 'stage', series: 'month' });
  assert.deepEqual(r.rows, []);
  assert.equal(r.observedUntil, null);
  for (const [k, v] of Object.entries(r.total)) assert.ok(typeof v === 'number' ? v === 0 && !Number.isNaN(v) : v === null, k);
});

const conversionArb = fc.oneof(
  fc.record({ by: fc.constant('touchpoint' as const), value: fc.constantFrom(...TOUCHPOINTS) }),
  fc.record({ by: fc.constant('stage' as const), value: fc.constantFrom(...STAGES) }),
  fc.record({ by: fc.constant('event' as const), value: fc.constantFrom(...EVENT_NAMES), where: fc.constant([{ field: 'channel', op: 'in' as const, value: [...CHANNELS.slice(0, 2)] }]) }),
);

const planArb = fc.record({
  scope: fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: scopeArb }),
  group: fc.constantFrom('none', 'touchpoint', 'event', 'stage', 'channel', 'source', 'persona', 'traits.tier', 'traits.age', 'traits.missing'),
  series: fc.option(fc.constantFrom('day' as const, 'week' as const, 'month' as const), { nil: undefined }),
  conversion: fc.option(conversionArb, { nil: undefined, freq: 2 }),
  sessionGap: fc.constantFrom('10m', '30m', '1h', '1d'),
  timeOnPageProperty: fc.constantFrom('time_on_page', 'time_on_page', 'score'),
  churnWindow: fc.constantFrom('1h', '1d', '7d', '30d'),
});

test('KPIs on DuckDB equal the reference on random logs (ties, unicode, junk values, period boundaries, empty results)', async () => {
  await fc.assert(
    fc.asyncProperty(richEventLogArb, planArb, async (log, raw) => {
      await h.check('kpis', log, KpisPlanSchema.parse(raw));
    }),
    { numRuns: 100 },
  );
});

test('HTTP: POST /v1/analyses/kpis runs; an unknown conversion step, an inverted range, a bad group or gap are 400s that say which', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-kpis-'));
  const rt: Runtime = await openRuntime({ ...loadConfig({}), dbPath: join(dir, 'w.duckdb'), port: 0 });
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest: rt.ingest, analytics: rt.analytics, keys: new KeyCache(rt.state) });
    const ws: NewWorkspace = await rt.state.createWorkspace('KPIs');
    await rt.state.setCatalogue(ws.id, SUITE_CATALOGUE);
    const post = (body: unknown) => app!.inject({ method: 'POST', url: '/v1/analyses/kpis', headers: { authorization: `Bearer ${ws.secretKey}` }, payload: body as object });
    const ok = await post({ group: 'persona', series: 'week' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().result.rows, []);
    assert.equal(ok.json().result.total.nps, null);

    const unknown = await post({ conversion: { by: 'event', value: 'No Such Event' } });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /"conversion"/);
    assert.match(unknown.body, /No Such Event/);
    const inverted = await post({ scope: { from: '2026-02-01', to: '2026-01-01' } });
    assert.equal(inverted.statusCode, 400);
    assert.match(inverted.body, /scope\.to/);
    const group = await post({ group: 'colour' });
    assert.equal(group.statusCode, 400);
    assert.match(group.body, /group/);
    const gap = await post({ sessionGap: '2w', churnWindow: 'soon' });
    assert.equal(gap.statusCode, 400);
    assert.match(gap.body, /sessionGap/);
    assert.match(gap.body, /churnWindow/);
  } finally {
    await app?.close();
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
