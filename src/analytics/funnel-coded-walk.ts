/**
 * The ordered and strict funnel walk of funnel-walk.ts (walkOrdered, windowFunnel's algorithm) over one
 * customer's journey held as flat typed arrays — a code per element (the element's touchpoint in
 * the workspace's dictionary, store/duckdb/journeys.ts) and its time — so the DuckDB function
 * `waymark_funnel_walk` (store/duckdb/funnel-walk-function.ts) runs it per journeys row in one
 * pass, without unnesting the lists or joining chains. Same semantics as walkOrdered, which
 * funnel-coded-walk.test.ts checks on random journeys: per step the newest live chain, extended
 * from the state before the element, chains broken by exclusion elements, and the recorded chain
 * the first to reach the furthest step. Pure: no I/O, no DuckDB types.
 */

/** A funnel's steps and exclusions in terms of element codes. */
export interface CodedFunnelPlan {
  /** The code of each step's value (a code no element has, e.g. −1, for a value never seen). */
  steps: readonly number[];
  /** Exclusions: an element with `code` breaks chains that reached step `from` but not `to` (1-based). */
  exclusions: ReadonlyArray<{ code: number; from: number; to: number }>;
  windowMs: number;
  /** Strict order: each step's element right after the previous step's (the journey must hold only the funnel's journey events). */
  strict?: boolean;
}

/**
 * A plan compiled for walking. Per code (dense, indexed by code; codes are small integers from 1
 * up, and a code outside the arrays matches nothing): `ops`, what an element with it does to each
 * chain length, highest step first — `(k << 2) | (breaks the chains of step k + 1 ? 2 : 0) |
 * (matches step k ? 1 : 0)`. Plus the walk's buffers (the walk is synchronous and allocates
 * nothing per element): per step k the live chain's start time, whether it is live, and its
 * element indices (row k of an n × n array), and the recorded chain.
 */
export interface CodedFunnel {
  readonly n: number;
  readonly windowMs: number;
  readonly strict: boolean;
  /** Per step: whether the current element extended its chain (strict walks drop the others). */
  readonly written: Uint8Array;
  readonly ops: ReadonlyArray<Int32Array | undefined>;
  readonly liveT0: Float64Array;
  readonly liveOk: Uint8Array;
  readonly livePos: Int32Array;
  readonly bestPos: Int32Array;
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
  return { n, windowMs: plan.windowMs, strict: plan.strict === true, written: new Uint8Array(n), ops, liveT0: new Float64Array(n), liveOk: new Uint8Array(n), livePos: new Int32Array(n * n), bestPos: new Int32Array(n) };
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
 * (empty when the journey never does step 1).
 *
 * Per element, the steps are visited from the highest down, so extending step k reads the chain
 * of step k − 1 before this element touches it (walkOrdered's "chains as they were before the
 * element"), and a break of step k's chains comes before this element's own chain there.
 * Strict: an element ends every chain it does not extend, including elements of no step.
 */
export function walkCodedFunnel(f: CodedFunnel, j: CodedJourney): number[] {
  const { n, windowMs, strict, written, ops, liveT0, liveOk, livePos, bestPos } = f;
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
