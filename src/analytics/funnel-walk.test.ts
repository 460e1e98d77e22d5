/**
 * The one-pass funnel walk against a plain search over every chain (the definition in
 * funnel-walk.ts), on random journeys with ties, overlapping steps and exclusions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type FunnelEvent, walkFunnel } from './funnel-walk.js';

const N = 4;
const eventArb: fc.Arbitrary<FunnelEvent> = fc.record({
  t: fc.integer({ min: 0, max: 12 }),
  steps: fc.subarray([0, 1, 2, 3], { maxLength: 2 }),
  breaks: fc.constant([] as number[]),
  value: fc.constantFrom('web', 'app', null),
});
const journeyArb = fc.array(eventArb, { maxLength: 14 }).map((es) => [...es].sort((a, b) => a.t - b.t));
const exclusionArb = fc.option(
  fc
    .tuple(fc.integer({ min: 1, max: N - 1 }), fc.integer({ min: 2, max: N }), fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }))
    .filter(([i, j]) => i < j),
  { nil: undefined },
);

/** Longest chain by search: ordered (exclusions as defined) or strict. */
function searchLevel(es: readonly FunnelEvent[], w: number, strict: boolean, ex?: { from: number; to: number; at: boolean[] }): number {
  let best = 0;
  const go = (chain: number[]) => {
    best = Math.max(best, chain.length);
    if (chain.length === N) return;
    const last = chain.at(-1)!;
    for (let i = last + 1; i < (strict ? Math.min(last + 2, es.length) : es.length); i++) {
      const e = es[i]!;
      if (!e.steps.includes(chain.length) || e.t - es[chain[0]!]!.t > w) continue;
      const next = [...chain, i];
      if (ex && next.length > ex.from) {
        const a = next[ex.from - 1]!;
        const b = next[Math.min(next.length, ex.to) - 1]!;
        let broken = false;
        for (let x = a + 1; x < b; x++) if (ex.at[x] && !next.includes(x)) broken = true;
        if (broken) continue;
      }
      go(next);
    }
  };
  es.forEach((e, i) => e.steps.includes(0) && go([i]));
  return best;
}

function searchUnordered(es: readonly FunnelEvent[], w: number): number {
  let best = 0;
  for (const end of es) {
    const steps = new Set(es.filter((e) => e.t <= end.t && e.t >= end.t - w).flatMap((e) => e.steps));
    best = Math.max(best, steps.size);
  }
  return best;
}

test('ordered and strict walks reach the longest chain a search finds (ties, overlapping steps, exclusions)', () => {
  fc.assert(
    fc.property(journeyArb, fc.integer({ min: 0, max: 12 }), fc.boolean(), exclusionArb, (raw, w, strict, exRaw) => {
      const ex = exRaw && !strict ? { from: exRaw[0], to: exRaw[1], at: exRaw[2] } : undefined;
      const es = raw.map((e, i) => ({ ...e, breaks: ex?.at[i] ? Array.from({ length: ex.to - ex.from }, (_, k) => ex.from + k) : [] }));
      const out = walkFunnel(es, N, w, strict ? 'strict' : 'ordered');
      assert.equal(out.level, searchLevel(es, w, strict, ex));
      assert.equal(out.times.length, out.level);
      if (out.level) assert.ok(out.times.at(-1)! - out.times[0]! <= w);
    }),
    { numRuns: 3000 },
  );
});

test('the unordered walk finds the most steps within one window', () => {
  fc.assert(
    fc.property(journeyArb, fc.integer({ min: 0, max: 12 }), (es, w) => {
      const out = walkFunnel(es, N, w, 'unordered');
      assert.equal(out.level, searchUnordered(es, w));
      assert.equal(out.spanMs !== null, out.level === N);
      if (out.spanMs !== null) assert.ok(out.spanMs >= 0 && out.spanMs <= w);
    }),
    { numRuns: 3000 },
  );
});

test('examples: windowFunnel-like ordered, strict interruptions, exclusions break a chain but keep its steps', () => {
  const ev = (t: number, steps: number[], breaks: number[] = []): FunnelEvent => ({ t, steps, breaks, value: null });
  // A B C D within 10; a B outside the window from the first A but inside from the second.
  assert.equal(walkFunnel([ev(0, [0]), ev(5, [1]), ev(20, [0]), ev(25, [1]), ev(28, [2]), ev(29, [3])], N, 10, 'ordered').level, 4);
  assert.deepEqual(walkFunnel([ev(0, [0]), ev(5, [1]), ev(20, [0]), ev(25, [1]), ev(28, [2]), ev(29, [3])], N, 10, 'ordered').times, [20, 25, 28, 29]);
  // Strict: A B X C stops at 2.
  assert.equal(walkFunnel([ev(0, [0]), ev(1, [1]), ev(2, []), ev(3, [2]), ev(4, [3])], N, 10, 'strict').level, 2);
  // Exclusion between 2 and 3: A B X C D → 2; A B X B C D → 4 (a clean B after X).
  assert.equal(walkFunnel([ev(0, [0]), ev(1, [1]), ev(2, [], [2]), ev(3, [2]), ev(4, [3])], N, 10, 'ordered').level, 2);
  assert.equal(walkFunnel([ev(0, [0]), ev(1, [1]), ev(2, [], [2]), ev(3, [1]), ev(4, [2]), ev(5, [3])], N, 10, 'ordered').level, 4);
  // One event fills one step: A alone does not convert A → A.
  assert.equal(walkFunnel([ev(0, [0, 1])], 2, 10, 'ordered').level, 1);
  // The window is inclusive.
  assert.equal(walkFunnel([ev(0, [0]), ev(10, [1])], 2, 10, 'ordered').level, 2);
});
