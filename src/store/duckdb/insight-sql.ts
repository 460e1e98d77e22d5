/**
 * The SQL the findings engine needs beyond the analytics engine: per-session step flows
 * (collapsed repeats, a session = events closer than `gapMs`), sampled step durations, loops,
 * survey score distributions and churn by touchpoint. Every value is bound through SqlParams.
 */
import type { DuckDatabase, Row } from './database.js';
import { SqlParams } from './sql-builder.js';

const EXAMPLES = 5;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String).slice(0, EXAMPLES) : []);

/** Journey events of the workspace split into sessions: customer_id, ts, message_id, tp, stage, channel, sess. */
function sessionsSql(p: SqlParams, ws: string, gapMs: number): string {
  return `ev AS (
  SELECT customer_id, timestamp AS ts, message_id, touchpoint AS tp, stage, channel
  FROM events
  WHERE workspace_id = ${p.add(ws)} AND customer_id IS NOT NULL AND touchpoint IS NOT NULL AND type NOT IN ('identify', 'alias', 'group')
), brk AS (
  SELECT *, CASE WHEN lag(ts) OVER c IS NULL OR date_diff('millisecond', lag(ts) OVER c, ts) > ${p.add(gapMs)} THEN 1 ELSE 0 END AS b
  FROM ev WINDOW c AS (PARTITION BY customer_id ORDER BY ts, message_id)
), s AS (
  SELECT *, sum(b) OVER (PARTITION BY customer_id ORDER BY ts, message_id ROWS UNBOUNDED PRECEDING) AS sess FROM brk
)`;
}

/** Collapsed sessions with each visit's next and previous step (null at the session's ends). */
function flowsSql(p: SqlParams, ws: string, gapMs: number): string {
  return `WITH ${sessionsSql(p, ws, gapMs)}, d AS (
  SELECT * FROM (SELECT *, lag(tp) OVER (PARTITION BY customer_id, sess ORDER BY ts, message_id) AS prev FROM s) WHERE prev IS DISTINCT FROM tp
), f AS (
  SELECT *, lead(tp) OVER k AS nxt FROM d WINDOW k AS (PARTITION BY customer_id, sess ORDER BY ts, message_id)
)`;
}

export interface FlowEdge {
  from: string;
  to: string;
  count: number;
}

export interface StepVisits {
  touchpoint: string;
  stage: string | null;
  channel: string | null;
  visits: number;
  continued: number;
  droppedCustomers: number;
  examples: string[];
}

/** In-session transitions between different steps (a → the next different step). */
export async function flowEdges(db: DuckDatabase, ws: string, gapMs: number): Promise<FlowEdge[]> {
  const p = new SqlParams();
  const sql = `${flowsSql(p, ws, gapMs)} SELECT tp, nxt, count(*) AS n FROM f WHERE nxt IS NOT NULL GROUP BY tp, nxt`;
  return (await db.all(sql, p.values)).map((r: Row) => ({ from: String(r.tp), to: String(r.nxt), count: num(r.n) }));
}

/** Visits to each step by channel: how many, how many went on in the same session, who dropped. */
export async function stepVisits(db: DuckDatabase, ws: string, gapMs: number): Promise<StepVisits[]> {
  const p = new SqlParams();
  const sql = `${flowsSql(p, ws, gapMs)}
SELECT tp, any_value(stage) AS stage, channel, count(*) AS visits, count(nxt) AS continued,
  count(DISTINCT CASE WHEN nxt IS NULL THEN customer_id END) AS dropped,
  list_distinct(min_by(CASE WHEN nxt IS NULL THEN customer_id END, CASE WHEN nxt IS NULL THEN hash(customer_id) END, 40)) AS examples
FROM f GROUP BY tp, channel`;
  return (await db.all(sql, p.values)).map((r) => ({
    touchpoint: String(r.tp),
    stage: r.stage === null ? null : String(r.stage),
    channel: r.channel === null ? null : String(r.channel),
    visits: num(r.visits),
    continued: num(r.continued),
    droppedCustomers: num(r.dropped),
    examples: strList((r.examples as unknown[] | null)?.filter((x) => x !== null)),
  }));
}

export interface EdgeDurations {
  from: string;
  to: string;
  /** Up to `sample` durations (ms), a deterministic sample by message hash. */
  ms: number[];
  count: number;
  customers: number;
  /** Customers with the slowest of these steps. */
  examples: string[];
}

