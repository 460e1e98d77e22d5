/**
 * A persona's behaviour conditions: rows of "did STEP at least / at most / exactly / between N
 * times" or "never did STEP", counted over all of a customer's behavioural events (every row must
 * hold, beside the trait conditions). Steps are suggested from the stages and touchpoints; each
 * row's problems (from saving or the live preview) show under its step or its count.
 */
import { FieldError } from '../../components/Field';
import { StepInput } from '../analyses/StepInput';
import type { StepOption } from '../analyses/use-step-options';
import { BEHAVIOUR_MODES, type BehaviourMode, type BehaviourRow, problemAt } from './persona-draft';

interface BehaviourEditorProps {
  id: string;
  rows: BehaviourRow[];
  onChange: (rows: BehaviourRow[]) => void;
  errors: Record<string, string>;
  stepOptions: StepOption[];
}

export function BehaviourEditor({ id, rows, onChange, errors, stepOptions }: BehaviourEditorProps) {
  const set = (i: number, patch: Partial<BehaviourRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="rule-editor" role="group" aria-label="Behaviour conditions">
      {rows.map((row, i) => {
        const stepError = problemAt(errors, `behaviour.${i}.step`);
        const timesError = errors[`behaviour.${i}.min`] ?? errors[`behaviour.${i}.max`] ?? errors[`behaviour.${i}`];
        const rowId = `${id}-${i}`;
        return (
          <div className="rule-row rule-row--behaviour" key={i} data-testid="behaviour-row">
            <span className="rule-row__join">{i === 0 ? 'Who' : 'and'}</span>
            <div className="rule-row__cell rule-row__cell--field">
              <StepInput
                id={`${rowId}-step`}
                value={row.step}
                onChange={(step) => set(i, { step })}
                options={stepOptions}
                placeholder="touchpoint:… or stage:…"
                aria-invalid={stepError ? true : undefined}
                aria-describedby={stepError ? `${rowId}-step-message` : undefined}
              />
              <FieldError id={`${rowId}-step-message`} error={stepError} />
            </div>
            <div className="rule-row__cell rule-row__cell--op">
              <select id={`${rowId}-mode`} value={row.mode} aria-label={`Behaviour ${i + 1} how often`} onChange={(e) => set(i, { mode: e.target.value as BehaviourMode, ...(e.target.value === 'never' ? { times: '' } : {}) })}>
                {BEHAVIOUR_MODES.map(([mode, label]) => (
                  <option key={mode} value={mode}>
                    {mode === 'never' ? 'never did it' : `did it ${label}`}
                  </option>
                ))}
              </select>
            </div>
            <div className="rule-row__cell rule-row__cell--value">
              {row.mode !== 'never' && (
                <input
                  id={`${rowId}-times`}
                  type="text"
                  inputMode="numeric"
                  value={row.times}
                  placeholder={row.mode === 'between' ? '2-4 times' : 'times'}
                  aria-label={`Behaviour ${i + 1} times`}
                  aria-invalid={timesError ? true : undefined}
                  aria-describedby={timesError ? `${rowId}-times-message` : undefined}
                  onChange={(e) => set(i, { times: e.target.value })}
                />
              )}
              <FieldError id={`${rowId}-times-message`} error={timesError} />
            </div>
            <button type="button" className="icon-button" aria-label={`Remove behaviour ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        );
      })}
      <button type="button" className="button button--small button--ghost" onClick={() => onChange([...rows, { step: '', mode: 'at_least', times: '1' }])}>
        + Add behaviour
      </button>
    </div>
  );
}
