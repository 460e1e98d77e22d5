/**
 * Personas: the list with live member counts (GET /v1/personas); /personas/:key shows one, and
 * editors edit it (or /personas/new creates one) with the live count of matching customers.
 * Viewers see no edit controls. Trait fields for rules are suggested from a sample of customers.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CustomerSummary, Persona } from '../../api-types';
import { useAuth } from '../../auth';
import { Empty, ErrorNotice, Loading } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { formatCount } from '../../format';
import { useApi } from '../../use-api';
import { PersonaAvatar } from './PersonaAvatar';
import { PersonaEditor } from './PersonaEditor';
import { PersonaView } from './PersonaView';

export function PersonasPage() {
  const { key } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const editor = can('editor');
  const personas = useApi<{ personas: Persona[] }>('GET', '/v1/personas');
  const sample = useApi<{ customers: CustomerSummary[] }>('GET', '/v1/customers?limit=200');
  const [editing, setEditing] = useState<string | null>(null);

  const traitFields = useMemo(() => {
    const keys = new Set<string>();
    for (const c of sample.data?.customers ?? []) for (const k of Object.keys(c.traits ?? {})) keys.add(`traits.${k}`);
    return [...keys].sort();
  }, [sample.data]);

  const list = personas.data?.personas ?? [];
  const isNew = key === 'new';
  const selected = isNew ? undefined : list.find((p) => p.key === key);
  const showEditor = editor && (isNew || (selected !== undefined && editing === selected.key));

  return (
    <>
      <PageHeader
        title="Personas"
        description="Named kinds of customers, each with a membership rule over traits and behaviour; analyses and maps can look at one persona's members."
        actions={
          editor && (
            <Link className="button button--primary" to="/personas/new">
              New persona
            </Link>
          )
        }
      />
      {personas.error && <ErrorNotice error={personas.error} />}
      <div className="split">
        <nav className="persona-list" aria-label="Personas">
          {personas.loading && !personas.data ? (
            <Loading />
          ) : list.length === 0 ? (
            <Empty>No personas yet.</Empty>
          ) : (
            <ul>
              {list.map((p) => (
                <li key={p.key}>
                  <Link to={`/personas/${encodeURIComponent(p.key)}`} className={`persona-item${p.key === key ? ' persona-item--active' : ''}`} aria-current={p.key === key ? 'page' : undefined} data-testid="persona-item">
                    <PersonaAvatar personaKey={p.key} name={p.name} photo={p.profile?.photo} size={40} />
                    <span className="persona-item__text">
                      <span className="persona-item__name">{p.name}</span>
                      <span className="persona-item__desc">{p.description}</span>
                    </span>
                    <span className="persona-item__count" data-testid="persona-count" title="Customers who match the rule now">
                      {formatCount(p.customers)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div className="split__main">
          {showEditor ? (
            <PersonaEditor
              key={key}
              persona={selected}
              all={list}
              traitFields={traitFields}
              onSaved={(saved) => {
                setEditing(null);
                personas.reload();
                navigate(`/personas/${encodeURIComponent(saved)}`);
              }}
              onCancel={() => {
                setEditing(null);
                if (isNew) navigate('/personas');
              }}
            />
          ) : selected ? (
            <PersonaView persona={selected} onEdit={editor ? () => setEditing(selected.key) : undefined} />
          ) : key && personas.data && !isNew ? (
            <Empty>No persona “{key}”.</Empty>
          ) : (
            <Empty>{list.length ? 'Choose a persona to see who they are.' : editor ? 'Create the first persona.' : ''}</Empty>
          )}
        </div>
      </div>
    </>
  );
}
