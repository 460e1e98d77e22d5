/**
 * fast-check arbitraries for analytics property tests: small random event logs with what breaks
 * naive implementations — ties in timestamps, unmapped events, identify calls, unicode names,
 * empty logs — and scopes over them. Test-only (fast-check is a dev dependency).
 */
import fc from 'fast-check';
import type { EventLog, LogEvent } from '../event-log.js';
import type { Scope } from '../scope.js';
import type { Condition } from '../condition.js';

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

const traitsArb = fc.record({ tier: fc.constantFrom('gold', 'silver'), age: fc.integer({ min: 18, max: 80 }) });

export const eventLogArb: fc.Arbitrary<EventLog> = fc
  .tuple(fc.array(eventArb, { minLength: 0, maxLength: 60, size: 'medium' }), fc.array(traitsArb, { minLength: 6, maxLength: 6 }))
  .map(([raw, traits]) => {
    const events: LogEvent[] = raw.map((r, i) => {
      const properties: Record<string, unknown> = {};
      if (r.plan !== null) properties.plan = r.plan;
      if (r.total !== null) properties.total = r.total;
      return {
        messageId: `m${String(i).padStart(3, '0')}`,
        customerId: `cus_${r.customer}`,
        timestamp: T0 + r.minute * MINUTE,
        type: r.type,
        name: r.name,
        source: r.source,
        channel: r.channel,
        touchpoint: r.touchpoint,
        stage: r.stage,
        properties,
      };
    });
    return { events, traits: new Map(traits.map((t, i) => [`cus_${i}`, t as Record<string, unknown>])) };
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

export const scopeArb: fc.Arbitrary<Scope> = fc.record({
  from: fc.option(fc.integer({ min: -2, max: 5 }).map((m) => new Date(T0 + m * MINUTE)), { nil: undefined }),
  to: fc.option(fc.integer({ min: 6, max: 30 * 1440 }).map((m) => new Date(T0 + m * MINUTE)), { nil: undefined }),
  sources: fc.option(fc.subarray([...SOURCES], { minLength: 1 }), { nil: undefined }),
  persona: fc.constant(undefined),
  segment: fc.array(segmentArb, { maxLength: 1 }),
  where: fc.array(conditionArb, { maxLength: 1 }),
});

export const granularityArb = fc.constantFrom('touchpoint' as const, 'event' as const, 'stage' as const, 'channel' as const);
