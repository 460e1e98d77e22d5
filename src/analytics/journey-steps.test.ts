/**
 * Journey steps: a hand-checked row (reach independent of earlier steps, the window, ties, the
 * last step), and DuckDB equal to the reference on random logs.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { EventLog, LogEvent } from './event-log.js';
import { JourneyStepsPlanSchema, type JourneyStepsResult } from './journey-steps.js';
import { AnalyticsHarness } from './testing/analytics-harness.js';
import { CHANNELS, EVENT_NAMES, richEventLogArb, scopeArb, STAGES, TOUCHPOINTS } from './testing/random-log.js';

let h: AnalyticsHarness;
before(async () => {
  h = await AnalyticsHarness.open();
});
after(() => h.close());

const MIN = 60_000;
const DAY = 86_400_000;

function ev(i: number, customer: string, timestamp: number, touchpoint: string): LogEvent {
  return { messageId: `m${String(i).padStart(3, '0')}`, customerId: customer, timestamp, type: 'track', name: touchpoint, source: 'web', channel: 'web', touchpoint, stage: 'purchase', properties: {} };
}

async function both(log: EventLog, raw: unknown): Promise<JourneyStepsResult> {
  const plan = JourneyStepsPlanSchema.parse(raw);
  await h.check('journey-steps', log, plan);
  return (await h.backend.run('ws_prop', 'journey-steps', plan)) as JourneyStepsResult;
}

test('each step reaches on its own; conversion to the next within the window, from the first time at the step', async () => {
  const t0 = Date.UTC(2026, 2, 2, 9);
  const log: EventLog = {
    events: [
      // a: Cart, then Checkout 10 min later, then Order 2 days later.
      ev(1, 'a', t0, 'Cart'),
      ev(2, 'a', t0 + 10 * MIN, 'Checkout'),
      ev(3, 'a', t0 + 2 * DAY, 'Order'),
      // b: Checkout only (reaches step 2 without step 1), then Order 40 days later (outside 30d).
      ev(4, 'b', t0, 'Checkout'),
      ev(5, 'b', t0 + 40 * DAY, 'Order'),
      // c: Checkout before Cart: not a conversion from Cart; a tie Cart/Checkout at the same time is.
      ev(6, 'c', t0, 'Checkout'),
      ev(7, 'c', t0 + MIN, 'Cart'),
      ev(8, 'd', t0, 'Cart'),
      ev(9, 'd', t0, 'Checkout'),
    ],
    traits: new Map(),
  };
  const r = await both(log, { steps: [{ value: 'Cart' }, { value: 'Checkout' }, { value: 'Order' }] });
  assert.deepEqual(
    r.steps.map((s) => [s.reached, s.converted, s.conversion]),
    [
      [3, 2, 2 / 3],
      [4, 1, 1 / 4],
      [2, null, null],
    ],
  );
  assert.equal(r.steps[0]!.medianToNextMs, 5 * MIN);
  assert.equal(r.steps[1]!.medianToNextMs, 2 * DAY - 10 * MIN);
  assert.equal(r.steps[2]!.medianToNextMs, null);
  const narrow = await both(log, { steps: [{ value: 'Cart' }, { value: 'Checkout' }], window: '5m' });
  assert.equal(narrow.steps[0]!.converted, 1);
  const none = await both({ events: [], traits: new Map() }, { steps: [{ value: 'Cart' }, { value: 'Order' }] });
  assert.deepEqual(none.steps.map((s) => [s.reached, s.conversion]), [
    [0, null],
    [0, null],
  ]);
});

const stepArb = fc.oneof(
  fc.record({ by: fc.constant('stage' as const), value: fc.constantFrom(...STAGES) }),
  fc.record({ by: fc.constant('channel' as const), value: fc.constantFrom(...CHANNELS) }),
  fc.record({ by: fc.constant('touchpoint' as const), value: fc.constantFrom(...TOUCHPOINTS) }),
  fc.record({ by: fc.constant('event' as const), value: fc.constantFrom(...EVENT_NAMES), where: fc.constant([{ field: 'properties.plan', op: 'neq' as const, value: 'pro' }]) }),
);

test('journey steps on DuckDB equal the reference on random logs (ties, unicode, overlapping steps, empty results)', async () => {
  await fc.assert(
    fc.asyncProperty(
      richEventLogArb,
      fc.record({
        scope: fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: scopeArb }),
        steps: fc.array(stepArb, { minLength: 1, maxLength: 6 }),
        window: fc.constantFrom('1m', '1h', '1d', '30d'),
      }),
      async (log, raw) => {
        await h.check('journey-steps', log, JourneyStepsPlanSchema.parse(raw));
      },
    ),
    { numRuns: 100 },
  );
});
