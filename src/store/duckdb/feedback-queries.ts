/**
 * Reads over scored feedback. Each query starts from the same view: a `feedback` row with its
 * event's customer, time and source (copied by the scoring pass and kept in step), the touchpoint
 * the response is about (touchpoint_ref, else the event's own touchpoint) with that touchpoint's
 * stage and channel from the catalogue (else the event's), and the customer's persona trait.
 * Every value is a bound parameter.
 */
import type { DuckDatabase, Row } from './database.js';
import type { Condition } from '../../analytics/condition.js';
import { customersMatchingSql } from '../../analytics/duckdb/scope-sql.js';
import type { BehaviourCondition } from '../../analytics/behaviour.js';
import { SqlParams } from './sql-builder.js';

export type FeedbackGroupBy = 'touchpoint' | 'stage' | 'channel' | 'persona';
export const FEEDBACK_GROUPS: readonly FeedbackGroupBy[] = ['touchpoint', 'stage', 'channel', 'persona'];

export interface TouchpointPlace {
  name: string;
  stage: string | null;
  channel: string | null;
}

export interface FeedbackFilter {
  touchpoint?: string;
  stage?: string;
  channel?: string;
  persona?: string;
  polarity?: string;
  emotion?: string;
  survey?: string;
  customerId?: string;
  /** Responses at or after this ISO time. */
  from?: string;
  /** Responses before this ISO time. */
  to?: string;
  /** Responses of customers whose traits meet every condition (a persona's rule). */
  segment?: readonly Condition[];
  /** Responses of customers whose behaviour meets every condition (a persona's behaviour rule). */
  behaviour?: readonly BehaviourCondition[];
}

/**
 * The joined view as a CTE named `fb`; $-parameters are added to `p`. Without `persona` the
 * customers are not joined (the column is NULL): a read that neither groups nor filters by persona
 * saves the scan of every customer's traits.
 */
function feedbackView(p: SqlParams, ws: string, places: readonly TouchpointPlace[], opts: { persona: boolean } = { persona: true }): string {
  const w = p.add(ws);
  const names = p.add(JSON.stringify(places.map((t) => t.name)));
  const stages = p.add(JSON.stringify(places.map((t) => t.stage)));
  const channels = p.add(JSON.stringify(places.map((t) => t.channel)));
  return `WITH tp AS (SELECT unnest(${names}::JSON::VARCHAR[]) AS name, unnest(${stages}::JSON::VARCHAR[]) AS stage, unnest(${channels}::JSON::VARCHAR[]) AS channel),
fb AS (
  SELECT f.message_id, f.survey, f.score, f.score_raw, f.score_error, f.comment, f.sentiment, f.polarity, f.emotion, f.language, f.sarcasm,
         f.customer_id, f.timestamp, f.source,
         coalesce(f.touchpoint_ref, f.touchpoint) AS touchpoint,
         CASE WHEN tp.name IS NOT NULL THEN tp.stage ELSE f.stage END AS stage,
         CASE WHEN tp.name IS NOT NULL THEN tp.channel ELSE f.channel END AS channel,
         ${opts.persona ? `json_extract_string(c.traits, '$.persona')` : 'NULL::VARCHAR'} AS persona,
         (f.comment IS NOT NULL AND f.language <> 'unknown') AS has_text
    FROM feedback f
    LEFT JOIN tp ON tp.name = coalesce(f.touchpoint_ref, f.touchpoint)
    ${opts.persona ? 'LEFT JOIN customers c ON c.workspace_id = f.workspace_id AND c.customer_id = f.customer_id' : ''}
   WHERE f.workspace_id = ${w})`;
}

