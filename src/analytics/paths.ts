/**
 * Paths (the data behind a Sankey): what customers do after a start point, before an end point,
 * or between the two, step by step, within one session.
 *
 * How a path is built, in this order (the SQL compilers follow it exactly):
 * 1. The journey at the plan's granularity (event-log.ts `journeys`: scope applied, events
 *    without the activity left out, ordered by time then message id).
 * 2. Exclusions: events whose column at the exclusion's granularity matches its pattern (a glob
 *    or a `/regex/`, case-insensitive, domain/pattern.ts) are dropped, as if never sent.
 * 3. Sessions: a gap of more than `sessionGap` between consecutive remaining events starts a new
 *    session (default 30 minutes). A path never crosses a session boundary.
 * 4. Node labels: an activity matching a group's pattern takes the group's label (the first group
 *    that matches; the label defaults to the pattern), so `Product Viewed*` is one node.
 * 5. Steps: each event is a step; with `collapseRepeats`, a run of consecutive events of a
 *    session with the same label is one step. A step *is* the start (end) point if any of its
 *    events matches the start (end) step (granularity, value and conditions on the raw event).
 * 6. The path of a session:
 *    - no start, no end (`sessions`): every session's first `depth` steps;
 *    - start only (`from_start`): from the session's FIRST start step, `depth` steps on;
 *    - end only (`to_end`): the up to `depth` steps ending at the session's FIRST end step;
 *    - both (`between`): from the first start step to the first end step strictly after it;
 *      sessions whose end lies more than `depth` steps away are counted in `beyondDepth`, not
 *      drawn.
 *    Which occurrence counts: the first per session, as PostHog and Amplitude do. Counting every
 *    occurrence would draw overlapping paths for a loop (A → B → A → B … starts two paths), so a
 *    node's count would no longer be a number of sessions and shares would not add up; one path
 *    per session keeps every count a count of sessions.
 * 7. Nodes are keyed by (step, label), so the graph is acyclic even when journeys loop. Steps are
 *    numbered 1…depth from the start of the path; in `to_end` the end point sits at step `depth`
 *    and shorter paths begin later (paths are aligned on their end). Per node: `count` paths pass
 *    it, `continued` have a further step in the session (at the last shown step: beyond the
 *    depth; the end step of `to_end`/`between` never continues), `dropOff` = count − continued.
 *    Links join step k to k+1 with `value` = paths taking them.
 * 8. Shape: links below `minWeight` are hidden, then only the `limit` heaviest are kept (value,
 *    then step, then labels byte-wise); the rest are DROPPED, not folded into an "other" node, and
 *    summed in `hiddenLinks`. Nodes shown: those with count ≥ minWeight at the path's anchor step
 *    (step 1; `depth` for to_end) and every endpoint of a kept link. Node counts stay exact.
 */
import { z } from 'zod';
import { type AnalysisDefinition, PlanBase } from './analysis.js';
import { durationSchema } from './duration.js';
import { byteCompare, type EventLog, eventMatches, journeys, type LogEvent } from './event-log.js';
import { ACTIVITY_COLUMN, GranularitySchema } from './granularity.js';
import { type Step, StepSchema } from './step.js';
import { compilePattern, PatternError, patternToRegexSource } from '../domain/pattern.js';

export const MAX_PATH_DEPTH = 20;
export const DEFAULT_SESSION_GAP_MS = 30 * 60_000;

