/**
 * Journey maps over HTTP: templates, the maps of a workspace (create from a template, from the
 * data proposal, from a document or a JSON export; read; replace with optimistic concurrency;
 * delete), the live numbers of their bound lanes, versions (snapshots with their numbers) and
 * comparisons, cell comments with @mentions, and exports (JSON, CSV, Mermaid, SVG, PNG).
 * Viewers read; editors change.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { type JourneyMap, JourneyMapSchema, type StoredMap } from '../../domain/journey-map.js';
import { mentionedUsers, NewCommentSchema } from '../../domain/map-comment.js';
import { proposeMap } from '../../mapping/propose.js';
import { EXPORT_FORMATS, exportMap } from '../../maps/export-map.js';
import { importMapJson } from '../../maps/export-json.js';
import { mapFromProposal } from '../../maps/map-from-proposal.js';
import { diffMaps } from '../../maps/map-diff.js';
import { computeMapMetrics, type MapMetrics } from '../../maps/map-metrics.js';
import { MAP_TEMPLATES } from '../../maps/templates.js';
import { RevisionConflictError } from '../../store/map-store.js';
import { authorise } from '../access.js';
import type { ServerContext } from '../context.js';
import { feedbackSourceOf } from '../feedback-source.js';
import { HttpError } from '../http-error.js';
import { jsonSchema } from '../json-schema.js';
import { parseWith } from '../parse.js';

const IdParams = z.object({ id: z.string().min(1).max(100) });
const VersionParams = z.object({ id: z.string().min(1).max(100), version: z.coerce.number().int().min(1) });
const CommentParams = z.object({ id: z.string().min(1).max(100), cid: z.string().min(1).max(100) });
const CreateBody = z
  .object({
    template: z.string().min(1).max(60).optional(),
    fromProposal: z.literal(true).optional(),
    doc: z.unknown().optional(),
    name: z.string().trim().min(1).max(120).optional(),
  })
  .strict()
  .refine((b) => [b.template, b.fromProposal, b.doc].filter((x) => x !== undefined).length <= 1, { message: 'give one of template, fromProposal or doc' });
const UpdateBody = z.object({ doc: z.unknown(), revision: z.number().int().min(1) }).strict();
const VersionBody = z.object({ label: z.string().trim().min(1, 'a version needs a label').max(200) }).strict();
const CompareQuery = z.object({ from: z.coerce.number().int().min(1), to: z.union([z.literal('current'), z.coerce.number().int().min(1)]).default('current') });
const ResolveBody = z.object({ resolved: z.boolean().default(true) }).strict();
const ExportQuery = z.object({ format: z.enum(EXPORT_FORMATS) });

/** Parse a map document; a failure is a 400 naming each field under `doc.`. */
function parseDoc(value: unknown, where = 'doc'): JourneyMap {
  const r = JourneyMapSchema.safeParse(value);
  if (r.success) return r.data;
  throw new InvalidInputError('invalid map', r.error.issues.map((i) => ({ where: [where, ...i.path.map(String)].join('.'), message: i.message })));
}

