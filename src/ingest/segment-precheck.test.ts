/**
 * The quick check of Segment messages is never looser than the schema: whatever it passes, the
 * full decode accepts with the same number of events. Checked on generated messages whose fields
 * sit on both sides of every rule, and on the demo generator's messages (which it must pass, or
 * acknowledging would not be quick at all).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { generateDemo } from '../demo/generator.js';
import type { IngestKind } from './decode.js';
import { DEFAULT_LIMITS } from './limits.js';
import { segmentSurelyValid } from './segment-precheck.js';
import { absent, date, decoded, edgy, id, maybe, object, strip, text } from './testing/precheck-arbitraries.js';

const message = fc.record(
  {
    type: edgy(fc.constantFrom('track', 'page', 'screen', 'identify', 'group', 'alias'), fc.constantFrom('Track', 'other', '')),
    messageId: maybe(id),
    userId: maybe(id),
    anonymousId: maybe(id),
    timestamp: maybe(date),
    originalTimestamp: maybe(date),
    sentAt: maybe(date),
    context: maybe(fc.oneof(object, fc.record({ traits: object }))),
    integrations: maybe(object),
    channel: maybe(edgy(text(100), fc.integer())),
    event: edgy(text(200), fc.oneof(absent, fc.integer())),
    name: maybe(edgy(text(200), fc.oneof(fc.constant(null), fc.integer()))),
    category: maybe(edgy(text(200), fc.constant(null))),
    properties: maybe(object),
    traits: maybe(object),
    groupId: edgy(id, absent),
    previousId: edgy(id, absent),
  },
  { requiredKeys: ['type'] },
);

test('a batch the quick check passes decodes whole, with as many events', () => {
  let passed = 0;
  fc.assert(
    fc.property(fc.array(message, { minLength: 0, maxLength: 3 }), maybe(date), maybe(object), (batch, sentAt, context) => {
      const body = strip({ batch: batch.map(strip), sentAt, context });
      const quick = segmentSurelyValid('segment:batch', body, DEFAULT_LIMITS);
      if (quick !== null) assert.equal(decoded('segment:batch', body), quick, JSON.stringify(body));
      if (quick !== null) passed++;
    }),
    { numRuns: 20_000 },
  );
  assert.ok(passed > 500, `only ${passed} generated batches passed the quick check: the property says little`);
});

test('a single message the quick check passes decodes on its route', () => {
  let passed = 0;
  fc.assert(
    fc.property(message, (m) => {
      const { type, ...rest } = strip(m);
      const kind = `segment:${String(type)}` as IngestKind;
      const body = strip(rest);
      if (!['track', 'page', 'screen', 'identify', 'group', 'alias'].includes(String(type))) return;
      const quick = segmentSurelyValid(kind, body, DEFAULT_LIMITS);
      if (quick !== null) assert.equal(decoded(kind, body), 1, JSON.stringify(body));
      if (quick !== null) passed++;
    }),
    { numRuns: 20_000 },
  );
  assert.ok(passed > 500, `only ${passed} generated messages passed the quick check: the property says little`);
});

test('the size limit and the batch limit are never waved through', () => {
  const big = { type: 'track', userId: 'u', event: 'Big', properties: { blob: 'x'.repeat(DEFAULT_LIMITS.maxEventBytes) } };
  assert.equal(segmentSurelyValid('segment:batch', { batch: [big] }, DEFAULT_LIMITS), null);
  const many = Array.from({ length: DEFAULT_LIMITS.maxBatchEvents + 1 }, (_, i) => ({ type: 'track', userId: `u${i}`, event: 'E' }));
  assert.equal(segmentSurelyValid('segment:batch', { batch: many }, DEFAULT_LIMITS), null);
  assert.equal(segmentSurelyValid('segment:batch', { batch: [] }, DEFAULT_LIMITS), null);
});

test("the demo generator's messages all pass the quick check", () => {
  const batch: unknown[] = [];
  for (const m of generateDemo({ customers: 300, seed: 3 })) batch.push(JSON.parse(JSON.stringify(m.message)));
  assert.ok(batch.length > 3000);
  const failing = batch.filter((m) => segmentSurelyValid('segment:batch', { batch: [m] }, DEFAULT_LIMITS) === null);
  assert.deepEqual(failing.slice(0, 3), []);
});
