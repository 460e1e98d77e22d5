/**
 * The SQL the findings engine needs beyond the analytics engine: per-session step flows
 * (collapsed repeats, a session = events closer than `gapMs`), sampled step durations, loops,
 * survey score distributions and churn by touchpoint, the same per persona, comment sentiment,
 * support waits and repeated support contacts. Every value is bound through SqlParams.
 */
import { customersMatchingSql } from '../../analytics/duckdb/scope-sql.js';
import type { BehaviourCondition } from '../../analytics/behaviour.js';
import type { Condition } from '../../analytics/condition.js';
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

// ---- persona breakdowns ------------------------------------------------------------------------

/** A persona as the findings engine needs it: its key and its membership rule over traits and behaviour. */
export interface PersonaRule {
  key: string;
  rule: readonly Condition[];
  behaviour: readonly BehaviourCondition[];
}

/**
 * `pm(customer_id, persona)`: one row per customer and persona whose rule the customer meets now
 * (a customer may be in several personas, or none). Empty without personas.
 */
function personaMembersSql(p: SqlParams, ws: string, personas: readonly PersonaRule[]): string {
  if (personas.length === 0) return `pm AS (SELECT NULL::VARCHAR AS customer_id, NULL::VARCHAR AS persona WHERE FALSE)`;
  const parts = personas.map((x) => `SELECT m.customer_id, ${p.add(x.key)} AS persona FROM (${customersMatchingSql(ws, x.rule, x.behaviour, p)}) m`);
  return `pm AS (${parts.join(' UNION ALL ')})`;
}

export interface PersonaStepVisits extends StepVisits {
  persona: string;
}

/** Visits to each step per persona (channels together): how many, how many went on, who dropped. */
export async function stepVisitsByPersona(db: DuckDatabase, ws: string, gapMs: number, personas: readonly PersonaRule[]): Promise<PersonaStepVisits[]> {
  if (personas.length === 0) return [];
  const p = new SqlParams();
  const sql = `${flowsSql(p, ws, gapMs)}, ${personaMembersSql(p, ws, personas)}
SELECT f.tp, any_value(f.stage) AS stage, pm.persona, count(*) AS visits, count(f.nxt) AS continued,
  count(DISTINCT CASE WHEN f.nxt IS NULL THEN f.customer_id END) AS dropped,
  list_distinct(min_by(CASE WHEN f.nxt IS NULL THEN f.customer_id END, CASE WHEN f.nxt IS NULL THEN hash(f.customer_id) END, 40)) AS examples
FROM f JOIN pm ON pm.customer_id = f.customer_id GROUP BY f.tp, pm.persona`;
  return (await db.all(sql, p.values)).map((r) => ({
    touchpoint: String(r.tp),
    stage: r.stage === null ? null : String(r.stage),
    channel: null,
    persona: String(r.persona),
    visits: num(r.visits),
    continued: num(r.continued),
    droppedCustomers: num(r.dropped),
    examples: strList((r.examples as unknown[] | null)?.filter((x) => x !== null)),
  }));
}

export interface PersonaScoreRow extends ScoreRow {
  persona: string;
}

export interface PersonaScoreNegatives extends ScoreNegatives {
  persona: string;
}

/** Survey score distributions per persona, and who gave a low score, per persona. */
export async function surveyScoresByPersona(db: DuckDatabase, ws: string, personas: readonly PersonaRule[]): Promise<{ scores: PersonaScoreRow[]; negatives: PersonaScoreNegatives[] }> {
  if (personas.length === 0) return { scores: [], negatives: [] };
  const p = new SqlParams();
  const scores = await db.all(
    `${surveysSql(p, ws)}, ${personaMembersSql(p, ws, personas)} SELECT v.survey, v.tp, pm.persona, v.score, count(*) AS n FROM v JOIN pm ON pm.customer_id = v.customer_id GROUP BY ALL`,
    p.values,
  );
  const q = new SqlParams();
  const neg = await db.all(
    `${surveysSql(q, ws)}, ${personaMembersSql(q, ws, personas)}
SELECT v.survey, v.tp, pm.persona, count(DISTINCT v.customer_id) AS customers, list_distinct(min_by(v.customer_id, hash(v.customer_id), 40)) AS examples
FROM v JOIN pm ON pm.customer_id = v.customer_id WHERE ${NEGATIVE_SQL} GROUP BY ALL`,
    q.values,
  );
  return {
    scores: scores.map((r) => ({ survey: String(r.survey), touchpoint: String(r.tp), persona: String(r.persona), score: num(r.score), count: num(r.n) })),
    negatives: neg.map((r) => ({ survey: String(r.survey), touchpoint: String(r.tp), persona: String(r.persona), customers: num(r.customers), examples: strList(r.examples) })),
  };
}

// ---- comment sentiment -------------------------------------------------------------------------

