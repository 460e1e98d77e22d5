/**
 * CSV export of a journey map's lanes: one row per visible lane (`lane`, `kind`, then one column
 * per step headed "Stage / Step"), each cell as readable text. Also the readable text of a cell
 * that the other exports and the diff share, and the live values (GET /v1/maps/:id/metrics) the
 * exports can show. RFC 4180 quoting, CRLF line ends; cells that a spreadsheet would run as a
 * formula (=, +, -, @ first) are prefixed with an apostrophe unless they are plain numbers.
 */
import { cellKey, mapColumns, type Cell, type JourneyMap, type Lane, type OpportunityStatus } from '../domain/journey-map.js';

/** Live values of bound lanes, as GET /v1/maps/:id/metrics returns them (any part may be absent). */
export interface MapMetricValues {
  /** KPI lanes: laneId → stepId → value. */
  lanes?: Record<string, Record<string, { value?: number | null; display: string; customers?: number } | undefined> | undefined>;
  /** Feedback-fed emotion lanes: laneId → stepId → −2…+2, or null without feedback. */
  emotion?: Record<string, Record<string, number | null | undefined> | undefined>;
}

export const OPPORTUNITY_STATUS_LABELS: Record<OpportunityStatus, string> = {
  idea: 'idea',
  planned: 'planned',
  in_progress: 'in progress',
  done: 'done',
  dropped: 'dropped',
};

/** An emotion as text: at most two decimals, "+" for positive values ("+1.5", "0", "-2"). */
export function formatEmotion(value: number): string {
  const rounded = Math.round(value * 100) / 100 || 0;
  return rounded > 0 ? `+${rounded}` : String(rounded);
}

/**
 * The emotion shown for a step of an emotion lane: the hand-set value, else (feedback-fed lanes)
 * the value from the metrics; undefined when there is none.
 */
export function emotionAt(lane: Lane, cell: Cell | undefined, stepId: string, metrics?: MapMetricValues): number | undefined {
  if (cell?.emotion !== undefined) return cell.emotion;
  if (lane.source !== 'feedback') return undefined;
  const value = metrics?.emotion?.[lane.id]?.[stepId];
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(-2, Math.min(2, value)) : undefined;
}

/**
 * A cell as one readable text: touchpoints "Name (channel)" joined by "; ", pain points and
 * opportunities one per line with severity or status, owner and department. KPI cells show the
 * live value (when metrics are given) before their note.
 */
export function cellText(lane: Lane, cell: Cell | undefined, stepId: string, metrics?: MapMetricValues): string {
  switch (lane.kind) {
    case 'text':
    case 'owners':
      return cell?.text ?? '';
    case 'kpi': {
      const display = metrics?.lanes?.[lane.id]?.[stepId]?.display ?? '';
      const note = cell?.text ?? '';
      return display && note ? `${display} (${note})` : display || note;
    }
    case 'touchpoints':
      return (cell?.touchpoints ?? []).map((t) => (t.channel ? `${t.name} (${t.channel})` : t.name)).join('; ');
    case 'emotion': {
      const value = emotionAt(lane, cell, stepId, metrics);
      return value === undefined ? '' : formatEmotion(value);
    }
    case 'painpoints':
      return (cell?.painpoints ?? []).map((p) => `${p.text} [${p.severity}${p.findingId ? `, finding ${p.findingId}` : ''}]`).join('\n');
    case 'opportunities':
      return (cell?.opportunities ?? [])
        .map((o) => `${o.text} [${[OPPORTUNITY_STATUS_LABELS[o.status], o.owner, o.department].filter(Boolean).join(', ')}]`)
        .join('\n');
  }
}

/** The lane's kind as the CSV shows it: `kpi:conversion`, `emotion:feedback`, `text`. */
export function laneKindLabel(lane: Lane): string {
  if (lane.kind === 'kpi' && lane.metric) return `kpi:${lane.metric}`;
  if (lane.kind === 'emotion' && lane.source) return `emotion:${lane.source}`;
  return lane.kind;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)%?$/;

/** One CSV field per RFC 4180: quoted when it holds a quote, comma, CR or LF (quotes doubled). */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows of fields as CSV text, CRLF after every row. */
export function csvRows(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

export interface MapCsvOptions {
  metrics?: MapMetricValues;
  /** Start with a UTF-8 byte order mark (for Excel). Default false. */
  bom?: boolean;
}

/** The map's visible lanes as CSV. */
export function exportMapCsv(map: JourneyMap, options: MapCsvOptions = {}): string {
  const columns = mapColumns(map);
  const header = ['lane', 'kind', ...columns.map(({ stage, step }) => `${stage.name} / ${step.name}`)];
  const rows = map.lanes
    .filter((lane) => !lane.hidden)
    .map((lane) => [lane.name, laneKindLabel(lane), ...columns.map(({ step }) => cellText(lane, map.cells[cellKey(lane.id, step.id)], step.id, options.metrics))]);
  return (options.bom ? '\uFEFF' : '') + csvRows([header, ...rows]);
}
