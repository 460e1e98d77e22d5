/**
 * The scoring pass: every survey response event of a workspace (`Survey Responded`, or any event
 * whose properties name a survey) gets one row in `feedback`: its score checked against its scale,
 * its comment's sentiment, emotion and language. The event's customer, time, source, touchpoint,
 * stage and channel are copied, so reads scan no events; the commit path keeps them in step as it
 * does the journeys (identity merges move the customer, rule changes re-map the touchpoint, an
 * erasure deletes the rows: commit-staged.ts, DuckEventStore).
 *
 * Incremental: the commit path puts each new survey response event in `feedback_pending` (with the
 * columns above), and a pass scores what is pending, under the write lock, so nothing commits in
 * between. A full pass over the events runs instead when the workspace was never fully scored by
 * this analyser version (`feedback_state`: a database from before the pending table, a new text
 * analyser, a rule change): it drops rows of an older analyser or whose event is gone, scores
 * every survey event not scored yet (≈ 1.3–2 s at 10M events), and records the version.
 * A pass is skipped when nothing was committed since a pass that no other writer interleaved with,
 * and concurrent callers share one.
 */
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { DuckDatabase, Row } from './database.js';
import { SqlParams } from './sql-builder.js';
import { TEXT_ANALYSER_VERSION } from '../../voc/analyse-text.js';
import { readResponse } from '../../voc/feedback-response.js';

export interface ScoringResult {
  scored: number;
  invalidScores: number;
  removed: number;
}

const PAGE = 5000;
const INSERT_ROWS = 400;

/** Survey response events: the demo's and the import presets' name, or properties that name a survey. */
export const surveyEventSql = (alias: string) => `(${alias}.name = 'Survey Responded' OR contains(${alias}.properties::VARCHAR, '"survey"'))`;
export const SURVEY_EVENT_SQL = surveyEventSql('e');

/** The columns a pending row and a full pass's page both read (an event's, as `feedback` keeps them). */
const EVENT_COLUMNS = (a: string) =>
  `${a}.message_id, ${a}.name, ${a}.properties, ${a}.customer_id, strftime(${a}.timestamp, '%Y-%m-%d %H:%M:%S.%f') AS ts, ${a}.source, ${a}.touchpoint, ${a}.stage, ${a}.channel`;

/** Per database and workspace: the commit count when a scoring pass last left nothing to score. */
const settled = new WeakMap<DuckDatabase, Map<string, number>>();
const running = new WeakMap<DuckDatabase, Map<string, Promise<ScoringResult>>>();

export function scoreFeedback(db: DuckDatabase, ws: string): Promise<ScoringResult> {
  if (settled.get(db)?.get(ws) === db.commits) return Promise.resolve({ scored: 0, invalidScores: 0, removed: 0 });
  const passes = running.get(db) ?? new Map<string, Promise<ScoringResult>>();
  running.set(db, passes);
  const current = passes.get(ws);
  if (current) return current;
  const pass = scoringPass(db, ws).finally(() => passes.delete(ws));
  passes.set(ws, pass);
  return pass;
}

