/**
 * Negative touchpoints from what customers write: the sentiment of the comments about a
 * touchpoint (compound score −1…1 of each readable comment, src/voc) against every other comment
 * of the workspace, with or without survey scores. A finding when the mean is at least 10% of the
 * scale (0.2) lower, with a one-sided Mann–Whitney U on the per-comment sentiments; 20 comments on
 * each side. Its evidence carries the touchpoint's most frequent negative themes with quotes.
 *
 * A touchpoint found both on scores (detect-surveys.ts) and on comments is one finding: the score
 * finding keeps its identity and takes the comment test as evidence (`foldSentiment`).
 */
import type { SentimentNegatives, SentimentRow } from '../store/duckdb/insight-sql.js';
import type { FeedbackGroup } from '../voc/feedback-group.js';
import { polarityOf } from '../voc/sentiment.js';
import { NEGATIVE_MIN_GAP } from './detect-surveys.js';
import type { Candidate, Finding, FindingEvidence } from './finding.js';
import { mannWhitney } from './mann-whitney.js';
import { moments } from './moments.js';

/** Width of the sentiment scale (−1…1). */
export const SENTIMENT_RANGE = 2;
const MIN_COMMENTS = 20;
export const COMMENT_TEST = 'Mann–Whitney U on comment sentiment (one-sided, tie-corrected)';

export function sentimentCounts(rows: readonly SentimentRow[], pick: (r: SentimentRow) => boolean): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of rows) if (pick(r)) m.set(r.sentiment, (m.get(r.sentiment) ?? 0) + r.count);
  return m;
}

/** How many of the comments are negative (the feedback pass's own polarity rule). */
export function negativeComments(m: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const [v, c] of m) if (polarityOf(v) === 'negative') n += c;
  return n;
}

/** The evidence a touchpoint's comments give (no test): mean against the others, themes with quotes. */
export function commentEvidence(tp: string, rows: readonly SentimentRow[], groups: ReadonlyMap<string, FeedbackGroup>): FindingEvidence {
  const all = rows.filter((r) => r.persona === null);
  const here = sentimentCounts(all, (r) => r.touchpoint === tp);
  const x = moments(here);
  const y = moments(sentimentCounts(all, (r) => r.touchpoint !== tp));
  const g = groups.get(tp);
  const out: FindingEvidence = {};
  if (g?.themes.length) out.themes = g.themes;
  if (x.n > 0) out.sentiment = { mean: round(x.mean), baseline: round(y.mean), comments: x.n, negativeComments: negativeComments(here) };
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function sentimentCandidates(rows: readonly SentimentRow[], negatives: readonly SentimentNegatives[], groups: ReadonlyMap<string, FeedbackGroup>, stageOf: (tp: string) => string | null): Candidate[] {
  const all = rows.filter((r) => r.persona === null);
  const out: Candidate[] = [];
  for (const tp of [...new Set(all.map((r) => r.touchpoint))].sort()) {
    const x = sentimentCounts(all, (r) => r.touchpoint === tp);
    const y = sentimentCounts(all, (r) => r.touchpoint !== tp);
    const mx = moments(x);
    const my = moments(y);
    if (mx.n < MIN_COMMENTS || my.n < MIN_COMMENTS) continue;
    const t = mannWhitney(x, y);
    const gap = (mx.mean - my.mean) / SENTIMENT_RANGE;
    const neg = negatives.find((n) => n.persona === null && n.touchpoint === tp);
    const evidence = commentEvidence(tp, rows, groups);
    evidence.sentiment = { ...evidence.sentiment!, test: COMMENT_TEST };
    const themes = evidence.themes?.map((th) => `"${th.phrase}"`).join(', ');
    out.push({
      kind: 'negative_touchpoint',
      where: { stage: stageOf(tp), touchpoint: tp },
      title: `Comments about "${tp}" average a sentiment of ${mx.mean.toFixed(2)} against ${my.mean.toFixed(2)} for every other touchpoint (${mx.n} comments)`,
      magnitude: -gap,
      magnitudeUnit: 'mean comment sentiment below the workspace baseline, as a share of the −1…1 scale',
      severity: Math.min(1, Math.max(0, -gap / 0.4)),
      observed: mx.mean,
      expected: my.mean,
      test: COMMENT_TEST,
      statistic: t.z,
      p: t.pLower,
      large: -gap >= NEGATIVE_MIN_GAP,
      customers: neg?.customers ?? 0,
      exampleCustomers: neg?.examples ?? [],
      opportunity: `Fix what customers complain about at "${tp}": their comments average a sentiment of ${mx.mean.toFixed(2)} against ${my.mean.toFixed(2)} elsewhere; ${neg?.customers ?? 0} customers wrote a negative comment${themes ? ` (most often about ${themes})` : ''}. Read them, follow up with those customers, and fix the most frequent complaint.`,
      evidence,
    });
  }
  return out;
}

/** Findings on comments only, recognised by their evidence's test. */
const onComments = (f: Finding) => f.kind === 'negative_touchpoint' && f.where.survey === undefined && f.evidence?.sentiment?.test !== undefined;

/**
 * One finding per negative touchpoint (and persona): when scores found it too, the comment finding
 * is folded into each score finding of the same touchpoint and persona as its sentiment evidence.
 */
export function foldSentiment(findings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    if (!onComments(f)) {
      out.push(f);
      continue;
    }
    const hosts = findings.filter((h) => h.kind === 'negative_touchpoint' && h.where.survey !== undefined && h.where.touchpoint === f.where.touchpoint && h.where.persona === f.where.persona);
    if (hosts.length === 0) {
      out.push(f);
      continue;
    }
    for (const h of hosts) {
      h.evidence = {
        ...h.evidence,
        ...(f.evidence?.themes ? { themes: f.evidence.themes } : {}),
        sentiment: { ...f.evidence!.sentiment!, statistic: f.confidence.statistic, p: f.confidence.p, q: f.confidence.q },
      };
    }
  }
  return out;
}