/** Durations of direct successions a → b (the DFG's edges) for the given pairs. */
export async function edgeDurations(db: DuckDatabase, ws: string, pairs: ReadonlyArray<{ from: string; to: string }>, sample = 3000): Promise<EdgeDurations[]> {
  if (pairs.length === 0) return [];
  const p = new SqlParams();
  const wsp = p.add(ws);
  const cond = pairs.map((x) => `(tp = ${p.add(x.from)} AND nxt = ${p.add(x.to)})`).join(' OR ');
  const sql = `WITH ev AS (
  SELECT customer_id, message_id, timestamp AS ts, touchpoint AS tp FROM events
  WHERE workspace_id = ${wsp} AND customer_id IS NOT NULL AND touchpoint IS NOT NULL AND type NOT IN ('identify', 'alias', 'group')
), n AS (
  SELECT customer_id, message_id, tp, lead(tp) OVER k AS nxt, date_diff('millisecond', ts, lead(ts) OVER k) AS ms
  FROM ev WINDOW k AS (PARTITION BY customer_id ORDER BY ts, message_id)
), e AS (
  SELECT *, row_number() OVER (PARTITION BY tp, nxt ORDER BY hash(message_id)) AS rn FROM n WHERE ${cond}
)
SELECT tp, nxt, list(ms) FILTER (WHERE rn <= ${p.add(sample)}) AS ms, count(*) AS n, count(DISTINCT customer_id) AS customers,
  max_by(customer_id, ms, 40) AS slowest
FROM e GROUP BY tp, nxt`;
  return (await db.all(sql, p.values)).map((r) => ({
    from: String(r.tp),
    to: String(r.nxt),
    ms: ((r.ms as unknown[] | null) ?? []).map(Number),
    count: num(r.n),
    customers: num(r.customers),
    examples: [...new Set(((r.slowest as unknown[] | null) ?? []).map(String))].slice(0, EXAMPLES),
  }));
}

export interface LoopRow {
  touchpoint: string;
  partner: string;
  stage: string | null;
  /** Customers with a session returning to `touchpoint` through `partner` at least twice (a→b→a→b→a). */
  loopers: number;
  /** Customers with `touchpoint` at all. */
  reached: number;
  /** Share of the partner's in-session arrivals that come from `touchpoint` (1 = a pure detour). */
  detourShare: number;
  examples: string[];
}

export async function loops(db: DuckDatabase, ws: string, gapMs: number): Promise<LoopRow[]> {
  const p = new SqlParams();
  const sql = `WITH ${sessionsSql(p, ws, gapMs)}, n AS (
  SELECT *, lag(tp) OVER k AS p1, lag(tp, 2) OVER k AS p2 FROM s WINDOW k AS (PARTITION BY customer_id, sess ORDER BY ts, message_id)
), ret AS (
  SELECT customer_id, sess, tp AS a, p1 AS b, count(*) AS k FROM n WHERE p2 = tp AND p1 <> tp GROUP BY ALL
), lp AS (
  SELECT a, b, count(DISTINCT customer_id) AS loopers, list_distinct(min_by(customer_id, hash(customer_id), 40)) AS examples FROM ret WHERE k >= 2 GROUP BY a, b
), reach AS (SELECT tp, any_value(stage) AS stage, count(DISTINCT customer_id) AS reached FROM s GROUP BY tp),
pred AS (SELECT tp, p1, count(*) AS n FROM n WHERE p1 IS DISTINCT FROM tp GROUP BY ALL),
detour AS (SELECT tp AS b, p1 AS a, n / sum(n) OVER (PARTITION BY tp) AS share FROM pred)
SELECT lp.a, lp.b, r.stage, lp.loopers, r.reached, coalesce(d.share, 0) AS share, lp.examples
FROM lp JOIN reach r ON r.tp = lp.a LEFT JOIN detour d ON d.b = lp.b AND d.a = lp.a`;
  return (await db.all(sql, p.values)).map((r) => ({
    touchpoint: String(r.a),
    partner: String(r.b),
    stage: r.stage === null ? null : String(r.stage),
    loopers: num(r.loopers),
    reached: num(r.reached),
    detourShare: num(r.share),
    examples: strList(r.examples),
  }));
}

export interface ScoreRow {
  survey: string;
  touchpoint: string;
  score: number;
  count: number;
}

