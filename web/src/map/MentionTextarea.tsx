/**
 * A comment field with @mention completion: typing "@" and letters lists the workspace's people
 * (GET /v1/users) whose name or e-mail starts so; ↑/↓ choose, Enter or Tab insert `@handle`
 * (the e-mail's local part, which the server resolves to the person), Escape closes the list.
 * Ctrl/⌘+Enter sends.
 */
import { useId, useMemo, useRef, useState } from 'react';
import type { UserSummary } from './map-api-types';

export function mentionHandle(user: UserSummary): string {
  return user.email.split('@')[0] ?? user.email;
}

/** The "@partial" being typed just before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[^\w@.])@([\w.+-]*)$/.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - (m[2] ?? '').length - 1, query: (m[2] ?? '').toLowerCase() };
}

export function MentionTextarea({
  value,
  onChange,
  onSubmit,
  users,
  ariaLabel,
  placeholder,
}: {
  value: string;
  onChange: (v: string) => void;
  onSubmit: () => void;
  users: UserSummary[];
  ariaLabel: string;
  placeholder?: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [pick, setPick] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const listId = useId();
  const q = mentionQuery(value, caret);
  const matches = useMemo(() => {
    if (!q) return [];
    return users
      .filter((u) => u.name.toLowerCase().startsWith(q.query) || u.email.toLowerCase().startsWith(q.query) || u.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q.query)))
      .slice(0, 6);
  }, [q, users]);
  const open = q !== null && matches.length > 0 && dismissed !== q.start;

  const insert = (user: UserSummary) => {
    if (!q) return;
    const handle = `@${mentionHandle(user)} `;
    const next = value.slice(0, q.start) + handle + value.slice(caret);
    onChange(next);
    const at = q.start + handle.length;
    requestAnimationFrame(() => {
      ref.current?.setSelectionRange(at, at);
      setCaret(at);
    });
    setPick(0);
  };

  return (
    <div className="mention-field">
      <textarea
        ref={ref}
        className="comment-input"
        aria-label={ariaLabel}
        placeholder={placeholder}
        value={value}
        rows={3}
        maxLength={4000}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${pick}` : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
          setPick(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={(e) => {
          if (open) {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setPick((p) => (p + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
              return;
            }
            if (e.key === 'Enter' || e.key === 'Tab') {
              e.preventDefault();
              insert(matches[Math.min(pick, matches.length - 1)]!);
              return;
            }
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setDismissed(q!.start);
              return;
            }
          }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onSubmit();
          }
        }}
      />
      {open ? (
        <ul className="mention-list" role="listbox" id={listId} aria-label="People to mention">
          {matches.map((u, i) => (
            <li
              key={u.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === pick}
              className={i === pick ? 'is-picked' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(u);
              }}
            >
              <strong>{u.name}</strong> <span className="muted">@{mentionHandle(u)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
