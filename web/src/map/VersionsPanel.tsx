/**
 * The versions side panel: snapshot the saved map with a label (its live numbers are kept with
 * it), list the snapshots, and compare two of them — or one with the map as it is now — to see
 * what changed in the map and in its numbers (GET /v1/maps/:id/compare).
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { useApi } from '../use-api';
import type { MapVersion } from './map-api-types';
import { MapDiffView, type CompareAnswer } from './MapDiffView';

export function VersionsPanel({ mapId, canEdit, beforeSnapshot, onClose }: { mapId: string; canEdit: boolean; beforeSnapshot: () => Promise<void>; onClose: () => void }) {
  const base = `/v1/maps/${encodeURIComponent(mapId)}`;
  const versions = useApi<{ versions: MapVersion[] }>('GET', `${base}/versions`);
  const list = versions.data?.versions ?? [];
  const [label, setLabel] = useState('');
  const [labelError, setLabelError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('current');
  const [compare, setCompare] = useState<CompareAnswer>();
  const [compareError, setCompareError] = useState<string>();
  const [comparing, setComparing] = useState(false);

  useEffect(() => {
    if (!from && list.length) setFrom(String(list[0]!.version));
  }, [list, from]);

  const snapshot = async () => {
    setLabelError(undefined);
    if (!label.trim()) {
      setLabelError('a version needs a label');
      return;
    }
    setBusy(true);
    try {
      await beforeSnapshot();
      const v = await api<MapVersion>('POST', `${base}/versions`, { label: label.trim() });
      setLabel('');
      versions.reload();
      setFrom(String(v.version));
      setTo('current');
    } catch (err) {
      setLabelError(err instanceof ApiError ? (err.problemAt('body.label') ?? err.message) : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const runCompare = async () => {
    setCompareError(undefined);
    setComparing(true);
    try {
      setCompare(await api<CompareAnswer>('GET', `${base}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`));
    } catch (err) {
      setCompareError((err as Error).message);
    } finally {
      setComparing(false);
    }
  };

  return (
    <aside className="side-panel versions-panel" aria-label="Versions" onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onClose())}>
      <header className="side-panel-head">
        <h2>Versions</h2>
        <button type="button" className="icon-button" aria-label="Close versions" onClick={onClose}>
          ×
        </button>
      </header>
      {canEdit ? (
        <form
          className="snapshot-form"
          onSubmit={(e) => {
            e.preventDefault();
            void snapshot();
          }}
        >
          <label htmlFor="version-label">Snapshot the map as it is now</label>
          <div className="inline-form">
            <input id="version-label" value={label} maxLength={200} placeholder="e.g. Before checkout redesign" aria-invalid={labelError ? true : undefined} onChange={(e) => setLabel(e.target.value)} />
            <button type="submit" className="primary-button" disabled={busy}>
              {busy ? 'Saving…' : 'Snapshot'}
            </button>
          </div>
          {labelError ? (
            <span className="field-problem" role="alert">
              {labelError}
            </span>
          ) : null}
        </form>
      ) : null}
      {versions.error ? <p className="field-problem">{versions.error.message}</p> : null}
      <ol className="version-list" aria-label="Snapshots, newest first">
        {list.map((v) => (
          <li key={v.version}>
            <span className="version-number">v{v.version}</span>
            <span className="version-label">{v.label}</span>
            <span className="muted small">
              {new Date(v.createdAt).toLocaleString()}
              {v.createdBy ? ` · ${v.createdBy}` : ''}
            </span>
          </li>
        ))}
        {!versions.loading && list.length === 0 ? <li className="muted">No snapshots yet.</li> : null}
      </ol>
      {list.length ? (
        <div className="compare-form">
          <h3>Compare</h3>
          <div className="inline-form">
            <label>
              <span>from</span>
              <select value={from} onChange={(e) => setFrom(e.target.value)}>
                {list.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version} {v.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>to</span>
              <select value={to} onChange={(e) => setTo(e.target.value)}>
                <option value="current">now (current map)</option>
                {list.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version} {v.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="primary-button" onClick={() => void runCompare()} disabled={comparing || !from}>
              {comparing ? 'Comparing…' : 'Compare'}
            </button>
          </div>
          {compareError ? <p className="field-problem">{compareError}</p> : null}
        </div>
      ) : null}
      {compare ? <MapDiffView answer={compare} /> : null}
    </aside>
  );
}
