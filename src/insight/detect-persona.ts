/**
 * Persona breakdown: an effect concentrated in one persona (the workspace's personas, by their
 * trait rules; a customer may be in several). For each persona P a candidate needs two things,
 * each with its own one-sided test, and its p-value is the larger of the two (an
 * intersection–union test: both must hold):
 * - within: the effect is there among P's customers alone (the kind's own test and threshold,
 *   P's figure at the place against P's figure elsewhere);
 * - contrast: it is stronger in P than among everyone else, measured the same way —
 *   drop-off: the ratio (P's step conversion ÷ P's other funnel steps) ÷ (the same for the
 *   others) at most 0.8, Wald test on its log; negative touchpoint: P's gap (mean here − mean
 *   elsewhere) at least 10% of the scale below the others' gap, z-test on the difference of
 *   differences of means.
 * A persona that is simply worse everywhere is no finding: the contrast compares gaps, not levels.
 */
import type { PersonaScoreNegatives, PersonaScoreRow, PersonaStepVisits, ScoreRow, SentimentNegatives, SentimentRow, StepVisits } from '../store/duckdb/insight-sql.js';
import type { Link } from './detect-steps.js';
import { DROP_OFF_MAX_RATIO } from './detect-steps.js';
import { negativeComments, SENTIMENT_RANGE, sentimentCounts } from './detect-sentiment.js';
import { NEGATIVE_MIN_GAP, SCALES } from './detect-surveys.js';
import type { Candidate, FindingEvidence } from './finding.js';
import { ratioOfRatiosLower, type StepCount } from './log-ratio.js';
import { mannWhitney } from './mann-whitney.js';
import { diffOfDiffsLower, moments, type Moments } from './moments.js';
import { twoProportionLower } from './two-proportion.js';

/** The persona's relative step conversion at most this share of the others'. */
export const PERSONA_MAX_RELATIVE = 0.8;
/** The persona's gap at least this share of the scale below the others' gap. */
export const PERSONA_MIN_EXTRA_GAP = 0.1;
const MIN_VISITS = 30;
const MIN_RESPONSES = 20;

const pct = (x: number) => `${Math.round(x * 100)}%`;

interface Flow {
  visits: number;
  continued: number;
  dropped: number;
  examples: string[];
}

function byStep(visits: readonly StepVisits[]): Map<string, Flow> {
  const m = new Map<string, Flow>();
  for (const v of visits) {
    const a = m.get(v.touchpoint) ?? { visits: 0, continued: 0, dropped: 0, examples: [] };
    a.visits += v.visits;
    a.continued += v.continued;
    a.dropped += v.droppedCustomers;
    a.examples = [...a.examples, ...v.examples].slice(0, 5);
    m.set(v.touchpoint, a);
  }
  return m;
}

const count = (f: Flow | undefined): StepCount => ({ k: f?.continued ?? 0, n: f?.visits ?? 0 });
const minus = (a: StepCount, b: StepCount): StepCount => ({ k: a.k - b.k, n: a.n - b.n });
const sum = (xs: StepCount[]): StepCount => xs.reduce((s, x) => ({ k: s.k + x.k, n: s.n + x.n }), { k: 0, n: 0 });
const rate = (s: StepCount) => (s.n > 0 ? s.k / s.n : 0);

function personaEvidence(persona: string, othersObserved: number, othersExpected: number, contrast: number, contrastUnit: string, within: { test: string; statistic: number; p: number }, contrastTest: { test: string; statistic: number; p: number }): FindingEvidence {
  return { persona: { persona, othersObserved, othersExpected, contrast, contrastUnit, withinTest: within, contrastTest } };
}

