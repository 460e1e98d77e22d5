/**
 * The steps of a funnel: one step picker per step, move up/down, remove, add. Errors by index
 * (`steps.2`) show under their step.
 */
import { FieldError } from '../../components/Field';
import { StepInput } from './StepInput';
import type { StepOption } from './use-step-options';

interface StepListEditorProps {
  id: string;
  steps: string[];
  onChange: (steps: string[]) => void;
  options: StepOption[];
  errors: Record<string, string>;
}

export function StepListEditor({ id, steps, onChange, options, errors }: StepListEditorProps) {
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    onChange(next);
  };
  return (
    <fieldset className="step-list">
      <legend>Steps</legend>
      <ol>
        {steps.map((s, i) => {
          const error = errors[`steps.${i}`] ?? errors[`steps.${i}.value`];
          const stepId = `${id}-${i}`;
          return (
            <li key={i} className="step-list__item">
              <span className="step-list__number" aria-hidden="true">
                {i + 1}
              </span>
              <div className="step-list__input">
                <StepInput id={stepId} value={s} onChange={(v) => onChange(steps.map((x, j) => (j === i ? v : x)))} options={options} aria-invalid={error ? true : undefined} aria-describedby={error ? `${stepId}-message` : undefined} />
                <FieldError id={`${stepId}-message`} error={error} />
              </div>
              <button type="button" className="icon-button" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                ↑
              </button>
              <button type="button" className="icon-button" aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                ↓
              </button>
              <button type="button" className="icon-button" aria-label={`Remove step ${i + 1}`} disabled={steps.length <= 2} onClick={() => onChange(steps.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          );
        })}
      </ol>
      <FieldError id={`${id}-message`} error={errors['steps']} />
      <button type="button" className="button button--small button--ghost" onClick={() => onChange([...steps, ''])}>
        + Add step
      </button>
    </fieldset>
  );
}
