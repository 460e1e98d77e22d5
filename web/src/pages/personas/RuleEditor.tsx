/**
 * A persona's membership rule: rows of trait field, operator and value (every row must hold).
 * Fields are suggested from the traits customers carry. The errors of each row (from saving or
 * from the live preview) show under that row's field, operator or value.
 */
import { FieldError } from '../../components/Field';
import { OPERATORS } from '../../analysis-types';
import { LIST_OPS, NO_VALUE_OPS, OP_LABELS, type RuleRow } from './persona-draft';

interface RuleEditorProps {
  id: string;
  rows: RuleRow[];
  onChange: (rows: RuleRow[]) => void;
  errors: Record<string, string>;
  traitFields: string[];
  /** Rows that cannot be removed (1 while the persona has no other condition). */
  minRows?: number;
}

export function RuleEditor({ id, rows, onChange, errors, traitFields, minRows = 1 }: RuleEditorProps) {
  const set = (i: number, patch: Partial<RuleRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const listId = `${id}-traits`;
  return (
    <div className="rule-editor" role="group" aria-labelledby={`${id}-title`}>
      <datalist id={listId}>
        {traitFields.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      {rows.map((row, i) => {
        const fieldError = errors[`rule.${i}.field`];
        const opError = errors[`rule.${i}.op`];
        const valueError = errors[`rule.${i}.value`] ?? errors[`rule.${i}`];
        const rowId = `${id}-${i}`;
        const noValue = NO_VALUE_OPS.includes(row.op);
        return (
          <div className="rule-row" key={i} data-testid="rule-row">
            <span className="rule-row__join">{i === 0 ? 'Where' : 'and'}</span>
            <div className="rule-row__cell rule-row__cell--field">
              <input
                id={`${rowId}-field`}
                type="text"
                list={listId}
                value={row.field}
                spellCheck={false}
                aria-label={`Condition ${i + 1} trait`}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={fieldError ? `${rowId}-field-message` : undefined}
                onChange={(e) => set(i, { field: e.target.value })}
              />
              <FieldError id={`${rowId}-field-message`} error={fieldError} />
            </div>
            <div className="rule-row__cell rule-row__cell--op">
              <select
                id={`${rowId}-op`}
                value={row.op}
                aria-label={`Condition ${i + 1} operator`}
                aria-invalid={opError ? true : undefined}
                onChange={(e) => set(i, { op: e.target.value, ...(NO_VALUE_OPS.includes(e.target.value) ? { value: '' } : {}) })}
              >
                {OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {OP_LABELS[op] ?? op}
                  </option>
                ))}
              </select>
              <FieldError id={`${rowId}-op-message`} error={opError} />
            </div>
            <div className="rule-row__cell rule-row__cell--value">
              {!noValue && (
                <input
                  id={`${rowId}-value`}
                  type="text"
                  value={row.value}
                  placeholder={LIST_OPS.includes(row.op) ? 'a, b, c' : 'value'}
                  aria-label={`Condition ${i + 1} value`}
                  aria-invalid={valueError ? true : undefined}
                  aria-describedby={valueError ? `${rowId}-value-message` : undefined}
                  onChange={(e) => set(i, { value: e.target.value })}
                />
              )}
              <FieldError id={`${rowId}-value-message`} error={valueError} />
            </div>
            <button type="button" className="icon-button" aria-label={`Remove condition ${i + 1}`} disabled={rows.length <= minRows} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        );
      })}
      <FieldError id={`${id}-message`} error={errors['rule']} />
      <button type="button" className="button button--small button--ghost" onClick={() => onChange([...rows, { field: 'traits.', op: 'eq', value: '' }])}>
        + Add condition
      </button>
    </div>
  );
}
