/**
 * A multi-line text field that grows with its text and keeps every change: leaving it, Escape or
 * Ctrl/⌘+Enter commit the text; a text of blanks only is stored as none.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export function TextEditor({
  initial,
  onCommit,
  onDone,
  ariaLabel,
  placeholder,
  maxLength = 4000,
  autoFocus = true,
}: {
  initial: string;
  onCommit: (text: string) => void;
  onDone?: () => void;
  ariaLabel: string;
  placeholder?: string;
  maxLength?: number;
  autoFocus?: boolean;
}) {
  const [draft, setDraft] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  const committed = useRef(initial);
  useEffect(() => {
    if (document.activeElement !== ref.current) {
      setDraft(initial);
      committed.current = initial;
    }
  }, [initial]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [draft]);
  useEffect(() => {
    if (!autoFocus) return;
    const el = ref.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, [autoFocus]);
  const commit = () => {
    const text = draft.trim() === '' ? '' : draft;
    if (text !== committed.current) {
      committed.current = text;
      onCommit(text);
    }
  };
  return (
    <textarea
      ref={ref}
      className="cell-textarea"
      aria-label={ariaLabel}
      placeholder={placeholder}
      value={draft}
      maxLength={maxLength}
      rows={2}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' || (e.key === 'Enter' && (e.ctrlKey || e.metaKey))) {
          e.preventDefault();
          e.stopPropagation();
          commit();
          onDone?.();
        }
      }}
    />
  );
}
