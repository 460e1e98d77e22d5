/**
 * The touchpoint catalogue (touchpoints and their rules) and the stage model, editable over the
 * API; every change is re-applied to past events before the call returns. `builtins: false` in the
 * catalogue switches off the built-in layer (GET /v1/touchpoints/builtin shows it). Secret key.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { StagesSchema } from '../../domain/stage.js';
import { CatalogueSchema, TouchpointRuleSchema, TouchpointSchema } from '../../domain/touchpoint.js';
import { BUILTIN_CATALOGUE_VERSION, BUILTIN_RULES, BUILTIN_TOUCHPOINTS } from '../../domain/builtin-catalogue.js';
import { usesBuiltins } from '../../domain/catalogue-layers.js';
import { authorise } from '../access.js';
import type { ServerContext } from '../context.js';
import { jsonSchema } from '../json-schema.js';
import { parseWith } from '../parse.js';

export function catalogueRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const security = [{ secretKey: [] }];
  const tags = ['touchpoints and stages'];
  app.get('/v1/touchpoints', { schema: { tags, summary: 'The touchpoint catalogue', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    return ctx.state.getCatalogue(ws.id);
  });
  app.get('/v1/touchpoints/builtin', { schema: { tags, summary: 'The built-in catalogue applied beneath the workspace rules (unless the catalogue says builtins: false)', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    const c = await ctx.state.getCatalogue(ws.id);
    return { version: BUILTIN_CATALOGUE_VERSION, enabled: usesBuiltins(c), touchpoints: BUILTIN_TOUCHPOINTS, rules: BUILTIN_RULES };
  });
  app.put('/v1/touchpoints', { schema: { tags, summary: 'Replace the catalogue and re-map past events', security, body: jsonSchema(CatalogueSchema) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'admin')).workspace;
    const catalogue = parseWith(CatalogueSchema, req.body, 'body');
    await checkStages(ctx, ws.id, catalogue.touchpoints);
    const r = await ctx.ingest.replaceCatalogue(ws.id, catalogue);
    return { ...catalogue, remappedEvents: r.events };
  });
  const AddBody = z.object({ touchpoint: TouchpointSchema.optional(), rule: TouchpointRuleSchema });
  app.post('/v1/touchpoints/rules', { schema: { tags, summary: 'Add (or replace by id) a rule, with its touchpoint if new', security, body: jsonSchema(AddBody) } }, async (req, reply) => {
    const ws = (await authorise(ctx, req, 'admin')).workspace;
    const body = parseWith(AddBody, req.body, 'body');
    const current = await ctx.state.getCatalogue(ws.id);
    const touchpoints = body.touchpoint ? [...current.touchpoints.filter((t) => t.name !== body.touchpoint!.name), body.touchpoint] : current.touchpoints;
    const next = parseWith(CatalogueSchema, { touchpoints, rules: [...current.rules.filter((r) => r.id !== body.rule.id), body.rule] }, 'body');
    await checkStages(ctx, ws.id, next.touchpoints);
    const r = await ctx.ingest.replaceCatalogue(ws.id, next);
    return reply.status(201).send({ rule: body.rule, remappedEvents: r.events });
  });
  app.delete('/v1/touchpoints/rules/:id', { schema: { tags, summary: 'Remove a rule and re-map past events', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'admin')).workspace;
    const { id } = parseWith(z.object({ id: z.string().min(1).max(100) }), req.params, 'path');
    const current = await ctx.state.getCatalogue(ws.id);
    if (!current.rules.some((r) => r.id === id)) throw new NotFoundError(`no rule "${id}"`);
    const r = await ctx.ingest.replaceCatalogue(ws.id, { ...current, rules: current.rules.filter((x) => x.id !== id) });
    return { removed: id, remappedEvents: r.events };
  });
  app.get('/v1/stages', { schema: { tags, summary: 'The stage model', security } }, async (req) => {
    const ws = (await authorise(ctx, req, 'viewer')).workspace;
    return ctx.state.getStages(ws.id);
  });
  app.put('/v1/stages', { schema: { tags, summary: 'Replace the stage model', security, body: jsonSchema(StagesSchema) } }, async (req) => {
    const ws = (await authorise(ctx, req, 'admin')).workspace;
    const stages = parseWith(StagesSchema, req.body, 'body');
    const catalogue = await ctx.state.getCatalogue(ws.id);
    const keys = new Set(stages.map((s) => s.key));
    const orphan = catalogue.touchpoints.filter((t) => t.stage !== null && !keys.has(t.stage));
    if (orphan.length) {
      throw new InvalidInputError('stages still in use', orphan.map((t) => ({ where: `touchpoint "${t.name}"`, message: `uses stage "${t.stage}", which this model removes` })));
    }
    await ctx.state.setStages(ws.id, stages);
    return stages;
  });
}

async function checkStages(ctx: ServerContext, ws: string, touchpoints: Array<{ name: string; stage: string | null }>): Promise<void> {
  const keys = new Set((await ctx.state.getStages(ws)).map((s) => s.key));
  const bad = touchpoints.filter((t) => t.stage !== null && !keys.has(t.stage));
  if (bad.length) {
    throw new InvalidInputError('unknown stage', bad.map((t) => ({ where: `touchpoint "${t.name}".stage`, message: `"${t.stage}" is not one of ${[...keys].join(', ')}` })));
  }
}
