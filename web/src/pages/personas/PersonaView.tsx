/**
 * A persona as everyone sees it: picture, description, member count, rule in words, goals,
 * motivations, pain points and demographics, and links to analyses scoped to its members.
 */
import { Link } from 'react-router';
import type { Persona } from '../../api-types';
import { formatCount } from '../../format';
import { PersonaAvatar } from './PersonaAvatar';
import { behaviourText, conditionText } from './persona-draft';

export function PersonaView({ persona, onEdit }: { persona: Persona; onEdit?: () => void }) {
  const profile = persona.profile;
  const lists: Array<[string, string[]]> = [
    ['Goals', profile?.goals ?? []],
    ['Motivations', profile?.motivations ?? []],
    ['Pain points', profile?.painPoints ?? []],
  ];
  const demographics = Object.entries(profile?.demographics ?? {});
  const scope = encodeURIComponent(persona.key);
  return (
    <article className="persona-view card" aria-labelledby="persona-view-title">
      <header className="persona-editor__head">
        <PersonaAvatar personaKey={persona.key} name={persona.name} photo={profile?.photo} size={64} />
        <div className="persona-view__title">
          <h2 id="persona-view-title">{persona.name}</h2>
          <p className="live-count">{formatCount(persona.customers)} customers</p>
        </div>
        {onEdit && (
          <button type="button" className="button" onClick={onEdit}>
            Edit
          </button>
        )}
      </header>
      {persona.description && <p>{persona.description}</p>}
      <h3>Who belongs</h3>
      <ul className="rule-text">
        {persona.rule.map((c, i) => (
          <li key={i}>
            <code>{conditionText(c)}</code>
          </li>
        ))}
        {(persona.behaviour ?? []).map((b, i) => (
          <li key={`b${i}`}>
            <code>{behaviourText(b)}</code>
          </li>
        ))}
      </ul>
      <div className="persona-view__grid">
        {lists.map(([title, items]) => (
          <section key={title}>
            <h3>{title}</h3>
            {items.length ? (
              <ul>
                {items.map((x, i) => (
                  <li key={i}>{x}</li>
                ))}
              </ul>
            ) : (
              <p className="muted small">None recorded.</p>
            )}
          </section>
        ))}
        <section>
          <h3>Demographics</h3>
          {demographics.length ? (
            <dl className="demographics">
              {demographics.map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted small">None recorded.</p>
          )}
        </section>
      </div>
      <footer className="stage-card__links">
        <Link to={`/analyses/funnel?persona=${scope}`}>Funnel for this persona</Link>
        <Link to={`/analyses/sankey?persona=${scope}`}>Paths for this persona</Link>
      </footer>
    </article>
  );
}