export function personaDropOffCandidates(links: readonly Link[], all: readonly StepVisits[], byPersona: readonly PersonaStepVisits[], names: ReadonlyMap<string, string>): Candidate[] {
  if (links.length < 2) return [];
  const everyone = byStep(all);
  const out: Candidate[] = [];
  for (const persona of [...new Set(byPersona.map((v) => v.persona))].sort()) {
    const mine = byStep(byPersona.filter((v) => v.persona === persona));
    const name = names.get(persona) ?? persona;
    for (const l of links) {
      const others = links.filter((o) => o !== l);
      const a1 = count(mine.get(l.from));
      const a2 = sum(others.map((o) => count(mine.get(o.from))));
      const b1 = minus(count(everyone.get(l.from)), a1);
      const b2 = minus(sum(others.map((o) => count(everyone.get(o.from)))), a2);
      if ([a1, a2, b1, b2].some((s) => s.n < MIN_VISITS)) continue;
      const within = twoProportionLower(a1.k, a1.n, a2.k, a2.n);
      const contrast = ratioOfRatiosLower(a1, a2, b1, b2);
      const ratio = within.rate2 > 0 ? within.rate1 / within.rate2 : 1;
      const f = mine.get(l.from)!;
      const withinTest = { test: 'two-proportion z-test (one-sided): this step against the persona’s other funnel steps', statistic: within.z, p: within.p };
      const contrastTest = { test: 'Wald test on the log ratio of relative conversions (one-sided): the persona against everyone else', statistic: contrast.z, p: contrast.p };
      out.push({
        kind: 'drop_off_hotspot',
        where: { stage: l.stage, fromTouchpoint: l.from, toTouchpoint: l.to, persona },
        title: `${name}: ${pct(1 - within.rate1)} of visits to "${l.from}" end there instead of going on to "${l.to}" (${pct(1 - rate(b1))} for everyone else)`,
        magnitude: 1 - ratio,
        magnitudeUnit: 'relative shortfall of the step conversion against the persona’s other funnel steps',
        severity: Math.min(1, Math.max(0, (1 - ratio) / 0.6)),
        observed: within.rate1,
        expected: within.rate2,
        test: 'both one-sided: within the persona (two-proportion z-test) and against everyone else (Wald test on the ratio of relative conversions); p is the larger',
        statistic: Math.abs(within.z) < Math.abs(contrast.z) ? within.z : contrast.z,
        p: Math.max(within.p, contrast.p),
        large: ratio <= DROP_OFF_MAX_RATIO && contrast.ratio <= PERSONA_MAX_RELATIVE,
        customers: f.dropped,
        exampleCustomers: f.examples,
        opportunity: `Find out why ${name} customers leave at "${l.from}" before "${l.to}": only ${pct(within.rate1)} of their visits go on (${pct(rate(b1))} for everyone else), while their other funnel steps keep ${pct(within.rate2)}. Look at what this step asks of them (payment methods, delivery options, the device they use) and test a fix with this persona first.`,
        evidence: personaEvidence(persona, rate(b1), rate(b2), contrast.ratio, 'ratio of relative step conversions (persona ÷ everyone else)', withinTest, contrastTest),
      });
    }
  }
  return out;
}

function subtract(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Map<number, number> {
  const m = new Map(a);
  for (const [v, c] of b) {
    const left = (m.get(v) ?? 0) - c;
    if (left > 0) m.set(v, left);
    else m.delete(v);
  }
  return m;
}

function countsOf<R extends { score: number; count: number }>(rows: readonly R[], pick: (r: R) => boolean): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of rows) if (pick(r)) m.set(r.score, (m.get(r.score) ?? 0) + r.count);
  return m;
}

interface Cells {
  /** Persona here, persona elsewhere, others here, others elsewhere. */
  pt: Map<number, number>;
  po: Map<number, number>;
  nt: Map<number, number>;
  no: Map<number, number>;
}

interface Gap {
  within: { test: string; statistic: number; p: number };
  contrast: { test: string; statistic: number; p: number };
  mpt: Moments;
  mpo: Moments;
  mnt: Moments;
  mno: Moments;
  gap: number;
  extra: number;
  p: number;
  large: boolean;
}

function gapTests(c: Cells, range: number, what: string): Gap | null {
  const [mpt, mpo, mnt, mno] = [moments(c.pt), moments(c.po), moments(c.nt), moments(c.no)];
  if ([mpt, mpo, mnt, mno].some((m) => m.n < MIN_RESPONSES)) return null;
  const mw = mannWhitney(c.pt, c.po);
  const did = diffOfDiffsLower(mpt, mpo, mnt, mno);
  const gap = (mpt.mean - mpo.mean) / range;
  const extra = did.diff / range;
  return {
    within: { test: `Mann–Whitney U on ${what} (one-sided): the persona here against the persona elsewhere`, statistic: mw.z, p: mw.pLower },
    contrast: { test: `z-test on the difference of differences of mean ${what} (one-sided): the persona against everyone else`, statistic: did.z, p: did.p },
    mpt,
    mpo,
    mnt,
    mno,
    gap,
    extra,
    p: Math.max(mw.pLower, did.p),
    large: -gap >= NEGATIVE_MIN_GAP && -extra >= PERSONA_MIN_EXTRA_GAP,
  };
}

const COMBINED = (what: string) => `both one-sided: within the persona (Mann–Whitney U on ${what}) and against everyone else (z-test on the difference of differences of means); p is the larger`;