export interface ScoreNegatives {
  survey: string;
  touchpoint: string;
  customers: number;
  examples: string[];
}

/** The low end of each scale: csat 1–2, ces 1–3 (7 = very easy), nps 0–6 (detractors). */
const SCALES_SQL = `(survey = 'csat' AND score BETWEEN 1 AND 5) OR (survey = 'ces' AND score BETWEEN 1 AND 7) OR (survey = 'nps' AND score BETWEEN 0 AND 10)`;
const NEGATIVE_SQL = `(survey = 'csat' AND score <= 2) OR (survey = 'ces' AND score <= 3) OR (survey = 'nps' AND score <= 6)`;

function surveysSql(p: SqlParams, ws: string): string {
  return `WITH r AS (
  SELECT customer_id, lower(json_extract_string(properties, '$.survey')) AS survey,
    coalesce(json_extract_string(properties, '$.touchpoint_ref'), touchpoint) AS tp,
    TRY_CAST(json_extract_string(properties, '$.score') AS DOUBLE) AS score
  FROM events WHERE workspace_id = ${p.add(ws)} AND customer_id IS NOT NULL AND json_extract_string(properties, '$.survey') IS NOT NULL
), v AS (SELECT * FROM r WHERE tp IS NOT NULL AND score = round(score) AND (${SCALES_SQL}))`;
}

/** Survey responses by survey kind, what they are about (touchpoint_ref, else the event's touchpoint) and score. */
export async function surveyScores(db: DuckDatabase, ws: string): Promise<{ scores: ScoreRow[]; negatives: ScoreNegatives[] }> {
  const p = new SqlParams();
  const scores = await db.all(`${surveysSql(p, ws)} SELECT survey, tp, score, count(*) AS n FROM v GROUP BY ALL`, p.values);
  const q = new SqlParams();
  const neg = await db.all(
    `${surveysSql(q, ws)} SELECT survey, tp, count(DISTINCT customer_id) AS customers, list_distinct(min_by(customer_id, hash(customer_id), 40)) AS examples FROM v WHERE ${NEGATIVE_SQL} GROUP BY ALL`,
    q.values,
  );
  return {
    scores: scores.map((r) => ({ survey: String(r.survey), touchpoint: String(r.tp), score: num(r.score), count: num(r.n) })),
    negatives: neg.map((r) => ({ survey: String(r.survey), touchpoint: String(r.tp), customers: num(r.customers), examples: strList(r.examples) })),
  };
}

export interface ChurnRow {
  touchpoint: string;
  stage: string | null;
  customers: number;
  churned: number;
  examples: string[];
}

/**
 * Churn by touchpoint: a customer has churned when their latest event is more than `windowMs`
 * before the end of the data. One row per touchpoint (customers who had it) and one with
 * touchpoint '' for every customer.
 */
export async function churnByTouchpoint(db: DuckDatabase, ws: string, windowMs: number): Promise<ChurnRow[]> {
  const p = new SqlParams();
  const wsp = p.add(ws);
  const sql = `WITH ev AS (
  SELECT customer_id, touchpoint, stage, timestamp AS ts FROM events WHERE workspace_id = ${wsp} AND customer_id IS NOT NULL AND type NOT IN ('identify', 'alias', 'group')
), endt AS (SELECT max(ts) AS t FROM ev),
c AS (SELECT customer_id, max(ts) < (SELECT t FROM endt) - to_milliseconds(${p.add(windowMs)}) AS churned FROM ev GROUP BY customer_id),
had AS (SELECT DISTINCT customer_id, touchpoint, stage FROM ev WHERE touchpoint IS NOT NULL)
SELECT h.touchpoint, any_value(h.stage) AS stage, count(*) AS customers, count(*) FILTER (WHERE c.churned) AS churned,
  list_distinct(min_by(CASE WHEN c.churned THEN h.customer_id END, CASE WHEN c.churned THEN hash(h.customer_id) END, 40)) AS examples
FROM had h JOIN c USING (customer_id) GROUP BY h.touchpoint
UNION ALL SELECT '', NULL, count(*), count(*) FILTER (WHERE churned), [] FROM c`;
  return (await db.all(sql, p.values)).map((r) => ({
    touchpoint: String(r.touchpoint),
    stage: r.stage === null ? null : String(r.stage),
    customers: num(r.customers),
    churned: num(r.churned),
    examples: strList((r.examples as unknown[] | null)?.filter((x) => x !== null)),
  }));
}
