/**
 * The scoring pass: every survey response event of a workspace (`Survey Responded`, or any event
 * whose properties name a survey) gets one row in `feedback`: its score checked against its scale,
 * its comment's sentiment, emotion and language. Incremental by message id (events already scored
 * by the current analyser are skipped), idempotent, and it drops rows whose event was erased and
 * rescores rows from an older analyser version. The event's customer, time, source, touchpoint,
 * stage and channel are copied, so reads scan no events; the commit path keeps them in step as it
 * does the journeys (identity merges move the customer, rule changes re-map the touchpoint, an
 * erasure deletes the rows: commit-staged.ts, DuckEventStore).
 * A pass scans every event's properties (≈ 2 s at 10M events), so it is skipped when nothing was
 * committed since a pass that no other writer interleaved with, and concurrent callers share one.
 */
import { listValue } from '@duckdb/node-api';
import type { DuckDatabase } from './database.js';
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
export const SURVEY_EVENT_SQL = `(e.name = 'Survey Responded' OR contains(e.properties, '"survey"'))`;

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

async function scoringPass(db: DuckDatabase, ws: string): Promise<ScoringResult> {
  const before = db.commits;
  let own = 1; // this pass's transactions: the clean-up below, then one per page
  let removed = 0;
  await db.transaction(async (c) => {
    const stale = await c.runAndReadAll(
      `DELETE FROM feedback f WHERE f.workspace_id = $1 AND (f.analyser_version <> $2
         OR NOT EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = $1 AND e.message_id = f.message_id)) RETURNING 1`,
      [ws, TEXT_ANALYSER_VERSION],
    );
    removed = stale.currentRowCount;
  });
  let scored = 0;
  let invalidScores = 0;
  for (;;) {
    const read = db.commits; // a commit from here to the insert below may merge or re-map these events
    const rows = await db.all(
      `SELECT e.message_id, e.name, e.properties, e.customer_id, strftime(e.timestamp, '%Y-%m-%d %H:%M:%S.%f') AS ts, e.source, e.touchpoint, e.stage, e.channel FROM events e
        WHERE e.workspace_id = $1 AND ${SURVEY_EVENT_SQL}
          AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.workspace_id = $1 AND f.message_id = e.message_id)
        LIMIT ${PAGE}`,
      [ws],
    );
    if (rows.length === 0) break;
    const values = rows.map((r) => {
      let props: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(String(r.properties ?? '{}'));
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) props = parsed as Record<string, unknown>;
      } catch {
        props = {};
      }
      const f = readResponse(props);
      if (f.scoreError) invalidScores++;
      const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
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
    own++;
    await db.transaction(async (c) => {
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
      if (db.commits !== read) {
        // Written since the page was read: copy the events' columns again, under the write lock.
        await c.run(
          `UPDATE feedback SET customer_id = e.customer_id, touchpoint = e.touchpoint, stage = e.stage, channel = e.channel
             FROM events e WHERE feedback.workspace_id = $1 AND e.workspace_id = $1 AND e.name = feedback.event_name AND e.message_id = feedback.message_id
              AND feedback.message_id IN (SELECT unnest($2::VARCHAR[]))`,
          [ws, listValue(values.map((v) => v[0]))],
        );
      }
    });
    scored += rows.length;
    if (rows.length < PAGE) break;
  }
  // Only this pass wrote since it began: every event is scored as of this count.
  if (db.commits === before + own) (settled.get(db) ?? settled.set(db, new Map()).get(db)!).set(ws, db.commits);
  return { scored, invalidScores, removed };
}
