/**
 * The comments side panel: for one cell, its comments (open first, resolved on request), a field
 * to add one with @mentions and a Resolve button per comment; with no cell chosen, every open
 * comment of the map with a link to its cell.
 */
import { useState } from 'react';
import type { JourneyMap } from '../../../src/domain/journey-map.js';
import type { MapComment, UserSummary } from './map-api-types';
import { MentionTextarea } from './MentionTextarea';
import type { MapComments } from './use-map-comments';
import { ApiError } from '../api';

/** "Lane · Step" for a cell key, "Stage name" for stage:ID, "The whole map" for map. */
export function cellTitle(doc: JourneyMap, cell: string): string {
  if (cell === 'map') return 'The whole map';
  if (cell.startsWith('stage:')) return `Stage ${doc.stages.find((s) => `stage:${s.id}` === cell)?.name ?? '?'}`;
  const [laneId, stepId] = cell.split('/');
  const lane = doc.lanes.find((l) => l.id === laneId);
  const step = doc.stages.flatMap((s) => s.steps).find((p) => p.id === stepId);
  return `${lane?.name ?? 'a deleted lane'} · ${step?.name ?? 'a deleted step'}`;
}

function Comment({ c, users, canResolve, onResolve }: { c: MapComment; users: UserSummary[]; canResolve: boolean; onResolve: () => void }) {
  const names = c.mentions.map((id) => users.find((u) => u.id === id)?.name).filter(Boolean);
  return (
    <li className={`comment${c.resolved ? ' is-resolved' : ''}`}>
      <div className="comment-head">
        <span className="avatar small" aria-hidden="true">
          {initials(c.author.name)}
        </span>
        <strong>{c.author.name}</strong>
        <time dateTime={c.createdAt} className="muted">
          {new Date(c.createdAt).toLocaleString()}
        </time>
      </div>
      <p className="comment-body">{highlightMentions(c.body)}</p>
      {names.length ? <div className="muted small">mentions {names.join(', ')}</div> : null}
      {c.resolved ? (
        <span className="muted small">resolved</span>
      ) : canResolve ? (
        <button type="button" className="small-button" onClick={onResolve}>
          ✓ Resolve
        </button>
      ) : null}
    </li>
  );
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

function highlightMentions(body: string) {
  return body.split(/(@[\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)/g).map((part, i) =>
    part.startsWith('@') ? (
      <span key={i} className="mention">
        {part}
      </span>
    ) : (
      part
    ),
  );
}

export function CommentsPanel({
  doc,
  cell,
  comments,
  users,
  canComment,
  onPickCell,
  onClose,
  beforeComment,
}: {
  doc: JourneyMap;
  cell: string | null;
  comments: MapComments;
  users: UserSummary[];
  canComment: boolean;
  onPickCell: (cell: string | null) => void;
  onClose: () => void;
  /** Saves pending edits first: a comment is on a cell of the stored map. */
  beforeComment: () => Promise<void>;
}) {
  const [body, setBody] = useState('');
  const [showResolved, setShowResolved] = useState(false);
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const list = cell ? comments.comments.filter((c) => c.cell === cell) : comments.comments.filter((c) => !c.resolved);
  const shown = cell && !showResolved ? list.filter((c) => !c.resolved) : list;
  const resolvedCount = cell ? list.filter((c) => c.resolved).length : 0;

  const send = async () => {
    if (!cell || !body.trim()) return;
    setSending(true);
    setError(undefined);
    try {
      await beforeComment();
      await comments.add(cell, body.trim());
      setBody('');
    } catch (err) {
      setError(err instanceof ApiError ? (err.problems[0]?.message ?? err.message) : String(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <aside className="side-panel" aria-label="Comments" onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onClose())}>
      <header className="side-panel-head">
        <h2>Comments</h2>
        <button type="button" className="icon-button" aria-label="Close comments" onClick={onClose}>
          ×
        </button>
      </header>
      {cell ? (
        <div className="side-panel-sub">
          <button type="button" className="link-button" onClick={() => onPickCell(null)}>
            ← All open comments
          </button>
          <h3>{cellTitle(doc, cell)}</h3>
        </div>
      ) : (
        <p className="muted side-panel-sub">Open comments on this map. Choose a cell (its comment mark, or C on the cell) to comment on it.</p>
      )}
      <ul className="comment-list">
        {shown.map((c) =>
          cell ? (
            <Comment key={c.id} c={c} users={users} canResolve={canComment} onResolve={() => void comments.resolve(c.id).catch((e: unknown) => setError(String(e)))} />
          ) : (
            <li key={c.id} className="comment">
              <button type="button" className="link-button" onClick={() => onPickCell(c.cell)}>
                {cellTitle(doc, c.cell)}
              </button>
              <p className="comment-body">
                <strong>{c.author.name}:</strong> {highlightMentions(c.body)}
              </p>
            </li>
          ),
        )}
        {shown.length === 0 ? <li className="muted">No {cell ? '' : 'open '}comments yet.</li> : null}
      </ul>
      {resolvedCount > 0 ? (
        <button type="button" className="link-button" onClick={() => setShowResolved((s) => !s)}>
          {showResolved ? 'Hide' : 'Show'} {resolvedCount} resolved
        </button>
      ) : null}
      {cell && canComment ? (
        <form
          className="comment-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <MentionTextarea value={body} onChange={setBody} onSubmit={() => void send()} users={users} ariaLabel="New comment" placeholder="Comment… type @ to mention someone" />
          {error ? (
            <div className="field-problem" role="alert">
              {error}
            </div>
          ) : null}
          <button type="submit" className="primary-button" disabled={sending || !body.trim()}>
            {sending ? 'Sending…' : 'Comment'}
          </button>
        </form>
      ) : null}
    </aside>
  );
}
