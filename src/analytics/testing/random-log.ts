/**
 * fast-check arbitraries for analytics property tests: small random event logs with what breaks
 * naive implementations — ties in timestamps, unmapped events, identify calls, unicode names,
 * empty logs — and scopes over them. Test-only (fast-check is a dev dependency).
 */
import fc from 'fast-check';
import type { EventLog, LogEvent } from '../event-log.js';
import type { Scope } from '../scope.js';
import type { BehaviourCondition } from '../behaviour.js';
import type { Condition } from '../condition.js';

// CI runs a fixed seed so a red run can be replayed; elsewhere every run explores new logs.
// FC_SEED=… replays any run (fast-check prints the seed of a failure).
if (process.env.FC_SEED || process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MINUTE = 60_000;

export const TOUCHPOINTS = ['Ad Click', 'Home Page', 'Product Viewed', 'Cart', 'Checkout', 'Order', 'Café ☕', '支払い'] as const;
export const EVENT_NAMES = ['page', 'view', 'add', 'checkout', 'pay', 'Ödeme', 'survey'] as const;
export const STAGES = ['awareness', 'consideration', 'purchase', 'retention'] as const;
export const CHANNELS = ['web', 'app', 'email', 'store'] as const;
export const SOURCES = ['web', 'app', 'crm'] as const;

const eventArb = fc.record({
  customer: fc.integer({ min: 0, max: 5 }),
  /** Few distinct minutes, so ties are common; sometimes days apart. */
  minute: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 8 }), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 40 }).map((d) => d * 1440 + 7), weight: 1 }),
  type: fc.constantFrom('track', 'track', 'track', 'page', 'identify'),
  name: fc.constantFrom(...EVENT_NAMES),
  source: fc.constantFrom(...SOURCES),
  channel: fc.option(fc.constantFrom(...CHANNELS), { freq: 6 }),
  touchpoint: fc.option(fc.constantFrom(...TOUCHPOINTS), { freq: 5 }),
  stage: fc.option(fc.constantFrom(...STAGES), { freq: 5 }),
  plan: fc.option(fc.constantFrom('pro', 'free', 'ünïcode'), { freq: 3 }),
  total: fc.option(fc.integer({ min: 0, max: 300 }), { freq: 3 }),
});

/** The generated fields every random event has, as a LogEvent (message ids m000, m001, … in generation order). */
function logEvent(
  i: number,
  r: { customer: number; type: string; name: string; source: string; channel: string | null; touchpoint: string | null; stage: string | null },
  timestamp: number,
  properties: Record<string, unknown>,
): LogEvent {
  return { messageId: `m${String(i).padStart(3, '0')}`, customerId: `cus_${r.customer}`, timestamp, type: r.type, name: r.name, source: r.source, channel: r.channel, touchpoint: r.touchpoint, stage: r.stage, properties };
}

/** Traits of cus_0, cus_1, … as plain JSON objects. */
function traitsByCustomer(traits: readonly object[]): Map<string, Record<string, unknown>> {
  return new Map(traits.map((t, i) => [`cus_${i}`, JSON.parse(JSON.stringify(t)) as Record<string, unknown>]));
}

const traitsArb = fc.record({ tier: fc.constantFrom('gold', 'silver'), age: fc.integer({ min: 18, max: 80 }) });

export const eventLogArb: fc.Arbitrary<EventLog> = fc
  .tuple(fc.array(eventArb, { minLength: 0, maxLength: 60, size: 'medium' }), fc.array(traitsArb, { minLength: 6, maxLength: 6 }))
  .map(([raw, traits]) => {
    const events: LogEvent[] = raw.map((r, i) => {
      const properties: Record<string, unknown> = {};
      if (r.plan !== null) properties.plan = r.plan;
      if (r.total !== null) properties.total = r.total;
      return logEvent(i, r, T0 + r.minute * MINUTE, properties);
    });
    return { events, traits: traitsByCustomer(traits) };
  });

const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.constantFrom('pro', 'free', 'ünïcode').map((v) => ({ field: 'properties.plan', op: 'eq' as const, value: v })),
  fc.integer({ min: 0, max: 300 }).map((v) => ({ field: 'properties.total', op: 'gte' as const, value: v })),
  fc.constantFrom(...CHANNELS).map((v) => ({ field: 'channel', op: 'neq' as const, value: v })),
  fc.constant({ field: 'properties.plan', op: 'exists' as const }),
);

const segmentArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.constantFrom('gold', 'silver').map((v) => ({ field: 'traits.tier', op: 'eq' as const, value: v })),
  fc.integer({ min: 18, max: 80 }).map((v) => ({ field: 'traits.age', op: 'lt' as const, value: v })),
);

