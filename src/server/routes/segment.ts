/**
 * Segment HTTP tracking API: /v1/track, identify, page, screen, group, alias, batch (and its
 * legacy name /v1/import). Authenticated by write key; a payload is validated whole before any of
 * it is queued; answered once durably stored.
 */
import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '../../domain/errors.js';
import { formatPath } from '../../domain/errors.js';
import { asObject } from '../../ingest/fields.js';
import { SEGMENT_SCHEMAS, SegmentBatchSchema, SegmentMessageSchema, segmentToCanonical } from '../../ingest/segment.js';
import { validateBatch } from '../../ingest/validate-batch.js';
import { basicUser, requireWriteKey } from '../auth.js';
import type { ServerContext } from '../context.js';
import { jsonSchema } from '../json-schema.js';

const TYPES = Object.keys(SEGMENT_SCHEMAS) as Array<keyof typeof SEGMENT_SCHEMAS>;

function bodyObject(body: unknown): Record<string, unknown> {
  const o = asObject(body);
  if (!o) throw new InvalidInputError('the body must be a JSON object', [{ where: '(body)', message: 'expected a JSON object' }]);
  return o;
}

export function segmentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ writeKeyBasic: [] }];
  for (const type of TYPES) {
    app.post(
      `/v1/${type}`,
      { schema: { tags: ['ingest: Segment'], summary: `Segment ${type}`, security, body: jsonSchema(SEGMENT_SCHEMAS[type]) } },
      async (req) => {
        const body = bodyObject(req.body);
        const ws = await requireWriteKey(ctx.keys, basicUser(req.headers.authorization) ?? (typeof body.writeKey === 'string' ? body.writeKey : null));
        const receivedAt = new Date();
        const events = validateBatch([{ ...body, type }], () => SegmentMessageSchema, (m, raw) => segmentToCanonical(m, raw, { receivedAt }), {
          limits: ctx.config.limits,
          path: '',
        });
        await ctx.ingest.ingest(ws.id, events);
        return { success: true };
      },
    );
  }
  const batch = async (req: { body: unknown; headers: { authorization?: string } }) => {
    const body = bodyObject(req.body);
    const ws = await requireWriteKey(ctx.keys, basicUser(req.headers.authorization) ?? (typeof body.writeKey === 'string' ? body.writeKey : null));
    const parsed = SegmentBatchSchema.safeParse(body);
    if (!parsed.success) {
      throw new InvalidInputError('invalid batch', parsed.error.issues.map((i) => ({ where: formatPath(i.path), message: i.message })));
    }
    const receivedAt = new Date();
    const batchContext = parsed.data.context;
    const events = validateBatch(
      parsed.data.batch,
      (raw) => {
        const t = asObject(raw)?.type;
        return typeof t === 'string' && (TYPES as string[]).includes(t) ? SegmentMessageSchema : `must be one of ${TYPES.join(', ')}`;
      },
      (m, raw) => segmentToCanonical(batchContext ? { ...m, context: { ...batchContext, ...(m.context ?? {}) } } : m, raw, { receivedAt, batchSentAt: parsed.data.sentAt }),
      { limits: ctx.config.limits, path: 'batch' },
    );
    await ctx.ingest.ingest(ws.id, events);
    return { success: true };
  };
  for (const path of ['/v1/batch', '/v1/import']) {
    app.post(path, { schema: { tags: ['ingest: Segment'], summary: 'Segment batch', security, body: jsonSchema(SegmentBatchSchema), hide: path === '/v1/import' } }, batch);
  }
}
