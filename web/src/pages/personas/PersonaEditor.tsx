/**
 * Create or edit a persona (editors): key, name, description, picture, goals, motivations, pain
 * points, demographics and the membership rule (traits and behaviour), with the live count of
 * matching customers.
 * Saving replaces the workspace's personas in one PUT /v1/personas, so nothing is saved half-way;
 * a 400's problems for this persona show next to their fields.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { api, ApiError } from '../../api';
import type { Persona } from '../../api-types';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { formatCount } from '../../format';
import { DemographicsEditor } from './DemographicsEditor';
import { ListEditor } from './ListEditor';
import { PersonaAvatar } from './PersonaAvatar';
import { useStepOptions } from '../analyses/use-step-options';
import { BehaviourEditor } from './BehaviourEditor';
import { emptyDraft, problemAt, problemsUnder, type PersonaDraft, toBehaviour, toCondition, toDraft, toPersona } from './persona-draft';
import { RuleEditor } from './RuleEditor';
import { useRulePreview } from './use-rule-preview';

interface PersonaEditorProps {
  /** The persona edited; undefined for a new one. */
  persona: Persona | undefined;
  all: Persona[];
  traitFields: string[];
  onSaved: (key: string) => void;
  onCancel: () => void;
}

const stripCount = ({ customers: _customers, ...p }: Persona): Persona => p;

export function PersonaEditor({ persona, all, traitFields, onSaved, onCancel }: PersonaEditorProps) {
  const [draft, setDraft] = useState<PersonaDraft>(() => (persona ? toDraft(persona) : emptyDraft()));
  const [saveErrors, setSaveErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const isNew = persona === undefined;

  const conditions = useMemo(() => draft.rule.map(toCondition), [draft.rule]);
  const behaviour = useMemo(() => draft.behaviour.map((b, i) => toBehaviour(b, persona?.behaviour?.[i])), [draft.behaviour, persona]);
  const preview = useRulePreview(conditions, behaviour, true);
  const steps = useStepOptions();
  const errors = { ...saveErrors, ...preview.errors };

  /** Change part of the draft and forget the save errors about it. */
  function update(patch: Partial<PersonaDraft>, paths: string[]) {
    setDraft((d) => ({ ...d, ...patch }));
    setSaveErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !paths.some((p) => k === p || k.startsWith(`${p}.`)))));
  }
  const setProfile = (key: 'goals' | 'motivations' | 'painPoints', items: string[]) => update({ profile: { ...draft.profile, [key]: items } }, [`profile.${key}`]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setFailure(null);
    const edited = toPersona(draft, persona);
    const list = all.map(stripCount);
    const index = isNew ? list.length : list.findIndex((p) => p.key === persona.key);
    if (isNew) list.push(edited);
    else list[index] = edited;
    try {
      await api('PUT', '/v1/personas', { personas: list });
      setSaveErrors({});
      onSaved(edited.key);
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'client', (err as Error).message);
      const mine = problemsUnder(apiErr.problems, `body.personas.${index}`);
      setSaveErrors(mine);
      if (!Object.keys(mine).length || apiErr.problems.some((p) => !p.where.startsWith(`body.personas.${index}`))) setFailure(apiErr);
      else setFailure(new ApiError(apiErr.status, apiErr.code, 'Not saved: fix the fields marked below.'));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="persona-editor card" onSubmit={save} noValidate aria-labelledby="persona-editor-title">
      <header className="persona-editor__head">
        <PersonaAvatar personaKey={draft.key} name={draft.name} photo={draft.profile.photo} size={64} />
        <div>
          <h2 id="persona-editor-title">{isNew ? 'New persona' : `Edit ${persona.name}`}</h2>
          <LiveCount preview={preview} />
        </div>
      </header>
      {failure && <ErrorNotice error={failure} title="Not saved" />}

      <div className="form-grid">
        <Field id="persona-name" label="Name" error={errors['name']}>
          <input type="text" value={draft.name} onChange={(e) => update({ name: e.target.value }, ['name'])} />
        </Field>
        <Field id="persona-key" label="Key" error={errors['key']} hint={isNew ? 'lower-case letters, digits, _ or -; analyses refer to it' : 'the key cannot change'}>
          <input type="text" value={draft.key} readOnly={!isNew} spellCheck={false} onChange={(e) => update({ key: e.target.value }, ['key'])} />
        </Field>
        <Field id="persona-photo" label="Photo URL" error={errors['profile.photo']} hint="optional; initials are shown without one">
          <input type="url" value={draft.profile.photo ?? ''} onChange={(e) => update({ profile: { ...draft.profile, photo: e.target.value || undefined } }, ['profile.photo'])} />
        </Field>
        <Field id="persona-description" label="Description" error={errors['description']} className="form-grid__wide">
          <textarea rows={3} value={draft.description} onChange={(e) => update({ description: e.target.value }, ['description'])} />
        </Field>
      </div>

      <section className="persona-editor__section" aria-labelledby="persona-rule-title">
        <h3 id="persona-rule-title">Who belongs</h3>
        <p className="muted small">Customers whose traits meet every condition and whose behaviour meets every behaviour condition (counted over all their events).</p>
        <RuleEditor id="persona-rule" rows={draft.rule} onChange={(rule) => update({ rule }, ['rule'])} errors={errors} traitFields={traitFields} minRows={draft.behaviour.length ? 0 : 1} />
        <h4 className="persona-editor__subhead">Behaviour</h4>
        <BehaviourEditor id="persona-behaviour" rows={draft.behaviour} onChange={(b) => update({ behaviour: b }, ['behaviour', 'rule'])} errors={errors} stepOptions={steps.options} />
      </section>

      <section className="persona-editor__section persona-editor__lists" aria-label="Profile">
        <ListEditor id="persona-goals" label="Goals" items={draft.profile.goals} onChange={(v) => setProfile('goals', v)} errors={errors} path="profile.goals" placeholder="What they want to achieve" />
        <ListEditor id="persona-motivations" label="Motivations" items={draft.profile.motivations} onChange={(v) => setProfile('motivations', v)} errors={errors} path="profile.motivations" placeholder="Why they act" />
        <ListEditor id="persona-painpoints" label="Pain points" items={draft.profile.painPoints} onChange={(v) => setProfile('painPoints', v)} errors={errors} path="profile.painPoints" placeholder="What gets in their way" />
        <DemographicsEditor id="persona-demographics" pairs={draft.demographics} onChange={(demographics) => update({ demographics }, ['profile.demographics'])} errors={errors} />
      </section>
      {problemAt(errors, 'profile') && !Object.keys(errors).some((k) => k.startsWith('profile.')) && <p className="field__error">{problemAt(errors, 'profile')}</p>}

      <footer className="form-actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? 'Saving…' : isNew ? 'Create persona' : 'Save changes'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </footer>
    </form>
  );
}

function LiveCount({ preview }: { preview: ReturnType<typeof useRulePreview> }) {
  let text: string;
  if (preview.failure) text = `Count not available: ${preview.failure}`;
  else if (Object.keys(preview.errors).length) text = 'Fix the rule to see who matches';
  else if (preview.customers === null) text = 'Counting matching customers…';
  else text = `${formatCount(preview.customers)} customers match`;
  return (
    <p className={`live-count${preview.loading ? ' live-count--loading' : ''}`} role="status" aria-live="polite" data-testid="persona-live-count">
      {text}
    </p>
  );
}
