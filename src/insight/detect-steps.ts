/**
 * Drop-off hotspots and channel inconsistencies, from in-session step flows.
 *
 * A stage's funnel links are its main in-session transitions a → b: b is a's most frequent next
 * step and a is b's most frequent previous step, both in the same stage, and the link carries at
 * least 0.5% of all in-session transitions (and 30). A link's conversion is the share of visits
 * to a after which the session goes on (to b or another step: catalogues often split b, e.g.
 * first and repeat orders); a drop-off is a visit after which the session ends.
 * - drop-off hotspot: a link converting at most 75% of the pooled rate of every other link, with
 *   a one-sided two-proportion z-test.
 * - channel inconsistency: the links of a stage chained end to end (a → b → c …); a channel
 *   whose end-to-end rate (product of its link rates) is at most 80% of the other channels'
 *   together, with a Wald test on the log ratio.
 */
import type { FlowEdge, StepVisits } from '../store/duckdb/insight-sql.js';
import type { Candidate } from './finding.js';
import { chainRatioLower, type StepCount } from './log-ratio.js';
import { twoProportionLower } from './two-proportion.js';
import { wilson } from './wilson.js';

export const DROP_OFF_MAX_RATIO = 0.75;
export const CHANNEL_MAX_RATIO = 0.8;
const MIN_LINK_SHARE = 0.005;
const MIN_COUNT = 30;

export interface Link {
  from: string;
  to: string;
  stage: string;
  count: number;
}

function argmax<K>(m: Map<K, { key: string; n: number }>, k: K, key: string, n: number): void {
  const cur = m.get(k);
  if (!cur || n > cur.n || (n === cur.n && key < cur.key)) m.set(k, { key, n });
}

export function funnelLinks(edges: readonly FlowEdge[], visits: readonly StepVisits[]): Link[] {
  const stage = new Map<string, string | null>();
  for (const v of visits) if (!stage.has(v.touchpoint) || v.stage) stage.set(v.touchpoint, v.stage);
  const next = new Map<string, { key: string; n: number }>();
  const prev = new Map<string, { key: string; n: number }>();
  let total = 0;
  for (const e of edges) {
    total += e.count;
    argmax(next, e.from, e.to, e.count);
    argmax(prev, e.to, e.from, e.count);
  }
  const links: Link[] = [];
  for (const e of edges) {
    const s = stage.get(e.from);
    if (!s || stage.get(e.to) !== s) continue;
    if (next.get(e.from)?.key !== e.to || prev.get(e.to)?.key !== e.from) continue;
    if (e.count < Math.max(MIN_COUNT, MIN_LINK_SHARE * total)) continue;
    links.push({ from: e.from, to: e.to, stage: s, count: e.count });
  }
  return links.sort((a, b) => a.stage.localeCompare(b.stage) || b.count - a.count);
}

interface Agg {
  visits: number;
  continued: number;
  dropped: number;
  examples: string[];
}

