/**
 * Journey maps of a workspace, their snapshots (versions) and the comments on their cells
 * (part of the StateStore).
 */
import type { MapComment } from '../domain/map-comment.js';
import type { JourneyMap, StoredMap } from '../domain/journey-map.js';

export interface MapSummary {
  id: string;
  name: string;
  persona: string | null;
  scenario: string;
  stages: number;
  lanes: number;
  revision: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface MapVersion {
  version: number;
  label: string;
  createdAt: string;
  createdBy: string | null;
}

export interface MapVersionDetail extends MapVersion {
  doc: JourneyMap;
  /** The bound lanes' numbers when the snapshot was taken. */
  metrics: unknown;
}

export class RevisionConflictError extends Error {
  constructor(readonly current: number) {
    super(`the map was changed by someone else (now at revision ${current}); reload it and apply your change again`);
  }
}

export interface MapStore {
  list(ws: string): Promise<MapSummary[]>;
  get(ws: string, id: string): Promise<StoredMap | null>;
  create(ws: string, doc: JourneyMap, by: string | null): Promise<StoredMap>;
  /** Replace the document if `revision` is the current one, else RevisionConflictError. */
  update(ws: string, id: string, doc: JourneyMap, revision: number, by: string | null): Promise<StoredMap>;
  /** Removes the map with its versions and comments. */
  remove(ws: string, id: string): Promise<void>;
  snapshot(ws: string, id: string, label: string, metrics: unknown, by: string | null): Promise<MapVersion>;
  versions(ws: string, id: string): Promise<MapVersion[]>;
  version(ws: string, id: string, version: number): Promise<MapVersionDetail | null>;
  addComment(ws: string, comment: Omit<MapComment, 'id' | 'createdAt' | 'resolved'>): Promise<MapComment>;
  comments(ws: string, mapId: string): Promise<MapComment[]>;
  resolveComment(ws: string, mapId: string, id: string, resolved: boolean): Promise<MapComment>;
}
