/**
 * Paths: DuckDB equal to the in-memory reference on random logs (ties, unicode, empty results,
 * every mode, groups, exclusions, sessions, collapsing, limits), and hand-made journeys whose
 * paths are known by heart.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { type PathsResult, PathsPlanSchema, pathsAnalysis } from './paths.js';
import { AnalyticsHarness } from './testing/analytics-harness.js';
import { CHANNELS, EVENT_NAMES, eventLogArb, granularityArb, scopeArb, STAGES, T0, TOUCHPOINTS } from './testing/random-log.js';
import type { EventLog, LogEvent } from './event-log.js';
import type { Granularity } from './granularity.js';

let h: AnalyticsHarness;
before(async () => {
  h = await AnalyticsHarness.open();
});
after(() => h.close());

const VALUES: Record<Granularity, readonly string[]> = { touchpoint: TOUCHPOINTS, event: EVENT_NAMES, stage: STAGES, channel: CHANNELS };

/** Globs and regexes that hit some of the random log's activities (unicode included). */
const patternArb = fc.constantFrom('C*', '*e', '?a*', 'p*', '/.*o.*/', '/(web|app)/', 'Product*', '支*', 'café*', '/ö.*/', 'purchase', '*', 'nothing*');

/** A step, mostly at the plan's own granularity (so it is often found), sometimes at another. */
const stepArb = (planBy: Granularity) =>
  fc.oneof({ arbitrary: fc.constant(planBy), weight: 3 }, { arbitrary: granularityArb, weight: 1 }).chain((by) =>
    fc.record({
      by: fc.constant(by),
      value: fc.constantFrom(...VALUES[by]),
      where: fc.oneof({ arbitrary: fc.constant([]), weight: 4 }, { arbitrary: fc.constant([{ field: 'properties.plan', op: 'exists' as const }]), weight: 1 }),
    }),
  );

const pathsPlanArb = granularityArb.chain((by) =>
  fc.record(
    {
      by: fc.constant(by),
      scope: fc.oneof(fc.constant({ segment: [], where: [] }), scopeArb),
      start: fc.option(stepArb(by), { nil: undefined, freq: 2 }),
      end: fc.option(stepArb(by), { nil: undefined, freq: 2 }),
      depth: fc.integer({ min: 2, max: 7 }),
      minWeight: fc.constantFrom(1, 1, 1, 2),
      limit: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(10_000)),
      exclude: fc.array(fc.record({ by: granularityArb, pattern: patternArb }), { maxLength: 1 }),
      groups: fc.array(fc.record({ pattern: patternArb, label: fc.option(fc.constantFrom('Grüppe ☂', 'G'), { nil: undefined }) }), { maxLength: 2 }),
      collapseRepeats: fc.boolean(),
      /** Around the random log's one-minute spacing, so sessions split often; or never. */
      sessionGap: fc.constantFrom(60_000, 120_000, 1_800_000, 1_800_000, 86_400_000 * 60),
    },
    { requiredKeys: ['by', 'scope', 'depth', 'minWeight', 'limit', 'exclude', 'groups', 'collapseRepeats', 'sessionGap'] },
  ),
);

test('paths on DuckDB equal the reference on random logs (every mode, groups, exclusions, sessions, ties, unicode)', async () => {
  await fc.assert(
    fc.asyncProperty(eventLogArb, pathsPlanArb, async (log, raw) => {
      await h.check('paths', log, PathsPlanSchema.parse(raw));
    }),
    { numRuns: 120 },
  );
});

/**
 * Two customers, a small alphabet and many events: loops, repeats and start/end hits are the rule.
 * Message ids are not in insertion order, so ties must be broken by message id, not by luck.
 */
const denseLogArb: fc.Arbitrary<EventLog> = fc
  .array(fc.record({ c: fc.constantFrom('x', 'ÿ'), minute: fc.integer({ min: 0, max: 15 }), tp: fc.constantFrom('Cart', 'Checkout', 'Café ☕', '支払い'), plan: fc.option(fc.constant('pro')) }), { minLength: 6, maxLength: 40 })
  .map((raw) => logOf(...raw.map((r, i) => ({ ...ev(r.c, r.minute, r.tp), messageId: `m${String((i * 7919) % 1000).padStart(3, '0')}`, properties: r.plan ? { plan: r.plan } : {} }))));

const densePlanArb = fc.record({
  start: fc.option(fc.record({ value: fc.constantFrom('Cart', 'Checkout', '支払い'), where: fc.constantFrom([], [{ field: 'properties.plan', op: 'exists' as const }]) }), { nil: undefined }),
  end: fc.option(fc.record({ value: fc.constantFrom('Cart', 'Checkout', 'Café ☕') }), { nil: undefined }),
  depth: fc.integer({ min: 2, max: 10 }),
  limit: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(10_000)),
  groups: fc.array(fc.record({ pattern: fc.constantFrom('c*', '/(cart|café.*)/', '支*'), label: fc.option(fc.constant('G'), { nil: undefined }) }), { maxLength: 1 }),
  exclude: fc.array(fc.record({ pattern: fc.constantFrom('Checkout', 'caf?*') }), { maxLength: 1 }),
  collapseRepeats: fc.boolean(),
  sessionGap: fc.constantFrom(120_000, 300_000, 1_800_000),
});

test('paths on DuckDB equal the reference on dense looping journeys (between, to end, collapse)', async () => {
  await fc.assert(
    fc.asyncProperty(denseLogArb, densePlanArb, async (log, raw) => {
      await h.check('paths', log, PathsPlanSchema.parse(raw));
    }),
    { numRuns: 120 },
  );
});

