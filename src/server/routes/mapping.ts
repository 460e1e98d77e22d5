/**
 * Mapping proposal: the event names no rule covers, where they sit in journeys, suggested stages
 * and touchpoints, and a first map (stages × touchpoints, KPI lanes) as plain data. Secret key.
 */
import type { FastifyInstance } from 'fastify';
import { proposeMap } from '../../mapping/propose.js';
import { authorise } from '../access.js';
import type { ServerContext } from '../context.js';

export function mappingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ secretKey: [] }];
  app.get(
    '/v1/mapping/proposal',
    { schema: { tags: ['touchpoints and stages'], summary: 'Events no rule covers, with suggested stages and touchpoints, and a first journey map', security } },
    async (req) => {
      const ws = (await authorise(ctx, req, 'viewer')).workspace;
      await ctx.ingest.drain();
      const [catalogue, stages, profile] = await Promise.all([ctx.state.getCatalogue(ws.id), ctx.state.getStages(ws.id), ctx.events.mappingProfile(ws.id)]);
      return proposeMap(profile, catalogue, stages);
    },
  );
}
