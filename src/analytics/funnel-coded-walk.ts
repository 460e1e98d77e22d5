/**
 * The funnel walks of funnel-walk.ts (walkOrdered, windowFunnel's algorithm, strict too, and
 * walkUnordered) over one customer's journey held as flat typed arrays — a code per element
 * (store/duckdb/journeys.ts: the touchpoint's code in the workspace's dictionary, or the value's
 * place among the steps) and its time — so the DuckDB function `waymark_funnel_walk`
 * (store/duckdb/funnel-walk-function.ts) runs it per journeys row in one pass, without
 * unnesting the lists or joining chains. Same semantics as funnel-walk.ts, which
 * funnel-coded-walk.test.ts checks on random journeys: per step the newest live chain, extended
 * from the state before the element, chains broken by exclusion elements, and the recorded chain
 * the first to reach the furthest step; unordered, per step its latest element, judged once per
 * instant. Pure: no I/O, no DuckDB types.
 */
import type { FunnelOrder } from './funnel-plan.js';

/** A funnel's steps and exclusions in terms of element codes. */
export interface CodedFunnelPlan {
  /** The code of each step's value (a code no element has, e.g. −1, for a value never seen). */
  steps: readonly number[];
  /** Exclusions: an element with `code` breaks chains that reached step `from` but not `to` (1-based). */
  exclusions: ReadonlyArray<{ code: number; from: number; to: number }>;
  windowMs: number;
  /**
   * As funnel-walk.ts; default ordered. Strict: each step's element right after the previous
   * step's (the journey must hold only the funnel's journey events). Unordered takes no exclusions.
   */
  order?: FunnelOrder;
}

/**
 * A plan compiled for walking. Per code (dense, indexed by code; codes are small integers from 1
 * up, and a code outside the arrays matches nothing): `ops`, what an element with it does to each
 * chain length, highest step first — `(k << 2) | (breaks the chains of step k + 1 ? 2 : 0) |
 * (matches step k ? 1 : 0)`. Plus the walk's buffers (the walk is synchronous and allocates
 * nothing per element): per step k the live chain's start time, whether it is live, and its
 * element indices (row k of an n × n array), and the recorded chain. Unordered walks keep per
 * step its latest element's time in liveT0, whether it has one in liveOk, its index in livePos[k].
 */
export interface CodedFunnel {
  readonly n: number;
  readonly windowMs: number;
  readonly order: FunnelOrder;
  /** Per step: whether the current element extended its chain (strict walks drop the others). */
  readonly written: Uint8Array;
  readonly ops: ReadonlyArray<Int32Array | undefined>;
  readonly liveT0: Float64Array;
  readonly liveOk: Uint8Array;
  readonly livePos: Int32Array;
  readonly bestPos: Int32Array;
  /** Unordered: the steps counted at an instant. */
  readonly counted: Int32Array;
}

export function compileCodedFunnel(plan: CodedFunnelPlan): CodedFunnel {
  const n = plan.steps.length;
  const flags = new Map<number, Map<number, number>>();
  const mark = (code: number, k: number, bit: number) => {
    if (!Number.isInteger(code) || code < 0) return;
    const m = flags.get(code) ?? new Map<number, number>();
    m.set(k, (m.get(k) ?? 0) | bit);
    flags.set(code, m);
  };
  plan.steps.forEach((code, k) => mark(code, k, 1));
  for (const x of plan.exclusions) for (let len = x.from; len < x.to; len++) mark(x.code, len - 1, 2);
  const ops: Array<Int32Array | undefined> = new Array<Int32Array | undefined>(flags.size ? Math.max(...flags.keys()) + 1 : 0).fill(undefined);
  for (const [code, m] of flags) ops[code] = Int32Array.from([...m].sort((a, b) => b[0] - a[0]).map(([k, bits]) => (k << 2) | bits));
  return { n, windowMs: plan.windowMs, order: plan.order ?? 'ordered', written: new Uint8Array(n), ops, liveT0: new Float64Array(n), liveOk: new Uint8Array(n), livePos: new Int32Array(n * n), bestPos: new Int32Array(n), counted: new Int32Array(n) };
}

/** The walked journey: element i has code `codes[codeAt + i]` and time (ms) `timeOf(i)`, for i < length. */
export interface CodedJourney {
  codes: ArrayLike<number>;
  codeAt: number;
  length: number;
  timeOf: (i: number) => number;
}

/**
 * The recorded chain of one journey: the indices (0-based) of its elements, one per step reached
 * (empty when the journey never does step 1; unordered: any step, and see walkCodedUnordered).
 *
 * Per element, the steps are visited from the highest down, so extending step k reads the chain
 * of step k − 1 before this element touches it (walkOrdered's "chains as they were before the
 * element"), and a break of step k's chains comes before this element's own chain there.
 * Strict: an element ends every chain it does not extend, including elements of no step.
 */
