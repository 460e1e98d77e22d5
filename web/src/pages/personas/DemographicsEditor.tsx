/**
 * Edit a persona's demographics: rows of key and value (Age → 25–34, Location → Urban).
 * Kept as an ordered list of pairs while editing so a key can be renamed without losing order.
 */
import { FieldError } from '../../components/Field';

interface DemographicsEditorProps {
  id: string;
  pairs: Array<[string, string]>;
  onChange: (pairs: Array<[string, string]>) => void;
  errors: Record<string, string>;
}

export function DemographicsEditor({ id, pairs, onChange, errors }: DemographicsEditorProps) {
  const set = (i: number, at: 0 | 1, v: string) => onChange(pairs.map((p, j) => (j === i ? ((at === 0 ? [v, p[1]] : [p[0], v]) as [string, string]) : p)));
  return (
    <fieldset className="list-editor">
      <legend>Demographics</legend>
      <ul>
        {pairs.map(([k, v], i) => {
          const error = errors[`profile.demographics.${k}`];
          return (
            <li key={i}>
              <div className="list-editor__row list-editor__row--pair">
                <input type="text" value={k} placeholder="e.g. Age" aria-label={`Demographic ${i + 1} name`} onChange={(e) => set(i, 0, e.target.value)} />
                <input
                  type="text"
                  value={v}
                  placeholder="e.g. 25–34"
                  aria-label={`Demographic ${i + 1} value`}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-${i}-message` : undefined}
                  onChange={(e) => set(i, 1, e.target.value)}
                />
                <button type="button" className="icon-button" aria-label={`Remove demographic ${i + 1}`} onClick={() => onChange(pairs.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
              <FieldError id={`${id}-${i}-message`} error={error} />
            </li>
          );
        })}
      </ul>
      <FieldError id={`${id}-message`} error={errors['profile.demographics']} />
      <button type="button" className="button button--small button--ghost" onClick={() => onChange([...pairs, ['', '']])}>
        + Add
      </button>
    </fieldset>
  );
}
