/**
 * Feedback as the CLI, the API and the findings engine read it. Every read first runs the
 * incremental scoring pass, so responses that arrived since (demo, import, live ingest) are
 * scored before they are counted.
 *
 * For the findings engine: `sentimentByTouchpoint(src, ws)` (groups with NPS/CSAT/CES, mean
 * sentiment with its standard deviation and counts, emotions, negative themes, and the
 * workspace-wide `overall` row as the baseline), `feedbackSummary(src, ws, { by })` for stage,
 * channel or persona, and `feedbackEmotionCurve(src, ws)`.
 */
import { effectiveCatalogue } from '../domain/catalogue-layers.js';
import type { DuckDatabase } from '../store/duckdb/database.js';
import {
  feedbackAggregateRows,
  feedbackEmotionRows,
  feedbackRows,
  invalidScoreRows,
  negativeCommentRows,
  type FeedbackFilter,
  type FeedbackGroupBy,
  type TouchpointPlace,
} from '../store/duckdb/feedback-queries.js';
import { scoreFeedback, type ScoringResult } from '../store/duckdb/feedback-scoring.js';
import type { Row } from '../store/duckdb/database.js';
import type { StateStore } from '../store/state-store.js';
import { emotionCurve, type EmotionCurve } from './emotion-curve.js';
import { groupFromRow, type FeedbackGroup } from './feedback-group.js';
import { negativeThemes } from './themes.js';

export interface FeedbackSource {
  db: DuckDatabase;
  state: Pick<StateStore, 'getCatalogue' | 'getStages'>;
}

export interface FeedbackSummary {
  by: FeedbackGroupBy;
  overall: FeedbackGroup;
  groups: FeedbackGroup[];
}

export interface SummaryOptions {
  by?: FeedbackGroupBy;
  filter?: FeedbackFilter;
  /** Negative themes per group (default 3; 0 = none). */
  themes?: number;
  quotes?: number;
  /** Emotion counts per group (default true; false leaves `emotions` empty and saves a query). */
  emotions?: boolean;
}

/** Score what is not scored yet. */
export function ensureScored(src: FeedbackSource, ws: string): Promise<ScoringResult> {
  return scoreFeedback(src.db, ws);
}

async function places(src: FeedbackSource, ws: string): Promise<TouchpointPlace[]> {
  const c = effectiveCatalogue(await src.state.getCatalogue(ws));
  return c.touchpoints.map((t) => ({ name: t.name, stage: t.stage, channel: t.channel }));
}

/** Kept until the next commit (DuckDatabase.resultCache), after the scoring pass so its own commits do not void the entry. */
export async function feedbackSummary(src: FeedbackSource, ws: string, opts: SummaryOptions = {}): Promise<FeedbackSummary> {
  const { by = 'touchpoint', ...rest } = opts;
  return (await feedbackSummaries(src, ws, [by], rest))[0]!;
}

/** `feedbackSummary` for several groupings at once, counted in one pass over the responses (in the order asked). */
export async function feedbackSummaries(src: FeedbackSource, ws: string, bys: readonly FeedbackGroupBy[], opts: Omit<SummaryOptions, 'by'> = {}): Promise<FeedbackSummary[]> {
  await ensureScored(src, ws);
  const cache = src.db.resultCache<FeedbackSummary[]>('feedback-summaries');
  if (!cache) return summarise(src, ws, bys, opts);
  return structuredClone(await cache.get(JSON.stringify([ws, bys, opts]), () => summarise(src, ws, bys, opts)));
}

async function summarise(src: FeedbackSource, ws: string, bys: readonly FeedbackGroupBy[], opts: Omit<SummaryOptions, 'by'>): Promise<FeedbackSummary[]> {
  const filter = opts.filter ?? {};
  const pl = await places(src, ws);
  const rows = await feedbackAggregateRows(src.db, ws, pl, bys, filter);
  const overallRow = rows.find((r) => r.overall === true);
  const out: FeedbackSummary[] = [];
  for (const by of bys) {
    const overall = overallRow ? groupFromRow({ ...overallRow, key: null }) : groupFromRow({ responses: 0 });
    const groups = rows.filter((r) => r.overall !== true && r.grouped_by === by).map(groupFromRow);
    await addEmotionsAndThemes(src, ws, pl, by, filter, opts, overall, groups);
    // Most negative first: the order a reader of pain points wants.
    groups.sort((a, b) => (a.sentiment ?? 0) - (b.sentiment ?? 0) || b.responses - a.responses || String(a.key).localeCompare(String(b.key)));
    out.push({ by, overall, groups });
  }
  return out;
}

async function addEmotionsAndThemes(
  src: FeedbackSource,
  ws: string,
  pl: TouchpointPlace[],
  by: FeedbackGroupBy,
  filter: FeedbackFilter,
  opts: Omit<SummaryOptions, 'by'>,
  overall: FeedbackGroup,
  groups: FeedbackGroup[],
): Promise<void> {
  const nThemes = opts.themes ?? 3;
  const emotions = opts.emotions === false ? [] : await feedbackEmotionRows(src.db, ws, pl, by, filter);
  const negatives = nThemes > 0 ? await negativeCommentRows(src.db, ws, pl, by, 2000, filter) : [];
  for (const e of emotions) {
    const g = groups.find((x) => x.key === (e.key === null ? null : String(e.key)));
    if (g) g.emotions[String(e.emotion)] = Number(e.n);
    overall.emotions[String(e.emotion)] = (overall.emotions[String(e.emotion)] ?? 0) + Number(e.n);
  }
  if (nThemes > 0) {
    const byKey = new Map<string | null, Row[]>();
    for (const r of negatives) {
      const k = r.key === null ? null : String(r.key);
      byKey.set(k, [...(byKey.get(k) ?? []), r]);
    }
    for (const g of groups) {
      const comments = (byKey.get(g.key) ?? []).map((r) => ({ messageId: String(r.message_id), customerId: r.customer_id === null ? null : String(r.customer_id), text: String(r.comment), sentiment: Number(r.sentiment) }));
      g.themes = negativeThemes(comments, { limit: nThemes, quotes: opts.quotes ?? 2 });
    }
  }
}

/** Feedback per touchpoint (the surveyed touchpoint), most negative first, with the workspace baseline. */
export function sentimentByTouchpoint(src: FeedbackSource, ws: string, opts: Omit<SummaryOptions, 'by'> = {}): Promise<FeedbackSummary> {
  return feedbackSummary(src, ws, { ...opts, by: 'touchpoint' });
}

export async function feedbackEmotionCurve(src: FeedbackSource, ws: string, filter: FeedbackFilter = {}): Promise<EmotionCurve> {
  const s = await feedbackSummary(src, ws, { by: 'stage', filter, themes: 0 });
  return emotionCurve(await src.state.getStages(ws), s.groups);
}

export async function listFeedback(src: FeedbackSource, ws: string, filter: FeedbackFilter, limit: number, offset: number): Promise<Row[]> {
  await ensureScored(src, ws);
  return feedbackRows(src.db, ws, await places(src, ws), filter, limit, offset);
}

export async function invalidFeedbackScores(src: FeedbackSource, ws: string, limit: number): Promise<Row[]> {
  await ensureScored(src, ws);
  return invalidScoreRows(src.db, ws, await places(src, ws), limit);
}
