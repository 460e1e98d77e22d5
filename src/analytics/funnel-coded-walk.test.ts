/**
 * The coded walk (what DuckDB runs per journeys row) against the reference walk of funnel-walk.ts
 * on random journeys: ties in time, steps sharing a value (A → B → A), values no step reads, codes
 * never seen, and exclusions, including ones on a step's own value; ordered, strict and unordered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileCodedFunnel, walkCodedFunnel, type CodedFunnelPlan } from './funnel-coded-walk.js';
import { type FunnelEvent, walkFunnel } from './funnel-walk.js';

const planArb: fc.Arbitrary<CodedFunnelPlan> = fc
  .integer({ min: 1, max: 5 })
  .chain((n) =>
    fc.record({
      steps: fc.array(fc.integer({ min: -1, max: 4 }), { minLength: n, maxLength: n }),
      exclusions:
        n < 2
          ? fc.constant([])
          : fc.array(
              fc
                .record({ code: fc.integer({ min: 0, max: 4 }), from: fc.integer({ min: 1, max: n - 1 }), span: fc.integer({ min: 1, max: n - 1 }) })
                .map(({ code, from, span }) => ({ code, from, to: Math.min(n, from + span) })),
              { maxLength: 2 },
            ),
      windowMs: fc.integer({ min: 0, max: 8 }),
      order: fc.constantFrom('ordered', 'strict', 'unordered'),
    }),
  );
const journeyArb = fc
  .array(fc.record({ code: fc.integer({ min: 0, max: 5 }), t: fc.integer({ min: 0, max: 12 }) }), { maxLength: 16 })
  .map((es) => [...es].sort((a, b) => a.t - b.t));

/** The journey as the reference walk sees it: each element's steps and breaks, its index as its value. */
function referenceEvents(plan: CodedFunnelPlan, journey: ReadonlyArray<{ code: number; t: number }>): FunnelEvent[] {
  return journey.map((e, i) => ({
    t: e.t,
    steps: plan.steps.flatMap((code, k) => (code === e.code ? [k] : [])),
    breaks: plan.exclusions.flatMap((x) => (x.code === e.code ? Array.from({ length: x.to - x.from }, (_, d) => x.from + d) : [])),
    value: String(i),
  }));
}

test('the coded walk records the same chain as the reference walk, in every order', () => {
  fc.assert(
    fc.property(planArb, journeyArb, (drawn, journey) => {
      // Only ordered funnels take exclusions.
      const plan = drawn.order === 'ordered' ? drawn : { ...drawn, exclusions: [] };
      const n = plan.steps.length;
      const want = walkFunnel(referenceEvents(plan, journey), n, plan.windowMs, plan.order!);
      const codes = Int32Array.from(journey.map((e) => e.code));
      const got = walkCodedFunnel(compileCodedFunnel(plan), { codes, codeAt: 0, length: journey.length, timeOf: (i) => journey[i]!.t });
      assert.equal(got.length, want.level);
      if (want.level > 0) assert.equal(String(got[0]), want.value);
      if (plan.order === 'unordered') {
        // The span of the first full completion: from the first counted element to the last.
        assert.equal(got.length === n ? journey[got[n - 1]!]!.t - journey[got[0]!]!.t : null, want.spanMs);
      } else {
        assert.deepEqual(
          got.map((i) => journey[i]!.t),
          want.times,
        );
      }
    }),
    { numRuns: 5000 },
  );
});

test('the coded walk reads its journey at an offset into shared arrays', () => {
  const f = compileCodedFunnel({ steps: [7, 8], exclusions: [], windowMs: 10 });
  const codes = Int32Array.from([8, 7, 1, 8, 7]);
  const times = [0, 1, 2, 3, 4];
  // The journey is codes[1..4): 7 at t 1, 1 at t 2, 8 at t 3.
  assert.deepEqual(walkCodedFunnel(f, { codes, codeAt: 1, length: 3, timeOf: (i) => times[1 + i]! }), [0, 2]);
  assert.deepEqual(walkCodedFunnel(f, { codes, codeAt: 3, length: 2, timeOf: (i) => times[3 + i]! }), [1]);
  assert.deepEqual(walkCodedFunnel(f, { codes, codeAt: 0, length: 0, timeOf: () => 0 }), []);
});