function aggregate(visits: readonly StepVisits[], pick: (v: StepVisits) => boolean): Map<string, Agg> {
  const m = new Map<string, Agg>();
  for (const v of visits) {
    if (!pick(v)) continue;
    const a = m.get(v.touchpoint) ?? { visits: 0, continued: 0, dropped: 0, examples: [] };
    a.visits += v.visits;
    a.continued += v.continued;
    a.dropped += v.droppedCustomers;
    a.examples = [...a.examples, ...v.examples].slice(0, 5);
    m.set(v.touchpoint, a);
  }
  return m;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function dropOffCandidates(links: readonly Link[], visits: readonly StepVisits[]): Candidate[] {
  if (links.length < 2) return [];
  const all = aggregate(visits, () => true);
  const out: Candidate[] = [];
  for (const l of links) {
    const a = all.get(l.from);
    if (!a || a.visits < MIN_COUNT) continue;
    let k2 = 0;
    let n2 = 0;
    for (const o of links) {
      if (o === l) continue;
      const x = all.get(o.from);
      if (x) {
        k2 += x.continued;
        n2 += x.visits;
      }
    }
    if (n2 === 0) continue;
    const t = twoProportionLower(a.continued, a.visits, k2, n2);
    const ratio = t.rate2 > 0 ? t.rate1 / t.rate2 : 1;
    const ci = wilson(a.continued, a.visits);
    out.push({
      kind: 'drop_off_hotspot',
      where: { stage: l.stage, fromTouchpoint: l.from, toTouchpoint: l.to },
      title: `${pct(1 - t.rate1)} of visits to "${l.from}" end there instead of going on to "${l.to}"`,
      magnitude: 1 - ratio,
      magnitudeUnit: 'relative shortfall of the step conversion against the other funnel steps',
      severity: Math.min(1, Math.max(0, (1 - ratio) / 0.6)),
      observed: t.rate1,
      expected: t.rate2,
      test: 'two-proportion z-test (one-sided)',
      statistic: t.z,
      p: t.p,
      interval: { ...ci, level: 0.95 },
      large: ratio <= DROP_OFF_MAX_RATIO,
      customers: a.dropped,
      exampleCustomers: a.examples,
      opportunity: `Find out why customers leave at "${l.from}" before "${l.to}": only ${pct(t.rate1)} go on, against ${pct(t.rate2)} at the other funnel steps. Review that page for friction (forms, surprise costs, errors) and win back the abandoned visits (reminders).`,
    });
  }
  return out;
}

/** Chains of links within a stage: maximal paths a → b → c … */
export function chains(links: readonly Link[]): Link[][] {
  const byFrom = new Map(links.map((l) => [l.from, l]));
  const targets = new Set(links.map((l) => l.to));
  const out: Link[][] = [];
  for (const start of links) {
    if (targets.has(start.from)) continue;
    const chain: Link[] = [];
    const seen = new Set<string>();
    for (let l: Link | undefined = start; l && !seen.has(l.from); l = byFrom.get(l.to)) {
      seen.add(l.from);
      chain.push(l);
    }
    out.push(chain);
  }
  return out;
}

export function channelCandidates(links: readonly Link[], visits: readonly StepVisits[]): Candidate[] {
  const channels = [...new Set(visits.map((v) => v.channel).filter((c): c is string => c !== null))];
  const out: Candidate[] = [];
  for (const chain of chains(links)) {
    for (const c of channels) {
      const mine = aggregate(visits, (v) => v.channel === c);
      const rest = aggregate(visits, (v) => v.channel !== c);
      const a: StepCount[] = [];
      const b: StepCount[] = [];
      for (const l of chain) {
        const x = mine.get(l.from);
        const y = rest.get(l.from);
        if (!x || !y || x.visits < MIN_COUNT || y.visits < MIN_COUNT) break;
        a.push({ k: x.continued, n: x.visits });
        b.push({ k: y.continued, n: y.visits });
      }
      if (a.length !== chain.length || a.length === 0) continue;
      const t = chainRatioLower(a, b);
      const first = chain[0]!;
      const last = chain.at(-1)!;
      const rateA = a.reduce((r, s) => (r * s.k) / s.n, 1);
      const rateB = b.reduce((r, s) => (r * s.k) / s.n, 1);
      const dropped = chain.reduce((n, l) => n + (mine.get(l.from)?.dropped ?? 0), 0);
      out.push({
        kind: 'channel_inconsistency',
        where: { stage: first.stage, fromTouchpoint: first.from, toTouchpoint: last.to, channel: c },
        title: `From "${first.from}" to "${last.to}", ${c} converts at ${Math.round(t.ratio * 100)}% of the other channels' rate`,
        magnitude: 1 - t.ratio,
        magnitudeUnit: 'relative shortfall of the end-to-end conversion against the other channels',
        severity: Math.min(1, Math.max(0, (1 - t.ratio) / 0.6)),
        observed: rateA,
        expected: rateB,
        test: 'Wald test on the log ratio of chained step conversions (one-sided)',
        statistic: t.z,
        p: t.p,
        large: t.ratio <= CHANNEL_MAX_RATIO,
        customers: dropped,
        exampleCustomers: mine.get(first.from)?.examples ?? [],
        opportunity: `Bring the ${c} experience from "${first.from}" to "${last.to}" up to the other channels: ${pct(rateA)} of ${c} visits make it through against ${pct(rateB)} elsewhere. Compare the ${c} flow step by step with the others (${chain.map((l) => l.from).join(' → ')} → ${last.to}).`,
      });
    }
  }
  return out;
}
