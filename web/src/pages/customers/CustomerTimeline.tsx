/**
 * One customer (GET /v1/customers/:id): who they are (identifiers, traits, sources, stage) and
 * their unified timeline across every source, newest first and grouped by day, each event with
 * its source, channel, touchpoint and stage; its properties open on demand.
 */
import type { CustomerDetail, TimelineEvent } from '../../api-types';
import { ErrorNotice, Loading } from '../../components/Notice';
import { colourFor } from '../../chart-colours';
import { formatCount, formatDate } from '../../format';
import { useApi } from '../../use-api';

export function CustomerTimeline({ id }: { id: string }) {
  const customer = useApi<CustomerDetail>('GET', `/v1/customers/${encodeURIComponent(id)}?limit=500`);
  if (customer.error) return <ErrorNotice error={customer.error} title={customer.error.status === 404 ? 'No such customer' : undefined} />;
  if (!customer.data) return <Loading />;
  const c = customer.data;
  const traits = Object.entries(c.traits ?? {});
  const days = groupByDay(c.timeline);
  return (
    <article className="customer card" aria-labelledby="customer-title" data-testid="customer-detail">
      <header className="customer__head">
        <div>
          <h2 id="customer-title">{c.email ?? c.userId ?? c.customerId}</h2>
          <p className="muted small">
            Customer {c.customerId} · first seen {formatDate(c.firstSeen)} · last seen {formatDate(c.lastSeen)}
          </p>
        </div>
        <dl className="customer__facts">
          <div>
            <dt>Stage</dt>
            <dd>{c.stage ?? '—'}</dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>{formatCount(c.eventCount)}</dd>
          </div>
          <div>
            <dt>First channel</dt>
            <dd>{c.firstChannelGroup ?? '—'}</dd>
          </div>
          <div>
            <dt>Sources</dt>
            <dd>{c.sources.join(', ') || '—'}</dd>
          </div>
        </dl>
      </header>
      <div className="customer__body">
        <aside className="customer__side" aria-label="Identity and traits">
          <h3>Identifiers</h3>
          <ul className="plain-list">
            {c.identifiers.map((i) => (
              <li key={i.identifier}>
                <code>{i.identifier}</code>
              </li>
            ))}
          </ul>
          {c.mergedFrom.length > 0 && <p className="muted small">Merged from {c.mergedFrom.length} profiles.</p>}
          <h3>Traits</h3>
          {traits.length ? (
            <dl className="demographics">
              {traits.map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted small">No traits.</p>
          )}
        </aside>
        <section className="timeline" aria-label="Timeline">
          <h3>
            Timeline <span className="muted small">({c.timeline.length < c.eventCount ? `latest ${c.timeline.length} of ${formatCount(c.eventCount)}` : `${c.timeline.length} events`})</span>
          </h3>
          <ol className="timeline__days">
            {days.map(([day, events]) => (
              <li key={day}>
                <h4 className="timeline__day">{day}</h4>
                <ol className="timeline__events">
                  {events.map((e) => (
                    <TimelineRow key={e.messageId} event={e} />
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}

function TimelineRow({ event: e }: { event: TimelineEvent }) {
  const props = Object.entries(e.properties ?? {});
  return (
    <li className="timeline__event" data-testid="timeline-event">
      <span className="timeline__dot" style={{ background: colourFor(e.channel ?? e.source) }} aria-hidden="true" />
      <time className="timeline__time" dateTime={e.timestamp}>
        {new Date(e.timestamp).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}
      </time>
      <div className="timeline__what">
        <div className="timeline__name">
          {e.touchpoint ?? e.name}
          {e.touchpoint && e.touchpoint !== e.name && <span className="muted small"> · {e.name}</span>}
          {e.type !== 'track' && <span className="muted small"> ({e.type})</span>}
        </div>
        <div className="timeline__chips">
          <span className="chip chip--source" title="Source">
            {e.source}
          </span>
          {e.channel && (
            <span className="chip chip--channel" title="Channel">
              {e.channel}
            </span>
          )}
          {e.stage && (
            <span className="chip chip--stage" title="Stage">
              {e.stage}
            </span>
          )}
          {e.channelGroup && (
            <span className="chip" title="Acquisition channel group">
              {e.channelGroup}
            </span>
          )}
          {!e.touchpoint && e.type !== 'identify' && <span className="chip chip--warn">unmapped</span>}
        </div>
        {props.length > 0 && (
          <details className="timeline__props">
            <summary>{props.length} properties</summary>
            <dl className="demographics">
              {props.map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </div>
    </li>
  );
}

function groupByDay(events: TimelineEvent[]): Array<[string, TimelineEvent[]]> {
  const out: Array<[string, TimelineEvent[]]> = [];
  for (const e of events) {
    const day = formatDate(e.timestamp);
    const last = out[out.length - 1];
    if (last && last[0] === day) last[1].push(e);
    else out.push([day, [e]]);
  }
  return out;
}

