/**
 * What changed between two versions of a map (GET /v1/maps/:id/compare → {from, to, diff}, the
 * diff being src/maps/map-diff.ts's MapDiff): the changes in short lines (summariseDiff), then a
 * table of the cells whose text changed and a table of the live numbers that moved, with deltas
 * coloured by whether the move is good (a higher drop-off or a longer wait is not).
 */
import { useState } from 'react';
import { formatDelta, isEmptyDiff, summariseDiff, type MapDiff, type MetricChange } from '../../../src/maps/map-diff.js';

export interface CompareAnswer {
  from: string;
  to: string;
  diff: MapDiff;
}

const LOWER_IS_BETTER = new Set<MetricChange['metric']>(['dropoff', 'time_in_stage']);
const SHOWN_LINES = 12;

function deltaClass(m: MetricChange): string {
  if (m.delta === null || m.delta === 0) return '';
  const better = LOWER_IS_BETTER.has(m.metric) ? m.delta < 0 : m.delta > 0;
  return better ? 'diff-up' : 'diff-down';
}

export function MapDiffView({ answer }: { answer: CompareAnswer }) {
  const { diff } = answer;
  const [all, setAll] = useState(false);
  // cells and numbers have their own tables; the lines say what happened to the map's structure
  const lines = summariseDiff({ ...diff, cells: [], metrics: [] });
  return (
    <section className="diff-view" aria-label={`Changes from ${answer.from} to ${answer.to}`}>
      <h3>
        {answer.from} → {answer.to}
      </h3>
      {isEmptyDiff(diff) ? <p className="muted">Nothing changed.</p> : null}
      {lines.length ? (
        <>
          <ul className="diff-summary">
            {(all ? lines : lines.slice(0, SHOWN_LINES)).map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
          {lines.length > SHOWN_LINES ? (
            <button type="button" className="link-button" onClick={() => setAll((a) => !a)}>
              {all ? 'Fewer' : `All ${lines.length} changes`}
            </button>
          ) : null}
        </>
      ) : null}
      {diff.cells.length ? (
        <table className="diff-table" aria-label="Cells that changed">
          <caption className="muted small">
            {diff.cells.length} cell{diff.cells.length === 1 ? '' : 's'} changed
          </caption>
          <thead>
            <tr>
              <th scope="col">Cell</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {diff.cells.map((c) => (
              <tr key={c.key}>
                <th scope="row">
                  {c.lane} × {c.step}
                </th>
                <td>{c.before || <span className="muted">empty</span>}</td>
                <td>{c.after || <span className="muted">empty</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {diff.metrics.length ? (
        <table className="diff-table" aria-label="Numbers that changed">
          <caption className="muted small">
            {diff.metrics.length} number{diff.metrics.length === 1 ? '' : 's'} moved
          </caption>
          <thead>
            <tr>
              <th scope="col">Lane × step</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {diff.metrics.map((m) => (
              <tr key={`${m.laneId}/${m.stepId}`}>
                <th scope="row">
                  {m.lane} × {m.step}
                </th>
                <td className="num">{m.beforeDisplay || '—'}</td>
                <td className="num">{m.afterDisplay || '—'}</td>
                <td className={`num ${deltaClass(m)}`}>{m.delta === null ? '' : formatDelta(m.metric, m.delta)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
