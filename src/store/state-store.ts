/**
 * StateStore: workspaces and their keys, per-workspace settings (touchpoint catalogue, stage
 * model, personas), the workspace's people (`users`) and journey maps (`maps`). Embedded on
 * DuckDB; PostgreSQL follows behind the same interface.
 */
import type { Catalogue } from '../domain/touchpoint.js';
import type { Stage } from '../domain/stage.js';
import type { Persona } from '../domain/persona.js';
import type { MapStore } from './map-store.js';
import type { UserStore } from './user-store.js';

export interface Workspace {
  id: string;
  name: string;
  writeKey: string;
  createdAt: string;
}

export interface NewWorkspace extends Workspace {
  /** Shown once, at creation; only its hash is stored. */
  secretKey: string;
}

export interface StateStore {
  readonly users: UserStore;
  readonly maps: MapStore;
  createWorkspace(name: string, opts?: { id?: string }): Promise<NewWorkspace>;
  listWorkspaces(): Promise<Workspace[]>;
  getWorkspace(id: string): Promise<Workspace | null>;
  workspaceByWriteKey(writeKey: string): Promise<Workspace | null>;
  workspaceBySecretKey(secretKey: string): Promise<Workspace | null>;
  /** Replace the secret key (the old one stops working); returns the new one. */
  rotateSecretKey(id: string): Promise<string>;
  getCatalogue(workspaceId: string): Promise<Catalogue>;
  setCatalogue(workspaceId: string, catalogue: Catalogue): Promise<void>;
  getStages(workspaceId: string): Promise<Stage[]>;
  setStages(workspaceId: string, stages: Stage[]): Promise<void>;
  getPersonas(workspaceId: string): Promise<Persona[]>;
  setPersonas(workspaceId: string, personas: Persona[]): Promise<void>;
}
