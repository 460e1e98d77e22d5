/**
 * "Pin finding": the findings list (GET /v1/findings), those of the step's stage first; choosing
 * one adds it to the pain-point cell as a card that keeps the finding's id.
 */
import { useMemo, useState } from 'react';
import { useApi } from '../use-api';
import type { FindingSummary } from './map-api-types';
import { Modal } from './Modal';

export function severityOf(f: FindingSummary): 'low' | 'medium' | 'high' {
  return f.severity >= 0.6 ? 'high' : f.severity >= 0.3 ? 'medium' : 'low';
}

function whereText(f: FindingSummary): string {
  const w = f.where;
  const step = w.fromTouchpoint && w.toTouchpoint ? `${w.fromTouchpoint} → ${w.toTouchpoint}` : (w.touchpoint ?? '');
  return [w.stage, step, w.channel].filter(Boolean).join(' · ');
}

export function FindingPicker({ stage, pinned, onPick, onClose }: { stage: string | null; pinned: string[]; onPick: (f: FindingSummary) => void; onClose: () => void }) {
  const { data, error, loading } = useApi<{ findings: FindingSummary[] }>('GET', '/v1/findings');
  const [onlyStage, setOnlyStage] = useState(stage !== null);
  const list = useMemo(() => {
    const all = (data?.findings ?? []).filter((f) => f.status !== 'dismissed');
    const mine = onlyStage && stage ? all.filter((f) => f.where.stage === stage) : all;
    return [...mine].sort((a, b) => Number(b.where.stage === stage) - Number(a.where.stage === stage) || b.severity - a.severity);
  }, [data, onlyStage, stage]);
  return (
    <Modal title="Pin a finding as a pain point" onClose={onClose} wide>
      {stage ? (
        <label className="checkbox">
          <input type="checkbox" checked={onlyStage} onChange={(e) => setOnlyStage(e.target.checked)} /> Only findings of the stage “{stage}”
        </label>
      ) : null}
      {loading ? <p className="muted">Loading findings…</p> : null}
      {error ? <p className="field-problem">{error.message}</p> : null}
      {!loading && !error && list.length === 0 ? <p className="muted">No findings{onlyStage ? ' for this stage' : ''}. Run the findings engine (Findings page) first.</p> : null}
      <ul className="finding-list">
        {list.map((f) => (
          <li key={f.id}>
            <button type="button" className={`finding-option severity-${severityOf(f)}`} disabled={pinned.includes(f.id)} onClick={() => onPick(f)}>
              <strong>{f.title}</strong>
              <span className="muted small">
                {whereText(f)} · {f.customers.toLocaleString()} customers · severity {Math.round(f.severity * 100)}%
              </span>
              {pinned.includes(f.id) ? <span className="small">already pinned here</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
