/**
 * A cell of a text, owners or (as a note) KPI lane: the text as written, line breaks kept;
 * entered, a growing text field.
 */
import { getCell, setCellValue } from './map-edit';
import { useMapCanvas, type CellProps } from './map-canvas-context';
import { TextEditor } from './TextEditor';

export function TextCell({ lane, step, interactive, done }: CellProps) {
  const { doc, edit, readOnly } = useMapCanvas();
  const text = getCell(doc, lane.id, step.id).text ?? '';
  if (interactive && !readOnly) {
    return (
      <TextEditor
        initial={text}
        ariaLabel={`${lane.name} at ${step.name}`}
        placeholder={lane.kind === 'owners' ? 'Who owns this step?' : 'Write here…'}
        onCommit={(next) => edit((d) => setCellValue(d, lane, step.id, 'text', next || undefined))}
        onDone={done}
      />
    );
  }
  return <div className="cell-text">{text || (readOnly ? null : <span className="cell-placeholder">{lane.kind === 'owners' ? 'Owner…' : 'Add text…'}</span>)}</div>;
}
