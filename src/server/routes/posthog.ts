/**
 * PostHog capture API: /capture/, /batch/, /i/v0/e/ (and /e/, /track/). The project API key
 * travels in the body as `api_key` (or `token`), as posthog-node and posthog-js send it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeIngest, posthogItems } from '../../ingest/decode.js';
import { asObject, firstString } from '../../ingest/fields.js';
import { PostHogBatchSchema, PostHogEventSchema } from '../../ingest/posthog.js';
import { requireWriteKey } from '../auth.js';
import type { ServerContext } from '../context.js';
import { jsonSchema } from '../json-schema.js';

export function posthogRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const handler = async (req: FastifyRequest) => {
    const { body, items } = posthogItems(req.body);
    const firstItem = asObject(items[0]);
    const key = firstString(body.api_key, body.token, firstItem?.api_key, asObject(firstItem?.properties)?.token);
    const ws = await requireWriteKey(ctx.keys, key);
    const receivedAt = new Date();
    const events = decodeIngest('posthog', req.body, receivedAt, ctx.config.limits);
    await ctx.ingest.ingest(ws.id, events, req.rawBody === undefined ? undefined : { kind: 'posthog', body: req.rawBody, receivedAt });
    return { status: 1 };
  };
  const schema = { tags: ['ingest: PostHog'], summary: 'PostHog capture', body: jsonSchema(PostHogBatchSchema.or(PostHogEventSchema)) };
  for (const path of ['/capture/', '/batch/', '/i/v0/e/', '/e/', '/track/']) {
    app.post(path, { config: { ingest: true }, schema: { ...schema, hide: !['/capture/', '/batch/', '/i/v0/e/'].includes(path) } }, handler);
  }
}
