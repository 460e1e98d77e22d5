/**
 * Scope an analysis to one persona's members (or everyone). Names only: asking for member counts
 * would compete with the analysis the page is drawing.
 */
import type { Persona } from '../../api-types';
import { useApi } from '../../use-api';

export function PersonaSelect({ id, value, onChange }: { id: string; value: string; onChange: (key: string) => void }) {
  const personas = useApi<{ personas: Persona[] }>('GET', '/v1/personas?counts=false');
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All customers</option>
      {(personas.data?.personas ?? []).map((p) => (
        <option key={p.key} value={p.key}>
          {p.name}
        </option>
      ))}
    </select>
  );
}
