/**
 * The Sankey page's options as they are written in its URL, and the paths plan they make. Kept
 * out of the page's lazy chunk: the entry script (prefetch.ts) builds the same plan from the URL
 * and starts the paths analysis before the page's code has loaded.
 */
import type { Granularity } from '../../analysis-types';
import { readBool, readGranularity, readInt, toQuery, toStep } from './query';

export interface SankeyOptions {
  from: string;
  to: string;
  by: Granularity;
  depth: number;
  minWeight: number;
  limit: number;
  collapse: boolean;
  gap: string;
  persona: string;
}

const DEFAULTS = { by: 'touchpoint', depth: 5, minWeight: 1, limit: 60, collapse: false, gap: '30m' } as const;

export function read(p: URLSearchParams): SankeyOptions {
  return {
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    by: readGranularity(p, DEFAULTS.by),
    depth: readInt(p, 'depth', DEFAULTS.depth, 1, 20),
    minWeight: readInt(p, 'minWeight', DEFAULTS.minWeight, 1, 1_000_000_000),
    limit: readInt(p, 'limit', DEFAULTS.limit, 1, 10_000),
    collapse: readBool(p, 'collapse', DEFAULTS.collapse),
    gap: p.get('gap') ?? DEFAULTS.gap,
    persona: p.get('persona') ?? '',
  };
}

export function write(o: SankeyOptions): URLSearchParams {
  return toQuery({ ...o }, DEFAULTS);
}

export function planOf(o: SankeyOptions) {
  return {
    by: o.by,
    start: toStep(o.from, o.by),
    end: toStep(o.to, o.by),
    depth: o.depth,
    minWeight: o.minWeight,
    limit: o.limit,
    collapseRepeats: o.collapse,
    sessionGap: o.gap || DEFAULTS.gap,
    ...(o.persona ? { scope: { persona: o.persona } } : {}),
  };
}
