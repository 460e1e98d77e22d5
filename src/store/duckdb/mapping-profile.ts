/**
 * The mapping profile of a workspace: where every event name sits in customers' journeys. For
 * events no rule covers (touchpoint NULL; identify/alias/group calls left out): counts, distinct
 * customers, the median rank of a customer's first occurrence (1 = their first event) and its
 * median relative position (0 = first, 1 = last event of the journey), the most frequent preceding
 * and following event (by touchpoint when mapped, else by name), the most frequent stage before and
 * after (nearest events with a stage), sources and channels. For touchpoints: the same position
 * figures, so a map can order them. One read; parameterised.
 */
import type { MappingProfile } from '../event-store.js';
import type { DuckDatabase } from './database.js';

const SEQ = `
  WITH ev AS (
    SELECT customer_id, message_id, timestamp, name, source, channel, touchpoint, stage, coalesce(touchpoint, name) AS label
      FROM events WHERE workspace_id = $1 AND customer_id IS NOT NULL AND type NOT IN ('identify', 'alias', 'group')),
  seq AS (
    SELECT *, row_number() OVER w AS rk, count(*) OVER (PARTITION BY customer_id) AS n,
           lag(label) OVER w AS prev, lead(label) OVER w AS nxt,
           lag(stage IGNORE NULLS) OVER w AS prev_stage, lead(stage IGNORE NULLS) OVER w AS next_stage
      FROM ev WINDOW w AS (PARTITION BY customer_id ORDER BY timestamp, message_id))`;

export async function mappingProfile(db: DuckDatabase, ws: string): Promise<MappingProfile> {
  const unmapped = await db.all(
    `${SEQ},
     un AS (SELECT * FROM seq WHERE touchpoint IS NULL),
     firsts AS (SELECT name, customer_id, min(rk) AS first_rk, any_value(n) AS n FROM un GROUP BY ALL),
     pos AS (SELECT name, median(first_rk) AS median_rank, median((first_rk - 1) / greatest(n - 1, 1)) AS median_relative FROM firsts GROUP BY name),
     agg AS (SELECT name, count(*) AS events, count(DISTINCT customer_id) AS customers,
                    list(DISTINCT source ORDER BY source) AS sources, list(DISTINCT channel ORDER BY channel) FILTER (WHERE channel IS NOT NULL) AS channels
               FROM un GROUP BY name),
     prev AS (SELECT name, arg_max(prev, c) AS prev FROM (SELECT name, prev, count(*) AS c FROM un WHERE prev IS NOT NULL GROUP BY ALL ORDER BY prev) GROUP BY name),
     nxt AS (SELECT name, arg_max(nxt, c) AS nxt FROM (SELECT name, nxt, count(*) AS c FROM un WHERE nxt IS NOT NULL GROUP BY ALL ORDER BY nxt) GROUP BY name),
     ps AS (SELECT name, arg_max(prev_stage, c) AS prev_stage FROM (SELECT name, prev_stage, count(*) AS c FROM un WHERE prev_stage IS NOT NULL GROUP BY ALL ORDER BY prev_stage) GROUP BY name),
     ns AS (SELECT name, arg_max(next_stage, c) AS next_stage FROM (SELECT name, next_stage, count(*) AS c FROM un WHERE next_stage IS NOT NULL GROUP BY ALL ORDER BY next_stage) GROUP BY name)
     SELECT agg.*, pos.median_rank, pos.median_relative, prev.prev, nxt.nxt, ps.prev_stage, ns.next_stage
       FROM agg JOIN pos USING (name) LEFT JOIN prev USING (name) LEFT JOIN nxt USING (name) LEFT JOIN ps USING (name) LEFT JOIN ns USING (name)
      ORDER BY agg.events DESC, agg.name`,
    [ws],
  );
  const touchpoints = await db.all(
    `${SEQ},
     firsts AS (SELECT touchpoint, customer_id, min(rk) AS first_rk, any_value(n) AS n FROM seq WHERE touchpoint IS NOT NULL GROUP BY ALL),
     pos AS (SELECT touchpoint, median(first_rk) AS median_rank, median((first_rk - 1) / greatest(n - 1, 1)) AS median_relative FROM firsts GROUP BY touchpoint),
     agg AS (SELECT touchpoint, any_value(stage) AS stage, mode(channel) AS channel, count(*) AS events, count(DISTINCT customer_id) AS customers FROM seq WHERE touchpoint IS NOT NULL GROUP BY touchpoint)
     SELECT agg.*, pos.median_rank, pos.median_relative FROM agg JOIN pos USING (touchpoint) ORDER BY pos.median_relative, agg.touchpoint`,
    [ws],
  );
  const [tot] = await db.all(
    `SELECT count(*) AS events, count(DISTINCT customer_id) AS customers FROM events WHERE workspace_id = $1 AND type NOT IN ('identify', 'alias', 'group')`,
    [ws],
  );
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    events: Number(tot?.events ?? 0),
    customers: Number(tot?.customers ?? 0),
    unmapped: unmapped.map((r) => ({
      name: String(r.name),
      events: Number(r.events),
      customers: Number(r.customers),
      medianFirstRank: Number(r.median_rank),
      medianRelativePosition: Number(r.median_relative),
      topPreceding: str(r.prev),
      topFollowing: str(r.nxt),
      stageBefore: str(r.prev_stage),
      stageAfter: str(r.next_stage),
      sources: list(r.sources),
      channels: list(r.channels),
    })),
    touchpoints: touchpoints.map((r) => ({
      touchpoint: String(r.touchpoint),
      stage: str(r.stage),
      channel: str(r.channel),
      events: Number(r.events),
      customers: Number(r.customers),
      medianFirstRank: Number(r.median_rank),
      medianRelativePosition: Number(r.median_relative),
    })),
  };
}
