/**
 * One stored map as a downloadable file in any export format: its body, content type and a file
 * name made from the map's name. The formats themselves live in export-*.ts; PNG is rendered
 * off the event loop.
 */
import type { StoredMap } from '../domain/journey-map.js';
import { exportMapCsv, type MapMetricValues } from './export-csv.js';
import { exportMapJson } from './export-json.js';
import { exportMapMermaid } from './export-mermaid.js';
import { renderMapPngAsync } from './export-png.js';
import { renderMapSvg } from './export-svg.js';

export const EXPORT_FORMATS = ['json', 'csv', 'mermaid', 'svg', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedFile {
  body: string | Buffer;
  contentType: string;
  filename: string;
}

const EXTENSION: Record<ExportFormat, string> = { json: 'json', csv: 'csv', mermaid: 'mmd', svg: 'svg', png: 'png' };

/** A file name from the map's name: letters, digits and dashes only. */
export function exportFilename(name: string, format: ExportFormat): string {
  const base = name.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-').toLowerCase().slice(0, 80) || 'journey-map';
  return `${base}.${EXTENSION[format]}`;
}

export async function exportMap(format: ExportFormat, map: StoredMap, opts: { metrics?: MapMetricValues | null; personaName?: string | null } = {}): Promise<ExportedFile> {
  const metrics = opts.metrics ?? undefined;
  const personaName = opts.personaName ?? undefined;
  const filename = exportFilename(map.doc.name, format);
  switch (format) {
    case 'json':
      return { body: exportMapJson(map.doc, { mapId: map.id, revision: map.revision }), contentType: 'application/json; charset=utf-8', filename };
    case 'csv':
      return { body: exportMapCsv(map.doc, { metrics, bom: true }), contentType: 'text/csv; charset=utf-8', filename };
    case 'mermaid':
      return { body: exportMapMermaid(map.doc, { metrics, personaName }), contentType: 'text/plain; charset=utf-8', filename };
    case 'svg':
      return { body: renderMapSvg(map.doc, { metrics, personaName }), contentType: 'image/svg+xml; charset=utf-8', filename };
    case 'png':
      return { body: await renderMapPngAsync(renderMapSvg(map.doc, { metrics, personaName })), contentType: 'image/png', filename };
  }
}
