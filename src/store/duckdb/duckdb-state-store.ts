/**
 * StateStore on the embedded DuckDB file: workspaces, keys and settings documents; people and
 * maps in their own stores on the same file.
 */
import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../../domain/errors.js';
import { hashKey, newSecretKey, newWriteKey, sameHash } from '../../domain/keys.js';
import { type Persona, PersonasSchema } from '../../domain/persona.js';
import { DEFAULT_STAGES, type Stage, StagesSchema } from '../../domain/stage.js';
import { type Catalogue, CatalogueSchema, EMPTY_CATALOGUE } from '../../domain/touchpoint.js';
import type { NewWorkspace, StateStore, Workspace } from '../state-store.js';
import type { DuckDatabase, Row } from './database.js';
import { DuckMapStore } from './duckdb-map-store.js';
import { DuckUserStore } from './duckdb-user-store.js';

function toWorkspace(r: Row): Workspace {
  return { id: String(r.id), name: String(r.name), writeKey: String(r.write_key), createdAt: String(r.created_at) };
}

export class DuckStateStore implements StateStore {
  readonly users: DuckUserStore;
  readonly maps: DuckMapStore;

  constructor(private readonly db: DuckDatabase) {
    this.users = new DuckUserStore(db, (id) => this.getWorkspace(id));
    this.maps = new DuckMapStore(db);
  }

  async createWorkspace(name: string, opts: { id?: string } = {}): Promise<NewWorkspace> {
    const taken = (await this.listWorkspaces()).find((w) => w.name === name || w.id === opts.id);
    if (taken) {
      throw new InvalidInputError('workspace exists', [{ where: taken.name === name ? 'name' : 'id', message: `a workspace "${taken.name}" (id ${taken.id}) already exists` }]);
    }
    const id = opts.id ?? 'ws_' + randomUUID().replace(/-/g, '').slice(0, 16);
    const writeKey = newWriteKey();
    const secretKey = newSecretKey();
    const createdAt = new Date().toISOString();
    await this.db.transaction((c) => c.run(`INSERT INTO workspaces VALUES ($1, $2, $3, $4, $5::TIMESTAMP)`, [id, name, writeKey, hashKey(secretKey), createdAt]));
    return { id, name, writeKey, secretKey, createdAt };
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return (await this.db.all(`SELECT * FROM workspaces ORDER BY created_at, id`)).map(toWorkspace);
  }

  async getWorkspace(id: string): Promise<Workspace | null> {
    const [r] = await this.db.all(`SELECT * FROM workspaces WHERE id = $1`, [id]);
    return r ? toWorkspace(r) : null;
  }

  async workspaceByWriteKey(writeKey: string): Promise<Workspace | null> {
    const [r] = await this.db.all(`SELECT * FROM workspaces WHERE write_key = $1`, [writeKey]);
    return r ? toWorkspace(r) : null;
  }

  async workspaceBySecretKey(secretKey: string): Promise<Workspace | null> {
    const h = hashKey(secretKey);
    const [r] = await this.db.all(`SELECT * FROM workspaces WHERE secret_key_hash = $1`, [h]);
    return r && sameHash(String(r.secret_key_hash), h) ? toWorkspace(r) : null;
  }

  async rotateSecretKey(id: string): Promise<string> {
    const key = newSecretKey();
    await this.db.transaction((c) => c.run(`UPDATE workspaces SET secret_key_hash = $2 WHERE id = $1`, [id, hashKey(key)]));
    return key;
  }

  private async getSetting(ws: string, key: string): Promise<unknown> {
    const [r] = await this.db.all(`SELECT value FROM workspace_settings WHERE workspace_id = $1 AND key = $2`, [ws, key]);
    return r ? JSON.parse(String(r.value)) : undefined;
  }

  private async setSetting(ws: string, key: string, value: unknown): Promise<void> {
    await this.db.transaction((c) =>
      c.run(
        `INSERT INTO workspace_settings VALUES ($1, $2, $3::JSON, now()::TIMESTAMP)
         ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [ws, key, JSON.stringify(value)],
      ),
    );
  }

  async getCatalogue(ws: string): Promise<Catalogue> {
    const v = await this.getSetting(ws, 'catalogue');
    return v === undefined ? EMPTY_CATALOGUE : CatalogueSchema.parse(v);
  }

  async setCatalogue(ws: string, catalogue: Catalogue): Promise<void> {
    await this.setSetting(ws, 'catalogue', CatalogueSchema.parse(catalogue));
  }

  async getStages(ws: string): Promise<Stage[]> {
    const v = await this.getSetting(ws, 'stages');
    return v === undefined ? [...DEFAULT_STAGES] : StagesSchema.parse(v);
  }

  async setStages(ws: string, stages: Stage[]): Promise<void> {
    await this.setSetting(ws, 'stages', StagesSchema.parse(stages));
  }

  async getPersonas(ws: string): Promise<Persona[]> {
    const v = await this.getSetting(ws, 'personas');
    return v === undefined ? [] : PersonasSchema.parse(v);
  }

  async setPersonas(ws: string, personas: Persona[]): Promise<void> {
    await this.setSetting(ws, 'personas', PersonasSchema.parse(personas));
  }
}
