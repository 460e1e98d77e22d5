/**
 * One findings run over a workspace: gather flows, durations, loops, surveys and churn (the
 * analytics engine's DFG for step successions, src/store/duckdb/insight-sql.ts for the rest),
 * test every candidate, correct all p-values together (Benjamini–Hochberg) and keep candidates
 * that are both significant (q < alpha) and large enough to matter.
 */
import type { AnalyticsEngine } from '../analytics/engine.js';
import type { DfgResult } from '../analytics/dfg.js';
import type { DuckDatabase } from '../store/duckdb/database.js';
import { churnByTouchpoint, edgeDurations, flowEdges, loops, stepVisits, surveyScores } from '../store/duckdb/insight-sql.js';
import type { StateStore } from '../store/state-store.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { churnCandidates } from './detect-churn.js';
import { loopCandidates } from './detect-loop.js';
import { slowStepCandidates, slowStepPairs, type StepInfo } from './detect-slow.js';
import { channelCandidates, dropOffCandidates, funnelLinks } from './detect-steps.js';
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
}

export const DEFAULT_FINDINGS_OPTIONS: FindingsOptions = { alpha: 0.01, sessionGapMs: 30 * 60_000, churnWindowMs: 30 * 86_400_000 };

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

  const [edges, visits] = [await flowEdges(deps.db, ws, opts.sessionGapMs), await stepVisits(deps.db, ws, opts.sessionGapMs)];
  const links = funnelLinks(edges, visits);
  const candidates: Candidate[] = [...dropOffCandidates(links, visits), ...channelCandidates(links, visits)];

  const dfg = (await deps.analytics.run<DfgResult>(ws, 'dfg', { by: 'touchpoint', limit: 10_000 })).result;
  const pairs = slowStepPairs(dfg.edges, info);
  candidates.push(...slowStepCandidates(pairs, await edgeDurations(deps.db, ws, pairs), info));

  candidates.push(...loopCandidates(await loops(deps.db, ws, opts.sessionGapMs)));
  const surveys = await surveyScores(deps.db, ws);
  candidates.push(...negativeTouchpointCandidates(surveys.scores, surveys.negatives, stageOf));
  candidates.push(...churnCandidates(await churnByTouchpoint(deps.db, ws, opts.churnWindowMs)));

  const q = benjaminiHochberg(candidates.map((c) => c.p));
  const findings: Finding[] = [];
  candidates.forEach((c, i) => {
    if (!c.large || q[i]! >= opts.alpha) return;
    const { test, statistic, p, interval, large: _large, ...rest } = c;
    findings.push({ ...rest, confidence: { test, statistic, p, q: q[i]!, ...(interval ? { interval } : {}) } });
  });
  findings.sort((a, b) => b.severity - a.severity || a.kind.localeCompare(b.kind));
  return { findings, tested: candidates.length, tookMs: Math.round(performance.now() - t0) };
}
