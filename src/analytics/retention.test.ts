/**
 * Retention and churn: hand-checked cohorts (period boundaries, ties, the entry itself never a
 * return, unobserved periods, churn), DuckDB equal to the reference on random logs, and the
 * HTTP route with its 400s.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { EventLog, LogEvent } from './event-log.js';
import { type RetentionResult, RetentionPlanSchema, retentionAnalysis } from './retention.js';
import { addPeriods, periodStart, periodsBetween } from './retention-period.js';
import { AnalyticsHarness } from './testing/analytics-harness.js';
import { CHANNELS, EVENT_NAMES, granularityArb, richEventLogArb, scopeArb, STAGES, T0_DAY, TOUCHPOINTS } from './testing/random-log.js';
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

const DAY = 86_400_000;
const HOUR = 3_600_000;

function ev(i: number, customer: string, timestamp: number, touchpoint: string, extra: Partial<LogEvent> = {}): LogEvent {
  return { messageId: `m${String(i).padStart(3, '0')}`, customerId: customer, timestamp, type: 'track', name: touchpoint, source: 'web', channel: 'web', touchpoint, stage: 'purchase', properties: {}, ...extra };
}

/** Run on DuckDB, compare with the reference, return the DuckDB result. */
async function both(log: EventLog, raw: unknown): Promise<RetentionResult> {
  const plan = RetentionPlanSchema.parse(raw);
  await h.check('retention', log, plan);
  return (await h.backend.run('ws_prop', 'retention', plan)) as RetentionResult;
}

test('periods: weeks start on Monday in UTC, months are calendar months', () => {
  const sunday = Date.UTC(2026, 0, 4, 23, 59, 59, 999);
  assert.equal(periodStart(sunday, 'week'), Date.UTC(2025, 11, 29));
  assert.equal(periodStart(sunday + 1, 'week'), Date.UTC(2026, 0, 5));
  assert.equal(periodStart(Date.UTC(2026, 0, 31, 23), 'month'), Date.UTC(2026, 0, 1));
  assert.equal(addPeriods(Date.UTC(2026, 0, 1), 13, 'month'), Date.UTC(2027, 1, 1));
  assert.equal(periodsBetween(Date.UTC(2025, 10, 1), Date.UTC(2026, 1, 1), 'month'), 3);
  assert.equal(periodsBetween(Date.UTC(2025, 11, 29), Date.UTC(2026, 0, 12), 'week'), 2);
});

test('a hand-built log: cohorts by first order, returns per week, the entry never a return, ties, unobserved weeks, churn', async () => {
  const mon = T0_DAY; // Monday 2026-01-05
  const log: EventLog = {
    traits: new Map(),
    events: [
      // a: orders Monday, again at the same instant (later message id: a return in week 0), and in week 2
      ev(1, 'a', mon + 10 * HOUR, 'Order'),
      ev(2, 'a', mon + 10 * HOUR, 'Order'),
      ev(3, 'a', mon + 15 * DAY, 'Order'),
      // b: browses first (not the cohort step), orders Sunday 23:59:59.999 of week 0, returns 1 ms later: week 1
      ev(4, 'b', mon - 3 * DAY, 'Home'),
      ev(5, 'b', mon + 7 * DAY - 1, 'Order'),
      ev(6, 'b', mon + 7 * DAY, 'Order'),
      // c: orders in week 1 and never again
      ev(7, 'c', mon + 8 * DAY, 'Order'),
      // d: never orders: in no cohort
      ev(8, 'd', mon + 20 * DAY, 'Home'),
    ],
  };
  const r = await both(log, { cohort: { value: 'Order' }, return: { value: 'Order' }, period: 'week', periods: 3, churnWindow: '7d' });
  // observed until 1 ms after d's Home (Monday of week 2 + 6 days)
  assert.equal(r.observedUntil, new Date(mon + 20 * DAY + 1).toISOString());
  assert.deepEqual(
    r.cohorts.map((c) => [c.cohort, c.size, c.retention.map((x) => x.customers)]),
    [
      ['2026-01-05', 2, [1, 1, 1, null]],
      ['2026-01-12', 1, [0, 0, null, null]],
    ],
  );
  assert.equal(r.cohorts[0]!.retention[0]!.rate, 0.5);
  // cutoff = end − 7d = Jan 18 00:00:00.001: a (last active Jan 20) stays; b (last Jan 12) and c (only Jan 13) churned
  assert.deepEqual(r.cohorts.map((c) => c.churn), [
    { eligible: 2, churned: 1, rate: 0.5 },
    { eligible: 1, churned: 1, rate: 1 },
  ]);
  assert.deepEqual(r.overall.retention.map((x) => x.rate), [1 / 3, 1 / 3, 0.5, null]);
  assert.equal(r.customers, 3);

  // active exactly at the cutoff (end − window = b's last return) is not churned
  const edge = await both(log, { cohort: { value: 'Order' }, return: { value: 'Order' }, period: 'week', churnWindow: 13 * DAY + 1 });
  assert.deepEqual(edge.cohorts[0]!.churn, { eligible: 2, churned: 0, rate: 0 });

  const unbounded = await both(log, { cohort: { value: 'Order' }, return: { value: 'Order' }, period: 'week', periods: 1, mode: 'unbounded' });
  // a returned in weeks 0 and 2: counts in 0 and 1 (week 2 is later than the last offset shown)
  assert.deepEqual(unbounded.cohorts[0]!.retention.map((x) => x.customers), [2, 2]);

  const anyEvent = await both(log, { period: 'day', periods: 2, scope: { to: new Date(mon + 30 * DAY).toISOString() } });
  assert.equal(anyEvent.observedUntil, new Date(mon + 30 * DAY).toISOString());
  assert.equal(anyEvent.customers, 4);
});

