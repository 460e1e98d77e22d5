/**
 * Funnel semantics: how far one customer gets through a funnel, walking their journey once.
 *
 * The journey is the customer's events in scope that have an activity at the plan's granularity
 * (`by`), in journey order: timestamp, then messageId (byte-wise) — the order every analysis
 * uses. A step matches an event by its own column and conditions. The conversion window W bounds
 * the time from a chain's first event to its last, inclusively: t(last) − t(first) ≤ W.
 *
 * ordered (ClickHouse `windowFunnel(W)`): a chain is events e1 < e2 < … < ek in journey order,
 * ei matching step i, t(ek) − t(e1) ≤ W; other events may come between. The customer reaches
 * step k when some chain has length k. Two deliberate differences from windowFunnel, which agree
 * with it whenever no two of a customer's step events share a timestamp and steps don't overlap:
 * (1) events with equal timestamps are ordered by messageId (windowFunnel orders ties by step
 * number, so a later step at the same instant always counts as after); (2) one event fills at
 * most one step of a chain (windowFunnel lets an event meeting two consecutive conditions fill
 * both, so `A → A` would convert on a single A).
 * Exclusions (PostHog's): an exclusion {step, from: i, to: j} breaks every chain that has reached
 * step i but not yet step j when an exclusion event comes — an event that is not itself part of
 * the chain, strictly between ei and ej. The customer keeps the steps reached so far (counted as
 * converting to step i) but that chain cannot go past i; a later, clean chain still can.
 *
 * strict: as ordered, but each ei+1 is the journey event right after ei (no other event of the
 * journey — any activity at `by` — comes between consecutive steps). Exclusions are refused: any
 * event between steps already breaks a strict chain.
 *
 * unordered: the customer reaches step k when k distinct steps each have an event within one
 * span of W (some t0 with all k events in [t0, t0 + W]), in any order; an event meeting several
 * steps counts for each. "Step k" of an unordered funnel reads "k of the steps".
 *
 * The recorded chain (for time to convert and for the breakdown of the first step event): the
 * first chain to reach the customer's furthest step, i.e. completed at the earliest event that
 * reaches it, and there the one that started latest; each earlier step of it is the latest
 * event that continued the chain before the next step came. The walk keeps, per step, the newest
 * live chain (which also started latest: a later start can only reach further within W), which
 * makes one pass enough; funnel-walk.test.ts checks its levels against a search over all chains.
 * Unordered funnels judge spans per instant (all events of one timestamp together) and record
 * the first full completion: from the earliest of the steps' latest events to the instant that
 * completed it; its breakdown value is that earliest event's (the lowest step on a tie).
 */
import type { FunnelOrder } from './funnel-plan.js';

/** One journey event as the funnel sees it. */
export interface FunnelEvent {
  t: number;
  /** Steps (0-based) the event matches. */
  steps: readonly number[];
  /** Chain lengths (1-based) whose chains an exclusion event breaks. */
  breaks: readonly number[];
  /** The event's breakdown value (channel or a property), when the breakdown is per event. */
  value: string | null;
}

export interface FunnelOutcome {
  /** Steps reached: 0 when the customer never did step 1 (unordered: any step). */
  level: number;
  /** The recorded chain's event times, one per step reached (ordered and strict). */
  times: number[];
  /** Unordered: first event to last of the first full completion, else null. */
  spanMs: number | null;
  /** Breakdown value of the recorded chain's first event. */
  value: string | null;
}

interface Chain {
  times: number[];
  value: string | null;
}

function extend(prev: Chain | null, e: FunnelEvent, k: number, windowMs: number): Chain | null {
  if (k === 0) return { times: [e.t], value: e.value };
  if (!prev || e.t - prev.times[0]! > windowMs) return null;
  return { times: [...prev.times, e.t], value: prev.value };
}

function walkOrdered(events: readonly FunnelEvent[], n: number, windowMs: number, strict: boolean): FunnelOutcome {
  let live: Array<Chain | null> = Array.from({ length: n }, () => null);
  let best: Chain | null = null;
  for (const e of events) {
    // Strict: only chains ending at the event just before continue; ordered: every live chain.
    const next: Array<Chain | null> = strict ? Array.from({ length: n }, () => null) : [...live];
    for (const len of e.breaks) next[len - 1] = null;
    let top: Chain | null = null;
    for (const k of e.steps) {
      const cand = extend(k === 0 ? null : live[k - 1]!, e, k, windowMs);
      if (!cand) continue;
      next[k] = cand;
      if (!top || cand.times.length > top.times.length) top = cand;
    }
    if (top && (!best || top.times.length > best.times.length)) best = top;
    live = next;
  }
  return { level: best?.times.length ?? 0, times: best?.times ?? [], spanMs: null, value: best?.value ?? null };
}

function walkUnordered(events: readonly FunnelEvent[], n: number, windowMs: number): FunnelOutcome {
  const last: Array<{ t: number; value: string | null } | null> = Array.from({ length: n }, () => null);
  let level = 0;
  let spanMs: number | null = null;
  let value: string | null = null;
  events.forEach((e, i) => {
    for (const k of e.steps) last[k] = { t: e.t, value: e.value };
    if (events[i + 1]?.t === e.t) return; // a span is judged once all events of an instant are in
    let count = 0;
    let first: { t: number; value: string | null } | null = null;
    for (const x of last) {
      if (!x || x.t < e.t - windowMs) continue;
      count++;
      if (!first || x.t < first.t) first = x;
    }
    if (count > level) {
      level = count;
      value = first!.value;
      if (count === n) spanMs = e.t - first!.t;
    }
  });
  return { level, times: [], spanMs, value };
}

/** How far one customer gets: `events` in journey order, `n` steps. */
export function walkFunnel(events: readonly FunnelEvent[], n: number, windowMs: number, order: FunnelOrder): FunnelOutcome {
  return order === 'unordered' ? walkUnordered(events, n, windowMs) : walkOrdered(events, n, windowMs, order === 'strict');
}
