/**
 * The comment badge of a cell: the number of open comments (or, on hover, an "add comment"
 * mark); a click opens the comments panel for the cell. Keyboard users press C on the cell.
 */
import { useMapCanvas } from './map-canvas-context';

export function CommentBadge({ cell, tabbable = false }: { cell: string; tabbable?: boolean }) {
  const { commentCount, openComments } = useMapCanvas();
  const n = commentCount[cell] ?? 0;
  return (
    <button
      type="button"
      className={`comment-badge${n ? ' has-comments' : ''}`}
      tabIndex={tabbable ? 0 : -1}
      aria-label={n ? `${n} open comment${n === 1 ? '' : 's'}: open` : 'Comment on this cell'}
      title={n ? `${n} open comment${n === 1 ? '' : 's'}` : 'Comment (C)'}
      onClick={(e) => {
        e.stopPropagation();
        openComments(cell);
      }}
    >
      <svg width="12" height="12" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" aria-hidden="true">
        <path d="M4 5h16v11H9l-5 4z" />
      </svg>
      {n ? <span>{n}</span> : null}
    </button>
  );
}
