/**
 * The quick check of PostHog bodies is never looser than the schema and the conversion: whatever
 * it passes, the full decode accepts with the same number of events (generated events with fields
 * on both sides of every rule, in all three body shapes).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_LIMITS } from './limits.js';
import { posthogSurelyValid } from './posthog-precheck.js';
import { date, decoded, edgy, id, maybe, object, strip, text } from './testing/precheck-arbitraries.js';

const properties = edgy(
  fc.dictionary(fc.constantFrom('alias', 'distinct_id', '$set', '$is_identified', '$anon_distinct_id', 'email', '$lib', 'title'), fc.oneof(fc.string({ maxLength: 3 }), fc.boolean(), object)),
  fc.oneof(fc.constant([]), fc.constant(null), fc.string({ maxLength: 2 })),
);

const event = fc.record(
  {
    event: edgy(fc.oneof(text(200), fc.constantFrom('$pageview', '$screen', '$identify', '$create_alias')), fc.oneof(fc.integer(), fc.constant(null))),
    distinct_id: edgy(id, fc.constant(undefined)),
    properties: maybe(properties),
    timestamp: maybe(date),
    uuid: maybe(id),
    api_key: maybe(edgy(fc.string({ maxLength: 8 }), fc.integer())),
    $set: maybe(object),
    $set_once: maybe(object),
  },
  { requiredKeys: [] },
);

test('a PostHog body the quick check passes decodes whole, with as many events (one event, a batch, a bare array)', () => {
  let passed = 0;
  fc.assert(
    fc.property(fc.array(event, { minLength: 0, maxLength: 3 }), fc.constantFrom('single', 'batch', 'array'), (events, shape) => {
      const items = events.map(strip);
      const body = shape === 'array' ? items : shape === 'batch' ? { api_key: 'phc_1', batch: items } : (items[0] ?? {});
      const quick = posthogSurelyValid(body, DEFAULT_LIMITS);
      if (quick === null) return;
      passed++;
      assert.equal(decoded('posthog', body), quick, JSON.stringify(body));
    }),
    { numRuns: 20_000 },
  );
  assert.ok(passed > 500, `only ${passed} generated bodies passed the quick check: the property says little`);
});

test('posthog-node shaped batches pass; an alias, a missing distinct_id or an oversized event go to the full decode', () => {
  const ev = (extra: Record<string, unknown>) => ({ event: '$pageview', distinct_id: 'd1', uuid: 'u1', timestamp: '2026-11-02T10:00:00Z', properties: { $current_url: 'https://x.io/', $lib: 'posthog-node' }, ...extra });
  assert.equal(posthogSurelyValid({ api_key: 'phc_1', batch: [ev({}), ev({ event: 'Signed Up', uuid: 'u2' })] }, DEFAULT_LIMITS), 2);
  assert.equal(posthogSurelyValid({ api_key: 'phc_1', batch: [ev({ event: '$create_alias', properties: { alias: 'a' } })] }, DEFAULT_LIMITS), null);
  assert.equal(posthogSurelyValid({ api_key: 'phc_1', batch: [ev({ distinct_id: undefined, properties: { distinct_id: 'd2' } })] }, DEFAULT_LIMITS), null);
  assert.equal(posthogSurelyValid([ev({ properties: { blob: 'x'.repeat(DEFAULT_LIMITS.maxEventBytes) } })], DEFAULT_LIMITS), null);
});
