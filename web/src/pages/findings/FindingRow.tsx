/**
 * One finding as a row: what kind, where in the journey, how big, how sure, how many customers,
 * the suggested opportunity, a link to the analysis that shows it, and (for editors) dismiss.
 */
import { Link } from 'react-router';
import { confidenceText, magnitudeText } from '../../../../src/insight/format';
import type { Finding } from '../../api-types';
import { formatCount, humanise } from '../../format';

/** The analysis page that shows a finding best, as an app path. */
export function findingExploreLink(f: Finding): string {
  const w = f.where;
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  if (w.fromTouchpoint && w.toTouchpoint) return `/analyses/funnel?${q({ steps: `touchpoint:${w.fromTouchpoint},touchpoint:${w.toTouchpoint}`, ...(w.persona ? { persona: w.persona } : {}) })}`;
  if (f.kind === 'loop' && w.touchpoint) return `/analyses/dfg?${q({ by: 'touchpoint', collapse: '1' })}`;
  if (w.touchpoint) return `/analyses/sankey?${q({ from: `touchpoint:${w.touchpoint}` })}`;
  if (w.stage) return `/analyses/sankey?${q({ from: `stage:${w.stage}` })}`;
  return '/analyses/sankey';
}

export function whereText(f: Finding): string[] {
  const w = f.where;
  const out: string[] = [];
  if (w.stage) out.push(`stage ${w.stage}`);
  if (w.fromTouchpoint && w.toTouchpoint) out.push(`${w.fromTouchpoint} → ${w.toTouchpoint}`);
  if (w.touchpoint) out.push(w.touchpoint);
  if (w.partner) out.push(`with ${w.partner}`);
  if (w.channel) out.push(`channel ${w.channel}`);
  if (w.persona) out.push(`persona ${w.persona}`);
  if (w.survey) out.push(w.survey.toUpperCase());
  return out;
}

interface FindingRowProps {
  finding: Finding;
  compact?: boolean;
  onDismiss?: (f: Finding) => void;
  busy?: boolean;
}

export function FindingRow({ finding: f, compact, onDismiss, busy }: FindingRowProps) {
  return (
    <li className={`finding${f.status === 'dismissed' ? ' finding--dismissed' : ''}`} id={f.id} data-testid="finding">
      <div className="finding__severity" style={{ ['--severity' as string]: String(Math.min(1, Math.max(0, f.severity))) }} title={`Severity ${Math.round(f.severity * 100)}%`} />
      <div className="finding__body">
        <div className="finding__meta">
          <span className={`badge badge--${f.kind}`}>{humanise(f.kind)}</span>
          {whereText(f).map((w) => (
            <span key={w} className="chip">
              {w}
            </span>
          ))}
          {f.status !== 'open' && <span className="badge badge--status">{f.status}</span>}
        </div>
        <div className="finding__title">
          <Link to={compact ? `/findings#${f.id}` : findingExploreLink(f)}>{f.title}</Link>
        </div>
        {!compact && <p className="finding__opportunity">{f.opportunity}</p>}
      </div>
      <dl className="finding__figures">
        <div>
          <dt>Magnitude</dt>
          <dd title={f.magnitudeUnit}>{magnitudeText(f as Parameters<typeof magnitudeText>[0])}</dd>
        </div>
        <div>
          <dt>Confidence</dt>
          <dd title={`${f.confidence.test}, p=${f.confidence.p.toPrecision(2)}`}>{confidenceText(f.confidence)}</dd>
        </div>
        <div>
          <dt>Customers</dt>
          <dd>{formatCount(f.customers)}</dd>
        </div>
      </dl>
      {!compact && (
        <div className="finding__actions">
          <Link className="button button--small" to={findingExploreLink(f)}>
            Explore
          </Link>
          {onDismiss && f.status !== 'dismissed' && (
            <button type="button" className="button button--small button--ghost" disabled={busy} onClick={() => onDismiss(f)}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </li>
  );
}
