/**
 * MapStore on the embedded DuckDB file: the map document as JSON with a revision number for
 * optimistic concurrency, snapshots with the metrics of their time, and cell comments.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../domain/errors.js';
import { type JourneyMap, JourneyMapSchema, type StoredMap } from '../../domain/journey-map.js';
import type { MapComment } from '../../domain/map-comment.js';
import { type MapStore, type MapSummary, type MapVersion, type MapVersionDetail, RevisionConflictError } from '../map-store.js';
import type { DuckDatabase, Row } from './database.js';
import { isoFromDuck } from './timestamp.js';

function toStored(r: Row): StoredMap {
  return {
    id: String(r.id),
    workspaceId: String(r.workspace_id),
    revision: Number(r.revision),
    createdAt: isoFromDuck(r.created_at),
    updatedAt: isoFromDuck(r.updated_at),
    updatedBy: r.updated_by == null ? null : String(r.updated_by),
    doc: JourneyMapSchema.parse(JSON.parse(String(r.doc))),
  };
}

function toVersion(r: Row): MapVersion {
  return { version: Number(r.version), label: String(r.label), createdAt: isoFromDuck(r.created_at), createdBy: r.created_by == null ? null : String(r.created_by) };
}

function toComment(r: Row): MapComment {
  return {
    id: String(r.id),
    mapId: String(r.map_id),
    cell: String(r.cell),
    author: { id: r.author_id == null ? null : String(r.author_id), name: String(r.author_name) },
    body: String(r.body),
    mentions: JSON.parse(String(r.mentions)) as string[],
    createdAt: isoFromDuck(r.created_at),
    resolved: Boolean(r.resolved),
  };
}

export class DuckMapStore implements MapStore {
  constructor(private readonly db: DuckDatabase) {}

  async list(ws: string): Promise<MapSummary[]> {
    const rows = await this.db.all(`SELECT * FROM maps WHERE workspace_id = $1 ORDER BY updated_at DESC, id`, [ws]);
    return rows.map((r) => {
      const m = toStored(r);
      return {
        id: m.id,
        name: m.doc.name,
        persona: m.doc.persona,
        scenario: m.doc.scenario,
        stages: m.doc.stages.length,
        lanes: m.doc.lanes.length,
        revision: m.revision,
        updatedAt: m.updatedAt,
        updatedBy: m.updatedBy,
      };
    });
  }

  async get(ws: string, id: string): Promise<StoredMap | null> {
    const [r] = await this.db.all(`SELECT * FROM maps WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? toStored(r) : null;
  }

  private async must(ws: string, id: string): Promise<StoredMap> {
    const m = await this.get(ws, id);
    if (!m) throw new NotFoundError(`no map ${id}`);
    return m;
  }

  async create(ws: string, doc: JourneyMap, by: string | null): Promise<StoredMap> {
    const valid = JourneyMapSchema.parse(doc);
    const id = 'map_' + randomUUID().replace(/-/g, '').slice(0, 12);
    await this.db.transaction((c) =>
      c.run(`INSERT INTO maps VALUES ($1, $2, $3, $4::JSON, 1, now()::TIMESTAMP, now()::TIMESTAMP, $5)`, [ws, id, valid.name, JSON.stringify(valid), by]),
    );
    return this.must(ws, id);
  }

  async update(ws: string, id: string, doc: JourneyMap, revision: number, by: string | null): Promise<StoredMap> {
    const valid = JourneyMapSchema.parse(doc);
    await this.db.transaction(async (c) => {
      const cur = await c.runAndReadAll(`SELECT revision FROM maps WHERE workspace_id = $1 AND id = $2`, [ws, id]);
      const row = cur.getRowObjectsJson()[0];
      if (!row) throw new NotFoundError(`no map ${id}`);
      if (Number(row.revision) !== revision) throw new RevisionConflictError(Number(row.revision));
      await c.run(
        `UPDATE maps SET name = $3, doc = $4::JSON, revision = revision + 1, updated_at = now()::TIMESTAMP, updated_by = $5 WHERE workspace_id = $1 AND id = $2`,
        [ws, id, valid.name, JSON.stringify(valid), by],
      );
    });
    return this.must(ws, id);
  }

  async remove(ws: string, id: string): Promise<void> {
    await this.must(ws, id);
    await this.db.transaction(async (c) => {
      for (const table of ['map_comments', 'map_versions']) await c.run(`DELETE FROM ${table} WHERE workspace_id = $1 AND map_id = $2`, [ws, id]);
      await c.run(`DELETE FROM maps WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    });
  }

  async snapshot(ws: string, id: string, label: string, metrics: unknown, by: string | null): Promise<MapVersion> {
    const map = await this.must(ws, id);
    const version = await this.db.transaction(async (c) => {
      const cur = await c.runAndReadAll(`SELECT coalesce(max(version), 0) + 1 AS v FROM map_versions WHERE workspace_id = $1 AND map_id = $2`, [ws, id]);
      const v = Number(cur.getRowObjectsJson()[0]?.v ?? 1);
      await c.run(`INSERT INTO map_versions VALUES ($1, $2, $3, $4, $5::JSON, $6::JSON, now()::TIMESTAMP, $7)`, [
        ws,
        id,
        v,
        label,
        JSON.stringify(map.doc),
        metrics === undefined ? null : JSON.stringify(metrics),
        by,
      ]);
      return v;
    });
    const [r] = await this.db.all(`SELECT * FROM map_versions WHERE workspace_id = $1 AND map_id = $2 AND version = $3`, [ws, id, version]);
    return toVersion(r!);
  }

  async versions(ws: string, id: string): Promise<MapVersion[]> {
    await this.must(ws, id);
    return (await this.db.all(`SELECT version, label, created_at, created_by FROM map_versions WHERE workspace_id = $1 AND map_id = $2 ORDER BY version DESC`, [ws, id])).map(toVersion);
  }

  async version(ws: string, id: string, version: number): Promise<MapVersionDetail | null> {
    const [r] = await this.db.all(`SELECT * FROM map_versions WHERE workspace_id = $1 AND map_id = $2 AND version = $3`, [ws, id, version]);
    if (!r) return null;
    return { ...toVersion(r), doc: JourneyMapSchema.parse(JSON.parse(String(r.doc))), metrics: r.metrics == null ? null : JSON.parse(String(r.metrics)) };
  }

  async addComment(ws: string, c: Omit<MapComment, 'id' | 'createdAt' | 'resolved'>): Promise<MapComment> {
    await this.must(ws, c.mapId);
    const id = 'cmt_' + randomUUID().replace(/-/g, '').slice(0, 12);
    await this.db.transaction((conn) =>
      conn.run(`INSERT INTO map_comments VALUES ($1, $2, $3, $4, $5, $6, $7, $8::JSON, now()::TIMESTAMP, false)`, [
        ws,
        id,
        c.mapId,
        c.cell,
        c.author.id,
        c.author.name,
        c.body,
        JSON.stringify(c.mentions),
      ]),
    );
    const [r] = await this.db.all(`SELECT * FROM map_comments WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return toComment(r!);
  }

  async comments(ws: string, mapId: string): Promise<MapComment[]> {
    await this.must(ws, mapId);
    return (await this.db.all(`SELECT * FROM map_comments WHERE workspace_id = $1 AND map_id = $2 ORDER BY created_at, id`, [ws, mapId])).map(toComment);
  }

  async resolveComment(ws: string, mapId: string, id: string, resolved: boolean): Promise<MapComment> {
    const [r] = await this.db.all(`SELECT id FROM map_comments WHERE workspace_id = $1 AND map_id = $2 AND id = $3`, [ws, mapId, id]);
    if (!r) throw new NotFoundError(`no comment ${id} on map ${mapId}`);
    await this.db.transaction((c) => c.run(`UPDATE map_comments SET resolved = $4 WHERE workspace_id = $1 AND map_id = $2 AND id = $3`, [ws, mapId, id, resolved]));
    const [row] = await this.db.all(`SELECT * FROM map_comments WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return toComment(row!);
  }
}
