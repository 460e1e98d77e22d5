/**
 * Journey health score, 0–100, per stage and overall.
 *
 *   findings part(stage) = max(0, 100 − Σ 25 × severity(f))   over the stage's open findings
 *   score(stage)         = findings part                        without CSAT responses in the stage
 *                        = 0.8 × findings part + 0.2 × 100 × CSAT(stage)   with them
 *   overall              = Σ customers(stage) × score(stage) ÷ Σ customers(stage)
 *
 * severity ∈ [0, 1] is each finding's own (docs/insight.md): a finding at full severity costs a
 * stage 25 points (20 with CSAT). CSAT(stage) is the analytics engine's KPI (share of 1–5
 * responses scored 4–5 among the stage's survey events); customers(stage) is how many customers
 * reached it. Each stage lists what moved it: the findings with the points they cost, and its KPIs.
 *
 * A problem is counted once: a persona-level finding with an overall finding of the same kind at
 * the same place (a negative touchpoint: the same touchpoint, on scores or comments), and a
 * support-friction time to resolution on the same step as a slow step, cost nothing (listed with
 * 0 points and the title of the finding they are counted in).
 */
import type { Finding, FindingWhere } from './finding.js';

export const POINTS_PER_FINDING = 25;
export const CSAT_WEIGHT = 0.2;

export interface StageKpis {
  stage: string;
  customers: number;
  conversionRate: number | null;
  csat: number | null;
  csatResponses: number;
  churnRate: number | null;
}

export interface StageHealth {
  stage: string;
  score: number;
  findingsPart: number;
  kpis: StageKpis;
  movedBy: Array<{ id?: string; kind: string; title: string; severity: number; points: number; countedIn?: string }>;
}

export interface JourneyHealth {
  overall: number | null;
  stages: StageHealth[];
  formula: string;
}

export const HEALTH_FORMULA =
  'stage = max(0, 100 − Σ 25·severity of its open findings, each problem counted once), blended 80/20 with 100·CSAT when the stage has CSAT responses; overall = customer-weighted mean of the stages';

const round1 = (x: number) => Math.round(x * 10) / 10;

const place = (w: FindingWhere) => JSON.stringify([w.stage, w.touchpoint, w.fromTouchpoint, w.toTouchpoint, w.channel, w.partner, w.survey, w.topic, w.measure]);

/** The finding this one repeats (the same problem already counted), if any. */
export function countedIn(f: Finding, all: readonly Finding[]): Finding | undefined {
  if (f.where.persona !== undefined) {
    const same = (o: Finding) =>
      f.kind === 'negative_touchpoint' ? o.where.touchpoint === f.where.touchpoint : place(o.where) === place({ ...f.where, persona: undefined });
    const overall = all.find((o) => o !== f && o.kind === f.kind && o.where.persona === undefined && same(o));
    if (overall) return overall;
  }
  if (f.kind === 'support_friction' && f.where.measure === 'resolution_time' && f.where.fromTouchpoint) {
    return all.find((o) => o.kind === 'slow_step' && o.where.persona === undefined && o.where.fromTouchpoint === f.where.fromTouchpoint && o.where.toTouchpoint === f.where.toTouchpoint);
  }
  return undefined;
}

export function journeyHealth(stages: readonly string[], findings: ReadonlyArray<Finding & { id?: string }>, kpis: readonly StageKpis[]): JourneyHealth {
  const out: StageHealth[] = stages.map((stage) => {
    const k = kpis.find((x) => x.stage === stage) ?? { stage, customers: 0, conversionRate: null, csat: null, csatResponses: 0, churnRate: null };
    const mine = findings.filter((f) => f.where.stage === stage);
    const dup = mine.map((f) => countedIn(f, findings));
    const lost = mine.map((f, i) => (dup[i] ? 0 : POINTS_PER_FINDING * f.severity));
    const findingsPart = Math.max(0, 100 - lost.reduce((a, b) => a + b, 0));
    const withCsat = k.csat !== null && k.csatResponses > 0;
    const score = withCsat ? (1 - CSAT_WEIGHT) * findingsPart + CSAT_WEIGHT * 100 * k.csat! : findingsPart;
    const w = withCsat ? 1 - CSAT_WEIGHT : 1;
    return {
      stage,
      score: round1(score),
      findingsPart: round1(findingsPart),
      kpis: k,
      movedBy: mine.map((f, i) => ({
        ...(f.id ? { id: f.id } : {}),
        kind: f.kind,
        title: f.title,
        severity: round1(f.severity * 100) / 100,
        points: round1(lost[i]! * w),
        ...(dup[i] ? { countedIn: dup[i]!.title } : {}),
      })),
    };
  });
  const weight = out.reduce((n, s) => n + s.kpis.customers, 0);
  const overall = weight > 0 ? round1(out.reduce((n, s) => n + s.kpis.customers * s.score, 0) / weight) : null;
  return { overall, stages: out, formula: HEALTH_FORMULA };
}
