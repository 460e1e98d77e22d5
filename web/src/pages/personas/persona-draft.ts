/**
 * The persona form's draft and its conversions: rule rows as typed (value text) ↔ the API's
 * conditions (value as string, number or list by operator), behaviour rows ("did STEP at least N
 * times") ↔ the API's behaviour conditions (min, max), an empty profile, and the API's problems
 * (`body.personas.3.rule.0.value`) → the form's own field paths (`rule.0.value`).
 */
import type { ApiProblem } from '../../api';
import type { BehaviourRuleCondition, Persona, PersonaProfile, RuleCondition } from '../../api-types';
import { parseStepText } from '../../analysis-types';

export interface RuleRow {
  field: string;
  op: string;
  /** As typed; a list is comma-separated. */
  value: string;
}

/** How often: at least N, at most N, exactly N, between N and M (`2-4`), or never. */
export type BehaviourMode = 'at_least' | 'at_most' | 'exactly' | 'between' | 'never';

export const BEHAVIOUR_MODES: Array<[BehaviourMode, string]> = [
  ['at_least', 'at least'],
  ['at_most', 'at most'],
  ['exactly', 'exactly'],
  ['between', 'between'],
  ['never', 'never'],
];

export interface BehaviourRow {
  /** A step as text: `touchpoint:Checkout Started`, `stage:purchase`, `event:Order Completed`. */
  step: string;
  mode: BehaviourMode;
  /** As typed: `3`, or `2-4` for between. */
  times: string;
}

export interface PersonaDraft {
  key: string;
  name: string;
  description: string;
  rule: RuleRow[];
  behaviour: BehaviourRow[];
  /** Goals, motivations, pain points, photo (demographics are edited as `demographics`). */
  profile: PersonaProfile;
  /** Demographics as ordered pairs while editing. */
  demographics: Array<[string, string]>;
}

export const NO_VALUE_OPS = ['exists', 'not_exists'];
export const LIST_OPS = ['in', 'not_in'];
export const NUMBER_OPS = ['gt', 'gte', 'lt', 'lte'];

export const OP_LABELS: Record<string, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  not_in: 'is none of',
  contains: 'contains',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  exists: 'is set',
  not_exists: 'is not set',
};

export function emptyProfile(): PersonaProfile {
  return { goals: [], motivations: [], painPoints: [], demographics: {} };
}

export function emptyDraft(): PersonaDraft {
  return { key: '', name: '', description: '', rule: [{ field: 'traits.', op: 'eq', value: '' }], behaviour: [], profile: emptyProfile(), demographics: [] };
}

function valueText(v: RuleCondition['value']): string {
  if (v === undefined) return '';
  return Array.isArray(v) ? v.map(String).join(', ') : String(v);
}

export function toDraft(p: Persona): PersonaDraft {
  return {
    key: p.key,
    name: p.name,
    description: p.description,
    rule: p.rule.map((c) => ({ field: c.field, op: c.op, value: valueText(c.value) })),
    behaviour: (p.behaviour ?? []).map(toBehaviourRow),
    profile: { ...emptyProfile(), ...p.profile, demographics: {} },
    demographics: Object.entries(p.profile?.demographics ?? {}),
  };
}

