/**
 * A step picker: a text box with suggestions (every stage and touchpoint) that also takes any
 * step written as text, e.g. `event:Order Completed` or `channel:email`. Keyboard-first: type,
 * pick with the arrows, Enter.
 */
import type { StepOption } from './use-step-options';

interface StepInputProps {
  id: string;
  value: string;
  onChange: (text: string) => void;
  options: StepOption[];
  placeholder?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

export function StepInput({ id, value, onChange, options, placeholder = 'stage:… or touchpoint:…', ...aria }: StepInputProps) {
  const listId = `${id}-options`;
  return (
    <>
      <input id={id} type="text" list={listId} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} {...aria} />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o.text} value={o.text}>
            {o.label}
          </option>
        ))}
      </datalist>
    </>
  );
}
