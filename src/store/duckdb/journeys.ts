/**
 * The journeys projection: one row per customer holding their behavioural events already in
 * journey order (timestamp, then messageId) as parallel lists — ts, ord (the messageId), name,
 * source, touchpoint, stage, channel, type (migration 9: KPIs count page views per session off
 * it) — and gap, the microseconds since the previous element (NULL for the first), so session
 * splits need no lambda over two elements (migration 8). Analyses
 * that only need a customer's ordered activities (directly-follows graph, variants, paths) read
 * it instead of sorting ~10 events per customer in window passes at every query. Kept in step with `events` in the same transaction:
 *   - a committed batch's fresh rows are merged into their customers' lists (no scan of events);
 *   - customers an identity merge touched are rebuilt from events;
 *   - a rule change re-maps every event, so the workspace is rebuilt;
 *   - erasing a customer deletes their row.
 * Events without a customer (none reach the store through ingest) are not part of it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { NON_BEHAVIOURAL_TYPES } from '../../analytics/granularity.js';

/** Migration 6's element fields, in sort order (ts, then ord: the journey order of analyses). */
const JOURNEY_FIELDS_V6 = ['ts', 'ord', 'name', 'source', 'touchpoint', 'stage', 'channel'] as const;
/** The element fields now (migration 9 added type). */
export const JOURNEY_FIELDS = [...JOURNEY_FIELDS_V6, 'type'] as const;
export type JourneyField = (typeof JOURNEY_FIELDS)[number];

/** Migration 6's table; migration 8 adds `gap BIGINT[]`, migration 9 `type VARCHAR[]`. */
export const JOURNEYS_TABLE_SQL = `
CREATE TABLE journeys (
  workspace_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  ts TIMESTAMP[] NOT NULL,
  ord VARCHAR[] NOT NULL,
  name VARCHAR[] NOT NULL,
  source VARCHAR[] NOT NULL,
  touchpoint VARCHAR[] NOT NULL,
  stage VARCHAR[] NOT NULL,
  channel VARCHAR[] NOT NULL
);`;

const BEHAVIOURAL = `type NOT IN (${NON_BEHAVIOURAL_TYPES.map((t) => `'${t}'`).join(', ')})`;

/** A struct of one event row's journey fields (events' column names; ts from timestamp, ord from message_id). */
const eventStruct = (fields: readonly JourneyField[]) =>
  `{${fields.map((f) => `${f}: ${f === 'ts' ? 'timestamp' : f === 'ord' ? 'message_id' : f}`).join(', ')}}`;
const EVENT_STRUCT = eventStruct(JOURNEY_FIELDS);

/** The gap list of the sorted list `list` whose element `x_` has its time at `ts(x_)`. */
export const gapListSql = (list: string, ts: (x: string) => string) =>
  `list_transform(${list}, (x_, i_) -> CASE WHEN i_ = 1 THEN NULL ELSE epoch_us(${ts('x_')}) - epoch_us(${ts(`${list}[i_ - 1]`)}) END)`;

/** The parallel lists of a sorted struct list `s` of `fields`, with (from migration 8 on) its gap list. */
const split = (fields: readonly JourneyField[], withGap: boolean) =>
  [...fields.map((f) => `list_transform(s, x_ -> x_.${f}) AS ${f}`), ...(withGap ? [`${gapListSql('s', (x) => `${x}.ts`)} AS gap`] : [])].join(', ');
const SPLIT = split(JOURNEY_FIELDS, true);
const COLUMNS = [...JOURNEY_FIELDS, 'gap'].join(', ');

/** A journeys row's lists (alias `j`) as one struct list. */
const ZIP = `list_transform(j.ts, (x_, i_) -> {${JOURNEY_FIELDS.map((f) => `${f}: ${f === 'ts' ? 'x_' : `j.${f}[i_]`}`).join(', ')}})`;

/** INSERT of the journeys of events meeting `where` (over the events table, unaliased); `schema: 6` is migration 6's table (its fields, no gap). */
export function insertJourneysFromEventsSql(where: string, opts: { schema?: 6 } = {}): string {
  const fields = opts.schema === 6 ? JOURNEY_FIELDS_V6 : JOURNEY_FIELDS;
  const withGap = opts.schema !== 6;
  return `INSERT INTO journeys (workspace_id, customer_id, ${[...fields, ...(withGap ? ['gap'] : [])].join(', ')})
          SELECT workspace_id, customer_id, ${split(fields, withGap)}
            FROM (SELECT workspace_id, customer_id, list_sort(list(${eventStruct(fields)})) AS s
                    FROM events WHERE ${where} AND ${BEHAVIOURAL} AND customer_id IS NOT NULL
                   GROUP BY workspace_id, customer_id)`;
}

/** Rebuild a workspace's journeys from its events (after a rule change re-mapped them). */
export async function rebuildJourneys(c: DuckDBConnection, ws: string): Promise<void> {
  await c.run(`DELETE FROM journeys WHERE workspace_id = $1`, [ws]);
  await c.run(insertJourneysFromEventsSql('workspace_id = $1'), [ws]);
}

/**
 * After a batch's fresh rows went into events (and merged customers' events moved): merge the
 * fresh rows into their customers' lists, and rebuild from events the customers of `merged`
 * (both sides of each identity merge).
 */
export async function updateJourneys(c: DuckDBConnection, ws: string, merged: readonly string[]): Promise<void> {
  const mergedJson = JSON.stringify([...new Set(merged)]);
  await c.run(`CREATE OR REPLACE TEMP TABLE journey_merged AS SELECT unnest($1::JSON::VARCHAR[]) AS customer_id`, [mergedJson]);
  await c.run(
    `CREATE OR REPLACE TEMP TABLE journey_next AS
     WITH a AS (SELECT customer_id, list(${EVENT_STRUCT}) AS s FROM fresh
                 WHERE ${BEHAVIOURAL} AND customer_id IS NOT NULL AND customer_id NOT IN (SELECT customer_id FROM journey_merged)
                 GROUP BY customer_id)
     SELECT a.customer_id, list_sort(CASE WHEN j.customer_id IS NULL THEN a.s ELSE list_concat(${ZIP}, a.s) END) AS s
       FROM a LEFT JOIN journeys j ON j.workspace_id = $1 AND j.customer_id = a.customer_id`,
    [ws],
  );
  await c.run(
    `DELETE FROM journeys WHERE workspace_id = $1 AND (customer_id IN (SELECT customer_id FROM journey_next) OR customer_id IN (SELECT customer_id FROM journey_merged))`,
    [ws],
  );
  await c.run(`INSERT INTO journeys (workspace_id, customer_id, ${COLUMNS}) SELECT $1, customer_id, ${SPLIT} FROM journey_next`, [ws]);
  if (merged.length) await c.run(insertJourneysFromEventsSql(`workspace_id = $1 AND customer_id IN (SELECT customer_id FROM journey_merged)`), [ws]);
}

/** Forget an erased customer's journey. */
export async function deleteJourney(c: DuckDBConnection, ws: string, customerId: string): Promise<void> {
  await c.run(`DELETE FROM journeys WHERE workspace_id = $1 AND customer_id = $2`, [ws, customerId]);
}
