/**
 * PostHog capture API: /capture/, /batch/, /i/v0/e/ (and /e/, /track/). The project API key
 * travels in the body as `api_key` (or `token`), as posthog-node and posthog-js send it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PostHogBatchSchema, PostHogEventSchema } from '../../ingest/posthog.js';
import type { ServerContext } from '../context.js';
import { acceptIngest } from '../ingest-request.js';
import { jsonSchema } from '../json-schema.js';

export function posthogRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const handler = async (req: FastifyRequest) => {
    await acceptIngest(ctx, req, 'posthog', null);
    return { status: 1 };
  };
  const schema = { tags: ['ingest: PostHog'], summary: 'PostHog capture', body: jsonSchema(PostHogBatchSchema.or(PostHogEventSchema)) };
  for (const path of ['/capture/', '/batch/', '/i/v0/e/', '/e/', '/track/']) {
    app.post(path, { config: { ingest: true }, schema: { ...schema, hide: !['/capture/', '/batch/', '/i/v0/e/'].includes(path) } }, handler);
  }
}
