/**
 * Conditions written as text, for the command line and search boxes:
 * `traits.plan=trail_club`, `properties.total>100`, `channel!=app`, `properties.coupon?` (exists),
 * `properties.coupon!?` (does not exist), `name~checkout` (contains), `source=web,app` (in).
 */
import { type Condition, ConditionSchema } from './condition.js';
import { formatPath, InvalidInputError } from '../domain/errors.js';

const FORM = /^([A-Za-z0-9_.$-]+)\s*(!=|>=|<=|=|>|<|~|!\?|\?)\s*(.*)$/s;

export function parseConditionText(text: string, where: string): Condition {
  const m = FORM.exec(text.trim());
  if (!m) throw new InvalidInputError('invalid condition', [{ where, message: `"${text}" is not FIELD=VALUE, FIELD!=VALUE, FIELD>N, FIELD~TEXT, FIELD? or FIELD!?` }]);
  const [, field, sym, rest] = m as unknown as [string, string, string, string];
  const numeric = (v: string) => (v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);
  let raw: unknown;
  switch (sym) {
    case '?':
    case '!?':
      raw = { field, op: sym === '?' ? 'exists' : 'not_exists' };
      break;
    case '=':
    case '!=':
      raw = rest.includes(',') ? { field, op: sym === '=' ? 'in' : 'not_in', value: rest.split(',').map((x) => x.trim()) } : { field, op: sym === '=' ? 'eq' : 'neq', value: rest };
      break;
    case '~':
      raw = { field, op: 'contains', value: rest };
      break;
    default:
      raw = { field, op: { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' }[sym], value: numeric(rest) };
  }
  const r = ConditionSchema.safeParse(raw);
  if (!r.success) throw new InvalidInputError('invalid condition', r.error.issues.map((i) => ({ where: `${where}${i.path.length ? '.' + formatPath(i.path) : ''}`, message: i.message })));
  return r.data;
}