/** "Did X at least / at most n times", "never did X", on activities the random logs have. */
const behaviourArb: fc.Arbitrary<BehaviourCondition> = fc
  .record({
    step: fc.oneof(
      fc.constantFrom(...TOUCHPOINTS).map((value) => ({ by: 'touchpoint' as const, value, where: [] })),
      fc.constantFrom(...EVENT_NAMES).map((value) => ({ by: 'event' as const, value, where: [] })),
      fc.constantFrom(...STAGES).map((value) => ({ by: 'stage' as const, value, where: [conditionOnPlan()] })),
    ),
    min: fc.integer({ min: 0, max: 3 }),
    extra: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  })
  .map(({ step, min, extra }) => ({ step, min, ...(min === 0 ? { max: extra ?? 0 } : extra === undefined ? {} : { max: min + extra }) }));

function conditionOnPlan(): Condition {
  return { field: 'properties.plan', op: 'neq', value: 'free' };
}

export const scopeArb: fc.Arbitrary<Scope> = fc.record({
  from: fc.option(fc.integer({ min: -2, max: 5 }).map((m) => new Date(T0 + m * MINUTE)), { nil: undefined }),
  to: fc.option(fc.integer({ min: 6, max: 30 * 1440 }).map((m) => new Date(T0 + m * MINUTE)), { nil: undefined }),
  sources: fc.option(fc.subarray([...SOURCES], { minLength: 1 }), { nil: undefined }),
  persona: fc.constant(undefined),
  segment: fc.array(segmentArb, { maxLength: 1 }),
  behaviour: fc.array(behaviourArb, { maxLength: 2 }),
  where: fc.array(conditionArb, { maxLength: 1 }),
});

export const granularityArb = fc.constantFrom('touchpoint' as const, 'event' as const, 'stage' as const, 'channel' as const);

const DAY = 1440 * MINUTE;
/** Midnight UTC of T0's day (a Monday). */
export const T0_DAY = Date.UTC(2026, 0, 5);

/** A time near T0 (minutes apart: sessions, ties) or on a day up to ten weeks on, often right at or just before midnight (period boundaries). */
const richTimeArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 12 }).map((m) => T0 + m * 10 * MINUTE) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: -3, max: 70 }), fc.constantFrom(0, -1, 1, 9 * 60 * MINUTE, 23 * 60 * MINUTE)).map(([d, off]) => T0_DAY + d * DAY + off) },
);

const numberish = fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constantFrom(12.5, 0, '42', ' 7 ', 'n/a', '', true));

const richEventArb = fc.record({
  customer: fc.integer({ min: 0, max: 6 }),
  timestamp: richTimeArb,
  type: fc.constantFrom('track', 'track', 'page', 'screen', 'identify'),
  name: fc.constantFrom(...EVENT_NAMES, 'Survey Responded'),
  source: fc.constantFrom(...SOURCES),
  channel: fc.option(fc.constantFrom(...CHANNELS), { freq: 6 }),
  touchpoint: fc.option(fc.constantFrom(...TOUCHPOINTS), { freq: 5 }),
  stage: fc.option(fc.constantFrom(...STAGES), { freq: 5 }),
  plan: fc.option(fc.constantFrom('pro', 'free', 'ünïcode'), { freq: 3 }),
  timeOnPage: fc.option(numberish, { freq: 2 }),
  survey: fc.option(fc.constantFrom('nps', 'csat', 'ces', 'NPS'), { freq: 3 }),
  score: fc.oneof(fc.integer({ min: -1, max: 11 }), fc.constantFrom(4.5, 6.5, '9', 'x')),
  touchpointRef: fc.option(fc.constantFrom(...TOUCHPOINTS), { freq: 2 }),
});

const personaTraitsArb = fc.record({
  tier: fc.constantFrom('gold', 'silver'),
  age: fc.integer({ min: 18, max: 80 }),
  persona: fc.option(fc.constantFrom('weekend_hiker', 'éco', '買い物客'), { nil: undefined, freq: 4 }),
});

/**
 * Logs for retention and KPIs: events over ten weeks with times on period boundaries, page and
 * screen events with time_on_page (numbers, numeric text, junk), survey responses (properties
 * survey, score — some out of range or not numbers — and touchpoint_ref), personas in traits,
 * and a customer (cus_6) with no customer row.
 */
export const richEventLogArb: fc.Arbitrary<EventLog> = fc
  .tuple(fc.array(richEventArb, { minLength: 0, maxLength: 60, size: 'medium' }), fc.array(personaTraitsArb, { minLength: 6, maxLength: 6 }))
  .map(([raw, traits]) => {
    const events: LogEvent[] = raw.map((r, i) => {
      const properties: Record<string, unknown> = {};
      if (r.plan !== null) properties.plan = r.plan;
      if (r.timeOnPage !== null) properties.time_on_page = r.timeOnPage;
      if (r.survey !== null) {
        properties.survey = r.survey;
        properties.score = r.score;
        if (r.touchpointRef !== null) properties.touchpoint_ref = r.touchpointRef;
      }
      return logEvent(i, r, r.timestamp, properties);
    });
    return { events, traits: traitsByCustomer(traits) };
  });
