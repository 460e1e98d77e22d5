/**
 * A cell of an opportunities lane: cards with a text, an owner (one of the workspace's users),
 * a department and a status (idea → planned → in progress → done, or dropped).
 */
import { newMapId, OPPORTUNITY_STATUSES, type OpportunityStatus } from '../../../src/domain/journey-map.js';
import { getCell, setCellValue } from './map-edit';
import { useMapCanvas, type CellProps } from './map-canvas-context';
import { TextEditor } from './TextEditor';
import { Icon } from './icons';

export const STATUS_LABELS: Record<OpportunityStatus, string> = { idea: 'Idea', planned: 'Planned', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' };

export function OpportunitiesCell({ lane, step, interactive }: CellProps) {
  const { doc, edit, readOnly, users } = useMapCanvas();
  const cards = getCell(doc, lane.id, step.id).opportunities ?? [];
  const set = (next: typeof cards) => edit((d) => setCellValue(d, lane, step.id, 'opportunities', next));
  const update = (id: string, fields: Partial<(typeof cards)[number]>) => set(cards.map((c) => (c.id === id ? { ...c, ...fields } : c)));
  const editing = interactive && !readOnly;
  return (
    <div className="cell-cards">
      {cards.map((card, i) => (
        <div key={card.id} className={`card opportunity status-${card.status}`}>
          {editing ? (
            <>
              <TextEditor initial={card.text} autoFocus={false} maxLength={1000} ariaLabel={`Opportunity ${i + 1} at ${step.name}`} onCommit={(text) => update(card.id, { text })} />
              <label className="card-field">
                <span>Owner</span>
                <select value={card.owner} onChange={(e) => update(card.id, { owner: e.target.value })}>
                  <option value="">—</option>
                  {users.map((u) => (
                    <option key={u.id} value={u.name}>
                      {u.name}
                    </option>
                  ))}
                  {card.owner && !users.some((u) => u.name === card.owner) ? <option value={card.owner}>{card.owner}</option> : null}
                </select>
              </label>
              <label className="card-field">
                <span>Department</span>
                <input value={card.department} maxLength={120} onChange={(e) => update(card.id, { department: e.target.value })} />
              </label>
              <div className="card-row">
                <select aria-label="Status" value={card.status} onChange={(e) => update(card.id, { status: e.target.value as OpportunityStatus })}>
                  {OPPORTUNITY_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
                <button type="button" className="icon-button danger" aria-label={`Remove opportunity ${i + 1}`} onClick={() => set(cards.filter((c) => c.id !== card.id))}>
                  <Icon name="trash" size={14} />
                </button>
              </div>
            </>
          ) : (
            <>
              <div className="card-text">{card.text}</div>
              <div className="card-meta">
                <span className={`status-pill status-${card.status}`}>{STATUS_LABELS[card.status]}</span>
                {card.owner ? <span title="Owner">
                    <Icon name="user" size={12} /> {card.owner}
                  </span> : null}
                {card.department ? <span title="Department">
                    <Icon name="building" size={12} /> {card.department}
                  </span> : null}
              </div>
            </>
          )}
        </div>
      ))}
      {editing ? (
        <div className="card-actions">
          <button type="button" className="small-button" onClick={() => set([...cards, { id: newMapId('opp'), text: 'New opportunity', owner: '', department: '', status: 'idea', findingId: null }])}>
            + Opportunity
          </button>
        </div>
      ) : cards.length === 0 && !readOnly ? (
        <span className="cell-placeholder">Add opportunities…</span>
      ) : null}
    </div>
  );
}
