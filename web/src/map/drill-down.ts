/**
 * Links from the map to the charts that explain it (app routes, under the /app basename):
 * a stage → the funnel through it and the map's later stages, or the Sankey of the paths from
 * the stage; a touchpoint → the Sankey of the paths that start there. The map's persona goes along (query parameters as documented in
 * web/src/pages/analyses/FunnelPage.tsx and SankeyPage.tsx).
 */
import type { JourneyMap } from '../../../src/domain/journey-map.js';

function context(doc: JourneyMap): URLSearchParams {
  const q = new URLSearchParams();
  if (doc.persona) q.set('persona', doc.persona);
  return q;
}

/** The bound stage keys from the given map stage on, without repeats (null when it is unbound). */
export function funnelStageKeys(doc: JourneyMap, stageId: string): string[] | null {
  const at = doc.stages.findIndex((s) => s.id === stageId);
  const first = doc.stages[at];
  if (!first?.stage) return null;
  const keys: string[] = [];
  for (const s of doc.stages.slice(at)) if (s.stage && !keys.includes(s.stage)) keys.push(s.stage);
  // a funnel has at least two steps: from the last stage, look back one
  if (keys.length === 1) {
    const before = doc.stages.slice(0, at).reverse().find((s) => s.stage && s.stage !== first.stage);
    if (before?.stage) keys.unshift(before.stage);
  }
  return keys;
}

export function funnelUrl(doc: JourneyMap, stageId: string): string | null {
  const keys = funnelStageKeys(doc, stageId);
  if (!keys) return null;
  const q = context(doc);
  q.set('steps', keys.map((k) => `stage:${k}`).join(','));
  return `/analyses/funnel?${q.toString()}`;
}

export function pathsUrl(doc: JourneyMap, touchpoint: string): string {
  const q = context(doc);
  q.set('from', `touchpoint:${touchpoint}`);
  return `/analyses/sankey?${q.toString()}`;
}

/** The Sankey of the paths from a map stage's bound stage (null when it is unbound). */
export function stagePathsUrl(doc: JourneyMap, stageId: string): string | null {
  const stage = doc.stages.find((s) => s.id === stageId)?.stage;
  if (!stage) return null;
  const q = context(doc);
  q.set('from', `stage:${stage}`);
  return `/analyses/sankey?${q.toString()}`;
}