// Hand-made journeys -------------------------------------------------------------------------

function ev(customer: string, minute: number, touchpoint: string, extra: Partial<LogEvent> = {}): LogEvent {
  return { messageId: `${customer}-${String(minute).padStart(5, '0')}-${touchpoint}`, customerId: customer, timestamp: T0 + minute * 60_000, type: 'track', name: touchpoint, source: 'web', channel: 'web', touchpoint, stage: 'purchase', properties: {}, ...extra };
}

function logOf(...events: LogEvent[]): EventLog {
  return { events, traits: new Map([...new Set(events.map((e) => e.customerId))].map((c) => [c, {}])) };
}

async function both(log: EventLog, input: unknown): Promise<PathsResult> {
  const plan = PathsPlanSchema.parse(input);
  await h.check('paths', log, plan);
  return pathsAnalysis.reference(plan, log);
}

const links = (r: PathsResult) => r.links.map((l) => `${l.source} → ${l.target} ${l.value}`).sort();
const nodes = (r: PathsResult) => r.nodes.map((n) => `${n.id} ${n.count}/${n.continued}/${n.dropOff}`).sort();

// a: Home → Product A → Product B → Cart → Pay → Fail → Pay → Fail → Pay → Order, then 2 h later Home
// b: Newsletter → Home → Cart, Home again 40 min later (new session)
const LOG = logOf(
  ...['Home', 'Product A', 'Product B', 'Cart', 'Pay', 'Fail', 'Pay', 'Fail', 'Pay', 'Order'].map((t, i) => ev('a', i, t)),
  ev('a', 130, 'Home'),
  ev('b', 0, 'Newsletter'),
  ev('b', 1, 'Home'),
  ev('b', 2, 'Cart'),
  ev('b', 42, 'Home'),
);

test('from a start point: the first occurrence per session, depth counted from it, drop-off where the session ends', async () => {
  const r = await both(LOG, { start: { value: 'Home' }, depth: 3 });
  assert.equal(r.mode, 'from_start');
  assert.equal(r.sessions, 4);
  assert.equal(r.paths, 4);
  assert.deepEqual(nodes(r), ['1_Home 4/2/2', '2_Cart 1/0/1', '2_Product A 1/1/0', '3_Product B 1/1/0']);
  assert.deepEqual(links(r), ['1_Home → 2_Cart 1', '1_Home → 2_Product A 1', '2_Product A → 3_Product B 1']);
});

test('groups make one node, exclusions drop events before sessions and paths, repeats collapse', async () => {
  const r = await both(LOG, { groups: [{ pattern: 'product*', label: 'Products' }], exclude: [{ pattern: 'News*' }], collapseRepeats: true, depth: 4 });
  assert.equal(r.mode, 'sessions');
  assert.deepEqual(nodes(r), ['1_Home 4/2/2', '2_Cart 1/0/1', '2_Products 1/1/0', '3_Cart 1/1/0', '4_Pay 1/1/0']);
  assert.equal(r.sessions, 4);
});

test('the payment loop shows as alternating nodes at successive steps; to an end point and between two', async () => {
  const from = await both(LOG, { start: { value: 'Pay' }, depth: 6 });
  assert.deepEqual(links(from), ['1_Pay → 2_Fail 1', '2_Fail → 3_Pay 1', '3_Pay → 4_Fail 1', '4_Fail → 5_Pay 1', '5_Pay → 6_Order 1']);
  const to = await both(LOG, { end: { value: 'Order' }, depth: 3 });
  assert.deepEqual(nodes(to), ['1_Fail 1/1/0', '2_Pay 1/1/0', '3_Order 1/0/1']);
  const between = await both(LOG, { start: { value: 'Home' }, end: { value: 'Cart' }, depth: 4 });
  assert.deepEqual(links(between), ['1_Home → 2_Cart 1', '1_Home → 2_Product A 1', '2_Product A → 3_Product B 1', '3_Product B → 4_Cart 1']);
  const short = await both(LOG, { start: { value: 'Home' }, end: { value: 'Order' }, depth: 5 });
  assert.equal(short.beyondDepth, 1);
  assert.equal(short.paths, 1);
  assert.deepEqual(short.links, []);
});

test('minWeight and limit hide links (dropped, counted in hiddenLinks) but not node counts', async () => {
  const r = await both(LOG, { depth: 3, limit: 1 });
  assert.equal(r.links.length, 1);
  assert.equal(r.totalLinks, 4);
  assert.deepEqual(r.hiddenLinks, { count: 3, value: 3 });
  assert.ok(r.nodes.every((n) => n.count === n.continued + n.dropOff));
});

test('plans are checked: depth, patterns, session gap, between needs two steps', () => {
  const bad = (input: unknown) => {
    const r = PathsPlanSchema.safeParse(input);
    assert.equal(r.success, false, JSON.stringify(input));
    return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };
  assert.match(bad({ depth: 21 }), /depth/);
  assert.match(bad({ groups: [{ pattern: '/(?=x)/' }] }), /lookarounds/);
  assert.match(bad({ exclude: [{ pattern: '/[/' }] }), /exclude\.0\.pattern/);
  assert.match(bad({ sessionGap: '5 parsecs' }), /not a duration/);
  assert.match(bad({ start: { value: 'A' }, end: { value: 'B' }, depth: 1 }), /at least 2 steps/);
  assert.equal(PathsPlanSchema.parse({}).sessionGap, 1_800_000);
  assert.equal(PathsPlanSchema.parse({ sessionGap: '2h' }).sessionGap, 7_200_000);
});
