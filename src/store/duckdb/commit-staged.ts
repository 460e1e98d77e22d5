/**
 * Commits the staging table into the store, in one transaction:
 *   1. identity: the batch's identifiers are resolved against the stored graph (domain/identity),
 *      new customers created, merged customers folded together (their past events move too);
 *   2. touchpoints: every row gets its touchpoint, channel and stage from the workspace's rules
 *      (and the built-in catalogue beneath them), and its acquisition channel group (GA4's default
 *      channel grouping of its campaign, URL and referrer: acquisition-sql.ts);
 *   3. dedupe: rows whose messageId is already stored (or repeated in the batch, or was erased) are skipped;
 *   4. customers: first/last seen, event count, current stage and traits (with history) updated;
 *   5. journeys: the fresh rows merged into their customers' ordered journeys (journeys.ts);
 *   6. survey responses among them queued for the feedback scoring pass (feedback-scoring.ts).
 * Shared by HTTP ingest, bulk import and the demo generator, so all three behave the same.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { identifier } from '../../domain/event.js';
import { type IdentityLink, resolveIdentities } from '../../domain/identity.js';
import { effectiveCatalogue } from '../../domain/catalogue-layers.js';
import type { Catalogue } from '../../domain/touchpoint.js';
import type { CommitResult } from '../event-store.js';
import type { Row } from './database.js';
import { SqlParams } from './sql-builder.js';
import { libraryChannelSql, loadComboMap, touchpointCaseSql } from './touchpoint-sql.js';
import { newCustomerId } from './customer-id.js';
import { refreshCustomers } from './refresh-customers.js';
import { loadChannelGroups } from './acquisition-sql.js';
import { updateJourneys } from './journeys.js';
import { surveyEventSql } from './feedback-scoring.js';

async function rows(c: DuckDBConnection, sql: string, params: (string | number | null)[] = []): Promise<Row[]> {
  return (await c.runAndReadAll(sql, params)).getRowObjectsJson() as Row[];
}

/** Load (identifier, customer) pairs into a temp table through the appender. */
async function loadPairs(c: DuckDBConnection, table: string, cols: [string, string], pairs: Iterable<[string, string]>): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE ${table} (${cols[0]} VARCHAR, ${cols[1]} VARCHAR)`);
  const a = await c.createAppender(table);
  try {
    for (const [x, y] of pairs) {
      a.appendVarchar(x);
      a.appendVarchar(y);
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
}

async function resolveBatchIdentities(c: DuckDBConnection, ws: string) {
  // Every identifier the batch mentions (previousId may name a userId or an anonymousId).
  await c.run(`CREATE OR REPLACE TEMP TABLE batch_ids AS
    SELECT DISTINCT ident FROM (
      SELECT unnest([ 'user:' || user_id, 'anon:' || anonymous_id, 'email:' || email, 'user:' || previous_id, 'anon:' || previous_id ]) AS ident FROM staging
    ) WHERE ident IS NOT NULL`);
  // In one pass: the batch's stored identifiers, and every userId of the customers they belong to.
  const stored = await rows(
    c,
    `WITH touched AS (SELECT DISTINCT i.customer_id FROM identities i JOIN batch_ids b ON b.ident = i.identifier WHERE i.workspace_id = $1)
     SELECT i.identifier, i.customer_id, i.identifier IN (SELECT ident FROM batch_ids) AS in_batch
       FROM identities i JOIN touched t USING (customer_id)
      WHERE i.workspace_id = $1 AND (i.identifier LIKE 'user:%' OR i.identifier IN (SELECT ident FROM batch_ids))`,
    [ws],
  );
  const known = stored.filter((r) => r.in_batch === true).map((r) => ({ identifier: String(r.identifier), customerId: String(r.customer_id) }));
  const knownSet = new Set(known.map((k) => k.identifier));
  const knownUsers = new Map<string, string[]>();
  for (const r of stored) {
    if (!String(r.identifier).startsWith('user:')) continue;
    const list = knownUsers.get(String(r.customer_id)) ?? [];
    list.push(String(r.identifier));
    knownUsers.set(String(r.customer_id), list);
  }
  // One link per distinct identifier combination, earliest first so older links win conflicts.
  const tuples = await rows(
    c,
    `SELECT user_id, anonymous_id, email, previous_id, type = 'alias' AS alias, min(timestamp) AS t
       FROM staging GROUP BY ALL ORDER BY t, user_id NULLS FIRST, anonymous_id NULLS FIRST, email NULLS FIRST`,
  );
  const links: IdentityLink[] = tuples.map((t) => {
    const ids: string[] = [];
    if (t.user_id !== null) ids.push(identifier('user', String(t.user_id)));
    if (t.anonymous_id !== null) ids.push(identifier('anon', String(t.anonymous_id)));
    if (t.email !== null) ids.push(identifier('email', String(t.email)));
    if (t.previous_id !== null) {
      const prev = String(t.previous_id);
      ids.push(knownSet.has(identifier('user', prev)) ? identifier('user', prev) : identifier('anon', prev));
    }
    return { identifiers: ids, alias: t.alias === true };
  });
  return resolveIdentities(links, known, knownUsers, newCustomerId);
}

export async function commitStaged(
  c: DuckDBConnection,
  ws: string,
  catalogue: Catalogue,
  /** Rows in staging, when the caller knows (saves a count). */
  staged?: number,
): Promise<CommitResult> {
  const received = staged ?? Number((await rows(c, `SELECT count(*) AS n FROM staging`))[0]?.n ?? 0);
  if (received === 0) return { received, inserted: 0, duplicates: 0, newCustomers: 0, merges: 0 };
  // A resend of an erased customer's events (only their ids' hashes are kept) is dropped before
  // anything, identities included, is made of it; it counts as a duplicate.
  await c.run(`DELETE FROM staging WHERE hash(message_id) IN (SELECT message_hash FROM erased_messages WHERE workspace_id = $1)`, [ws]);
  const identity = await resolveBatchIdentities(c, ws);
  await loadPairs(c, 'ident_map', ['identifier', 'customer_id'], identity.customerOf);

  // Touchpoints per distinct combination of the plain fields.
  await loadComboMap(c, catalogue, `SELECT DISTINCT name, type, source, raw_channel FROM staging`, []);
  await loadTouchpoints(c, catalogue);
  await loadChannelGroups(c, 'staging', 'rowid');

  const p = new SqlParams();
  const tpCase = touchpointCaseSql(catalogue, p);
  // Already stored: a semi-join on the 64-bit hash finds the few candidates; ids then compare exactly.
  await c.run(
    `CREATE OR REPLACE TEMP TABLE already_stored AS
       SELECT e.message_id FROM events e WHERE e.workspace_id = $1 AND e.message_hash IN (SELECT hash(message_id) FROM staging)`,
    [ws],
  );
  await c.run(
    `CREATE OR REPLACE TEMP TABLE fresh AS
     WITH resolved AS (
       SELECT s.*, hash(s.message_id) AS message_hash, acq.channel_group,
              CASE WHEN s.type = 'alias' THEN mu.customer_id ELSE coalesce(mu.customer_id, ma.customer_id, me.customer_id) END AS customer_id,
              ${tpCase} AS touchpoint
         FROM staging s
         JOIN combo_map c ON c.name = s.name AND c.type = s.type AND c.source = s.source AND c.raw_channel IS NOT DISTINCT FROM s.raw_channel
         LEFT JOIN acq ON acq.k = s.rowid
         LEFT JOIN ident_map mu ON mu.identifier = 'user:' || s.user_id
         LEFT JOIN ident_map ma ON ma.identifier = 'anon:' || s.anonymous_id
         LEFT JOIN ident_map me ON me.identifier = 'email:' || s.email
        WHERE s.message_id NOT IN (SELECT message_id FROM already_stored)
          -- a messageId repeated within the batch: its first occurrence (rowid follows insertion, i.e. line, order)
          AND s.rowid IN (SELECT min(rowid) FROM staging GROUP BY message_id)
     )
     SELECT r.*, coalesce(t.channel, ${libraryChannelSql('r.raw_channel')}) AS channel, t.stage AS stage
       FROM resolved r LEFT JOIN tp_catalogue t ON t.name = r.touchpoint`,
    p.values,
  );

  const now = new Date().toISOString();
  if (identity.newIdentities.length) {
    await c.run(
      `INSERT INTO identities SELECT $1, n.identifier, n.customer_id, coalesce(f.t, $2::TIMESTAMP)
         FROM (SELECT unnest($3::JSON::VARCHAR[]) AS identifier, unnest($4::JSON::VARCHAR[]) AS customer_id) n LEFT JOIN (
           SELECT ident, min(timestamp) AS t FROM (
             SELECT unnest(['user:' || user_id, 'anon:' || anonymous_id, 'email:' || email]) AS ident, timestamp FROM staging
           ) GROUP BY ident
         ) f ON f.ident = n.identifier`,
      [ws, now, JSON.stringify(identity.newIdentities.map((k) => k.identifier)), JSON.stringify(identity.newIdentities.map((k) => k.customerId))],
    );
  }
  await c.run(
    `INSERT INTO customers (workspace_id, customer_id, created_at, event_count)
     SELECT $1, customer_id, $2::TIMESTAMP, 0 FROM (SELECT unnest($3::JSON::VARCHAR[]) AS customer_id)`,
    [ws, now, JSON.stringify(identity.newCustomers)],
  );
  if (identity.merges.length) {
    await loadPairs(c, 'merge_map', ['from_id', 'into_id'], identity.merges.map((m) => [m.from, m.into]));
    for (const table of ['events', 'identities', 'trait_history', 'feedback', 'feedback_pending']) {
      await c.run(`UPDATE ${table} SET customer_id = m.into_id FROM merge_map m WHERE ${table}.workspace_id = $1 AND ${table}.customer_id = m.from_id`, [ws]);
    }
    await c.run(`DELETE FROM customers WHERE workspace_id = $1 AND customer_id IN (SELECT from_id FROM merge_map)`, [ws]);
    await c.run(`INSERT INTO identity_merges SELECT $1, from_id, into_id, $2::TIMESTAMP FROM merge_map`, [ws, now]);
  }

  const insertedEvents = await c.run(
    `INSERT INTO events (workspace_id, message_id, message_hash, customer_id, type, name, anonymous_id, user_id, email, previous_id, group_id,
                         raw_channel, channel, source, touchpoint, stage, timestamp, received_at, properties, traits, context, channel_group)
     SELECT $1, message_id, message_hash, customer_id, type, name, anonymous_id, user_id, email, previous_id, group_id,
            raw_channel, channel, source, touchpoint, stage,
            timestamp, received_at, properties, traits, context, channel_group
       FROM fresh`,
    [ws],
  );
  // Survey responses wait for the scoring pass (feedback-scoring.ts), which then reads no events.
  await c.run(
    `INSERT INTO feedback_pending
     SELECT $1, f.message_id, f.name, f.properties, f.customer_id, f.timestamp, f.source, f.touchpoint, f.stage, f.channel FROM fresh f WHERE ${surveyEventSql('f')}`,
    [ws],
  );
  await c.run(
    `INSERT INTO trait_history
     SELECT $1, customer_id, message_id, timestamp, k, json_extract(traits, '/' || replace(replace(k, '~', '~0'), '/', '~1'))
       FROM (SELECT customer_id, message_id, timestamp, traits, unnest(json_keys(traits)) AS k FROM fresh WHERE traits IS NOT NULL AND customer_id IS NOT NULL)`,
    [ws],
  );
  await updateJourneys(c, ws, identity.merges.flatMap((m) => [m.from, m.into]));
  await refreshCustomers(c, ws, identity.merges.map((m) => m.into));
  const inserted = Number(insertedEvents.rowsChanged);
  return { received, inserted, duplicates: received - inserted, newCustomers: identity.newCustomers.length, merges: identity.merges.length };
}


/** The workspace's touchpoints, built-in ones included (name → channel, stage), as a temp table for joins. */
export async function loadTouchpoints(c: DuckDBConnection, catalogue: Catalogue): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE tp_catalogue (name VARCHAR, channel VARCHAR, stage VARCHAR)`);
  const a = await c.createAppender('tp_catalogue');
  for (const t of effectiveCatalogue(catalogue).touchpoints) {
    a.appendVarchar(t.name);
    if (t.channel === null) a.appendNull();
    else a.appendVarchar(t.channel);
    if (t.stage === null) a.appendNull();
    else a.appendVarchar(t.stage);
    a.endRow();
  }
  a.flushSync();
  a.closeSync();
}