function filterSql(p: SqlParams, f: FeedbackFilter, ws: string): string {
  const parts: string[] = [];
  const cols: Array<[Exclude<keyof FeedbackFilter, 'segment' | 'behaviour' | 'from' | 'to'>, string]> = [
    ['touchpoint', 'touchpoint'],
    ['stage', 'stage'],
    ['channel', 'channel'],
    ['persona', 'persona'],
    ['polarity', 'polarity'],
    ['emotion', 'emotion'],
    ['survey', 'survey'],
    ['customerId', 'customer_id'],
  ];
  for (const [key, col] of cols) if (f[key] !== undefined) parts.push(`${col} = ${p.add(f[key]!)}`);
  if (f.from !== undefined) parts.push(`timestamp >= ${p.add(new Date(f.from).toISOString())}::TIMESTAMP`);
  if (f.to !== undefined) parts.push(`timestamp < ${p.add(new Date(f.to).toISOString())}::TIMESTAMP`);
  if (f.segment?.length || f.behaviour?.length) parts.push(`customer_id IN (${customersMatchingSql(ws, f.segment ?? [], f.behaviour ?? [], p)})`);
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

/**
 * One row per group of each grouping in `by` (`grouped_by` says which) and one overall row
 * (`grouped_by` and key null, overall true) with counts, sums and spreads — every grouping from
 * one pass over the responses.
 */
export async function feedbackAggregateRows(db: DuckDatabase, ws: string, places: readonly TouchpointPlace[], by: FeedbackGroupBy | readonly FeedbackGroupBy[], filter: FeedbackFilter = {}): Promise<Row[]> {
  const bys = typeof by === 'string' ? [by] : [...new Set(by)];
  for (const b of bys) if (!FEEDBACK_GROUPS.includes(b)) throw new Error(`unknown grouping ${b}`);
  if (bys.length === 0) throw new Error('no grouping');
  const p = new SqlParams();
  const view = feedbackView(p, ws, places, { persona: bys.includes('persona') || filter.persona !== undefined });
  // Grouping names come from FEEDBACK_GROUPS (checked above), never from input.
  const groupedBy = `CASE ${bys.map((b) => `WHEN grouping(${b}) = 0 THEN '${b}'`).join(' ')} END`;
  const key = `CASE ${bys.map((b) => `WHEN grouping(${b}) = 0 THEN ${b}`).join(' ')} END`;
  return db.all(
    `${view}
SELECT ${groupedBy} AS grouped_by, ${key} AS key, ${groupedBy} IS NULL AS overall,
       count(*) AS responses,
       count(*) FILTER (WHERE score_error IS NOT NULL) AS invalid_scores,
       count(*) FILTER (WHERE survey = 'nps' AND score IS NOT NULL) AS nps_n,
       count(*) FILTER (WHERE survey = 'nps' AND score >= 9) AS nps_promoters,
       count(*) FILTER (WHERE survey = 'nps' AND score <= 6) AS nps_detractors,
       count(*) FILTER (WHERE survey = 'csat' AND score IS NOT NULL) AS csat_n,
       count(*) FILTER (WHERE survey = 'csat' AND score >= 4) AS csat_good,
       avg(score) FILTER (WHERE survey = 'csat') AS csat_mean,
       stddev_samp(score) FILTER (WHERE survey = 'csat') AS csat_sd,
       count(*) FILTER (WHERE survey = 'ces' AND score IS NOT NULL) AS ces_n,
       avg(score) FILTER (WHERE survey = 'ces') AS ces_mean,
       count(*) FILTER (WHERE has_text) AS texts,
       count(*) FILTER (WHERE comment IS NOT NULL AND language = 'unknown') AS texts_unknown_language,
       avg(sentiment) FILTER (WHERE has_text) AS sentiment_mean,
       stddev_samp(sentiment) FILTER (WHERE has_text) AS sentiment_sd,
       count(*) FILTER (WHERE has_text AND polarity = 'positive') AS positive,
       count(*) FILTER (WHERE has_text AND polarity = 'neutral') AS neutral,
       count(*) FILTER (WHERE has_text AND polarity = 'negative') AS negative,
       count(DISTINCT customer_id) AS customers
  FROM fb ${filterSql(p, filter, ws)}
 GROUP BY GROUPING SETS (${bys.map((b) => `(${b})`).join(', ')}, ())`,
    p.values,
  );
}

/** Emotion counts per group (texts with an emotion only). */
export async function feedbackEmotionRows(db: DuckDatabase, ws: string, places: readonly TouchpointPlace[], by: FeedbackGroupBy, filter: FeedbackFilter = {}): Promise<Row[]> {
  const p = new SqlParams();
  const view = feedbackView(p, ws, places);
  const where = filterSql(p, filter, ws);
  return db.all(`${view} SELECT ${by} AS key, emotion, count(*) AS n FROM fb ${where ? where + ' AND' : 'WHERE'} emotion IS NOT NULL AND has_text GROUP BY ALL ORDER BY key, n DESC, emotion`, p.values);
}

/** Negative comments per group, the latest `perGroup` of each, for themes and quotes. */
export async function negativeCommentRows(db: DuckDatabase, ws: string, places: readonly TouchpointPlace[], by: FeedbackGroupBy, perGroup: number, filter: FeedbackFilter = {}): Promise<Row[]> {
  const p = new SqlParams();
  const view = feedbackView(p, ws, places);
  const where = filterSql(p, filter, ws);
  const limit = p.add(perGroup);
  return db.all(
    `${view} SELECT ${by} AS key, message_id, customer_id, comment, sentiment FROM fb ${where ? where + ' AND' : 'WHERE'} has_text AND polarity = 'negative'
      QUALIFY row_number() OVER (PARTITION BY ${by} ORDER BY timestamp DESC, message_id) <= ${limit}`,
    p.values,
  );
}

/** Responses, newest first. */
export async function feedbackRows(db: DuckDatabase, ws: string, places: readonly TouchpointPlace[], filter: FeedbackFilter, limit: number, offset: number): Promise<Row[]> {
  const p = new SqlParams();
  const view = feedbackView(p, ws, places);
  const where = filterSql(p, filter, ws);
  return db.all(
    `${view} SELECT message_id, customer_id, strftime(timestamp, '%Y-%m-%dT%H:%M:%S.%gZ') AS timestamp, source, survey, score, score_error, touchpoint, stage, channel, persona,
            comment, sentiment, polarity, emotion, language, sarcasm
       FROM fb ${where} ORDER BY fb.timestamp DESC, message_id LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
    p.values,
  );
}

/** Responses whose score was not accepted, with where they came from. */
export async function invalidScoreRows(db: DuckDatabase, ws: string, places: readonly TouchpointPlace[], limit: number): Promise<Row[]> {
  const p = new SqlParams();
  const view = feedbackView(p, ws, places);
  return db.all(
    `${view} SELECT message_id, source, customer_id, strftime(timestamp, '%Y-%m-%dT%H:%M:%S.%gZ') AS timestamp, survey, score_raw AS score, score_error AS error, touchpoint
       FROM fb WHERE score_error IS NOT NULL ORDER BY fb.timestamp, message_id LIMIT ${p.add(limit)}`,
    p.values,
  );
}
