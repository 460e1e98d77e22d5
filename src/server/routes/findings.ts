/**
 * Findings and journey health (secret key): GET /v1/findings (the kept findings), POST
 * /v1/findings/run (recompute now), GET /v1/findings/:id (with history), POST
 * /v1/findings/:id/dismiss, POST /v1/findings/:id/link (opportunity owner and status),
 * GET /v1/health (journey health score per stage and overall).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import { FINDING_KINDS } from '../../insight/finding.js';
import { InsightService } from '../../insight/service.js';
import { insightDb } from '../../store/duckdb/insight-store.js';
import { authorise } from '../access.js';
import type { ServerContext } from '../context.js';
import { jsonSchema } from '../json-schema.js';
import { parseWith } from '../parse.js';

const ListQuery = z.object({
  all: z.enum(['true', 'false']).optional(),
  kind: z.enum(FINDING_KINDS).optional(),
});
const IdParams = z.object({ id: z.string().regex(/^f_[0-9a-f]{16}$/, 'a finding id looks like f_ and 16 hex digits') });
const DismissBody = z.object({ note: z.string().max(2000).optional() }).strict();
const LinkBody = z
  .object({
    owner: z.string().trim().min(1, 'owner is required').max(200),
    status: z.string().trim().min(1).max(100).default('planned'),
    note: z.string().max(2000).optional(),
  })
  .strict();

export function findingsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ secretKey: [] }];
  const tags = ['findings'];
  const service = () => new InsightService({ db: insightDb(ctx.events), analytics: ctx.analytics, state: ctx.state });
  const mustGet = async (ws: string, id: string) => {
    const f = await service().store.get(ws, id);
    if (!f) throw new NotFoundError(`no finding "${id}"`);
    return f;
  };

  app.get('/v1/findings', { schema: { tags, summary: 'The kept findings, most severe first', security, querystring: jsonSchema(ListQuery) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    const q = parseWith(ListQuery, req.query, 'query');
    const s = service();
    return { lastRun: await s.store.lastRun(ws.id), findings: await s.store.list(ws.id, { all: q.all === 'true', kind: q.kind }) };
  });
  app.post('/v1/findings/run', { schema: { tags, summary: 'Recompute the findings now and keep them', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'editor')).workspace;
    await ctx.ingest.drain();
    return service().run(ws.id);
  });
  app.get('/v1/findings/:id', { schema: { tags, summary: 'One finding with its history', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    const { id } = parseWith(IdParams, req.params, 'path');
    const f = await mustGet(ws.id, id);
    return { ...f, history: await service().store.history(ws.id, id) };
  });
  app.post('/v1/findings/:id/dismiss', { schema: { tags, summary: 'Dismiss a finding', security, body: jsonSchema(DismissBody) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'editor')).workspace;
    const { id } = parseWith(IdParams, req.params, 'path');
    const b = parseWith(DismissBody, req.body, 'body');
    await mustGet(ws.id, id);
    return service().store.triage(ws.id, id, { status: 'dismissed', note: b.note });
  });
  app.post('/v1/findings/:id/link', { schema: { tags, summary: 'Link a finding to an opportunity with owner and status', security, body: jsonSchema(LinkBody) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'editor')).workspace;
    const { id } = parseWith(IdParams, req.params, 'path');
    const b = parseWith(LinkBody, req.body, 'body');
    await mustGet(ws.id, id);
    return service().store.triage(ws.id, id, { status: 'linked', owner: b.owner, opportunityStatus: b.status, note: b.note });
  });
  app.get('/v1/health', { schema: { tags, summary: 'Journey health score (0–100) per stage and overall, with what moves it', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    return service().health(ws.id);
  });
}