export function walkCodedFunnel(f: CodedFunnel, j: CodedJourney): number[] {
  if (f.order === 'unordered') return walkCodedUnordered(f, j);
  const { n, windowMs, written, ops, liveT0, liveOk, livePos, bestPos } = f;
  const strict = f.order === 'strict';
  // Plain loops, not fill/copyWithin/subarray: the chains are a few elements long, where those calls cost more than they copy.
  for (let k = 0; k < n; k++) liveOk[k] = 0;
  let bestLen = 0;
  let anyLive = false;
  const { codes, codeAt, length } = j;
  for (let i = 0; i < length; i++) {
    const o = ops[codes[codeAt + i]!];
    if (o === undefined) {
      if (strict && anyLive) {
        for (let k = 0; k < n; k++) liveOk[k] = 0;
        anyLive = false;
      }
      continue;
    }
    const t = j.timeOf(i);
    let top = 0;
    for (let q = 0; q < o.length; q++) {
      const op = o[q]!;
      const k = op >> 2;
      // Extend step k − 1's live chain (or start one), reading it before it is changed below.
      const extend = (op & 1) !== 0 && (k === 0 || (liveOk[k - 1] === 1 && t - liveT0[k - 1]! <= windowMs));
      if ((op & 2) !== 0) liveOk[k] = 0;
      if (!extend) continue;
      const row = k * n;
      if (k === 0) liveT0[0] = t;
      else {
        liveT0[k] = liveT0[k - 1]!;
        for (let c = 0; c < k; c++) livePos[row + c] = livePos[row - n + c]!;
      }
      livePos[row + k] = i;
      liveOk[k] = 1;
      if (strict) written[k] = 1;
      if (top === 0) top = k + 1;
    }
    // Strict: only the chains this element extended stay live.
    anyLive = top > 0;
    if (strict) {
      for (let k = 0; k < n; k++) {
        if (written[k] === 0) liveOk[k] = 0;
        written[k] = 0;
      }
    }
    if (top > bestLen) {
      bestLen = top;
      const row = (top - 1) * n;
      for (let c = 0; c < top; c++) bestPos[c] = livePos[row + c]!;
      // The first chain through every step is the recorded one: nothing later can replace it.
      if (bestLen === n) break;
    }
  }
  const out = new Array<number>(bestLen);
  for (let c = 0; c < bestLen; c++) out[c] = bestPos[c]!;
  return out;
}

/**
 * Unordered: the elements counted when the customer first reached their level (walkUnordered's
 * spans, judged once all elements of an instant are in), one per step reached, ordered by time
 * and then step — so the first is the element whose value is the breakdown's (the earliest of the
 * steps' latest elements, the lowest step on a tie) and, at the full level, the last is at the
 * instant that completed it (the span runs from the first's time to the last's). A step sharing
 * its value with another counts the same element for each.
 */
function walkCodedUnordered(f: CodedFunnel, j: CodedJourney): number[] {
  const { n, windowMs, ops, liveT0: lastT, liveOk: lastOk, livePos: lastPos, counted, bestPos } = f;
  for (let k = 0; k < n; k++) lastOk[k] = 0;
  const { codes, codeAt, length } = j;
  let level = 0;
  // Whether a step took an element in the current instant (only then can the count grow).
  let dirty = false;
  // The next element's time, read ahead by the instant test (so each time is read once).
  let aheadAt = -1;
  let ahead = 0;
  for (let i = 0; i < length; i++) {
    const o = ops[codes[codeAt + i]!];
    if (o === undefined && !dirty) continue;
    const t = aheadAt === i ? ahead : j.timeOf(i);
    if (o !== undefined) {
      for (let q = 0; q < o.length; q++) {
        const op = o[q]!;
        if ((op & 1) === 0) continue;
        const k = op >> 2;
        lastT[k] = t;
        lastOk[k] = 1;
        lastPos[k] = i;
      }
      dirty = true;
    }
    if (i + 1 < length) {
      ahead = j.timeOf(i + 1);
      aheadAt = i + 1;
      if (ahead === t) continue;
    }
    // Element i ends its instant: judge the span ending at t.
    dirty = false;
    let count = 0;
    for (let k = 0; k < n; k++) if (lastOk[k] === 1 && lastT[k]! >= t - windowMs) counted[count++] = k;
    if (count <= level) continue;
    level = count;
    // The counted steps by time, then step (insertion sort of a few), recorded as element indices.
    for (let a = 1; a < count; a++) {
      const k = counted[a]!;
      let b = a - 1;
      for (; b >= 0 && lastT[counted[b]!]! > lastT[k]!; b--) counted[b + 1] = counted[b]!;
      counted[b + 1] = k;
    }
    for (let a = 0; a < count; a++) bestPos[a] = lastPos[counted[a]!]!;
    if (level === n) break;
  }
  const out = new Array<number>(level);
  for (let c = 0; c < level; c++) out[c] = bestPos[c]!;
  return out;
}