export function personaScoreCandidates(
  scores: readonly ScoreRow[],
  byPersona: readonly PersonaScoreRow[],
  negatives: readonly PersonaScoreNegatives[],
  stageOf: (tp: string) => string | null,
  names: ReadonlyMap<string, string>,
): Candidate[] {
  const out: Candidate[] = [];
  for (const survey of Object.keys(SCALES)) {
    const scale = SCALES[survey]!;
    const range = scale.max - scale.min;
    const all = scores.filter((r) => r.survey === survey);
    const mine = byPersona.filter((r) => r.survey === survey);
    for (const persona of [...new Set(mine.map((r) => r.persona))].sort()) {
      const name = names.get(persona) ?? persona;
      for (const tp of [...new Set(mine.filter((r) => r.persona === persona).map((r) => r.touchpoint))].sort()) {
        const pt = countsOf(mine, (r) => r.persona === persona && r.touchpoint === tp);
        const po = countsOf(mine, (r) => r.persona === persona && r.touchpoint !== tp);
        const g = gapTests({ pt, po, nt: subtract(countsOf(all, (r) => r.touchpoint === tp), pt), no: subtract(countsOf(all, (r) => r.touchpoint !== tp), po) }, range, 'scores');
        if (!g) continue;
        const neg = negatives.find((n) => n.survey === survey && n.touchpoint === tp && n.persona === persona);
        out.push({
          kind: 'negative_touchpoint',
          where: { stage: stageOf(tp), touchpoint: tp, survey, persona },
          title: `${name}: ${scale.label} about "${tp}" averages ${g.mpt.mean.toFixed(1)} against ${g.mpo.mean.toFixed(1)} for their other touchpoints; everyone else gives it ${g.mnt.mean.toFixed(1)} (${g.mpt.n} responses)`,
          magnitude: -g.gap,
          magnitudeUnit: 'mean score below the persona’s other touchpoints, as a share of the scale',
          severity: Math.min(1, Math.max(0, -g.gap / 0.4)),
          observed: g.mpt.mean,
          expected: g.mpo.mean,
          test: COMBINED('scores'),
          statistic: Math.abs(g.within.statistic) < Math.abs(g.contrast.statistic) ? g.within.statistic : g.contrast.statistic,
          p: g.p,
          large: g.large,
          customers: neg?.customers ?? 0,
          exampleCustomers: neg?.examples ?? [],
          opportunity: `Fix "${tp}" for ${name} customers: their ${scale.label} averages ${g.mpt.mean.toFixed(1)} there against ${g.mnt.mean.toFixed(1)} from everyone else; ${neg?.customers ?? 0} of them gave it a low score. Read their comments and ask them what this touchpoint fails to give them.`,
          evidence: personaEvidence(persona, g.mnt.mean, g.mno.mean, -g.extra, 'how much further below its other touchpoints the persona rates it than everyone else, as a share of the scale', g.within, g.contrast),
        });
      }
    }
  }
  return out;
}

export function personaSentimentCandidates(rows: readonly SentimentRow[], negatives: readonly SentimentNegatives[], stageOf: (tp: string) => string | null, names: ReadonlyMap<string, string>): Candidate[] {
  const out: Candidate[] = [];
  const all = rows.filter((r) => r.persona === null);
  for (const persona of [...new Set(rows.map((r) => r.persona).filter((p): p is string => p !== null))].sort()) {
    const name = names.get(persona) ?? persona;
    const mine = rows.filter((r) => r.persona === persona);
    for (const tp of [...new Set(mine.map((r) => r.touchpoint))].sort()) {
      const pt = sentimentCounts(mine, (r) => r.touchpoint === tp);
      const po = sentimentCounts(mine, (r) => r.touchpoint !== tp);
      const g = gapTests({ pt, po, nt: subtract(sentimentCounts(all, (r) => r.touchpoint === tp), pt), no: subtract(sentimentCounts(all, (r) => r.touchpoint !== tp), po) }, SENTIMENT_RANGE, 'comment sentiment');
      if (!g) continue;
      const neg = negatives.find((n) => n.persona === persona && n.touchpoint === tp);
      const evidence = personaEvidence(persona, g.mnt.mean, g.mno.mean, -g.extra, 'how much further below the persona’s other comments it is than for everyone else, as a share of the −1…1 scale', g.within, g.contrast);
      evidence.sentiment = { mean: Math.round(g.mpt.mean * 1000) / 1000, baseline: Math.round(g.mpo.mean * 1000) / 1000, comments: g.mpt.n, negativeComments: negativeComments(pt), test: g.within.test };
      out.push({
        kind: 'negative_touchpoint',
        where: { stage: stageOf(tp), touchpoint: tp, persona },
        title: `${name}: comments about "${tp}" average a sentiment of ${g.mpt.mean.toFixed(2)} against ${g.mpo.mean.toFixed(2)} for their other comments; everyone else's average ${g.mnt.mean.toFixed(2)} (${g.mpt.n} comments)`,
        magnitude: -g.gap,
        magnitudeUnit: 'mean comment sentiment below the persona’s other comments, as a share of the −1…1 scale',
        severity: Math.min(1, Math.max(0, -g.gap / 0.4)),
        observed: g.mpt.mean,
        expected: g.mpo.mean,
        test: COMBINED('comment sentiment'),
        statistic: Math.abs(g.within.statistic) < Math.abs(g.contrast.statistic) ? g.within.statistic : g.contrast.statistic,
        p: g.p,
        large: g.large,
        customers: neg?.customers ?? 0,
        exampleCustomers: neg?.examples ?? [],
        opportunity: `Fix "${tp}" for ${name} customers: their comments about it average a sentiment of ${g.mpt.mean.toFixed(2)} against ${g.mnt.mean.toFixed(2)} from everyone else; ${neg?.customers ?? 0} of them wrote a negative one. Read them and ask what this touchpoint fails to give them.`,
        evidence,
      });
    }
  }
  return out;
}