/** Score event rows and insert them into `feedback` (an already scored message is left as it is). */
async function insertScored(c: DuckDBConnection, ws: string, rows: readonly Row[]): Promise<number> {
  let invalid = 0;
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const values = rows.map((r) => {
    let props: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(String(r.properties ?? '{}'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) props = parsed as Record<string, unknown>;
    } catch {
      props = {};
    }
    const f = readResponse(props);
    if (f.scoreError) invalid++;
    return [
      String(r.message_id),
      String(r.name),
      f.survey,
      f.score,
      f.scoreRaw,
      f.scoreError,
      f.comment,
      f.touchpointRef,
      f.text.compound,
      f.text.polarity,
      f.text.emotion,
      f.text.language,
      f.text.sarcasm,
      str(r.customer_id),
      str(r.ts),
      str(r.source),
      str(r.touchpoint),
      str(r.stage),
      str(r.channel),
    ] as const;
  });
  for (let i = 0; i < values.length; i += INSERT_ROWS) {
    const p = new SqlParams();
    const wsP = p.add(ws);
    const verP = p.add(TEXT_ANALYSER_VERSION);
    const tuples = values.slice(i, i + INSERT_ROWS).map((v) => `(${wsP}, ${v.map((x) => p.add(x)).join(', ')}, ${verP}, now()::TIMESTAMP)`);
    await c.run(
      `INSERT INTO feedback (workspace_id, message_id, event_name, survey, score, score_raw, score_error, comment, touchpoint_ref, sentiment, polarity, emotion, language, sarcasm,
                             customer_id, timestamp, source, touchpoint, stage, channel, analyser_version, scored_at)
       VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
      p.values,
    );
  }
  return invalid;
}

async function scoringPass(db: DuckDatabase, ws: string): Promise<ScoringResult> {
  const before = db.commits;
  let own = 0; // this pass's transactions (each counts as a commit)
  let removed = 0;
  let scored = 0;
  let invalidScores = 0;

  // 1. What the commit path left pending, page by page under the write lock.
  for (;;) {
    own++;
    const n = await db.transaction(async (c) => {
      const rows = (await c.runAndReadAll(`SELECT ${EVENT_COLUMNS('p')} FROM feedback_pending p WHERE p.workspace_id = $1 LIMIT ${PAGE}`, [ws])).getRowObjectsJson() as Row[];
      if (rows.length === 0) return 0;
      invalidScores += await insertScored(c, ws, rows);
      await c.run(`DELETE FROM feedback_pending WHERE workspace_id = $1 AND message_id IN (SELECT unnest($2::VARCHAR[]))`, [ws, listValue(rows.map((r) => String(r.message_id)))]);
      return rows.length;
    });
    scored += n;
    if (n < PAGE) break;
  }

  // 2. A full pass when this workspace was never fully scored by this analyser version.
  const state = await db.all(`SELECT analyser_version FROM feedback_state WHERE workspace_id = $1`, [ws]);
  if (Number(state[0]?.analyser_version) !== TEXT_ANALYSER_VERSION) {
    own++;
    await db.transaction(async (c) => {
      const stale = await c.runAndReadAll(
        `DELETE FROM feedback f WHERE f.workspace_id = $1 AND (f.analyser_version <> $2
           OR NOT EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = $1 AND e.message_id = f.message_id)) RETURNING 1`,
        [ws, TEXT_ANALYSER_VERSION],
      );
      removed = stale.currentRowCount;
    });
    for (;;) {
      own++;
      // Read and written in one transaction: no merge or rule change can commit in between.
      const n = await db.transaction(async (c) => {
        const rows = (
          await c.runAndReadAll(
            `SELECT ${EVENT_COLUMNS('e')} FROM events e
              WHERE e.workspace_id = $1 AND ${SURVEY_EVENT_SQL}
                AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.workspace_id = $1 AND f.message_id = e.message_id)
              LIMIT ${PAGE}`,
            [ws],
          )
        ).getRowObjectsJson() as Row[];
        if (rows.length) invalidScores += await insertScored(c, ws, rows);
        return rows.length;
      });
      scored += n;
      if (n < PAGE) break;
    }
    own++;
    await db.transaction(async (c) => {
      await c.run(`DELETE FROM feedback_state WHERE workspace_id = $1`, [ws]);
      await c.run(`INSERT INTO feedback_state VALUES ($1, $2)`, [ws, TEXT_ANALYSER_VERSION]);
    });
  }
  // Only this pass wrote since it began: every event is scored as of this count.
  if (db.commits === before + own) (settled.get(db) ?? settled.set(db, new Map()).get(db)!).set(ws, db.commits);
  return { scored, invalidScores, removed };
}
