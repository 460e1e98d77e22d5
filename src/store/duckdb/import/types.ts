/**
 * Bulk import: the public result types (a load, its rejects, its options), how a reject is
 * printed, and the names of the connection-local temp tables a load uses.
 */
export interface ImportReject {
  /** 1-based physical line of the file (CSV: the header is line 1). */
  line: number;
  reason: string;
  /** The header column (CSV) or key path (NDJSON) at fault, when there is one. */
  column?: string;
}

export interface ImportLoad {
  /** Input data rows (CSV records after the header, non-blank NDJSON lines), rejected ones included. */
  rows: number;
  /** Events put into staging. */
  staged: number;
  /** Rows (or row × event mapping) left out, in line order; at most `maxRejects`. */
  rejects: ImportReject[];
  /** The header (CSV) or the top-level keys seen (NDJSON). */
  columns: string[];
  /** How many rejects were left out of `rejects` because of `maxRejects` (normally 0). */
  rejectsOmitted?: number;
}

export interface ImportLoadOptions {
  /** received_at of every staged event (default: now). */
  receivedAt?: Date;
  /** Progress of the load, 0…1, with the current phase. */
  onProgress?: (fraction: number, phase: string) => void;
  /** Most rejects to report (default 10,000); the rest are only counted. */
  maxRejects?: number;
}

/** `line 7, column "Created at": not a date: "yesterday"`. */
export function formatReject(r: ImportReject): string {
  return `line ${r.line}${r.column !== undefined ? `, column "${r.column}"` : ''}: ${r.reason}`;
}

// Temp tables (connection-local) used while loading; dropped at the end.
export const RAW = '__wm_import_raw';
export const REJ = '__wm_import_rejects';
export const SCAN = '__wm_import_scans';
export const SEGS = '__wm_import_segs';
