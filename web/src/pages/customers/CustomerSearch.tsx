/**
 * Find customers (GET /v1/customers?q=): by customer id, userId or part of the e-mail; empty
 * lists the most recently active. The search text lives in the URL (?q=) so results survive a
 * reload and the back button.
 */
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { CustomerSummary } from '../../api-types';
import { Empty, ErrorNotice, Loading } from '../../components/Notice';
import { formatCount, formatDate } from '../../format';
import { useApi } from '../../use-api';

export function CustomerSearch({ selected }: { selected: string | undefined }) {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text === q) return;
    const t = setTimeout(() => setParams(text ? { q: text } : {}, { replace: true }), 300);
    return () => clearTimeout(t);
  }, [text, q, setParams]);

  const list = useApi<{ total: number; customers: CustomerSummary[] }>('GET', `/v1/customers?limit=30${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  const keep = q ? `?q=${encodeURIComponent(q)}` : '';
  return (
    <div className="customer-search">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(text ? { q: text } : {}, { replace: true });
        }}
      >
        <label htmlFor="customer-q" className="visually-hidden">
          Search customers
        </label>
        <input id="customer-q" type="search" placeholder="E-mail, user id or customer id" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
      </form>
      {list.error ? (
        <ErrorNotice error={list.error} />
      ) : list.loading && !list.data ? (
        <Loading />
      ) : !list.data?.customers.length ? (
        <Empty>No customer matches “{q}”.</Empty>
      ) : (
        <>
          <p className="muted small" aria-live="polite">
            {formatCount(list.data.total)} {q ? 'matching' : ''} customers{list.data.total > list.data.customers.length ? `, ${list.data.customers.length} most recent shown` : ''}
          </p>
          <ul className="customer-list">
            {list.data.customers.map((c) => (
              <li key={c.customerId}>
                <Link
                  to={`/customers/${encodeURIComponent(c.customerId)}${keep}`}
                  className={`customer-item${c.customerId === selected ? ' customer-item--active' : ''}`}
                  aria-current={c.customerId === selected ? 'page' : undefined}
                  data-testid="customer-item"
                >
                  <span className="customer-item__who">{c.email ?? c.userId ?? c.customerId}</span>
                  <span className="customer-item__meta">
                    {c.stage ?? 'no stage'} · {formatCount(c.eventCount)} events · last {formatDate(c.lastSeen)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
