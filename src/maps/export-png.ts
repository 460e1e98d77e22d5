/**
 * PNG of a map: the SVG of export-svg.ts rasterised by resvg (@resvg/resvg-js, no browser) at
 * 2× for sharp text, with the system's fonts. Very large maps are scaled down so the image stays
 * under about 40 megapixels. Text needs a sans-serif font installed: on Debian fonts-liberation
 * (Arial metrics) or fonts-dejavu-core.
 */
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

export interface MapPngOptions {
  /** Pixels per SVG unit; default 2. */
  scale?: number;
}

const MAX_PIXELS = 40_000_000;

/** The zoom for an SVG of this size: `scale`, smaller when the image would be too large. */
export function pngZoom(svg: string, scale = 2): number {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1] ?? 0);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1] ?? 0);
  if (!width || !height) return scale;
  return Math.min(scale, Math.sqrt(MAX_PIXELS / (width * height)));
}

function resvgOptions(svg: string, options: MapPngOptions): ResvgRenderOptions {
  return {
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
    fitTo: { mode: 'zoom', value: pngZoom(svg, options.scale) },
    background: '#ffffff',
    shapeRendering: 2,
    textRendering: 1,
  };
}

/** The SVG as PNG bytes (blocks while it renders: tens to hundreds of ms for a large map). */
export function renderMapPng(svg: string, options: MapPngOptions = {}): Buffer {
  return new Resvg(svg, resvgOptions(svg, options)).render().asPng();
}

/** The SVG as PNG bytes, rendered off the event loop (for the HTTP server). */
export async function renderMapPngAsync(svg: string, options: MapPngOptions = {}): Promise<Buffer> {
  return (await renderAsync(svg, resvgOptions(svg, options))).asPng();
}
