/**
 * Slow steps. For every step a, its main next step b (the DFG edge a → b seen most often, a ≠ b).
 * Steps whose main next step is the same b and that share a's stage and catalogue channel are
 * siblings ("the same step reached from comparable touchpoints", e.g. two kinds of help-desk
 * ticket both followed by Ticket Solved). a → b is slow when its median time is at least 3× the
 * pooled median of its siblings and at least 15 minutes longer; the test is a one-sided
 * Mann–Whitney U on (sampled) durations.
 */
import type { EdgeDurations } from '../store/duckdb/insight-sql.js';
import type { Candidate } from './finding.js';
import { counts, mannWhitney } from './mann-whitney.js';

export const SLOW_MIN_RATIO = 3;
export const SLOW_MIN_EXTRA_MS = 15 * 60_000;
const MIN_COUNT = 10;

export interface DfgEdgeLike {
  from: string;
  to: string;
  count: number;
}

export interface StepInfo {
  stage: string | null;
  channel: string | null;
}

/** The pairs a → b worth timing: each a's main next step, grouped with its siblings. */
export function slowStepPairs(edges: readonly DfgEdgeLike[], info: ReadonlyMap<string, StepInfo>): Array<{ from: string; to: string; group: string }> {
  const top = new Map<string, DfgEdgeLike>();
  for (const e of edges) {
    if (e.from === e.to || e.count < MIN_COUNT) continue;
    const cur = top.get(e.from);
    if (!cur || e.count > cur.count || (e.count === cur.count && e.to < cur.to)) top.set(e.from, e);
  }
  const groups = new Map<string, DfgEdgeLike[]>();
  for (const e of top.values()) {
    const i = info.get(e.from);
    if (!i?.stage) continue;
    const g = `${e.to}\u0000${i.stage}\u0000${i.channel ?? ''}`;
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  return [...groups].filter(([, es]) => es.length >= 2).flatMap(([g, es]) => es.map((e) => ({ from: e.from, to: e.to, group: g })));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)]! + s[Math.ceil(m)]!) / 2;
}

const hours = (ms: number) => (ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${Math.round(ms / 60_000)} min`);

export function slowStepCandidates(pairs: ReadonlyArray<{ from: string; to: string; group: string }>, durations: readonly EdgeDurations[], info: ReadonlyMap<string, StepInfo>): Candidate[] {
  const byPair = new Map(durations.map((d) => [`${d.from}\u0000${d.to}`, d]));
  const out: Candidate[] = [];
  for (const pair of pairs) {
    const x = byPair.get(`${pair.from}\u0000${pair.to}`);
    if (!x || x.ms.length < MIN_COUNT) continue;
    const others = pairs.filter((o) => o.group === pair.group && o.from !== pair.from).flatMap((o) => byPair.get(`${o.from}\u0000${o.to}`)?.ms ?? []);
    if (others.length < MIN_COUNT) continue;
    const mx = median(x.ms);
    const my = median(others);
    const t = mannWhitney(counts(x.ms), counts(others));
    const ratio = my > 0 ? mx / my : mx > 0 ? Infinity : 1;
    const siblings = pairs.filter((o) => o.group === pair.group && o.from !== pair.from).map((o) => `"${o.from}"`);
    out.push({
      kind: 'slow_step',
      where: { stage: info.get(pair.from)?.stage ?? null, touchpoint: pair.from, fromTouchpoint: pair.from, toTouchpoint: pair.to, ...(info.get(pair.from)?.channel ? { channel: info.get(pair.from)!.channel! } : {}) },
      title: `"${pair.from}" → "${pair.to}" takes a median ${hours(mx)}, against ${hours(my)} after ${siblings.join(', ')}`,
      magnitude: Number.isFinite(ratio) ? ratio : 1000,
      magnitudeUnit: 'ratio of median times (this step ÷ comparable steps)',
      severity: Math.min(1, Math.max(0, Math.log(Math.min(ratio, 1000)) / Math.log(20))),
      observed: mx,
      expected: my,
      test: 'Mann–Whitney U (one-sided, normal approximation, tie-corrected)',
      statistic: t.z,
      p: t.pHigher,
      large: ratio >= SLOW_MIN_RATIO && mx - my >= SLOW_MIN_EXTRA_MS,
      customers: x.customers,
      exampleCustomers: x.examples,
      opportunity: `Speed up "${pair.from}" → "${pair.to}": it takes ${hours(mx)} at the median, ${Number.isFinite(ratio) ? ratio.toFixed(1) : 'many'}× as long as after ${siblings.join(', ')}. Look at staffing, routing and automation for this kind of case, and tell customers how long it will take.`,
    });
  }
  return out;
}
