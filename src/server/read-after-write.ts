/**
 * Read-after-write over HTTP: ingest is acknowledged once events are in the durable inbox and
 * resolved into customers a moment later, so an API read (every /v1/ route but ingest) first waits
 * for the events acknowledged before it, up to `readAfterWriteMs`. A read that had to go ahead
 * without them says how many are still to be resolved in the `Waymark-Ingest-Backlog` header.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An ingest route: answers on the inbox and does not wait for the drainer. */
    ingest?: boolean;
  }
}

export function installReadAfterWrite(app: FastifyInstance, ctx: ServerContext): void {
  app.addHook('preHandler', async (req, reply) => {
    if (req.routeOptions.config?.ingest || !req.url.startsWith('/v1/')) return;
    if (ctx.ingest.backlog === 0) return;
    if (!(await ctx.ingest.caughtUp(ctx.config.readAfterWriteMs))) reply.header('waymark-ingest-backlog', String(ctx.ingest.backlog));
  });
}
