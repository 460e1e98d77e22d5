/**
 * A workspace's ingest inbox over HTTP (secret key or admin): the batches acknowledged but not
 * storable — kept, marked failed, with the reason — and retrying them while the server runs
 * (`waymark inbox` needs the database file to itself). Only the caller's workspace is shown or
 * retried.
 */
import type { FastifyInstance } from 'fastify';
import { authorise } from '../access.js';
import type { ServerContext } from '../context.js';

export function inboxRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ secretKey: [] }];
  const failedOf = async (workspaceId: string) =>
    (await ctx.ingest.failed(workspaceId)).map((b) => ({ seq: b.seq, kind: b.kind, events: b.events, receivedAt: b.receivedAt.toISOString(), error: b.error }));
  app.get('/v1/inbox', { schema: { tags: ['ingest'], summary: 'Batches acknowledged but not stored (marked failed, with the reason)', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'admin')).workspace;
    return { failed: await failedOf(ws.id) };
  });
  app.post('/v1/inbox/retry', { schema: { tags: ['ingest'], summary: 'Try the failed batches once more; those that still fail stay marked', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'admin')).workspace;
    const retried = await ctx.ingest.retryFailed(ws.id);
    const failed = await failedOf(ws.id);
    return { retried, stored: retried.batches - failed.length, failed };
  });
}
