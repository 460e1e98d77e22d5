/**
 * What a page shows instead of (or above) its content: loading, an API error (with the field
 * problems when there are some), or nothing to show yet.
 */
import type { ReactNode } from 'react';
import type { ApiError } from '../api';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="notice notice--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorNotice({ error, title }: { error: ApiError | Error; title?: string }) {
  const problems = 'problems' in error ? error.problems : [];
  return (
    <div className="notice notice--error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <span>{error.message}</span>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              <code>{p.where}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="notice notice--empty">{children}</div>;
}
