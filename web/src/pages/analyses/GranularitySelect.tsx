/** The "steps are touchpoints / event names / stages / channels" select of the analysis pages. */
import { GRANULARITIES, type Granularity } from '../../analysis-types';

export function GranularitySelect({ value, onChange }: { value: Granularity; onChange: (g: Granularity) => void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as Granularity)}>
      {GRANULARITIES.map((g) => (
        <option key={g} value={g}>
          {g === 'event' ? 'event names' : `${g}s`}
        </option>
      ))}
    </select>
  );
}
