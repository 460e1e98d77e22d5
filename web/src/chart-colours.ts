/**
 * Chart colours: one palette for every chart, and a stable colour per name (the same touchpoint
 * or stage is the same colour on the Sankey, the process map and the funnel).
 */
export const PALETTE = ['#2f5bea', '#0f8b8d', '#d9822b', '#b5488f', '#5d6ad1', '#2e9e5b', '#c2452d', '#7a5af8', '#3d8fd1', '#a3782b', '#d1496b', '#4f7a28'];

export function colourFor(name: string): string {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

export const AXIS_TEXT = '#5b6577';
export const GRID_LINE = '#e6e9ef';
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
