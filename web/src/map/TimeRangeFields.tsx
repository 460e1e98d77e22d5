/**
 * The map's time range: from and to dates (either may be open). The KPI lanes count what
 * happened in it. A range that ends before it starts is shown as a problem and not saved.
 */
import type { JourneyMap } from '../../../src/domain/journey-map.js';

type TimeRange = JourneyMap['timeRange'];

const toDate = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

export function TimeRangeFields({ value, onChange, readOnly, problem }: { value: TimeRange; onChange: (r: TimeRange) => void; readOnly: boolean; problem?: string }) {
  if (readOnly) {
    return (
      <span className="time-range-static" title="Time range">
        {value.from || value.to ? `${toDate(value.from) || '…'} → ${toDate(value.to) || 'now'}` : 'All time'}
      </span>
    );
  }
  return (
    <fieldset className={`time-range${problem ? ' has-problem' : ''}`}>
      <legend className="visually-hidden">Time range</legend>
      <label>
        <span>From</span>
        <input type="date" value={toDate(value.from)} aria-invalid={problem ? true : undefined} onChange={(e) => onChange({ ...value, from: e.target.value ? `${e.target.value}T00:00:00.000Z` : null })} />
      </label>
      <label>
        <span>to</span>
        <input type="date" value={toDate(value.to)} aria-invalid={problem ? true : undefined} onChange={(e) => onChange({ ...value, to: e.target.value ? `${e.target.value}T23:59:59.999Z` : null })} />
      </label>
      {value.from || value.to ? (
        <button type="button" className="icon-button" aria-label="All time (clear the time range)" title="All time" onClick={() => onChange({ from: null, to: null })}>
          ×
        </button>
      ) : null}
      {problem ? (
        <span className="field-problem" role="alert">
          {problem}
        </span>
      ) : null}
    </fieldset>
  );
}