export interface SentimentRow {
  touchpoint: string;
  /** null = every customer; else the persona's members only. */
  persona: string | null;
  /** Compound sentiment of a comment, −1…1, rounded to 3 decimals. */
  sentiment: number;
  count: number;
}

export interface SentimentNegatives {
  touchpoint: string;
  persona: string | null;
  /** Customers who wrote a negative comment (polarity negative). */
  customers: number;
  examples: string[];
}

/**
 * Per-comment sentiment of scored feedback (the `feedback` table: run the scoring pass first) by
 * the touchpoint the response is about (touchpoint_ref, else the event's touchpoint), for every
 * customer and per persona. Only comments that could be read (a comment in a known language).
 */
export async function commentSentiments(db: DuckDatabase, ws: string, personas: readonly PersonaRule[]): Promise<{ rows: SentimentRow[]; negatives: SentimentNegatives[] }> {
  const view = (p: SqlParams) => `WITH t AS (
  SELECT f.customer_id, coalesce(f.touchpoint_ref, f.touchpoint) AS tp, round(f.sentiment, 3) AS s, f.polarity
    FROM feedback f
   WHERE f.workspace_id = ${p.add(ws)} AND f.comment IS NOT NULL AND f.language <> 'unknown' AND f.customer_id IS NOT NULL
), ${personaMembersSql(p, ws, personas)},
tt AS (SELECT t.*, NULL::VARCHAR AS persona FROM t WHERE tp IS NOT NULL UNION ALL SELECT t.*, pm.persona FROM t JOIN pm ON pm.customer_id = t.customer_id WHERE tp IS NOT NULL)`;
  const p = new SqlParams();
  const rows = await db.all(`${view(p)} SELECT tp, persona, s, count(*) AS n FROM tt GROUP BY ALL`, p.values);
  const q = new SqlParams();
  const neg = await db.all(
    `${view(q)} SELECT tp, persona, count(DISTINCT customer_id) AS customers, list_distinct(min_by(customer_id, hash(customer_id), 40)) AS examples FROM tt WHERE polarity = 'negative' GROUP BY ALL`,
    q.values,
  );
  return {
    rows: rows.map((r) => ({ touchpoint: String(r.tp), persona: r.persona === null ? null : String(r.persona), sentiment: num(r.s), count: num(r.n) })),
    negatives: neg.map((r) => ({ touchpoint: String(r.tp), persona: r.persona === null ? null : String(r.persona), customers: num(r.customers), examples: strList(r.examples) })),
  };
}

// ---- support contacts --------------------------------------------------------------------------

/** Channels whose events are contacts with customer support (help desk, phone line, chat). */
export const SUPPORT_CHANNELS = ['support', 'phone', 'chat'] as const;
/** Events that close a ticket rather than contact support: their time is the ticket's resolution. */
const RESOLUTION_RE = '(?i)\\b(solved|closed|resolved)\\b';

/** Support contacts with their subject, and their wait (a wait property) or time to resolution (ticket_id). */
function supportSql(p: SqlParams, ws: string): string {
  const channels = SUPPORT_CHANNELS.map((c) => p.add(c)).join(', ');
  const re = p.add(RESOLUTION_RE);
  return `WITH ev AS (
  SELECT customer_id, timestamp AS ts, message_id, name, touchpoint AS tp, stage, channel, properties,
    json_extract_string(properties, '$.ticket_id') AS tid, regexp_matches(name, ${re}) AS resolution
  FROM events
  WHERE workspace_id = ${p.add(ws)} AND customer_id IS NOT NULL AND touchpoint IS NOT NULL AND type NOT IN ('identify', 'alias', 'group')
    AND channel IN (${channels})
), res AS (
  SELECT tid, ts AS rts, tp AS rtp FROM ev WHERE resolution AND tid IS NOT NULL
), c0 AS (
  SELECT customer_id, ts, message_id, tp, stage, channel, tid,
    json_extract_string(properties, '$.topic') AS topic,
    coalesce(json_extract_string(properties, '$.order_id'), tid, json_extract_string(properties, '$.topic'), tp) AS subj,
    coalesce(TRY_CAST(json_extract_string(properties, '$.wait_minutes') AS DOUBLE), TRY_CAST(json_extract_string(properties, '$.wait_seconds') AS DOUBLE) / 60) AS wait_prop
  FROM ev WHERE NOT resolution AND json_extract_string(properties, '$.direction') IS DISTINCT FROM 'outbound'
), c AS (
  SELECT c0.*, r.rtp, CASE WHEN r.rts IS NOT NULL THEN date_diff('millisecond', c0.ts, r.rts) / 60000 END AS to_res
  FROM c0 LEFT JOIN (SELECT tid, min(rts) AS rts, arg_min(rtp, rts) AS rtp FROM res GROUP BY tid) r ON r.tid = c0.tid AND r.rts >= c0.ts
), w AS (
  SELECT *, CASE WHEN wait_prop IS NOT NULL THEN 'wait' WHEN to_res IS NOT NULL THEN 'resolution_time' END AS measure, coalesce(wait_prop, to_res) AS minutes FROM c
)`;
}

