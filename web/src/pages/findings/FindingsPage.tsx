/**
 * Findings: the pain points the engine found (GET /v1/findings), most severe first, filtered by
 * kind; dismissed ones on request (?all=1). Editors re-run the engine and dismiss findings.
 * A finding links to the analysis that shows it. `#f_…` in the URL scrolls to that finding.
 */
import { useEffect, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import type { Finding, FindingsList } from '../../api-types';
import { useAuth } from '../../auth';
import { Empty, ErrorNotice, Loading } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, humanise } from '../../format';
import { useApi } from '../../use-api';
import { FindingRow } from './FindingRow';

/** The engine's kinds (src/insight/finding.ts, which the browser cannot import); kinds seen in the list join them. */
const KNOWN_KINDS = ['drop_off_hotspot', 'slow_step', 'loop', 'negative_touchpoint', 'channel_inconsistency', 'churn_after_touchpoint'];

export function FindingsPage() {
  const { can } = useAuth();
  const editor = can('editor');
  const [params, setParams] = useSearchParams();
  const all = params.get('all') === '1';
  const kind = params.get('kind') ?? '';
  const query = new URLSearchParams({ ...(all ? { all: 'true' } : {}), ...(kind ? { kind } : {}) }).toString();
  const list = useApi<FindingsList>('GET', `/v1/findings${query ? `?${query}` : ''}`);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const { hash } = useLocation();
  const kinds = [...new Set([...KNOWN_KINDS, ...(list.data?.findings.map((f) => f.kind) ?? []), ...(kind ? [kind] : [])])];

  useEffect(() => {
    if (!hash || !list.data) return;
    const el = document.getElementById(hash.slice(1));
    el?.scrollIntoView({ block: 'center' });
    el?.classList.add('finding--highlight');
  }, [hash, list.data]);

  async function act(id: string, run: () => Promise<unknown>) {
    setBusy(id);
    setActionError(null);
    try {
      await run();
      list.reload();
    } catch (err) {
      setActionError(err instanceof ApiError ? err : new ApiError(0, 'client', (err as Error).message));
    } finally {
      setBusy(null);
    }
  }

  const dismiss = (f: Finding) => act(f.id, () => api('POST', `/v1/findings/${f.id}/dismiss`, {}));
  const runNow = () => act('run', () => api('POST', '/v1/findings/run'));
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Findings"
        description={
          list.data?.lastRun
            ? `Last run ${formatDateTime(list.data.lastRun.at)}: ${list.data.lastRun.tested} tests, ${list.data.lastRun.found} found (q < 0.05 after Benjamini–Hochberg).`
            : 'Drop-offs, slow steps, loops, negative touchpoints and churn the engine finds in the journeys.'
        }
        actions={
          editor && (
            <button type="button" className="button button--primary" onClick={runNow} disabled={busy !== null}>
              {busy === 'run' ? 'Running…' : 'Run now'}
            </button>
          )
        }
      />
      <div className="toolbar" role="group" aria-label="Filter findings">
        <label className="toolbar__item">
          Kind{' '}
          <select value={kind} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">All kinds</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {humanise(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar__item">
          <input type="checkbox" checked={all} onChange={(e) => setFilter('all', e.target.checked ? '1' : '')} /> Include dismissed and resolved
        </label>
      </div>
      {actionError && <ErrorNotice error={actionError} />}
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorNotice error={list.error} />
      ) : !list.data?.findings.length ? (
        <Empty>{list.data?.lastRun ? 'No findings match.' : 'The findings engine has not run on this workspace yet.'}</Empty>
      ) : (
        <ul className="finding-list">
          {list.data.findings.map((f) => (
            <FindingRow key={f.id} finding={f} onDismiss={editor ? dismiss : undefined} busy={busy === f.id} />
          ))}
        </ul>
      )}
    </>
  );
}
