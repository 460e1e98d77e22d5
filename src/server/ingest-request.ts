/**
 * One ingest request, for every Segment and PostHog route: the body comes as text (app.ts does not
 * parse it), the ingest service's decoder checks it on its worker threads, the key (from the
 * Authorization header, or else from the body) picks the workspace, and the text is acknowledged
 * into the inbox. An unknown key is 401 before any problem of the body is told; a body with no key
 * to go by gets its 400.
 */
import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../domain/errors.js';
import type { IngestKind } from '../ingest/decode.js';
import { requireWriteKey } from './auth.js';
import type { ServerContext } from './context.js';

export async function acceptIngest(ctx: ServerContext, req: FastifyRequest, kind: IngestKind, headerKey: string | null): Promise<void> {
  if (typeof req.body !== 'string') throw new InvalidInputError('the body must be JSON', [{ where: '(body)', message: 'send it with Content-Type: application/json' }]);
  const text = req.body;
  const receivedAt = new Date();
  const checked = await ctx.ingest.check(kind, text, receivedAt);
  const key = headerKey ?? checked.key;
  const problem = 'error' in checked ? new InvalidInputError(checked.error.message, checked.error.problems) : null;
  if (problem && key === null) throw problem;
  const ws = await requireWriteKey(ctx.keys, key);
  if (problem) throw problem;
  await ctx.ingest.ingestRequest(ws.id, { kind, body: text, receivedAt }, 'events' in checked ? checked.events : 0);
}
