/**
 * The journeys projection: one row per customer holding their behavioural events already in
 * journey order (timestamp, then messageId) as parallel lists — ts, ord (the messageId), name,
 * source, touchpoint, stage, channel, type (migration 9: KPIs count page views per session off
 * it), touchpoint_code (migration 11: the touchpoint's integer code in the workspace's
 * `journey_codes` dictionary, 0 for none, so a funnel's step tests compare integers, not strings) —
 * and gap, the microseconds since the previous element (NULL for the first), so session
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
/** Migration 9's element fields (it added type). */
const JOURNEY_FIELDS_V9 = [...JOURNEY_FIELDS_V6, 'type'] as const;
/** The element fields now (migration 11 added touchpoint_code). */
export const JOURNEY_FIELDS = [...JOURNEY_FIELDS_V9, 'touchpoint_code'] as const;
export type JourneyField = (typeof JOURNEY_FIELDS)[number];

/** Migration 6's table; migration 8 adds `gap BIGINT[]`, migration 9 `type VARCHAR[]`, migration 11 `touchpoint_code INTEGER[]`. */
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

/** The dictionary of touchpoint codes (migration 11): per workspace, a touchpoint's code, from 1 up, never reused. */
export const JOURNEY_CODES_TABLE_SQL = `
CREATE TABLE journey_codes (
  workspace_id VARCHAR NOT NULL,
  value VARCHAR NOT NULL,
  code INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, value)
);`;

/** INSERT of codes for the touchpoints of relation `from` (a touchpoint column) that workspace $1 has not coded yet. */
export const assignTouchpointCodesSql = (from: string) => `INSERT INTO journey_codes
  SELECT $1, value, coalesce((SELECT max(code) FROM journey_codes WHERE workspace_id = $1), 0) + row_number() OVER (ORDER BY value)
    FROM (SELECT DISTINCT touchpoint AS value FROM ${from} WHERE touchpoint IS NOT NULL)
   WHERE value NOT IN (SELECT value FROM journey_codes WHERE workspace_id = $1)`;

/** An event row (alias e) of workspace `ws` (SQL) joined to its touchpoint's code (alias jc_), which must be assigned already. */
const codeJoin = (ws: string) => `LEFT JOIN journey_codes jc_ ON jc_.workspace_id = ${ws} AND jc_.value = e.touchpoint`;

/** A struct of one event row's journey fields (events' column names; ts from timestamp, ord from message_id, the touchpoint's code from jc_). */
const eventStruct = (fields: readonly JourneyField[]) =>
  `{${fields.map((f) => `${f}: ${f === 'ts' ? 'e.timestamp' : f === 'ord' ? 'e.message_id' : f === 'touchpoint_code' ? 'coalesce(jc_.code, 0)' : `e.${f}`}`).join(', ')}}`;
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

/**
 * INSERT of the journeys of workspace $1's events meeting `where` (over the events table,
 * unaliased), whose touchpoints have codes (assignTouchpointCodesSql). `schema` 6 and 9 are those
 * migrations' tables (their fields; 6 has no gap).
 */
export function insertJourneysFromEventsSql(where: string, opts: { schema?: 6 | 9 } = {}): string {
  const fields = opts.schema === 6 ? JOURNEY_FIELDS_V6 : opts.schema === 9 ? JOURNEY_FIELDS_V9 : JOURNEY_FIELDS;
  const withGap = opts.schema !== 6;
  const coded = fields.includes('touchpoint_code' as never);
  return `INSERT INTO journeys (workspace_id, customer_id, ${[...fields, ...(withGap ? ['gap'] : [])].join(', ')})
          SELECT workspace_id, customer_id, ${split(fields, withGap)}
            FROM (SELECT e.workspace_id, e.customer_id, list_sort(list(${eventStruct(fields)})) AS s
                    FROM (SELECT * FROM events WHERE ${where} AND ${BEHAVIOURAL} AND customer_id IS NOT NULL) e${coded ? ` ${codeJoin('e.workspace_id')}` : ''}
                   GROUP BY e.workspace_id, e.customer_id)`;
}

/** Rebuild a workspace's journeys from its events (after a rule change re-mapped them). */
export async function rebuildJourneys(c: DuckDBConnection, ws: string): Promise<void> {
  await c.run(`DELETE FROM journeys WHERE workspace_id = $1`, [ws]);
  await c.run(assignTouchpointCodesSql(`(SELECT touchpoint FROM events WHERE workspace_id = $1)`), [ws]);
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
  await c.run(assignTouchpointCodesSql('fresh'), [ws]);
  await c.run(
    `CREATE OR REPLACE TEMP TABLE journey_next AS
     WITH a AS (SELECT e.customer_id, list(${EVENT_STRUCT}) AS s
                  FROM (SELECT * FROM fresh WHERE ${BEHAVIOURAL} AND customer_id IS NOT NULL AND customer_id NOT IN (SELECT customer_id FROM journey_merged)) e ${codeJoin('$1')}
                 GROUP BY e.customer_id)
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
