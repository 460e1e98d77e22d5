/**
 * Unified customers: list (by stage, search), profile with identifiers and trait history, and the
 * ordered timeline across every source. Secret key.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { DateSchema } from '../../ingest/fields.js';
import { authorise } from '../access.js';
import type { ServerContext } from '../context.js';
import { jsonSchema } from '../json-schema.js';
import { parseWith } from '../parse.js';

const ListQuery = z.object({
  stage: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
const TimelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  before: DateSchema.optional(),
});
const IdParams = z.object({ id: z.string().min(1).max(600) });

export function customerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ secretKey: [] }];
  app.get('/v1/customers', { schema: { tags: ['customers'], summary: 'List customers', security, querystring: jsonSchema(ListQuery) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    const q = parseWith(ListQuery, req.query, 'query');
    if (q.stage !== undefined) {
      const stages = (await ctx.state.getStages(ws.id)).map((s) => s.key);
      if (!stages.includes(q.stage)) throw new InvalidInputError('unknown stage', [{ where: 'query.stage', message: `"${q.stage}" is not one of ${stages.join(', ')}` }]);
    }
    return ctx.events.listCustomers(ws.id, { stage: q.stage, search: q.q, limit: q.limit, offset: q.offset });
  });
  app.get(
    '/v1/customers/:id',
    { schema: { tags: ['customers'], summary: 'A customer profile and timeline, by customer id, userId, anonymousId or e-mail', security, querystring: jsonSchema(TimelineQuery) } },
    async (req) => {
      const ws = (await authorise(ctx, req, 'viewer')).workspace;
      const { id } = parseWith(IdParams, req.params, 'path');
      const q = parseWith(TimelineQuery, req.query, 'query');
      const profile = await mustFindCustomer(ctx, ws.id, id);
      const timeline = await ctx.events.timeline(ws.id, profile.customerId, { limit: q.limit, before: q.before });
      return { ...profile, timeline };
    },
  );
  app.delete(
    '/v1/customers/:id',
    { schema: { tags: ['customers'], summary: 'Erase a customer (right to erasure): events, identifiers, traits and profile', security } },
    async (req) => {
      const ws = (await authorise(ctx, req, 'admin')).workspace;
      const { id } = parseWith(IdParams, req.params, 'path');
      const profile = await mustFindCustomer(ctx, ws.id, id);
      await ctx.ingest.drain();
      const r = await ctx.events.eraseCustomer(ws.id, profile.customerId);
      return { erased: profile.customerId, identifiers: profile.identifiers.map((i) => i.identifier), events: r.events };
    },
  );
}

async function mustFindCustomer(ctx: ServerContext, ws: string, id: string) {
  const profile = await ctx.events.findCustomer(ws, id);
  if (!profile) throw new NotFoundError(`no customer with id, userId, anonymousId or e-mail "${id}"`);
  return profile;
}