export function mapRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const tags = ['journey maps'];
  const security = [{ secretKey: [] }];

  async function mustGet(ws: string, id: string): Promise<StoredMap> {
    const m = await ctx.state.maps.get(ws, id);
    if (!m) throw new NotFoundError(`no map ${id}`);
    return m;
  }
  async function metricsOf(ws: string, doc: JourneyMap): Promise<MapMetrics> {
    await ctx.ingest.drain();
    return computeMapMetrics(ws, doc, { analytics: ctx.analytics, feedback: feedbackSourceOf(ctx) });
  }
  async function personaName(ws: string, doc: JourneyMap): Promise<string | null> {
    if (!doc.persona) return null;
    return (await ctx.state.getPersonas(ws)).find((p) => p.key === doc.persona)?.name ?? doc.persona;
  }

  app.get('/v1/map-templates', { schema: { tags, summary: 'Map templates to start from', security } }, async (req) => {
    await authorise(ctx, req, 'viewer');
    return { templates: MAP_TEMPLATES.map((t) => ({ key: t.key, name: t.name, description: t.description })) };
  });

  app.get('/v1/maps', { schema: { tags, summary: "The workspace's journey maps", security } }, async (req) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    return { maps: await ctx.state.maps.list(workspace.id) };
  });

  app.post('/v1/maps', { schema: { tags, summary: 'Create a map from a template, from the data proposal, or from a document', security, body: jsonSchema(CreateBody) } }, async (req, reply) => {
    const access = await authorise(ctx, req, 'editor');
    const body = parseWith(CreateBody, req.body, 'body');
    const ws = access.workspace.id;
    let doc: JourneyMap;
    if (body.template !== undefined) {
      const t = MAP_TEMPLATES.find((x) => x.key === body.template);
      if (!t) throw new InvalidInputError('unknown template', [{ where: 'body.template', message: `no template "${body.template}"; there are ${MAP_TEMPLATES.map((x) => x.key).join(', ')}` }]);
      doc = t.build();
    } else if (body.fromProposal) {
      await ctx.ingest.drain();
      const [catalogue, stages, profile] = await Promise.all([ctx.state.getCatalogue(ws), ctx.state.getStages(ws), ctx.events.mappingProfile(ws)]);
      doc = mapFromProposal(proposeMap(profile, catalogue, stages));
    } else if (body.doc !== undefined) {
      doc = parseDoc(body.doc, 'body.doc');
    } else {
      doc = parseDoc({ name: 'Untitled journey', stages: [{ id: 'st_1', name: 'Stage 1', steps: [{ id: 'sp_1', name: 'Step 1' }] }], lanes: [{ id: 'ln_actions', kind: 'text', name: 'Actions' }] });
    }
    if (body.name) doc = { ...doc, name: body.name };
    return reply.status(201).send(await ctx.state.maps.create(ws, doc, access.actor));
  });

  app.post('/v1/maps/import', { schema: { tags, summary: 'Create a map from a Waymark JSON export', security } }, async (req, reply) => {
    const access = await authorise(ctx, req, 'editor');
    const doc = importMapJson(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? null));
    return reply.status(201).send(await ctx.state.maps.create(access.workspace.id, doc, access.actor));
  });

  app.get('/v1/maps/:id', { schema: { tags, summary: 'A map', security } }, async (req) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    const { id } = parseWith(IdParams, req.params, 'path');
    return mustGet(workspace.id, id);
  });

  app.put('/v1/maps/:id', { schema: { tags, summary: 'Replace a map; revision must be the one you read (409 otherwise)', security, body: jsonSchema(UpdateBody) } }, async (req) => {
    const access = await authorise(ctx, req, 'editor');
    const { id } = parseWith(IdParams, req.params, 'path');
    const body = parseWith(UpdateBody, req.body, 'body');
    const doc = parseDoc(body.doc, 'body.doc');
    try {
      return await ctx.state.maps.update(access.workspace.id, id, doc, body.revision, access.actor);
    } catch (err) {
      if (err instanceof RevisionConflictError) throw new HttpError(409, 'conflict', err.message);
      throw err;
    }
  });

  app.delete('/v1/maps/:id', { schema: { tags, summary: 'Delete a map with its versions and comments', security } }, async (req, reply) => {
    const access = await authorise(ctx, req, 'editor');
    const { id } = parseWith(IdParams, req.params, 'path');
    await ctx.state.maps.remove(access.workspace.id, id);
    return reply.status(204).send();
  });

  app.get('/v1/maps/:id/metrics', { schema: { tags, summary: "The live numbers of the map's bound lanes for its persona and time range", security } }, async (req) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    const { id } = parseWith(IdParams, req.params, 'path');
    return metricsOf(workspace.id, (await mustGet(workspace.id, id)).doc);
  });

  app.post('/v1/maps/:id/metrics', { schema: { tags, summary: 'The live numbers of an unsaved map document (what-if while editing)', security } }, async (req) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    const { id } = parseWith(IdParams, req.params, 'path');
    await mustGet(workspace.id, id);
    return metricsOf(workspace.id, parseDoc((req.body as { doc?: unknown } | null)?.doc, 'body.doc'));
  });

  app.get('/v1/maps/:id/versions', { schema: { tags, summary: 'Snapshots of a map, newest first', security } }, async (req) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    const { id } = parseWith(IdParams, req.params, 'path');
    return { versions: await ctx.state.maps.versions(workspace.id, id) };
  });

  app.post('/v1/maps/:id/versions', { schema: { tags, summary: 'Snapshot a map with the numbers of its bound lanes', security, body: jsonSchema(VersionBody) } }, async (req, reply) => {
    const access = await authorise(ctx, req, 'editor');
    const { id } = parseWith(IdParams, req.params, 'path');
    const { label } = parseWith(VersionBody, req.body, 'body');
    const map = await mustGet(access.workspace.id, id);
    const metrics = await metricsOf(access.workspace.id, map.doc);
    return reply.status(201).send(await ctx.state.maps.snapshot(access.workspace.id, id, label, metrics, access.actor));
  });

  app.get('/v1/maps/:id/versions/:version', { schema: { tags, summary: 'One snapshot with its document and numbers', security } }, async (req) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    const { id, version } = parseWith(VersionParams, req.params, 'path');
    const v = await ctx.state.maps.version(workspace.id, id, version);
    if (!v) throw new NotFoundError(`map ${id} has no version ${version}`);
    return v;
  });

  app.get('/v1/maps/:id/compare', { schema: { tags, summary: 'What changed between two versions (or a version and now), in the map and in its numbers', security, querystring: jsonSchema(CompareQuery) } }, async (req) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    const { id } = parseWith(IdParams, req.params, 'path');
    const q = parseWith(CompareQuery, req.query, 'query');
    const side = async (v: number | 'current'): Promise<{ doc: JourneyMap; metrics: MapMetrics | null; label: string }> => {
      if (v === 'current') {
        const m = await mustGet(workspace.id, id);
        return { doc: m.doc, metrics: await metricsOf(workspace.id, m.doc), label: 'current' };
      }
      const s = await ctx.state.maps.version(workspace.id, id, v);
      if (!s) throw new InvalidInputError('unknown version', [{ where: 'query', message: `map ${id} has no version ${v}` }]);
      return { doc: s.doc, metrics: (s.metrics as MapMetrics | null) ?? null, label: `v${v} ${s.label}` };
    };
    const [a, b] = await Promise.all([side(q.from), side(q.to)]);
    return { from: a.label, to: b.label, diff: diffMaps(a.doc, b.doc, { a: a.metrics?.lanes ?? undefined, b: b.metrics?.lanes ?? undefined }) };
  });

  app.get('/v1/maps/:id/comments', { schema: { tags, summary: 'Comments on the cells of a map', security } }, async (req) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    const { id } = parseWith(IdParams, req.params, 'path');
    return { comments: await ctx.state.maps.comments(workspace.id, id) };
  });

  app.post('/v1/maps/:id/comments', { schema: { tags, summary: 'Comment on a cell, stage or the map; @name mentions a person', security, body: jsonSchema(NewCommentSchema) } }, async (req, reply) => {
    const access = await authorise(ctx, req, 'editor');
    const { id } = parseWith(IdParams, req.params, 'path');
    const body = parseWith(NewCommentSchema, req.body, 'body');
    const map = await mustGet(access.workspace.id, id);
    const mentions = mentionedUsers(body.body, await ctx.state.users.list(access.workspace.id));
    if (body.cell !== 'map') {
      const known = body.cell.startsWith('stage:') ? map.doc.stages.some((s) => `stage:${s.id}` === body.cell) : cellExists(map.doc, body.cell);
      if (!known) throw new InvalidInputError('unknown cell', [{ where: 'body.cell', message: `map ${id} has no cell "${body.cell}"` }]);
    }
    const comment = await ctx.state.maps.addComment(access.workspace.id, {
      mapId: id,
      cell: body.cell,
      author: { id: access.user?.id ?? null, name: access.actor },
      body: body.body,
      mentions,
    });
    return reply.status(201).send(comment);
  });

  app.post('/v1/maps/:id/comments/:cid/resolve', { schema: { tags, summary: 'Resolve (or reopen) a comment', security, body: jsonSchema(ResolveBody) } }, async (req) => {
    const access = await authorise(ctx, req, 'editor');
    const { id, cid } = parseWith(CommentParams, req.params, 'path');
    const { resolved } = parseWith(ResolveBody, req.body ?? {}, 'body');
    return ctx.state.maps.resolveComment(access.workspace.id, id, cid, resolved);
  });

  app.get('/v1/maps/:id/export', { schema: { tags, summary: 'Export a map as JSON (imports back), CSV of lanes, Mermaid journey, SVG or PNG', security, querystring: jsonSchema(ExportQuery) } }, async (req, reply) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    const { id } = parseWith(IdParams, req.params, 'path');
    const { format } = parseWith(ExportQuery, req.query, 'query');
    const map = await mustGet(workspace.id, id);
    const needsNumbers = format !== 'json';
    const metrics = needsNumbers ? await metricsOf(workspace.id, map.doc) : null;
    const file = await exportMap(format, map, { metrics, personaName: await personaName(workspace.id, map.doc) });
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });
}

function cellExists(doc: JourneyMap, key: string): boolean {
  const [laneId, stepId] = key.split('/');
  return doc.lanes.some((l) => l.id === laneId) && doc.stages.some((s) => s.steps.some((p) => p.id === stepId));
}
