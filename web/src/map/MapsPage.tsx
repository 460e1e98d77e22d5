/**
 * The journey maps of the workspace (/app/maps): open one, start a new one — blank, from a
 * template (e-commerce, SaaS, B2B, telecom) or from the data proposal (stages and touchpoints
 * found in the events) — import a JSON export, or delete one. Viewers only open maps.
 */
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { StoredMap } from '../../../src/domain/journey-map.js';
import { api, ApiError } from '../api';
import { useApi } from '../use-api';
import type { MapSummary, MapTemplate, PersonaSummary } from './map-api-types';
import { Modal } from './Modal';
import { PersonaAvatar } from './PersonaPicker';
import { useMapRole } from './use-map-role';
import './map.css';
import { Icon } from './icons';

type Source = { kind: 'blank' } | { kind: 'template'; key: string } | { kind: 'proposal' };

function NewMapDialog({ templates, onClose }: { templates: MapTemplate[]; onClose: () => void }) {
  const navigate = useNavigate();
  const [source, setSource] = useState<Source>(templates[0] ? { kind: 'template', key: templates[0].key } : { kind: 'blank' });
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const sourceKey = source.kind === 'template' ? `template:${source.key}` : source.kind;

  const create = async () => {
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = {};
    if (source.kind === 'template') body.template = source.key;
    if (source.kind === 'proposal') body.fromProposal = true;
    if (name.trim()) body.name = name.trim();
    try {
      const map = await api<StoredMap>('POST', '/v1/maps', body);
      navigate(`/maps/${encodeURIComponent(map.id)}`);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
      setBusy(false);
    }
  };

  const options: { key: string; source: Source; title: string; description: string }[] = [
    ...templates.map((t) => ({ key: `template:${t.key}`, source: { kind: 'template', key: t.key } as Source, title: t.name, description: t.description })),
    { key: 'proposal', source: { kind: 'proposal' }, title: 'From your data', description: 'Stages and touchpoints proposed from the events this workspace has (map propose).' },
    { key: 'blank', source: { kind: 'blank' }, title: 'Blank map', description: 'One stage, one lane: build it yourself.' },
  ];
  return (
    <Modal title="New journey map" onClose={onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <fieldset className="template-choice">
          <legend>Start from</legend>
          {options.map((o) => (
            <label key={o.key} className={`template-option${sourceKey === o.key ? ' is-chosen' : ''}`}>
              <input type="radio" name="map-source" value={o.key} checked={sourceKey === o.key} onChange={() => setSource(o.source)} />
              <span>
                <strong>{o.title}</strong>
                <span className="muted small">{o.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="form-field">
          <span>Name (optional)</span>
          <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} placeholder="e.g. First online order" aria-invalid={error?.problemAt('body.name') ? true : undefined} />
          {error?.problemAt('body.name') ? <span className="field-problem">{error.problemAt('body.name')}</span> : null}
        </label>
        {error && !error.problemAt('body.name') ? (
          <p className="field-problem" role="alert">
            {error.problems[0]?.message ?? error.message}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="submit" className="primary-button" disabled={busy}>
            {busy ? 'Creating…' : 'Create map'}
          </button>
          <button type="button" className="small-button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function MapsPage() {
  const { canEdit } = useMapRole();
  const navigate = useNavigate();
  const maps = useApi<{ maps: MapSummary[] }>('GET', '/v1/maps');
  const templates = useApi<{ templates: MapTemplate[] }>('GET', '/v1/map-templates');
  const personas = useApi<{ personas: PersonaSummary[] }>('GET', '/v1/personas');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<MapSummary | null>(null);
  const [error, setError] = useState<ApiError>();
  const file = useRef<HTMLInputElement>(null);

  const importFile = async (f: File) => {
    setError(undefined);
    let body: unknown;
    try {
      body = JSON.parse(await f.text());
    } catch {
      setError(new ApiError(400, 'invalid_input', `${f.name} is not a JSON file`));
      return;
    }
    try {
      const map = await api<StoredMap>('POST', '/v1/maps/import', body);
      navigate(`/maps/${encodeURIComponent(map.id)}`);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
    }
  };

  const remove = async (m: MapSummary) => {
    setError(undefined);
    try {
      await api('DELETE', `/v1/maps/${encodeURIComponent(m.id)}`);
      setDeleting(null);
      maps.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
      setDeleting(null);
    }
  };

  const list = maps.data?.maps ?? [];
  return (
    <div className="maps-page">
      <header className="maps-head">
        <div>
          <h1>Journey maps</h1>
          <p className="muted">Stages × lanes for a persona and a scenario, bound to live data.</p>
        </div>
        {canEdit ? (
          <div className="maps-actions">
            <button type="button" className="primary-button" onClick={() => setCreating(true)}>
              + New map
            </button>
            <button type="button" className="toolbar-button" onClick={() => file.current?.click()}>
              <Icon name="upload" /> Import JSON
            </button>
            <input
              ref={file}
              type="file"
              accept="application/json,.json"
              className="visually-hidden"
              aria-label="Import a map from a JSON export"
              tabIndex={-1}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void importFile(f);
              }}
            />
          </div>
        ) : null}
      </header>
      {error ? (
        <div className="banner banner-problems" role="alert">
          <strong>{error.message}</strong>
          {error.problems.length ? (
            <ul>
              {error.problems.map((p, i) => (
                <li key={i}>
                  <code>{p.where}</code>: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {maps.error ? <p className="field-problem">Maps could not be loaded: {maps.error.message}</p> : null}
      {maps.loading && !maps.data ? <p className="muted">Loading maps…</p> : null}
      {!maps.loading && list.length === 0 && !maps.error ? (
        <div className="empty-maps">
          <p>No journey maps yet.</p>
          {canEdit ? <p className="muted">Start one from a template (the e-commerce template fits the demo data) or from what your data shows.</p> : <p className="muted">An editor can create the first one.</p>}
        </div>
      ) : null}
      <ul className="map-cards">
        {list.map((m) => {
          const persona = personas.data?.personas.find((p) => p.key === m.persona);
          return (
            <li key={m.id} className="map-card">
              <Link to={`/maps/${encodeURIComponent(m.id)}`} className="map-card-link">
                <PersonaAvatar persona={persona} size={40} />
                <span className="map-card-text">
                  <strong className="map-card-name">{m.name}</strong>
                  <span className="muted small">{persona ? persona.name : m.persona ? m.persona : 'All customers'}</span>
                  {m.scenario ? <span className="map-card-scenario">{m.scenario}</span> : null}
                  <span className="muted small">
                    updated {new Date(m.updatedAt).toLocaleString()} · revision {m.revision}
                  </span>
                </span>
              </Link>
              {canEdit ? (
                <button type="button" className="icon-button danger" aria-label={`Delete map ${m.name}`} title="Delete" onClick={() => setDeleting(m)}>
                  <Icon name="trash" />
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {creating ? <NewMapDialog templates={templates.data?.templates ?? []} onClose={() => setCreating(false)} /> : null}
      {deleting ? (
        <Modal title="Delete map" onClose={() => setDeleting(null)}>
          <p>
            Delete <strong>{deleting.name}</strong> with its versions and comments? This cannot be undone.
          </p>
          <div className="modal-actions">
            <button type="button" className="danger-button" onClick={() => void remove(deleting)}>
              Delete
            </button>
            <button type="button" className="small-button" autoFocus onClick={() => setDeleting(null)}>
              Keep it
            </button>
          </div>
        </Modal>
      ) : null}
    </div>
  );
}

export default MapsPage;
