/**
 * Text that becomes an input when clicked (or on Enter): Enter or leaving the field keeps the
 * change, Escape puts the old text back. Read-only shows the text alone. Empty names are refused
 * (the field says so) rather than saved.
 */
import { useEffect, useRef, useState } from 'react';

export function InlineText({
  value,
  onChange,
  readOnly,
  ariaLabel,
  className = '',
  placeholder,
  required = true,
  maxLength = 120,
  problem,
  tabIndex,
  navProps,
}: {
  value: string;
  onChange: (next: string) => void;
  readOnly?: boolean;
  ariaLabel: string;
  className?: string;
  placeholder?: string;
  required?: boolean;
  maxLength?: number;
  problem?: string;
  tabIndex?: number;
  /** data-nav-* attributes and key handling when the text takes part in grid navigation. */
  navProps?: Record<string, string | number>;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  useEffect(() => {
    if (editing) input.current?.select();
    else if (refocus.current) {
      refocus.current = false;
      button.current?.focus();
    }
  }, [editing]);

  const shown = problem ?? error;
  if (readOnly) {
    return (
      <span className={`inline-text readonly ${className}`} tabIndex={tabIndex} {...navProps}>
        {value || <span className="muted">{placeholder}</span>}
      </span>
    );
  }
  const commit = () => {
    const next = draft.trim();
    if (required && !next) {
      setError('cannot be empty');
      return false;
    }
    setError(undefined);
    setEditing(false);
    if (next !== value) onChange(next);
    return true;
  };
  return (
    <span className={`inline-text ${className}${shown ? ' has-problem' : ''}`}>
      {editing ? (
        <input
          ref={input}
          className="inline-text-input"
          aria-label={ariaLabel}
          aria-invalid={shown ? true : undefined}
          value={draft}
          maxLength={maxLength}
          placeholder={placeholder}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => {
            if (!commit()) {
              setDraft(value);
              setError(undefined);
              setEditing(false);
            }
          }}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Enter') {
              e.preventDefault();
              refocus.current = true;
              if (!commit()) refocus.current = false;
            } else if (e.key === 'Escape') {
              e.preventDefault();
              refocus.current = true;
              setDraft(value);
              setError(undefined);
              setEditing(false);
            }
          }}
        />
      ) : (
        <button
          ref={button}
          type="button"
          className="inline-text-button"
          aria-label={`${ariaLabel}: ${value || 'empty'} (Enter to edit)`}
          tabIndex={tabIndex}
          {...navProps}
          onClick={() => setEditing(true)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'F2') {
              e.preventDefault();
              e.stopPropagation();
              setEditing(true);
            }
          }}
        >
          {value || <span className="muted">{placeholder}</span>}
        </button>
      )}
      {shown ? (
        <span className="field-problem" role="alert">
          {shown}
        </span>
      ) : null}
    </span>
  );
}
