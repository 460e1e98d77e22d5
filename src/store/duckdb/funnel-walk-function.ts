/**
 * The DuckDB scalar function `waymark_funnel_walk(ts, codes, start, steps, exclusions, window_ms, order)`:
 * the funnel walk (analytics/funnel-coded-walk.ts) of one journeys row, as ClickHouse's
 * `windowFunnel` is a function of its engine. Arguments: the row's TIMESTAMP[] and element codes
 * INTEGER[] (store/duckdb/journeys.ts's touchpoint codes, or any code list of the same length;
 * parallel, never NULL), the element to walk from (INTEGER, 1-based: elements before it are
 * skipped, not copied), the steps' codes INTEGER[] and the exclusions as INTEGER[] triples
 * (code, from, to) — those two, window_ms and order the same on every row of a query; order is
 * 'ordered', 'strict' (the lists must hold exactly the journey's events) or 'unordered'.
 * Result: INTEGER[], the 1-based list positions of the recorded chain, one per step reached ([]
 * when step 1 never comes; unordered: the counted elements in time order, see walkCodedUnordered).
 *
 * DuckDB calls it per chunk of up to 2,048 rows; the element data is read straight from the
 * vectors' typed arrays (one pass, no value objects), with node-api's getItem as the fallback.
 * Registered once per database (DuckDB keeps scalar functions in its catalogue for every
 * connection) by DuckDatabase.open.
 */
import { BIGINT, DuckDBScalarFunction, INTEGER, LIST, listValue, TIMESTAMP, VARCHAR, type DuckDBConnection, type DuckDBListVector, type DuckDBVector } from '@duckdb/node-api';
import { compileCodedFunnel, walkCodedFunnel, type CodedFunnel } from '../../analytics/funnel-coded-walk.js';
import { FUNNEL_ORDERS, type FunnelOrder } from '../../analytics/funnel-plan.js';

export const FUNNEL_WALK_FUNCTION = 'waymark_funnel_walk';

/** A vector's elements as numbers: its typed array when node-api keeps one (all fixed-width types do), else getItem. */
function numbersOf(v: DuckDBVector): ArrayLike<number | bigint> {
  const items = (v as unknown as { items?: unknown }).items;
  if (items instanceof Int32Array || items instanceof BigInt64Array) return items;
  return Array.from({ length: v.itemCount }, (_, i) => {
    const x = v.getItem(i) as { micros?: bigint } | number | bigint | null;
    return x === null ? 0 : typeof x === 'object' ? (x.micros ?? 0n) : x;
  });
}

/** Compiled plans by their arguments (a query passes the same ones on every chunk). */
const plans = new Map<string, CodedFunnel>();

function planOf(steps: DuckDBListVector, exclusions: DuckDBListVector, windowMs: DuckDBVector, orders: DuckDBVector): CodedFunnel {
  const s = (steps.getItem(0)?.items ?? []).map(Number);
  const x = (exclusions.getItem(0)?.items ?? []).map(Number);
  const w = Number(windowMs.getItem(0));
  const order = orders.getItem(0) as FunnelOrder;
  const key = `${s.join(',')}|${x.join(',')}|${w}|${order}`;
  let plan = plans.get(key);
  if (!plan) {
    if (!FUNNEL_ORDERS.includes(order)) throw new Error(`${FUNNEL_WALK_FUNCTION}: order must be one of ${FUNNEL_ORDERS.join(', ')}, got ${String(order)}`);
    if (x.length % 3 !== 0) throw new Error(`${FUNNEL_WALK_FUNCTION}: exclusions must be (code, from, to) triples, got ${x.length} numbers`);
    const triples = Array.from({ length: x.length / 3 }, (_, i) => ({ code: x[3 * i]!, from: x[3 * i + 1]!, to: x[3 * i + 2]! }));
    plan = compileCodedFunnel({ steps: s, exclusions: triples, windowMs: w, order });
    if (plans.size >= 64) plans.clear();
    plans.set(key, plan);
  }
  return plan;
}

export function registerFunnelWalk(c: DuckDBConnection): void {
  const fn = DuckDBScalarFunction.create({
    name: FUNNEL_WALK_FUNCTION,
    returnType: LIST(INTEGER),
    parameterTypes: [LIST(TIMESTAMP), LIST(INTEGER), INTEGER, LIST(INTEGER), LIST(INTEGER), BIGINT, VARCHAR],
    mainFunction: (info, input, out) => {
      try {
        const rows = input.rowCount;
        if (rows === 0) return;
        const ts = input.getColumnVector(0) as DuckDBListVector;
        const codes = input.getColumnVector(1) as DuckDBListVector;
        const starts = numbersOf(input.getColumnVector(2)) as ArrayLike<number>;
        const plan = planOf(input.getColumnVector(3) as DuckDBListVector, input.getColumnVector(4) as DuckDBListVector, input.getColumnVector(5), input.getColumnVector(6));
        const micros = numbersOf(ts.childVector);
        // The 64-bit microseconds as two 32-bit halves (little-endian), read as plain numbers: no BigInt per element.
        const halves = micros instanceof BigInt64Array ? new Int32Array(micros.buffer, micros.byteOffset, micros.length * 2) : null;
        const codeItems = numbersOf(codes.childVector) as ArrayLike<number>;
        const list = out as DuckDBListVector;
        // One journey view per chunk, moved from row to row (no allocation per row).
        let tsAt = 0;
        // epoch_ms: milliseconds truncated toward zero, as the SQL compilations compute them.
        const timeOf = halves
          ? (i: number) => Math.trunc((halves[2 * (tsAt + i) + 1]! * 4294967296 + (halves[2 * (tsAt + i)]! >>> 0)) / 1000)
          : (i: number) => Math.trunc(Number(micros[tsAt + i]!) / 1000);
        const journey = { codes: codeItems, codeAt: 0, length: 0, timeOf };
        for (let r = 0; r < rows; r++) {
          const length = codes.getEntryLength(r);
          if (ts.getEntryLength(r) !== length) throw new Error(`${FUNNEL_WALK_FUNCTION}: ts and codes differ in length (${ts.getEntryLength(r)} and ${length})`);
          // The walk starts at element `start` (1-based): no slice of the lists is copied.
          const skip = Math.min(length, Math.max(0, starts[r]! - 1));
          journey.length = length - skip;
          journey.codeAt = codes.getEntryOffset(r) + skip;
          tsAt = ts.getEntryOffset(r) + skip;
          const chain = walkCodedFunnel(plan, journey);
          for (let i = 0; i < chain.length; i++) chain[i]! += 1 + skip;
          list.setItem(r, listValue(chain));
        }
        list.flush();
      } catch (err) {
        info.setError((err as Error).message);
      }
    },
  });
  c.registerScalarFunction(fn);
}
