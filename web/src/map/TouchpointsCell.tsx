/**
 * A cell of a touchpoints lane: chips with a channel icon; each chip offers "Paths from here"
 * (the Sankey of what customers do next) and, for editors, removal. Entered, a field adds a
 * touchpoint from the catalogue (its channel comes along) or a new one with a chosen channel.
 */
import { useId, useState } from 'react';
import { CHANNELS_FOR_ICONS } from '../../../src/domain/journey-map.js';
import { ChannelIcon } from './ChannelIcon';
import { getCell, setCellValue } from './map-edit';
import { useMapCanvas, type CellProps } from './map-canvas-context';
import { MenuButton } from './MenuButton';
import { Icon } from './icons';

export function TouchpointsCell({ lane, step, interactive, done }: CellProps) {
  const { doc, edit, readOnly, touchpoints: catalogue, openPaths } = useMapCanvas();
  const chips = getCell(doc, lane.id, step.id).touchpoints ?? [];
  const [name, setName] = useState('');
  const [channel, setChannel] = useState('');
  const listId = useId();
  const set = (next: typeof chips) => edit((d) => setCellValue(d, lane, step.id, 'touchpoints', next));

  const add = () => {
    const n = name.trim();
    if (!n) return;
    const known = catalogue.find((t) => t.name.toLowerCase() === n.toLowerCase());
    const ch = channel || known?.channel || null;
    if (!chips.some((c) => c.name === (known?.name ?? n) && c.channel === ch)) set([...chips, { name: known?.name ?? n, channel: ch }]);
    setName('');
    setChannel('');
  };

  return (
    <div className="cell-touchpoints">
      <ul className="chip-list" aria-label={`Touchpoints at ${step.name}`}>
        {chips.map((chip, i) => (
          <li key={`${chip.name}\u0000${chip.channel ?? ''}\u0000${i}`}>
            <MenuButton
              className="chip"
              tabIndex={interactive ? 0 : -1}
              ariaLabel={`${chip.name}${chip.channel ? ` (${chip.channel})` : ''}: actions`}
              title={`${chip.name}${chip.channel ? ` · ${chip.channel}` : ''}`}
              label={
                <>
                  <ChannelIcon channel={chip.channel} />
                  <span className="chip-text">{chip.name}</span>
                </>
              }
              items={[
                { label: <><Icon name="paths" size={14} /> Paths from here</>, onSelect: () => openPaths(chip.name) },
                ...(readOnly ? [] : [{ label: 'Remove', danger: true, onSelect: () => set(chips.filter((_c, j) => j !== i)) }]),
              ]}
            />
          </li>
        ))}
      </ul>
      {interactive && !readOnly ? (
        <div className="chip-add">
          <input
            autoFocus
            list={listId}
            aria-label={`Add a touchpoint at ${step.name}`}
            placeholder="Add touchpoint…"
            value={name}
            maxLength={200}
            onChange={(e) => {
              setName(e.target.value);
              const known = catalogue.find((t) => t.name === e.target.value);
              if (known?.channel) setChannel(known.channel);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                e.stopPropagation();
                add();
              } else if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                add();
                done();
              }
            }}
          />
          <datalist id={listId}>
            {catalogue.map((t) => (
              <option key={t.name} value={t.name}>
                {t.channel ?? ''}
              </option>
            ))}
          </datalist>
          <select aria-label="Channel of the new touchpoint" value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="">channel…</option>
            {CHANNELS_FOR_ICONS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <button type="button" className="small-button" onClick={add} disabled={!name.trim()}>
            Add
          </button>
        </div>
      ) : chips.length === 0 && !readOnly ? (
        <span className="cell-placeholder">Add touchpoints…</span>
      ) : null}
    </div>
  );
}
