/**
 * Segment HTTP tracking API: /v1/track, identify, page, screen, group, alias, batch (and its
 * legacy name /v1/import). Authenticated by write key (HTTP Basic, or `writeKey` in the body); a
 * payload is validated whole before any of it is queued; answered once durably stored in the inbox
 * (ingest-request.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SEGMENT_TYPES, type IngestKind } from '../../ingest/decode.js';
import { SEGMENT_SCHEMAS, SegmentBatchSchema } from '../../ingest/segment.js';
import { basicUser } from '../auth.js';
import type { ServerContext } from '../context.js';
import { acceptIngest } from '../ingest-request.js';
import { jsonSchema } from '../json-schema.js';

export function segmentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ writeKeyBasic: [] }];
  const handler = (kind: IngestKind) => async (req: FastifyRequest) => {
    await acceptIngest(ctx, req, kind, basicUser(req.headers.authorization));
    return { success: true };
  };
  for (const type of SEGMENT_TYPES) {
    app.post(
      `/v1/${type}`,
      { config: { ingest: true }, schema: { tags: ['ingest: Segment'], summary: `Segment ${type}`, security, body: jsonSchema(SEGMENT_SCHEMAS[type]) } },
      handler(`segment:${type}`),
    );
  }
  for (const path of ['/v1/batch', '/v1/import']) {
    app.post(path, { config: { ingest: true }, schema: { tags: ['ingest: Segment'], summary: 'Segment batch', security, body: jsonSchema(SegmentBatchSchema), hide: path === '/v1/import' } }, handler('segment:batch'));
  }
}
