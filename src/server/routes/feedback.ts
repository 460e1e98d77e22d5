/**
 * Feedback over HTTP (secret key): GET /v1/feedback (responses), /v1/feedback/summary (per
 * touchpoint, stage, channel or persona: NPS, CSAT, CES, sentiment, emotions, negative themes with
 * quotes), /v1/feedback/curve (emotion curve across stages), /v1/feedback/invalid (scores outside
 * their scale), POST /v1/feedback/score (scoring pass) and POST /v1/feedback/analyse (any texts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../http-error.js';
import { analyseText } from '../../voc/analyse-text.js';
import { ensureScored, feedbackEmotionCurve, feedbackSummary, invalidFeedbackScores, listFeedback, type FeedbackSource } from '../../voc/feedback-reports.js';
import { FEEDBACK_GROUPS, type FeedbackFilter } from '../../store/duckdb/feedback-queries.js';
import { authorise } from '../access.js';
import type { ServerContext } from '../context.js';
import { feedbackSourceOf } from '../feedback-source.js';
import { jsonSchema } from '../json-schema.js';
import { parseWith } from '../parse.js';

const Filter = {
  touchpoint: z.string().min(1).max(200).optional(),
  stage: z.string().min(1).max(100).optional(),
  channel: z.string().min(1).max(100).optional(),
  persona: z.string().min(1).max(200).optional(),
};
const SummaryQuery = z.object({ ...Filter, by: z.enum(FEEDBACK_GROUPS as [string, ...string[]]).default('touchpoint'), themes: z.coerce.number().int().min(0).max(20).default(3) });
const ListQuery = z.object({
  ...Filter,
  polarity: z.enum(['positive', 'neutral', 'negative']).optional(),
  emotion: z.string().min(1).max(50).optional(),
  survey: z.enum(['nps', 'csat', 'ces']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
const CurveQuery = z.object(Filter);
const InvalidQuery = z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(100) });
const AnalyseBody = z.object({ texts: z.array(z.string().max(10_000)).min(1).max(1000) });

function filterOf(q: Record<string, unknown>): FeedbackFilter {
  const f: FeedbackFilter = {};
  for (const k of ['touchpoint', 'stage', 'channel', 'persona', 'polarity', 'emotion', 'survey'] as const) if (typeof q[k] === 'string') f[k] = q[k];
  return f;
}

function sourceOf(ctx: ServerContext): FeedbackSource {
  const src = feedbackSourceOf(ctx);
  if (!src) throw new HttpError(501, 'not_implemented', 'feedback needs the embedded DuckDB store');
  return src;
}

export function feedbackRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ secretKey: [] }];
  const tags = ['feedback'];
  app.get('/v1/feedback', { schema: { tags, summary: 'Survey responses, newest first, with score, sentiment, emotion and the touchpoint they are about', security, querystring: jsonSchema(ListQuery) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    const q = parseWith(ListQuery, req.query, 'query');
    return { responses: await listFeedback(sourceOf(ctx), ws.id, filterOf(q), q.limit, q.offset), limit: q.limit, offset: q.offset };
  });
  app.get(
    '/v1/feedback/summary',
    { schema: { tags, summary: 'NPS, CSAT, CES, sentiment, emotions and top negative themes with quotes per touchpoint, stage, channel or persona', security, querystring: jsonSchema(SummaryQuery) } },
    async (req) => {
      const ws = (await authorise(ctx, req, 'viewer')).workspace;
      const q = parseWith(SummaryQuery, req.query, 'query');
      return feedbackSummary(sourceOf(ctx), ws.id, { by: q.by as (typeof FEEDBACK_GROUPS)[number], filter: filterOf(q), themes: q.themes });
    },
  );
  app.get('/v1/feedback/curve', { schema: { tags, summary: 'Emotion curve: mean comment sentiment per stage, −2…+2, with counts', security, querystring: jsonSchema(CurveQuery) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    const q = parseWith(CurveQuery, req.query, 'query');
    return feedbackEmotionCurve(sourceOf(ctx), ws.id, filterOf(q));
  });
  app.get('/v1/feedback/invalid', { schema: { tags, summary: 'Responses whose score is outside its scale (never counted), with message ids', security, querystring: jsonSchema(InvalidQuery) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    const q = parseWith(InvalidQuery, req.query, 'query');
    return { invalid: await invalidFeedbackScores(sourceOf(ctx), ws.id, q.limit) };
  });
  app.post('/v1/feedback/score', { schema: { tags, summary: 'Score survey responses not scored yet (incremental; reads do it too)', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'editor')).workspace;
    await ctx.ingest.drain();
    return ensureScored(sourceOf(ctx), ws.id);
  });
  app.post('/v1/feedback/analyse', { schema: { tags, summary: 'Sentiment, emotion and language of the given texts', security, body: jsonSchema(AnalyseBody) } }, async (req) => {
    await authorise(ctx, req, 'viewer');
    const b = parseWith(AnalyseBody, req.body, 'body');
    return { results: b.texts.map((text) => ({ text, ...analyseText(text) })) };
  });
}