const PatternText = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .superRefine((v, ctx) => {
    try {
      patternToRegexSource(v);
    } catch (err) {
      if (!(err instanceof PatternError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  });

export const PathGroupSchema = z
  .object({
    /** A glob (`Product Viewed*`) or `/regex/`, case-insensitive, on the activity. */
    pattern: PatternText,
    /** The node's label; defaults to the pattern. */
    label: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type PathGroup = z.infer<typeof PathGroupSchema>;

export const PathExclusionSchema = z
  .object({
    /** The column the pattern is matched against; defaults to touchpoint. */
    by: GranularitySchema.default('touchpoint'),
    pattern: PatternText,
  })
  .strict();
export type PathExclusion = z.infer<typeof PathExclusionSchema>;

export const PathsPlanSchema = z
  .object({
    ...PlanBase,
    /** Paths after the first occurrence of this step in a session. */
    start: StepSchema.optional(),
    /** Paths leading to the first occurrence of this step in a session (after the start, if given). */
    end: StepSchema.optional(),
    /** Steps shown, the start and end points included. */
    depth: z.number().int().min(1).max(MAX_PATH_DEPTH).default(5),
    /** Hide links (and non-anchor nodes) taken by fewer paths. */
    minWeight: z.number().int().min(1).max(1_000_000_000).default(1),
    /** Keep at most this many links, the heaviest; the rest are dropped (see hiddenLinks). */
    limit: z.number().int().min(1).max(10_000).default(100),
    /** Events left out of journeys before paths are built. */
    exclude: z.array(PathExclusionSchema).max(50).default([]),
    /** Activities matching a pattern become one node. */
    groups: z.array(PathGroupSchema).max(50).default([]),
    /** Treat a run of the same node label within a session as one step. */
    collapseRepeats: z.boolean().default(false),
    /** Inactivity that ends a session: "30m", "2h", or milliseconds (1 s … 365 d). */
    sessionGap: durationSchema(1000, 365 * 86_400_000).default(DEFAULT_SESSION_GAP_MS),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.start && p.end && p.depth < 2) {
      ctx.addIssue({ code: 'custom', path: ['depth'], message: 'a path between a start and an end point has at least 2 steps: depth must be 2 or more' });
    }
  });
export type PathsPlan = z.infer<typeof PathsPlanSchema>;

export type PathsMode = 'sessions' | 'from_start' | 'to_end' | 'between';

export function pathsMode(plan: Pick<PathsPlan, 'start' | 'end'>): PathsMode {
  if (plan.start && plan.end) return 'between';
  if (plan.start) return 'from_start';
  if (plan.end) return 'to_end';
  return 'sessions';
}

/** The step at which every path is anchored: 1, or `depth` when paths are aligned on their end. */
export function anchorStep(plan: PathsPlan): number {
  return pathsMode(plan) === 'to_end' ? plan.depth : 1;
}

export interface PathNode {
  /** `${step}_${activity}`: unique, and the key links refer to. */
  id: string;
  step: number;
  activity: string;
  count: number;
  continued: number;
  dropOff: number;
}

export interface PathLink {
  source: string;
  target: string;
  /** The source's step (the target is at step + 1). */
  step: number;
  from: string;
  to: string;
  value: number;
}

export interface PathsResult {
  mode: PathsMode;
  /** Sessions in scope (after exclusions). */
  sessions: number;
  /** Sessions that gave a path (drawn or not). */
  paths: number;
  /** `between` only: sessions whose end comes more than `depth` steps after the start (not drawn). */
  beyondDepth: number;
  nodes: PathNode[];
  links: PathLink[];
  /** Distinct nodes and links before minWeight and limit. */
  totalNodes: number;
  totalLinks: number;
  /** Links left out (below minWeight or beyond limit): how many, and how many paths took them. */
  hiddenLinks: { count: number; value: number };
}

/** What both the reference and the SQL compilers produce before shaping. */
export interface RawPaths {
  sessions: number;
  paths: number;
  beyondDepth: number;
  nodes: Array<{ step: number; activity: string; count: number; continued: number }>;
  links: Array<{ step: number; from: string; to: string; value: number }>;
}

export function nodeId(step: number, activity: string): string {
  return `${step}_${activity}`;
}

const sumValues = (ls: ReadonlyArray<{ value: number }>) => ls.reduce((s, l) => s + l.value, 0);

/** Sort, filter and limit identically for every backend (see the module header, point 8). */
export function shapePaths(plan: PathsPlan, raw: RawPaths): PathsResult {
  const links = [...raw.links].sort((a, b) => b.value - a.value || a.step - b.step || byteCompare(a.from, b.from) || byteCompare(a.to, b.to));
  const kept = links.filter((l) => l.value >= plan.minWeight).slice(0, plan.limit);
  const ends = new Set(kept.flatMap((l) => [nodeId(l.step, l.from), nodeId(l.step + 1, l.to)]));
  const anchor = anchorStep(plan);
  const nodes = raw.nodes
    .filter((n) => ends.has(nodeId(n.step, n.activity)) || (n.step === anchor && n.count >= plan.minWeight))
    .sort((a, b) => a.step - b.step || b.count - a.count || byteCompare(a.activity, b.activity))
    .map((n) => ({ id: nodeId(n.step, n.activity), step: n.step, activity: n.activity, count: n.count, continued: n.continued, dropOff: n.count - n.continued }));
  return {
    mode: pathsMode(plan),
    sessions: raw.sessions,
    paths: raw.paths,
    beyondDepth: raw.beyondDepth,
    nodes,
    links: kept.map((l) => ({ source: nodeId(l.step, l.from), target: nodeId(l.step + 1, l.to), step: l.step, from: l.from, to: l.to, value: l.value })),
    totalNodes: raw.nodes.length,
    totalLinks: links.length,
    hiddenLinks: { count: links.length - kept.length, value: sumValues(links) - sumValues(kept) },
  };
}

/** The node label of an activity: the first matching group's label, else the activity itself. */
export function groupLabeller(groups: readonly PathGroup[]): (activity: string) => string {
  const compiled = groups.map((g) => ({ test: compilePattern(g.pattern), label: g.label ?? g.pattern }));
  return (activity) => compiled.find((g) => g.test(activity))?.label ?? activity;
}

/** Whether an event is left out of journeys by the plan's exclusions. */
export function exclusionTest(exclude: readonly PathExclusion[]): (e: LogEvent) => boolean {
  const compiled = exclude.map((x) => ({ col: ACTIVITY_COLUMN[x.by], test: compilePattern(x.pattern) }));
  return (e) => compiled.some((x) => x.test(e[x.col]));
}

function isStep(e: LogEvent, step: Step | undefined): boolean {
  return step !== undefined && e[ACTIVITY_COLUMN[step.by]] === step.value && eventMatches(e, step.where);
}

interface PathStep {
  label: string;
  start: boolean;
  end: boolean;
}

/** A session's steps (point 5 of the header). */
function sessionSteps(plan: PathsPlan, events: readonly LogEvent[], label: (e: LogEvent) => string): PathStep[] {
  const steps: PathStep[] = [];
  for (const e of events) {
    const l = label(e);
    const last = steps.at(-1);
    const s = isStep(e, plan.start);
    const x = isStep(e, plan.end);
    if (plan.collapseRepeats && last && last.label === l) {
      last.start ||= s;
      last.end ||= x;
    } else steps.push({ label: l, start: s, end: x });
  }
  return steps;
}

function referencePaths(plan: PathsPlan, log: EventLog): PathsResult {
  const mode = pathsMode(plan);
  const excluded = exclusionTest(plan.exclude);
  const labelOf = groupLabeller(plan.groups);
  const col = ACTIVITY_COLUMN[plan.by];
  const nodes = new Map<string, { step: number; activity: string; count: number; continued: number }>();
  const links = new Map<string, { step: number; from: string; to: string; value: number }>();
  let sessions = 0;
  let paths = 0;
  let beyondDepth = 0;

  const draw = (steps: readonly PathStep[], from: number, to: number, firstStep: number, lastContinues: boolean) => {
    paths++;
    for (let i = from; i <= to; i++) {
      const step = firstStep + (i - from);
      const label = steps[i]!.label;
      const key = nodeId(step, label);
      const n = nodes.get(key) ?? { step, activity: label, count: 0, continued: 0 };
      n.count++;
      if (i < to || lastContinues) n.continued++;
      nodes.set(key, n);
      if (i < to) {
        const next = steps[i + 1]!.label;
        const lk = `${step}\u0000${label}\u0000${next}`;
        const l = links.get(lk) ?? { step, from: label, to: next, value: 0 };
        l.value++;
        links.set(lk, l);
      }
    }
  };

  for (const journey of journeys(log, plan.scope, plan.by).values()) {
    const events = journey.filter((x) => !excluded(x.event)).map((x) => x.event);
    let session: LogEvent[] = [];
    const flush = () => {
      if (session.length === 0) return;
      sessions++;
      const steps = sessionSteps(plan, session, (e) => labelOf(e[col]!));
      session = [];
      if (mode === 'sessions' || mode === 'from_start') {
        const from = mode === 'sessions' ? 0 : steps.findIndex((s) => s.start);
        if (from < 0) return;
        const to = Math.min(from + plan.depth, steps.length) - 1;
        draw(steps, from, to, 1, to < steps.length - 1);
      } else if (mode === 'to_end') {
        const to = steps.findIndex((s) => s.end);
        if (to < 0) return;
        const from = Math.max(0, to - plan.depth + 1);
        draw(steps, from, to, plan.depth - (to - from), false);
      } else {
        const from = steps.findIndex((s) => s.start);
        if (from < 0) return;
        const to = steps.findIndex((s, i) => i > from && s.end);
        if (to < 0) return;
        if (to - from + 1 > plan.depth) {
          paths++;
          beyondDepth++;
          return;
        }
        draw(steps, from, to, 1, false);
      }
    };
    for (const e of events) {
      const prev = session.at(-1);
      if (prev && e.timestamp - prev.timestamp > plan.sessionGap) flush();
      session.push(e);
    }
    flush();
  }
  return shapePaths(plan, { sessions, paths, beyondDepth, nodes: [...nodes.values()], links: [...links.values()] });
}

export const pathsAnalysis: AnalysisDefinition<PathsPlan, PathsResult> = {
  kind: 'paths',
  summary: 'Paths for a Sankey: steps after a start point, before an end point or between two, within sessions; nodes with drop-off, links with weights',
  schema: PathsPlanSchema,
  steps: (plan) => [
    ...(plan.start ? [{ path: 'start', step: plan.start }] : []),
    ...(plan.end ? [{ path: 'end', step: plan.end }] : []),
  ],
  reference: referencePaths,
};
