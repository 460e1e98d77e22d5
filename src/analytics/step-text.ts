/**
 * Steps written as text — `touchpoint:Checkout Started`, `event:Order Completed`, `stage:purchase`
 * — and the four granularities they name. Free of zod on purpose: the web app's entry script
 * reads an analysis page's plan from its URL with these before any page code (or zod) has loaded.
 */

export const GRANULARITIES = ['touchpoint', 'event', 'stage', 'channel'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** `touchpoint:Checkout Started` → { by, value }; a bare value takes `fallback`. */
export function parseStepText(text: string, fallback: Granularity = 'touchpoint'): { by: Granularity; value: string } {
  const m = /^(touchpoint|event|stage|channel):(.+)$/s.exec(text);
  if (m) return { by: m[1] as Granularity, value: m[2]!.trim() };
  return { by: fallback, value: text.trim() };
}
