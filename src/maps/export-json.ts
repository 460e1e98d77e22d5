/**
 * JSON export and import of a journey map: `{format: 'waymark.map/1', exportedAt, map}`, pretty
 * printed. Importing validates the map with JourneyMapSchema and reports every problem with the
 * path it is at (`map.stages.0.name`); a bare map document (what GET /v1/maps/:id returns as
 * `doc`) is accepted too. Export then import gives back an equal map.
 */
import { z } from 'zod';
import { InvalidInputError, type Problem } from '../domain/errors.js';
import { JourneyMapSchema, MAP_SCHEMA, type JourneyMap } from '../domain/journey-map.js';

/** The export file's format tag (the same as the document's `schema`). */
export const MAP_EXPORT_FORMAT = MAP_SCHEMA;

export interface MapExportMeta {
  /** Default: now. */
  exportedAt?: Date | string;
  /** The stored map it came from, for the reader's information (ignored on import). */
  mapId?: string;
  revision?: number;
}

export interface MapExportFile {
  format: typeof MAP_EXPORT_FORMAT;
  exportedAt: string;
  mapId?: string;
  revision?: number;
  map: JourneyMap;
}

/** The map as a pretty JSON export file. */
export function exportMapJson(map: JourneyMap, meta: MapExportMeta = {}): string {
  const exportedAt = meta.exportedAt === undefined ? new Date().toISOString() : new Date(meta.exportedAt).toISOString();
  const file: MapExportFile = {
    format: MAP_EXPORT_FORMAT,
    exportedAt,
    ...(meta.mapId !== undefined ? { mapId: meta.mapId } : {}),
    ...(meta.revision !== undefined ? { revision: meta.revision } : {}),
    map,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The map of an export file's text; InvalidInputError (with problems) when it is not one. */
export function importMapJson(text: string): JourneyMap {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError('not a map export', [{ where: 'file', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  return parseMapExport(value);
}

/** The map of an already parsed export file (e.g. a request body), or of a bare map document. */
export function parseMapExport(value: unknown): JourneyMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError('not a map export', [{ where: 'file', message: `expected a JSON object with "format": "${MAP_EXPORT_FORMAT}" and "map"` }]);
  }
  const record = value as Record<string, unknown>;
  if (!('format' in record) && 'stages' in record) return parseMap(record, '');
  if (record.format !== MAP_EXPORT_FORMAT) {
    const got = typeof record.format === 'string' ? `"${record.format}"` : record.format === undefined ? 'nothing' : JSON.stringify(record.format);
    const newer = typeof record.format === 'string' && record.format.startsWith('waymark.map/');
    throw new InvalidInputError('not a map export', [
      { where: 'format', message: newer ? `unsupported version ${got}: this Waymark reads "${MAP_EXPORT_FORMAT}"` : `expected "${MAP_EXPORT_FORMAT}", got ${got}` },
    ]);
  }
  if (!('map' in record)) throw new InvalidInputError('not a map export', [{ where: 'map', message: 'the export has no map' }]);
  return parseMap(record.map, 'map');
}

function parseMap(value: unknown, where: string): JourneyMap {
  const parsed = JourneyMapSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidInputError('invalid map', zodProblems(parsed.error, where));
}

/** zod issues as problems at dotted paths under a prefix: `map.stages.0.name`. */
export function zodProblems(error: z.ZodError, prefix: string): Problem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map((p) => String(p))].filter((p) => p !== '');
    return { where: path.join('.') || '(map)', message: issue.message };
  });
}