test('an empty scope has no cohorts and no NaN', async () => {
  const r = await both({ events: [], traits: new Map() }, { period: 'month' });
  assert.deepEqual(r.cohorts, []);
  assert.equal(r.observedUntil, null);
  assert.ok(r.overall.retention.every((x) => x.rate === null && x.customers === null));
  assert.equal(r.overall.churn.rate, null);
});

/** Steps that often match (stage and channel have few values), so cohorts and returns are common. */
const stepArb = fc.oneof(
  fc.record({ by: fc.constant('stage' as const), value: fc.constantFrom(...STAGES) }),
  fc.record({ by: fc.constant('channel' as const), value: fc.constantFrom(...CHANNELS) }),
  fc.record({ by: fc.constant('touchpoint' as const), value: fc.constantFrom(...TOUCHPOINTS) }),
  fc.record({ by: fc.constant('event' as const), value: fc.constantFrom(...EVENT_NAMES), where: fc.constant([{ field: 'properties.plan', op: 'neq' as const, value: 'pro' }]) }),
);

const planArb = fc.record({
  by: granularityArb,
  scope: fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: scopeArb }),
  cohort: fc.option(stepArb, { nil: undefined, freq: 2 }),
  return: fc.option(stepArb, { nil: undefined, freq: 2 }),
  period: fc.constantFrom('day' as const, 'week' as const, 'month' as const),
  periods: fc.integer({ min: 1, max: 12 }),
  mode: fc.constantFrom('classic' as const, 'unbounded' as const),
  churnWindow: fc.constantFrom('1h', '1d', '7d', '30d'),
});

test('retention on DuckDB equals the reference on random logs (period boundaries, ties, unicode, empty results)', async () => {
  await fc.assert(
    fc.asyncProperty(richEventLogArb, planArb, async (log, raw) => {
      await h.check('retention', log, RetentionPlanSchema.parse(raw));
    }),
    { numRuns: 100 },
  );
});

test('the reference is consistent: unbounded ≥ classic, every rate in [0, 1], churned ≤ eligible ≤ size', () => {
  fc.assert(
    fc.property(richEventLogArb, planArb, (log, raw) => {
      const classic = retentionAnalysis.reference(RetentionPlanSchema.parse({ ...raw, mode: 'classic' }), log);
      const unbounded = retentionAnalysis.reference(RetentionPlanSchema.parse({ ...raw, mode: 'unbounded' }), log);
      classic.cohorts.forEach((c, i) => {
        assert.ok(c.churn.churned <= c.churn.eligible && c.churn.eligible <= c.size);
        c.retention.forEach((x, k) => {
          const u = unbounded.cohorts[i]!.retention[k]!;
          if (x.customers === null) return assert.equal(u.customers, null);
          assert.ok(u.customers! >= x.customers && u.rate! <= 1 && x.rate! >= 0);
        });
      });
    }),
    { numRuns: 200 },
  );
});

test('HTTP: POST /v1/analyses/retention runs; an unknown step, an inverted range and an impossible window are 400s that say which', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-retention-'));
  const rt: Runtime = await openRuntime({ ...loadConfig({}), dbPath: join(dir, 'w.duckdb'), port: 0 });
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest: rt.ingest, analytics: rt.analytics, keys: new KeyCache(rt.state) });
    const ws: NewWorkspace = await rt.state.createWorkspace('Retention');
    await rt.state.setCatalogue(ws.id, SUITE_CATALOGUE);
    const touchpoint = SUITE_CATALOGUE.touchpoints[0]!.name;
    const post = (body: unknown) => app!.inject({ method: 'POST', url: '/v1/analyses/retention', headers: { authorization: `Bearer ${ws.secretKey}` }, payload: body as object });
    const ok = await post({ cohort: { value: touchpoint }, period: 'month', periods: 6 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().result.customers, 0);
    assert.equal(ok.json().result.period, 'month');

    const unknown = await post({ cohort: { value: touchpoint }, return: { by: 'event', value: 'No Such Event' } });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /"return"/);
    assert.match(unknown.body, /No Such Event/);

    const inverted = await post({ scope: { from: '2026-02-01', to: '2026-01-01' } });
    assert.equal(inverted.statusCode, 400);
    assert.match(inverted.body, /scope\.to/);
    assert.match(inverted.body, /inverted/);

    const window = await post({ churnWindow: '5m' });
    assert.equal(window.statusCode, 400);
    assert.match(window.body, /churnWindow/);
    const periods = await post({ periods: 0, period: 'year' });
    assert.equal(periods.statusCode, 400);
    assert.match(periods.body, /periods/);
    assert.match(periods.body, /period/);
  } finally {
    await app?.close();
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
