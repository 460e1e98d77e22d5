/**
 * The statistics behind findings against known values: normal tails, two-proportion z, Wilson
 * interval, Mann–Whitney U (with ties), Benjamini–Hochberg, chained log ratios, ratios of
 * ratios and differences of differences (persona contrasts); and the health formula.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { journeyHealth } from './health.js';
import { chainRatioLower, ratioOfRatiosLower } from './log-ratio.js';
import { counts, mannWhitney } from './mann-whitney.js';
import { diffOfDiffsLower, moments } from './moments.js';
import { twoSided, upperTail } from './normal.js';
import { twoProportionLower } from './two-proportion.js';
import { proportionAbove, wilson } from './wilson.js';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('normal tails', () => {
  close(upperTail(1.959964), 0.025, 1e-6, 'P(Z ≥ 1.96)');
  close(twoSided(-2.575829), 0.01, 1e-6, 'two-sided 2.576');
  close(upperTail(0), 0.5, 1e-7, 'P(Z ≥ 0)');
});

test('two-proportion z-test: 30/100 vs 50/100 (z = −2.887, one-sided p = 0.00195)', () => {
  const t = twoProportionLower(30, 100, 50, 100);
  close(t.z, -2.8868, 1e-3, 'z');
  close(t.p, 0.001946, 2e-5, 'p');
  assert.equal(twoProportionLower(0, 0, 5, 10).p, 1);
});

test('Wilson interval of 8/10 at 95% is [0.490, 0.943]; a share against a tolerance', () => {
  const w = wilson(8, 10);
  close(w.low, 0.4902, 1e-3, 'low');
  close(w.high, 0.9433, 1e-3, 'high');
  assert.ok(proportionAbove(200, 1000, 0.05) < 1e-9);
  assert.ok(proportionAbove(40, 1000, 0.05) > 0.5);
});

test('Mann–Whitney U: textbook example and ties', () => {
  // x = 1,2,3 vs y = 4,5,6: U (x > y pairs) = 0, z = −1.964 → p_lower = 0.0248
  const t = mannWhitney(counts([1, 2, 3]), counts([4, 5, 6]));
  assert.equal(t.u, 0);
  close(t.z, -1.964, 1e-3, 'z');
  close(t.pLower, 0.0248, 1e-3, 'p');
  assert.equal(t.effect, 0);
  // all tied: no evidence either way
  const tie = mannWhitney(counts([3, 3, 3]), counts([3, 3]));
  assert.equal(tie.pLower, 1);
  assert.equal(tie.effect, 0.5);
});

test('Benjamini–Hochberg q-values', () => {
  const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.5]);
  assert.deepEqual(q.map((x) => Math.round(x * 1e6) / 1e6), [0.04, 0.053333, 0.053333, 0.5]);
  assert.deepEqual(benjaminiHochberg([]), []);
});

test('chained conversion ratio: equal chains give ratio ≈ 1 and no evidence; a weaker chain is found', () => {
  const same = chainRatioLower([{ k: 90, n: 100 }, { k: 80, n: 100 }], [{ k: 900, n: 1000 }, { k: 800, n: 1000 }]);
  close(same.ratio, 1, 0.02, 'ratio');
  assert.ok(same.p > 0.3);
  const weak = chainRatioLower([{ k: 700, n: 1000 }, { k: 600, n: 1000 }], [{ k: 900, n: 1000 }, { k: 800, n: 1000 }]);
  assert.ok(weak.ratio < 0.6 && weak.p < 1e-6);
});

test('health: findings cost 25 × severity, CSAT weighs 20%, overall is customer-weighted', () => {
  const f = (stage: string, severity: number) => ({
    kind: 'loop' as const, where: { stage }, title: 't', magnitude: 0, magnitudeUnit: '', severity, observed: 0, expected: 0,
    confidence: { test: '', statistic: 0, p: 0, q: 0 }, customers: 1, exampleCustomers: [], opportunity: '',
  });
  const k = (stage: string, customers: number, csat: number | null) => ({ stage, customers, conversionRate: null, csat, csatResponses: csat === null ? 0 : 10, churnRate: null });
  const h = journeyHealth(['a', 'b'], [f('a', 1), f('a', 0.5), f('b', 0.2)], [k('a', 100, null), k('b', 300, 0.5)]);
  assert.equal(h.stages[0]!.score, 62.5);
  assert.equal(h.stages[1]!.score, 0.8 * 95 + 0.2 * 50);
  assert.equal(h.overall, Math.round(((100 * 62.5 + 300 * 86) / 400) * 10) / 10);
  assert.deepEqual(h.stages[0]!.movedBy.map((m) => m.points), [25, 12.5]);
});

test('persona contrasts: a ratio of ratios and a difference of differences of means', () => {
  // the same relative conversion in both groups (0.5 / 0.8 vs 0.5 / 0.8): no evidence
  const same = ratioOfRatiosLower({ k: 50, n: 100 }, { k: 80, n: 100 }, { k: 500, n: 1000 }, { k: 800, n: 1000 });
  close(same.ratio, 1, 0.02, 'ratio');
  assert.ok(same.p > 0.3);
  // worse everywhere by the same factor is not a contrast: 0.4 / 0.64 against 0.5 / 0.8
  const level = ratioOfRatiosLower({ k: 40, n: 100 }, { k: 64, n: 100 }, { k: 500, n: 1000 }, { k: 800, n: 1000 });
  assert.ok(level.p > 0.3, `p ${level.p}`);
  const strong = ratioOfRatiosLower({ k: 200, n: 1000 }, { k: 800, n: 1000 }, { k: 500, n: 1000 }, { k: 800, n: 1000 });
  assert.ok(strong.ratio < 0.5 && strong.p < 1e-9);
  const m = moments(counts([1, 2, 3, 4]));
  assert.equal(m.mean, 2.5);
  close(m.variance, 5 / 3, 1e-12, 'variance');
  // gap −2 in one group, 0 in the other, se = sqrt(4 × (1/3)/4)
  const d = diffOfDiffsLower(moments(counts([1, 1, 2, 2])), moments(counts([3, 3, 4, 4])), moments(counts([3, 3, 4, 4])), moments(counts([3, 3, 4, 4])));
  close(d.diff, -2, 1e-12, 'diff');
  close(d.z, -2 / Math.sqrt(4 * (1 / 3 / 4)), 1e-9, 'z');
  assert.ok(d.p < 0.001);
});

test('health counts a problem once: a persona finding at the same place as an overall one, a resolution time on a slow step', () => {
  const f = (kind: 'drop_off_hotspot' | 'slow_step' | 'support_friction', where: Record<string, string>, severity: number) => ({
    kind, where: { stage: 'a', ...where }, title: `${kind} ${where.persona ?? ''}`, magnitude: 0, magnitudeUnit: '', severity, observed: 0, expected: 0,
    confidence: { test: '', statistic: 0, p: 0, q: 0 }, customers: 1, exampleCustomers: [], opportunity: '',
  });
  const step = { fromTouchpoint: 'x', toTouchpoint: 'y' };
  const h = journeyHealth(
    ['a'],
    [f('drop_off_hotspot', step, 1), f('drop_off_hotspot', { ...step, persona: 'p' }, 1), f('drop_off_hotspot', { fromTouchpoint: 'u', toTouchpoint: 'v', persona: 'p' }, 0.4), f('slow_step', step, 0.2), f('support_friction', { ...step, measure: 'resolution_time' }, 0.8)],
    [{ stage: 'a', customers: 1, conversionRate: null, csat: null, csatResponses: 0, churnRate: null }],
  );
  assert.deepEqual(h.stages[0]!.movedBy.map((m) => m.points), [25, 0, 10, 5, 0]);
  assert.equal(h.stages[0]!.movedBy[1]!.countedIn, 'drop_off_hotspot ');
  assert.equal(h.stages[0]!.score, 60);
});
