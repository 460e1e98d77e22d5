/**
 * Keeps the customers table in step with events: first/last seen, event count, current stage
 * (the stage of the customer's latest staged event), first-touch channel group (that of the
 * customer's earliest event with one) and current traits (latest value of each
 * trait in its history). Incremental for a committed batch; recomputed from events for merged
 * customers and, after a rule change, for a whole workspace.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

const AGGREGATES = `
  min(timestamp) AS first_seen, max(timestamp) AS last_seen, count(*) AS n,
  arg_max(stage, timestamp) FILTER (WHERE stage IS NOT NULL) AS stage,
  max(timestamp) FILTER (WHERE stage IS NOT NULL) AS stage_at,
  arg_max(user_id, timestamp) FILTER (WHERE user_id IS NOT NULL) AS user_id,
  arg_max(email, timestamp) FILTER (WHERE email IS NOT NULL) AS email,
  arg_min(channel_group, timestamp) FILTER (WHERE channel_group IS NOT NULL) AS first_channel_group,
  min(timestamp) FILTER (WHERE channel_group IS NOT NULL) AS first_channel_group_at`;

/** After a batch: fold the fresh rows into their customers; recompute merged ones from events. */
export async function refreshCustomers(c: DuckDBConnection, ws: string, mergedInto: readonly string[]): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE affected AS SELECT customer_id, ${AGGREGATES}, bool_or(traits IS NOT NULL) AS has_traits
                 FROM fresh WHERE customer_id IS NOT NULL GROUP BY customer_id`);
  await c.run(
    `UPDATE customers SET
       first_seen = least(coalesce(customers.first_seen, a.first_seen), a.first_seen),
       last_seen = greatest(coalesce(customers.last_seen, a.last_seen), a.last_seen),
       event_count = customers.event_count + a.n,
       stage = CASE WHEN a.stage_at IS NOT NULL AND (customers.stage_at IS NULL OR a.stage_at >= customers.stage_at) THEN a.stage ELSE customers.stage END,
       stage_at = CASE WHEN a.stage_at IS NOT NULL AND (customers.stage_at IS NULL OR a.stage_at >= customers.stage_at) THEN a.stage_at ELSE customers.stage_at END,
       user_id = coalesce(a.user_id, customers.user_id),
       email = coalesce(a.email, customers.email),
       first_channel_group = CASE WHEN a.first_channel_group_at IS NOT NULL AND (customers.first_channel_group_at IS NULL OR a.first_channel_group_at < customers.first_channel_group_at)
                                  THEN a.first_channel_group ELSE customers.first_channel_group END,
       first_channel_group_at = CASE WHEN a.first_channel_group_at IS NOT NULL AND (customers.first_channel_group_at IS NULL OR a.first_channel_group_at < customers.first_channel_group_at)
                                     THEN a.first_channel_group_at ELSE customers.first_channel_group_at END
     FROM affected a WHERE customers.workspace_id = $1 AND customers.customer_id = a.customer_id`,
    [ws],
  );
  const merged = [...new Set(mergedInto)];
  if (merged.length) await recomputeCustomers(c, ws, `SELECT unnest($2::JSON::VARCHAR[])`, [JSON.stringify(merged)]);
  await recomputeTraits(c, ws, `SELECT customer_id FROM affected WHERE has_traits UNION SELECT unnest($2::JSON::VARCHAR[])`, [JSON.stringify(merged)]);
}

/** Recompute counts, seen times, stage and first-touch channel group from events for the customers the subquery selects ($1 is the workspace). */
export async function recomputeCustomers(c: DuckDBConnection, ws: string, customerSubquery: string | null, params: unknown[] = []): Promise<void> {
  const filter = customerSubquery ? `AND customer_id IN (${customerSubquery})` : '';
  await c.run(
    `UPDATE customers SET first_seen = a.first_seen, last_seen = a.last_seen, event_count = a.n, stage = a.stage, stage_at = a.stage_at,
            user_id = coalesce(a.user_id, customers.user_id), email = coalesce(a.email, customers.email),
            first_channel_group = a.first_channel_group, first_channel_group_at = a.first_channel_group_at
       FROM (SELECT customer_id, ${AGGREGATES} FROM events WHERE workspace_id = $1 ${filter} GROUP BY customer_id) a
      WHERE customers.workspace_id = $1 AND customers.customer_id = a.customer_id`,
    [ws, ...(params as never[])],
  );
}

async function recomputeTraits(c: DuckDBConnection, ws: string, customerSubquery: string, params: unknown[]): Promise<void> {
  await c.run(
    `UPDATE customers SET traits = t.traits
       FROM (SELECT customer_id, json_group_object(trait, value) AS traits
               FROM (SELECT customer_id, trait, arg_max(value, timestamp) AS value FROM trait_history
                      WHERE workspace_id = $1 AND customer_id IN (${customerSubquery}) GROUP BY ALL)
              GROUP BY customer_id) t
      WHERE customers.workspace_id = $1 AND customers.customer_id = t.customer_id`,
    [ws, ...(params as never[])],
  );
}
