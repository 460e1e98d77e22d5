/**
 * Workspaces: create (admin token), the caller's own workspace and its stats (secret key), health.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAdmin } from '../auth.js';
import { authorise } from '../access.js';
import type { ServerContext } from '../context.js';
import { jsonSchema } from '../json-schema.js';
import { parseWith } from '../parse.js';

const CreateBody = z.object({ name: z.string().trim().min(1).max(200) });

export function workspaceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/health', { schema: { tags: ['server'], summary: 'Liveness and store check' } }, async () => {
    await ctx.state.listWorkspaces();
    return { status: 'ok', ingestBacklogEvents: ctx.ingest.backlog, ingestFailedBatches: ctx.ingest.failedBatches };
  });
  app.post('/v1/workspaces', { schema: { tags: ['workspaces'], summary: 'Create a workspace (admin token); returns its keys once', security: [{ adminToken: [] }], body: jsonSchema(CreateBody) } }, async (req, reply) => {
    requireAdmin(ctx.config.adminToken, req);
    const { name } = parseWith(CreateBody, req.body, 'body');
    return reply.status(201).send(await ctx.state.createWorkspace(name));
  });
  app.get('/v1/workspace', { schema: { tags: ['workspaces'], summary: 'The caller\'s workspace', security: [{ secretKey: [] }] } }, async (req) => {
    return (await authorise(ctx, req, 'viewer')).workspace;
  });
  app.get('/v1/stats', { schema: { tags: ['workspaces'], summary: 'Events, customers, stages, sources and touchpoints at a glance', security: [{ secretKey: [] }] } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    return ctx.events.stats(ws.id);
  });
}
