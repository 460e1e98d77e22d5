/**
 * The line under an analysis's options: the figures that say what the chart covers and how
 * long the engine took.
 */
import type { ReactNode } from 'react';

export function RunSummary({ items, tookMs }: { items: Array<[string, ReactNode]>; tookMs?: number }) {
  return (
    <dl className="run-summary">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {tookMs !== undefined && (
        <div className="run-summary__took">
          <dt>Computed in</dt>
          <dd>{tookMs} ms</dd>
        </div>
      )}
    </dl>
  );
}
