/**
 * PostHog capture API: /capture/, /batch/, /i/v0/e/ (and /e/, /track/). The project API key
 * travels in the body as `api_key` (or `token`), as posthog-node and posthog-js send it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidInputError } from '../../domain/errors.js';
import { asObject, firstString } from '../../ingest/fields.js';
import { PostHogBatchSchema, PostHogEventSchema, posthogToCanonical } from '../../ingest/posthog.js';
import { validateBatch } from '../../ingest/validate-batch.js';
import { requireWriteKey } from '../auth.js';
import type { ServerContext } from '../context.js';
import { jsonSchema } from '../json-schema.js';

export function posthogRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const handler = async (req: FastifyRequest) => {
    const body = Array.isArray(req.body) ? { batch: req.body } : asObject(req.body);
    if (!body) throw new InvalidInputError('the body must be a JSON object or array', [{ where: '(body)', message: 'expected JSON' }]);
    const items: unknown[] = Array.isArray(body.batch) ? body.batch : body.batch === undefined ? [body] : [];
    if (body.batch !== undefined && !Array.isArray(body.batch)) {
      throw new InvalidInputError('invalid batch', [{ where: 'batch', message: 'must be an array' }]);
    }
    const firstItem = asObject(items[0]);
    const key = firstString(body.api_key, body.token, firstItem?.api_key, asObject(firstItem?.properties)?.token);
    const ws = await requireWriteKey(ctx.keys, key);
    const receivedAt = new Date();
    const events = validateBatch(items, () => PostHogEventSchema, (m, raw) => posthogToCanonical(m, raw, { receivedAt }), {
      limits: ctx.config.limits,
      path: body.batch === undefined ? '' : 'batch',
    });
    await ctx.ingest.ingest(ws.id, events);
    return { status: 1 };
  };
  const schema = { tags: ['ingest: PostHog'], summary: 'PostHog capture', body: jsonSchema(PostHogBatchSchema.or(PostHogEventSchema)) };
  for (const path of ['/capture/', '/batch/', '/i/v0/e/', '/e/', '/track/']) {
    app.post(path, { schema: { ...schema, hide: !['/capture/', '/batch/', '/i/v0/e/'].includes(path) } }, handler);
  }
}
