/**
 * One findings run over a workspace: gather flows, durations, loops, surveys, comment sentiment,
 * support contacts and churn, overall and per persona (the analytics engine's DFG for step
 * successions, src/voc for scored feedback and its themes, src/store/duckdb/insight-sql.ts for
 * the rest), test every candidate, correct all p-values together (Benjamini–Hochberg) and keep
 * candidates that are both significant (q < alpha) and large enough to matter. A touchpoint
 * found negative on both scores and comments is one finding (detect-sentiment.ts).
 */
import type { AnalyticsEngine } from '../analytics/engine.js';
import type { DfgResult } from '../analytics/dfg.js';
import type { DuckDatabase } from '../store/duckdb/database.js';
import {
  churnByTouchpoint,
  commentSentiments,
  edgeDurations,
  flowEdges,
  loops,
  repeatContacts,
  stepVisits,
  stepVisitsByPersona,
  supportWaits,
  surveyScores,
  surveyScoresByPersona,
} from '../store/duckdb/insight-sql.js';
import type { StateStore } from '../store/state-store.js';
import { sentimentByTouchpoint } from '../voc/feedback-reports.js';
import type { FeedbackGroup } from '../voc/feedback-group.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { churnCandidates } from './detect-churn.js';
import { loopCandidates } from './detect-loop.js';
import { personaDropOffCandidates, personaScoreCandidates, personaSentimentCandidates } from './detect-persona.js';
import { commentEvidence, foldSentiment, sentimentCandidates } from './detect-sentiment.js';
import { slowStepCandidates, slowStepPairs, type StepInfo } from './detect-slow.js';
import { channelCandidates, dropOffCandidates, funnelLinks } from './detect-steps.js';
import { repeatContactCandidates, supportWaitCandidates } from './detect-support.js';
import { negativeTouchpointCandidates } from './detect-surveys.js';
import type { Candidate, Finding } from './finding.js';

export interface InsightDeps {
  db: DuckDatabase;
  analytics: AnalyticsEngine;
  state: StateStore;
}

export interface FindingsOptions {
  /** False discovery rate over the run's tests. */
  alpha: number;
  sessionGapMs: number;
  churnWindowMs: number;
  /** Support contacts about the same thing within this window count as repeated. */
  repeatWindowMs: number;
}

const DAY_MS = 86_400_000;
export const DEFAULT_FINDINGS_OPTIONS: FindingsOptions = { alpha: 0.01, sessionGapMs: 30 * 60_000, churnWindowMs: 30 * DAY_MS, repeatWindowMs: 7 * DAY_MS };

export interface FindingsRun {
  findings: Finding[];
  /** Candidates tested (the m of the BH correction). */
  tested: number;
  tookMs: number;
}

export async function runFindings(deps: InsightDeps, ws: string, opts: FindingsOptions = DEFAULT_FINDINGS_OPTIONS): Promise<FindingsRun> {
  const t0 = performance.now();
  const catalogue = await deps.state.getCatalogue(ws);
  const info = new Map<string, StepInfo>(catalogue.touchpoints.map((t) => [t.name, { stage: t.stage ?? null, channel: t.channel ?? null }]));
  const stageOf = (tp: string) => info.get(tp)?.stage ?? null;
  const personas = (await deps.state.getPersonas(ws)).map((p) => ({ key: p.key, name: p.name, rule: p.rule, behaviour: p.behaviour }));
  const names = new Map(personas.map((p) => [p.key, p.name]));

  const [edges, visits] = [await flowEdges(deps.db, ws, opts.sessionGapMs), await stepVisits(deps.db, ws, opts.sessionGapMs)];
  const links = funnelLinks(edges, visits);
  const candidates: Candidate[] = [...dropOffCandidates(links, visits), ...channelCandidates(links, visits)];
  candidates.push(...personaDropOffCandidates(links, visits, await stepVisitsByPersona(deps.db, ws, opts.sessionGapMs, personas), names));

  const dfg = (await deps.analytics.run<DfgResult>(ws, 'dfg', { by: 'touchpoint', limit: 10_000 })).result;
  const pairs = slowStepPairs(dfg.edges, info);
  candidates.push(...slowStepCandidates(pairs, await edgeDurations(deps.db, ws, pairs), info));

  candidates.push(...loopCandidates(await loops(deps.db, ws, opts.sessionGapMs)));
  // Scores the comments that are not scored yet, and gives each touchpoint's negative themes with quotes.
  const feedback = await sentimentByTouchpoint({ db: deps.db, state: deps.state }, ws, { themes: 3, quotes: 2 });
  const groups = new Map(feedback.groups.filter((g): g is FeedbackGroup & { key: string } => g.key !== null).map((g) => [g.key, g]));
  const comments = await commentSentiments(deps.db, ws, personas);
  const surveys = await surveyScores(deps.db, ws);
  candidates.push(...negativeTouchpointCandidates(surveys.scores, surveys.negatives, stageOf, (tp) => commentEvidence(tp, comments.rows, groups)));
  candidates.push(...sentimentCandidates(comments.rows, comments.negatives, groups, stageOf));
  const byPersona = await surveyScoresByPersona(deps.db, ws, personas);
  candidates.push(...personaScoreCandidates(surveys.scores, byPersona.scores, byPersona.negatives, stageOf, names));
  candidates.push(...personaSentimentCandidates(comments.rows, comments.negatives, stageOf, names));

  candidates.push(...supportWaitCandidates(await supportWaits(deps.db, ws)));
  candidates.push(...repeatContactCandidates(await repeatContacts(deps.db, ws, opts.repeatWindowMs), Math.round(opts.repeatWindowMs / DAY_MS)));
  candidates.push(...churnCandidates(await churnByTouchpoint(deps.db, ws, opts.churnWindowMs)));

  const q = benjaminiHochberg(candidates.map((c) => c.p));
  const kept: Finding[] = [];
  candidates.forEach((c, i) => {
    if (!c.large || q[i]! >= opts.alpha) return;
    const { test, statistic, p, interval, large: _large, ...rest } = c;
    kept.push({ ...rest, confidence: { test, statistic, p, q: q[i]!, ...(interval ? { interval } : {}) } });
  });
  const findings = foldSentiment(kept);
  findings.sort((a, b) => b.severity - a.severity || a.kind.localeCompare(b.kind));
  return { findings, tested: candidates.length, tookMs: Math.round(performance.now() - t0) };
}