/** A row as the API takes it: no value for exists, a list for in/not_in, a number for comparisons when it reads as one. */
export function toCondition(row: RuleRow): RuleCondition {
  const field = row.field.trim();
  if (NO_VALUE_OPS.includes(row.op)) return { field, op: row.op };
  if (LIST_OPS.includes(row.op)) {
    return {
      field,
      op: row.op,
      value: row.value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  }
  const text = row.value.trim();
  if (NUMBER_OPS.includes(row.op) && text !== '' && Number.isFinite(Number(text))) return { field, op: row.op, value: Number(text) };
  return { field, op: row.op, value: text };
}

function stepText(step: BehaviourRuleCondition['step']): string {
  return `${step.by}:${step.value}`;
}

export function toBehaviourRow(b: BehaviourRuleCondition): BehaviourRow {
  const step = stepText(b.step);
  if (b.max === 0) return { step, mode: 'never', times: '' };
  if (b.max === undefined) return { step, mode: 'at_least', times: String(b.min) };
  if (b.min === 0) return { step, mode: 'at_most', times: String(b.max) };
  if (b.min === b.max) return { step, mode: 'exactly', times: String(b.min) };
  return { step, mode: 'between', times: `${b.min}-${b.max}` };
}

/** A count as typed: a number when it reads as a whole one, else the text (the API then says what is wrong, next to the field). */
function count(text: string): number {
  const t = text.trim();
  return (/^\d+$/.test(t) ? Number(t) : t) as number;
}

/** A row as the API takes it (`min`, `max`); the step keeps any extra conditions it had. */
export function toBehaviour(row: BehaviourRow, before?: BehaviourRuleCondition): BehaviourRuleCondition {
  const parsed = parseStepText(row.step.trim());
  const step = { ...(before && stepText(before.step) === row.step.trim() ? before.step : {}), by: parsed.by, value: parsed.value };
  switch (row.mode) {
    case 'never':
      return { step, min: 0, max: 0 };
    case 'at_most':
      return { step, min: 0, max: count(row.times) };
    case 'exactly':
      return { step, min: count(row.times), max: count(row.times) };
    case 'between': {
      const [lo = '', hi = ''] = row.times.split(/[-–]/);
      return { step, min: count(lo), max: count(hi) };
    }
    default:
      return { step, min: count(row.times) };
  }
}

function isEmptyProfile(p: PersonaProfile): boolean {
  return !p.photo && !p.goals.length && !p.motivations.length && !p.painPoints.length && !Object.keys(p.demographics).length;
}

export function toPersona(d: PersonaDraft, before?: Persona): Persona {
  const clean = (list: string[]) => list.map((s) => s.trim()).filter(Boolean);
  const profile: PersonaProfile = {
    ...(d.profile.photo ? { photo: d.profile.photo } : {}),
    goals: clean(d.profile.goals),
    motivations: clean(d.profile.motivations),
    painPoints: clean(d.profile.painPoints),
    demographics: Object.fromEntries(d.demographics.map(([k, v]) => [k.trim(), v.trim()] as const).filter(([k]) => k !== '')),
  };
  return {
    key: d.key.trim(),
    name: d.name.trim(),
    description: d.description,
    rule: d.rule.map(toCondition),
    behaviour: d.behaviour.map((b, i) => toBehaviour(b, before?.behaviour?.[i])),
    ...(isEmptyProfile(profile) ? {} : { profile }),
  };
}

/** Problems under `prefix` (e.g. `body.personas.3`) keyed by the rest of their path (`rule.0.value`). */
export function problemsUnder(problems: readonly ApiProblem[], prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    if (p.where === prefix) out[''] ??= p.message;
    else if (p.where.startsWith(`${prefix}.`)) out[p.where.slice(prefix.length + 1)] ??= p.message;
  }
  return out;
}

/** The first problem at `path` or below it (e.g. `rule.0` catches `rule.0.value`). */
export function problemAt(errors: Record<string, string>, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const key = Object.keys(errors).find((k) => k.startsWith(`${path}.`));
  return key ? errors[key] : undefined;
}

/** Readable text of a behaviour condition: `did touchpoint:Checkout Started at least 2×`. */
export function behaviourText(b: BehaviourRuleCondition): string {
  const row = toBehaviourRow(b);
  if (row.mode === 'never') return `never did ${row.step}`;
  const mode = BEHAVIOUR_MODES.find(([m]) => m === row.mode)?.[1] ?? row.mode;
  return `did ${row.step} ${mode} ${row.times}×`;
}

/** Readable text of a condition: `traits.plan is one of pro, team`. */
export function conditionText(c: RuleCondition): string {
  const op = OP_LABELS[c.op] ?? c.op;
  return NO_VALUE_OPS.includes(c.op) ? `${c.field} ${op}` : `${c.field} ${op} ${valueText(c.value)}`;
}
