/**
 * Chains of an ordered funnel (funnel-walk.ts) in SQL, without sorting: c_k holds, for each
 * step-(k+1) event y, the chain the walk would extend there — the newest chain of length k before
 * y (the latest event x of c_(k-1) before y, found by a hash join on the customer and arg_max over
 * the pairs) — when y lies within the window of its start and no exclusion event breaking chains
 * of length k comes strictly between x and y. The pairs joined are, per customer, chains of
 * length k × step-(k+1) events; chains are the step-1 events at first and shrink along the funnel.
 *
 * The relation `b` (the step and exclusion events, with t in ms, v the event's breakdown value,
 * step matches m0… and chain breaks x0…) is read through `ChainKeys`: on the events table a
 * customer is its id and an event's journey position the pair (ts, ord); on the journeys
 * projection both are integers, so the joins and groupings hash numbers instead of strings.
 * Result: the CTEs up to `up` — per customer (keys.id) who reached step 2, the recorded chain
 * (level ≥ 2, its times t0…, its start value cv): the first to reach their furthest step.
 */
import type { FunnelPlan } from '../funnel-plan.js';

export interface ChainKeys {
  /** The customer column of `b`. */
  id: string;
  /** The columns of `b` that give an event's journey position (unique per customer). */
  pos: readonly string[];
  /** SQL of the position of event alias `a`, orderable (`<`, max, arg_max). */
  key: (a: string) => string;
  /** Boolean SQL: event `a` comes before event `b` (defaults to comparing keys). */
  before?: (a: string, b: string) => string;
  /** One orderable value of (−level, position of `a`) for choosing the recorded chain; defaults to a struct of both. */
  rank?: (level: string, a: string) => string;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function orderedChainsSql(plan: FunnelPlan, w: string, keys: ChainKeys): string[] {
  const n = plan.steps.length;
  const times = (k: number) => range(k + 1).map((j) => `t${j}`);
  const cols = (a: string) => [keys.id, ...keys.pos].map((c) => `${a}.${c}`).join(', ');
  const before = keys.before ?? ((a: string, b: string) => `${keys.key(a)} < ${keys.key(b)}`);
  const rank = keys.rank ?? ((level: string, a: string) => `{l: -${level}, k: ${keys.key(a)}}`);
  const ctes = [`c0 AS (SELECT ${cols('b')}, b.t AS t0, b.v AS cv FROM b WHERE b.m0)`];
  for (const k of range(n).slice(1)) {
    const carried = [...times(k - 1), 'cv'];
    const breaks = plan.exclusions.some((x) => x.from <= k && k < x.to);
    if (breaks) {
      ctes.push(`z${k} AS (SELECT ${cols('y')}, max(${keys.key('z')}) AS lz
    FROM b y JOIN b z ON z.${keys.id} = y.${keys.id} AND z.x${k - 1} AND ${before('z', 'y')}
   WHERE y.m${k} GROUP BY ${cols('y')})`);
    }
    ctes.push(`p${k} AS (
  SELECT ${cols('y')}, y.t, arg_max({${carried.map((c) => `${c}: x.${c}`).join(', ')}, xk: ${keys.key('x')}}, ${keys.key('x')}) AS r
    FROM b y JOIN c${k - 1} x ON x.${keys.id} = y.${keys.id} AND ${before('x', 'y')}
   WHERE y.m${k} GROUP BY ${cols('y')}, y.t)`);
    const same = [keys.id, ...keys.pos].map((c) => `z.${c} = p.${c}`).join(' AND ');
    ctes.push(`c${k} AS (
  SELECT ${cols('p')}, ${carried.map((c) => `p.r.${c} AS ${c}`).join(', ')}, p.t AS t${k}
    FROM p${k} p${breaks ? ` LEFT JOIN z${k} z ON ${same}` : ''}
   WHERE p.t - p.r.t0 <= ${w}${breaks ? ' AND (z.lz IS NULL OR z.lz <= p.r.xk)' : ''})`);
  }
  // The recorded chain: the first to reach the customer's furthest step (level ≥ 2).
  const all = range(n)
    .slice(1)
    .map((k) => `SELECT ${cols(`c${k}`)}, ${k + 1} AS level, ${range(n).map((j) => (j <= k ? `t${j}` : `NULL::BIGINT AS t${j}`)).join(', ')}, cv FROM c${k}`)
    .join(' UNION ALL ');
  ctes.push(`up AS (SELECT ${keys.id}, arg_min({level: level, ${times(n - 1).map((c) => `${c}: ${c}`).join(', ')}, cv: cv}, ${rank('level', 'a')}) AS r FROM (${all}) a GROUP BY ${keys.id})`);
  return ctes;
}
