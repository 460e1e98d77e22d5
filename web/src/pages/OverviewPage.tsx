/**
 * Overview of the workspace: the journey health score (overall and per stage, with the findings
 * and KPIs that move it), the customer-experience KPIs of each stage (POST /v1/analyses/kpis
 * grouped by stage) with links into the analyses of that stage, and the latest findings.
 */
import { Link } from 'react-router';
import type { AnalysisAnswer, FindingsList, JourneyHealth, StageInfo } from '../api-types';
import type { KpisResult, KpiValues } from '../analysis-types';
import { Empty, ErrorNotice, Loading } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { formatCount, formatNumber, formatShare, humanise } from '../format';
import { useApi } from '../use-api';
import { FindingRow } from './findings/FindingRow';

const KPI_PLAN = { group: 'stage' };

export function OverviewPage() {
  const stages = useApi<StageInfo[]>('GET', '/v1/stages');
  const kpis = useApi<AnalysisAnswer<unknown, KpisResult>>('POST', '/v1/analyses/kpis', KPI_PLAN);
  const health = useApi<JourneyHealth>('GET', '/v1/health');
  const findings = useApi<FindingsList>('GET', '/v1/findings');

  return (
    <>
      <PageHeader title="Overview" description="How customers move through the journey, how healthy each stage is, and what the engine found." />
      <section className="overview-top" aria-label="Journey summary">
        <HealthScore health={health.data} loading={health.loading} />
        <TotalKpis total={kpis.data?.result.total} observedUntil={kpis.data?.result.observedUntil ?? null} loading={kpis.loading} />
      </section>
      {kpis.error && <ErrorNotice error={kpis.error} title="KPIs could not be computed" />}
      {health.error && <ErrorNotice error={health.error} title="Journey health is not available" />}

      <section aria-labelledby="stages-title" className="section">
        <h2 id="stages-title">Stages</h2>
        {stages.loading || kpis.loading ? (
          <Loading label="Computing KPIs per stage…" />
        ) : (
          <div className="stage-grid" style={{ ['--stages' as string]: String(Math.min(6, Math.max(1, stages.data?.length ?? 5))) }}>
            {(stages.data ?? []).map((s) => (
              <StageCard key={s.key} stage={s} kpis={kpis.data?.result.rows.find((r) => r.group === s.key)} health={health.data?.stages.find((h) => h.stage === s.key)} />
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="findings-title" className="section">
        <div className="section__head">
          <h2 id="findings-title">Latest findings</h2>
          <Link to="/findings">All findings →</Link>
        </div>
        {findings.loading ? (
          <Loading />
        ) : findings.error ? (
          <ErrorNotice error={findings.error} />
        ) : !findings.data?.findings.length ? (
          <Empty>No open findings{findings.data?.lastRun ? '' : ' yet: the findings engine has not run on this workspace'}.</Empty>
        ) : (
          <ul className="finding-list">
            {findings.data.findings.slice(0, 5).map((f) => (
              <FindingRow key={f.id} finding={f} compact />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function scoreClass(score: number | null | undefined): string {
  if (score === null || score === undefined) return 'score--none';
  return score >= 80 ? 'score--good' : score >= 60 ? 'score--fair' : 'score--poor';
}

function HealthScore({ health, loading }: { health: JourneyHealth | undefined; loading: boolean }) {
  return (
    <div className="card health-card">
      <div className="card__label">Journey health</div>
      {loading ? (
        <Loading />
      ) : (
        <>
          <div className={`health-card__score ${scoreClass(health?.overall)}`} data-testid="health-overall">
            {health?.overall === null || health?.overall === undefined ? '—' : formatNumber(health.overall, 0)}
            <span className="health-card__of">/ 100</span>
          </div>
          <p className="muted small">Per stage: 100 minus the weight of its open findings, blended with CSAT; overall weighted by customers.</p>
          {health?.formula && (
            <details>
              <summary>Formula</summary>
              <p className="muted small">{health.formula}</p>
            </details>
          )}
        </>
      )}
    </div>
  );
}

function TotalKpis({ total, observedUntil, loading }: { total: KpiValues | undefined; observedUntil: string | null; loading: boolean }) {
  const items: Array<[string, string, string]> = total
    ? [
        ['Customers', formatCount(total.customers), 'customers with an event'],
        ['Conversion', formatShare(total.conversionRate), 'reached Order Completed'],
        ['NPS', formatNumber(total.nps, 0), `${formatCount(total.npsResponses)} responses`],
        ['CSAT', formatShare(total.csat, 0), `${formatCount(total.csatResponses)} responses`],
        ['Churn', formatShare(total.churnRate), 'inactive 30 days'],
        ['Sessions', formatCount(total.sessions), `${formatNumber(total.pagesPerVisit)} pages / visit`],
      ]
    : [];
  return (
    <div className="card kpi-strip" aria-busy={loading}>
      {loading && <Loading />}
      {items.map(([label, value, sub]) => (
        <div key={label} className="kpi">
          <div className="kpi__label">{label}</div>
          <div className="kpi__value" data-testid={`kpi-total-${label.toLowerCase()}`}>
            {value}
          </div>
          <div className="kpi__sub">{sub}</div>
        </div>
      ))}
      {observedUntil && <div className="kpi-strip__note muted small">Data until {new Date(observedUntil).toLocaleDateString('en-GB')}</div>}
    </div>
  );
}

function StageCard({ stage, kpis, health }: { stage: StageInfo; kpis: KpisResult['rows'][number] | undefined; health: JourneyHealth['stages'][number] | undefined }) {
  const step = encodeURIComponent(`stage:${stage.key}`);
  return (
    <article className="card stage-card" aria-labelledby={`stage-${stage.key}`} data-testid={`stage-card-${stage.key}`}>
      <header className="stage-card__head">
        <h3 id={`stage-${stage.key}`}>{stage.label}</h3>
        {health && (
          <span className={`score-pill ${scoreClass(health.score)}`} title="Health score of this stage">
            {formatNumber(health.score, 0)}
          </span>
        )}
      </header>
      <dl className="stage-card__kpis">
        <div>
          <dt>Customers</dt>
          <dd className="stage-card__customers">{formatCount(kpis?.customers)}</dd>
        </div>
        <div>
          <dt>Converted</dt>
          <dd>{formatShare(kpis?.conversionRate)}</dd>
        </div>
        <div>
          <dt>NPS</dt>
          <dd>{formatNumber(kpis?.nps, 0)}</dd>
        </div>
        <div>
          <dt>CSAT</dt>
          <dd>{formatShare(kpis?.csat, 0)}</dd>
        </div>
        <div>
          <dt>Churn</dt>
          <dd>{formatShare(kpis?.churnRate)}</dd>
        </div>
        <div>
          <dt>Sessions</dt>
          <dd>{formatCount(kpis?.sessions)}</dd>
        </div>
      </dl>
      {health && health.movedBy.length > 0 && (
        <ul className="stage-card__moved" aria-label="What lowers this stage's health">
          {health.movedBy.slice(0, 3).map((m, i) => (
            <li key={m.id ?? i}>
              <span className="stage-card__points">−{formatNumber(m.points, 0)}</span> {m.title || humanise(m.kind)}
            </li>
          ))}
        </ul>
      )}
      <footer className="stage-card__links">
        <Link to={`/analyses/sankey?from=${step}`}>Paths from here</Link>
        <Link to={`/analyses/sankey?to=${step}`}>Paths to here</Link>
      </footer>
    </article>
  );
}
