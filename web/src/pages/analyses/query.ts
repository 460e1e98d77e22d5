/**
 * Reading an analysis page's options from the URL query string and writing them back: the URL is
 * what a page shows (deep links from the map, reload, back), the form edits a draft until Run.
 */
import type { Granularity, Step } from '../../analysis-types';
// Not through analysis-types: that barrel would bring zod into the entry chunk (prefetch.ts reads
// the Sankey's options with these helpers).
import { GRANULARITIES, parseStepText } from '../../../../src/analytics/step-text';

export function readInt(params: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
  const raw = params.get(key);
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

export function readBool(params: URLSearchParams, key: string, fallback: boolean): boolean {
  const raw = params.get(key);
  if (raw === null) return fallback;
  return raw === '1' || raw === 'true' || raw === 'yes';
}

export function readChoice<T extends string>(params: URLSearchParams, key: string, choices: readonly T[], fallback: T): T {
  const raw = params.get(key);
  return raw !== null && (choices as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

export function readGranularity(params: URLSearchParams, fallback: Granularity = 'touchpoint'): Granularity {
  return readChoice(params, 'by', GRANULARITIES, fallback);
}

/** A step written as text: `stage:purchase`, `touchpoint:Checkout Started`, `event:Order Completed`. */
export function stepText(step: Pick<Step, 'by' | 'value'>): string {
  return `${step.by}:${step.value}`;
}

/** Step text → a plan step; blank → undefined. A bare value is taken at `fallback` granularity. */
export function toStep(text: string | null | undefined, fallback: Granularity = 'touchpoint'): { by: Granularity; value: string } | undefined {
  if (!text || !text.trim()) return undefined;
  return parseStepText(text.trim(), fallback);
}

/** A list of steps: `steps=a,b,c` and/or repeated `step=a&step=b`. */
export function readStepList(params: URLSearchParams): string[] {
  const fromList = (params.get('steps') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return [...fromList, ...params.getAll('step').map((s) => s.trim()).filter(Boolean)];
}

/** Query params from an options object: empty, undefined and default values are left out. */
export function toQuery(values: Record<string, string | number | boolean | undefined | null>, defaults: Record<string, string | number | boolean> = {}): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    if (defaults[k] !== undefined && defaults[k] === v) continue;
    out.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  return out;
}
