/**
 * Journey analytics over HTTP (secret key): the list of analyses, `POST /v1/analyses/:kind` with
 * a plan as the JSON body, and the workspace's personas that plans can name.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PersonaSchema, PersonasSchema } from '../../domain/persona.js';
import { ANALYSES } from '../../analytics/registry.js';
import { InvalidInputError } from '../../domain/errors.js';
import { authorise } from '../access.js';
import type { ServerContext } from '../context.js';
import { jsonSchema } from '../json-schema.js';
import { parseWith } from '../parse.js';

const KindParams = z.object({ kind: z.string().min(1).max(50) });

export function analyticsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ secretKey: [] }];
  app.get('/v1/analyses', { schema: { tags: ['analytics'], summary: 'The analyses Waymark runs', security } }, async (req) => {
    await authorise(ctx, req, 'viewer');
    return { analyses: ctx.analytics.kinds() };
  });
  for (const def of ANALYSES.values()) {
    app.post(
      `/v1/analyses/${def.kind}`,
      { schema: { tags: ['analytics'], summary: def.summary, security, body: jsonSchema(def.schema) } },
      async (req) => {
        const ws = (await authorise(ctx, req, 'viewer')).workspace;
        return ctx.analytics.run(ws.id, def.kind, req.body);
      },
    );
  }
  // Unknown kinds get a 404 that lists the known ones.
  app.post('/v1/analyses/:kind', { schema: { hide: true } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    const { kind } = parseWith(KindParams, req.params, 'path');
    return ctx.analytics.run(ws.id, kind, req.body);
  });
  const PersonasQuery = z.object({ counts: z.enum(['true', 'false']).default('true') }).strict();
  app.get(
    '/v1/personas',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Personas: named kinds of customers with a rule over traits and behaviour, with their live member counts (`counts=false`: without, for pickers that only need names)',
        security,
        querystring: jsonSchema(PersonasQuery),
      },
    },
    async (req) => {
      const ws = (await authorise(ctx, req, 'viewer')).workspace;
      const { counts } = parseWith(PersonasQuery, req.query, 'query');
      return { personas: counts === 'true' ? await ctx.analytics.personas(ws.id) : await ctx.state.getPersonas(ws.id) };
    },
  );
  app.put('/v1/personas', { schema: { tags: ['analytics'], summary: 'Replace the personas', security, body: jsonSchema(z.object({ personas: PersonasSchema })) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'editor')).workspace;
    const { personas } = parseWith(z.object({ personas: PersonasSchema }), req.body, 'body');
    await ctx.analytics.checkPersonaSteps(ws.id, personas, 'body.personas');
    await ctx.state.setPersonas(ws.id, personas);
    return { personas: await ctx.analytics.personas(ws.id) };
  });
  const PreviewBody = z.object({ rule: PersonaSchema.shape.rule, behaviour: PersonaSchema.shape.behaviour }).strict();
  app.post('/v1/personas/preview', { schema: { tags: ['analytics'], summary: 'How many customers a persona rule matches now (live count while editing)', security, body: jsonSchema(PreviewBody) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    const { rule, behaviour } = parseWith(PreviewBody, req.body, 'body');
    rule.forEach((c, i) => {
      if (!c.field.startsWith('traits.')) throw new InvalidInputError('invalid rule', [{ where: `body.rule[${i}].field`, message: 'a persona rule is on customer traits: traits.PATH' }]);
    });
    await ctx.analytics.checkSteps(ws.id, behaviour.map((b, i) => ({ path: `body.behaviour[${i}].step`, step: b.step })));
    return { customers: await ctx.analytics.countMatching(ws.id, rule, behaviour) };
  });
}
