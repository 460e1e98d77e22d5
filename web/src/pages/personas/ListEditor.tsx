/**
 * Edit a list of short texts (goals, motivations, pain points): one input per item, add and
 * remove buttons, Enter in the last item adds a new one. Errors by index (`goals.2`).
 */
import { FieldError } from '../../components/Field';

interface ListEditorProps {
  id: string;
  label: string;
  items: string[];
  onChange: (items: string[]) => void;
  errors: Record<string, string>;
  /** The path of the list in the errors, e.g. `profile.goals`. */
  path: string;
  placeholder?: string;
}

export function ListEditor({ id, label, items, onChange, errors, path, placeholder }: ListEditorProps) {
  const set = (i: number, v: string) => onChange(items.map((x, j) => (j === i ? v : x)));
  const listError = errors[path];
  return (
    <fieldset className="list-editor">
      <legend>{label}</legend>
      <ul>
        {items.map((item, i) => {
          const error = errors[`${path}.${i}`];
          const itemId = `${id}-${i}`;
          return (
            <li key={i}>
              <div className="list-editor__row">
                <input
                  id={itemId}
                  type="text"
                  value={item}
                  placeholder={placeholder}
                  aria-label={`${label} ${i + 1}`}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${itemId}-message` : undefined}
                  onChange={(e) => set(i, e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      if (i === items.length - 1) onChange([...items, '']);
                    }
                  }}
                />
                <button type="button" className="icon-button" aria-label={`Remove ${label.toLowerCase()} ${i + 1}`} onClick={() => onChange(items.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
              <FieldError id={`${itemId}-message`} error={error} />
            </li>
          );
        })}
      </ul>
      <FieldError id={`${id}-message`} error={listError} />
      <button type="button" className="button button--small button--ghost" onClick={() => onChange([...items, ''])}>
        + Add
      </button>
    </fieldset>
  );
}
