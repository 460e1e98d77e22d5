/**
 * Journey analytics over HTTP (secret key): the list of analyses, `POST /v1/analyses/:kind` with
 * a plan as the JSON body, and the workspace's personas that plans can name.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PersonasSchema } from '../../domain/persona.js';
import { ANALYSES } from '../../analytics/registry.js';
import { requireSecretKey } from '../auth.js';
import type { ServerContext } from '../context.js';
import { jsonSchema } from '../json-schema.js';
import { parseWith } from '../parse.js';

const KindParams = z.object({ kind: z.string().min(1).max(50) });

export function analyticsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ secretKey: [] }];
  app.get('/v1/analyses', { schema: { tags: ['analytics'], summary: 'The analyses Waymark runs', security } }, async (req) => {
    await requireSecretKey(ctx.state, req);
    return { analyses: ctx.analytics.kinds() };
  });
  for (const def of ANALYSES.values()) {
    app.post(
      `/v1/analyses/${def.kind}`,
      { schema: { tags: ['analytics'], summary: def.summary, security, body: jsonSchema(def.schema) } },
      async (req) => {
        const ws = await requireSecretKey(ctx.state, req);
        return ctx.analytics.run(ws.id, def.kind, req.body);
      },
    );
  }
  // Unknown kinds get a 404 that lists the known ones.
  app.post('/v1/analyses/:kind', { schema: { hide: true } }, async (req) => {
    const ws = await requireSecretKey(ctx.state, req);
    const { kind } = parseWith(KindParams, req.params, 'path');
    return ctx.analytics.run(ws.id, kind, req.body);
  });
  app.get('/v1/personas', { schema: { tags: ['analytics'], summary: 'Personas: named kinds of customers with a rule over traits', security } }, async (req) => {
    const ws = await requireSecretKey(ctx.state, req);
    return { personas: await ctx.analytics.personas(ws.id) };
  });
  app.put('/v1/personas', { schema: { tags: ['analytics'], summary: 'Replace the personas', security, body: jsonSchema(z.object({ personas: PersonasSchema })) } }, async (req) => {
    const ws = await requireSecretKey(ctx.state, req);
    const { personas } = parseWith(z.object({ personas: PersonasSchema }), req.body, 'body');
    await ctx.state.setPersonas(ws.id, personas);
    return { personas: await ctx.analytics.personas(ws.id) };
  });
}
