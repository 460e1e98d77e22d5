/**
 * A cell of a pain-points lane: cards with a severity, written by hand or pinned from the
 * findings list ("Pin finding": the card keeps the finding's id, and the finding its evidence).
 */
import { newMapId } from '../../../src/domain/journey-map.js';
import { getCell, setCellValue } from './map-edit';
import { useMapCanvas, type CellProps } from './map-canvas-context';
import { TextEditor } from './TextEditor';
import { Icon } from './icons';

const SEVERITIES = ['low', 'medium', 'high'] as const;

export function PainPointsCell({ lane, step, interactive }: CellProps) {
  const { doc, edit, readOnly, pinFinding } = useMapCanvas();
  const cards = getCell(doc, lane.id, step.id).painpoints ?? [];
  const set = (next: typeof cards) => edit((d) => setCellValue(d, lane, step.id, 'painpoints', next));
  const editing = interactive && !readOnly;
  return (
    <div className="cell-cards">
      {cards.map((card, i) => (
        <div key={card.id} className={`card painpoint severity-${card.severity}`}>
          {editing ? (
            <>
              <TextEditor
                initial={card.text}
                autoFocus={false}
                ariaLabel={`Pain point ${i + 1} at ${step.name}`}
                maxLength={1000}
                onCommit={(text) => set(cards.map((c) => (c.id === card.id ? { ...c, text } : c)))}
              />
              <div className="card-row">
                <select
                  aria-label="Severity"
                  value={card.severity}
                  onChange={(e) => set(cards.map((c) => (c.id === card.id ? { ...c, severity: e.target.value as (typeof SEVERITIES)[number] } : c)))}
                >
                  {SEVERITIES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
                <button type="button" className="icon-button danger" aria-label={`Remove pain point ${i + 1}`} onClick={() => set(cards.filter((c) => c.id !== card.id))}>
                  <Icon name="trash" size={14} />
                </button>
              </div>
            </>
          ) : (
            <div className="card-text">{card.text}</div>
          )}
          {card.findingId ? (
            <span className="finding-pin" title={`Pinned from finding ${card.findingId}`}>
              <Icon name="pin" size={12} /> finding
            </span>
          ) : null}
        </div>
      ))}
      {editing ? (
        <div className="card-actions">
          <button type="button" className="small-button" onClick={() => set([...cards, { id: newMapId('pain'), text: 'New pain point', findingId: null, severity: 'medium' }])}>
            + Pain point
          </button>
          <button type="button" className="small-button" onClick={() => pinFinding(lane, step.id)}>
            <Icon name="pin" size={13} /> Pin finding
          </button>
        </div>
      ) : cards.length === 0 && !readOnly ? (
        <span className="cell-placeholder">Add pain points…</span>
      ) : null}
    </div>
  );
}
