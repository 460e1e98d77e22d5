/**
 * A cell of a KPI lane: the live value of the lane's metric at this step for the map's persona
 * and time range (GET /v1/maps/:id/metrics), with the customers it counts and a bar against the
 * lane's largest value; a note may be written under it.
 */
import { MAP_METRIC_LABELS } from '../../../src/domain/journey-map.js';
import { getCell, setCellValue } from './map-edit';
import { useMapCanvas, type CellProps } from './map-canvas-context';
import { TextEditor } from './TextEditor';

export function KpiCell({ lane, step, interactive, done }: CellProps) {
  const { doc, edit, readOnly, metrics, metricsLoading } = useMapCanvas();
  const laneValues = metrics?.lanes[lane.id];
  const m = laneValues?.[step.id];
  const max = Math.max(0, ...Object.values(laneValues ?? {}).map((v) => Math.abs(v.value ?? 0)));
  const share = m?.value !== null && m?.value !== undefined && max > 0 ? Math.abs(m.value) / max : 0;
  const note = getCell(doc, lane.id, step.id).text ?? '';
  const label = lane.metric ? MAP_METRIC_LABELS[lane.metric] : 'metric';
  return (
    <div className={`cell-kpi${metricsLoading ? ' is-loading' : ''}`} aria-busy={metricsLoading || undefined}>
      {metricsLoading && !m ? (
        <span className="kpi-skeleton" aria-label="Loading" />
      ) : (
        <>
          <div className="kpi-value" title={`${label}${m?.customers !== undefined ? ` · ${m.customers.toLocaleString()} customers` : ''}`}>
            {m?.display ?? '—'}
          </div>
          {m?.customers !== undefined ? <div className="kpi-customers">{m.customers.toLocaleString()} customers</div> : null}
          <div className="kpi-bar" aria-hidden="true">
            <span style={{ width: `${Math.round(share * 100)}%` }} />
          </div>
        </>
      )}
      {interactive && !readOnly ? (
        <TextEditor initial={note} ariaLabel={`Note on ${lane.name} at ${step.name}`} placeholder="Note…" onCommit={(text) => edit((d) => setCellValue(d, lane, step.id, 'text', text || undefined))} onDone={done} />
      ) : note ? (
        <div className="kpi-note">{note}</div>
      ) : null}
    </div>
  );
}