export interface SupportWaits {
  touchpoint: string;
  stage: string | null;
  channel: string;
  /** 'wait': a wait property of the contact (wait_minutes, wait_seconds); 'resolution_time': ticket opened → first solved/closed event of its ticket_id. */
  measure: 'wait' | 'resolution_time';
  /** null = every topic of the touchpoint; else contacts with this `properties.topic`. */
  topic: string | null;
  /** The touchpoint of the resolution events (resolution_time only). */
  resolvedAt: string | null;
  /** Up to `sample` waits in minutes, a deterministic sample by message hash. */
  minutes: number[];
  contacts: number;
  customers: number;
  /** Customers with the longest waits. */
  examples: string[];
}

/** Waits of support contacts per touchpoint (and per topic within a touchpoint), in minutes. */
export async function supportWaits(db: DuckDatabase, ws: string, sample = 3000): Promise<SupportWaits[]> {
  const p = new SqlParams();
  const sql = `${supportSql(p, ws)}, g AS (
  SELECT tp, channel, measure, NULL::VARCHAR AS topic, minutes, customer_id, rtp, stage, message_id FROM w WHERE measure IS NOT NULL
  UNION ALL SELECT tp, channel, measure, topic, minutes, customer_id, rtp, stage, message_id FROM w WHERE measure IS NOT NULL AND topic IS NOT NULL
), r AS (SELECT *, row_number() OVER (PARTITION BY tp, channel, measure, topic ORDER BY hash(message_id)) AS rn FROM g)
SELECT tp, channel, measure, topic, any_value(stage) AS stage, any_value(rtp) AS rtp, list(minutes) FILTER (WHERE rn <= ${p.add(sample)}) AS minutes,
  count(*) AS n, count(DISTINCT customer_id) AS customers, max_by(customer_id, minutes, 40) AS slowest
FROM r GROUP BY tp, channel, measure, topic`;
  return (await db.all(sql, p.values)).map((r) => ({
    touchpoint: String(r.tp),
    stage: r.stage === null ? null : String(r.stage),
    channel: String(r.channel),
    measure: String(r.measure) as SupportWaits['measure'],
    topic: r.topic === null ? null : String(r.topic),
    resolvedAt: r.rtp === null ? null : String(r.rtp),
    minutes: ((r.minutes as unknown[] | null) ?? []).map(Number),
    contacts: num(r.n),
    customers: num(r.customers),
    examples: [...new Set(((r.slowest as unknown[] | null) ?? []).map(String))].slice(0, EXAMPLES),
  }));
}

export interface RepeatContacts {
  touchpoint: string;
  stage: string | null;
  channel: string;
  contacts: number;
  /** Contacts followed by another support contact of the same customer about the same thing within the window. */
  repeated: number;
  customers: number;
  repeatCustomers: number;
  examples: string[];
}

/**
 * Repeated contacts per support touchpoint: a contact is repeated when the same customer contacts
 * support again (any support touchpoint) about the same thing within `windowMs` — the same
 * order_id, else ticket_id, else topic, else touchpoint.
 */
export async function repeatContacts(db: DuckDatabase, ws: string, windowMs: number): Promise<RepeatContacts[]> {
  const p = new SqlParams();
  const sql = `${supportSql(p, ws)}, n AS (
  SELECT *, lead(ts) OVER (PARTITION BY customer_id, subj ORDER BY ts, message_id) AS nts FROM c
), m AS (SELECT *, (nts IS NOT NULL AND date_diff('millisecond', ts, nts) <= ${p.add(windowMs)}) AS rep FROM n)
SELECT tp, channel, any_value(stage) AS stage, count(*) AS contacts, count(*) FILTER (WHERE rep) AS repeated,
  count(DISTINCT customer_id) AS customers, count(DISTINCT customer_id) FILTER (WHERE rep) AS rep_customers,
  list_distinct(min_by(CASE WHEN rep THEN customer_id END, CASE WHEN rep THEN hash(customer_id) END, 40)) AS examples
FROM m GROUP BY tp, channel`;
  return (await db.all(sql, p.values)).map((r) => ({
    touchpoint: String(r.tp),
    stage: r.stage === null ? null : String(r.stage),
    channel: String(r.channel),
    contacts: num(r.contacts),
    repeated: num(r.repeated),
    customers: num(r.customers),
    repeatCustomers: num(r.rep_customers),
    examples: strList((r.examples as unknown[] | null)?.filter((x) => x !== null)),
  }));
}
