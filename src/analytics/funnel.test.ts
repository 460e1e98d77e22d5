/**
 * Funnels on DuckDB equal the reference on random logs (ties, unicode, empty results, windows
 * that cut chains, exclusions, every order and breakdown), and the funnel customers list too.
 */
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { FunnelPlanSchema } from './funnel-plan.js';
import { FunnelCustomersPlanSchema } from './funnel-customers.js';
import { AnalyticsHarness } from './testing/analytics-harness.js';
import { CHANNELS, EVENT_NAMES, eventLogArb, granularityArb, scopeArb, STAGES, TOUCHPOINTS } from './testing/random-log.js';
import type { Granularity } from './granularity.js';

let h: AnalyticsHarness;
before(async () => {
  h = await AnalyticsHarness.open();
});
after(() => h.close());

const VALUES: Record<Granularity, readonly string[]> = { touchpoint: TOUCHPOINTS, event: EVENT_NAMES, stage: STAGES, channel: CHANNELS };

const stepArb = (by: Granularity) =>
  fc.record({
    by: fc.constant(by),
    value: fc.constantFrom(...VALUES[by]),
    where: fc.oneof(
      { arbitrary: fc.constant([]), weight: 4 },
      fc.constantFrom('pro', 'free', 'ünïcode').map((v) => [{ field: 'properties.plan', op: 'eq' as const, value: v }]),
    ),
  });

const MINUTE = 60_000;
const windowArb = fc.constantFrom(MINUTE, 2 * MINUTE, 5 * MINUTE, 30 * MINUTE, 86_400_000, 10 * 86_400_000, 60 * 86_400_000);
const breakdownArb = fc.option(fc.constantFrom('channel', 'traits.tier', 'persona', 'properties.plan', 'first-touch', 'first-channel'), { nil: undefined });

/** A plan with its drawn exclusion (step, from, span) placed between two of its steps; only ordered funnels take one. */
function withExclusion<S, P extends { steps: unknown[]; order: string }>({ exclusion, ...p }: P & { exclusion: [S, number, number] | undefined }) {
  const n = p.steps.length;
  const exclusions = exclusion && p.order === 'ordered' ? [{ step: exclusion[0], from: Math.min(exclusion[1], n - 1), to: Math.min(exclusion[1] + exclusion[2], n) }] : [];
  return { ...p, exclusions };
}

export const funnelPlanArb = granularityArb.chain((by) =>
  fc
    .record({
      by: fc.constant(by),
      scope: scopeArb,
      steps: fc.array(stepArb(by), { minLength: 2, maxLength: 4 }),
      window: windowArb,
      order: fc.constantFrom('ordered', 'ordered', 'strict', 'unordered'),
      breakdown: breakdownArb,
      breakdownLimit: fc.integer({ min: 1, max: 5 }),
      exclusion: fc.option(fc.tuple(stepArb(by), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), { nil: undefined }),
    })
    .map(withExclusion),
);

test('funnel on DuckDB equals the reference on random logs', async () => {
  await fc.assert(
    fc.asyncProperty(eventLogArb, funnelPlanArb, async (log, raw) => {
      await h.check('funnel', log, FunnelPlanSchema.parse(raw));
    }),
    { numRuns: 80 },
  );
});

test('funnel customers on DuckDB equal the reference on random logs (paged)', async () => {
  await fc.assert(
    fc.asyncProperty(
      eventLogArb,
      funnelPlanArb,
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom('converted', 'dropped'),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 0, max: 3 }),
      async (log, raw, step, status, limit, offset) => {
        const s = Math.min(step, raw.steps.length);
        const plan = FunnelCustomersPlanSchema.parse({ ...raw, step: status === 'dropped' ? Math.max(2, s) : s, status, limit, offset });
        await h.check('funnel-customers', log, plan);
      },
    ),
    { numRuns: 40 },
  );
});

// Few activities, so customers repeat steps often: which earlier chain a step extends, and which
// exclusion events fall between, decide the result.
const DENSE = ['Home Page', 'Cart', 'Order'] as const;
const denseLogArb = eventLogArb.map((log) => ({
  ...log,
  events: log.events.map((e, i) => ({ ...e, touchpoint: e.touchpoint === null ? null : DENSE[(i * 7 + e.timestamp / MINUTE) % 3]! })),
}));
const denseStepArb = fc.record({ by: fc.constant('touchpoint' as const), value: fc.constantFrom(...DENSE), where: fc.constant([]) });
const densePlanArb = fc
  .record({
    by: fc.constant('touchpoint' as const),
    steps: fc.array(denseStepArb, { minLength: 2, maxLength: 5 }),
    window: windowArb,
    order: fc.constantFrom('ordered', 'strict', 'unordered'),
    exclusion: fc.option(fc.tuple(denseStepArb, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), { nil: undefined }),
  })
  .map(withExclusion);

test('funnel on DuckDB equals the reference on dense logs (repeated steps, exclusions between them)', async () => {
  await fc.assert(
    fc.asyncProperty(denseLogArb, densePlanArb, async (log, raw) => {
      await h.check('funnel', log, FunnelPlanSchema.parse(raw));
    }),
    { numRuns: 100 },
  );
});

// The customers list carries each customer's last step time: for those who stopped at step 1,
// their first step-1 event, wherever it lies in their journey.
test('funnel customers on DuckDB equal the reference on dense logs (who dropped, and when)', async () => {
  await fc.assert(
    fc.asyncProperty(denseLogArb, densePlanArb, fc.integer({ min: 2, max: 5 }), fc.constantFrom('converted', 'dropped'), async (log, raw, step, status) => {
      const plan = FunnelCustomersPlanSchema.parse({ ...raw, step: Math.min(step, raw.steps.length), status, limit: 50, offset: 0 });
      await h.check('funnel-customers', log, plan);
    }),
    { numRuns: 60 },
  );
});

// Steps at several granularities (a stage, then a touchpoint, …): the journeys compilation then
// tests each step on its own list instead of one code per element.
const mixedStepArb = granularityArb.chain((by) => stepArb(by).map((s) => ({ ...s, where: [] })));
const mixedPlanArb = fc
  .record({
    by: granularityArb,
    steps: fc.array(mixedStepArb, { minLength: 2, maxLength: 4 }),
    window: windowArb,
    order: fc.constant('ordered' as const),
    breakdown: fc.option(fc.constantFrom('channel', 'first-touch'), { nil: undefined }),
    exclusion: fc.option(fc.tuple(mixedStepArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), { nil: undefined }),
  })
  .map(withExclusion);

test('ordered funnel on DuckDB equals the reference with steps at several granularities', async () => {
  await fc.assert(
    fc.asyncProperty(eventLogArb, mixedPlanArb, async (log, raw) => {
      await h.check('funnel', log, FunnelPlanSchema.parse(raw));
    }),
    { numRuns: 60 },
  );
});
