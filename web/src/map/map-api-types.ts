/**
 * The shapes of the HTTP API answers the map pages read (see the API contract): the map list,
 * templates, live metrics, comments, versions, personas, stages, touchpoints, users, findings.
 * Types only; the map document itself is src/domain/journey-map.ts.
 */
import type { JourneyMap } from '../../../src/domain/journey-map.js';

export interface MapSummary {
  id: string;
  name: string;
  persona: string | null;
  scenario: string;
  revision: number;
  updatedAt: string;
}

export interface MapTemplate {
  key: string;
  name: string;
  description: string;
}

export interface MetricValue {
  value: number | null;
  display: string;
  customers?: number;
}

export interface MapMetrics {
  computedAt: string;
  lanes: Record<string, Record<string, MetricValue>>;
  emotion: Record<string, Record<string, number | null>>;
}

export interface MapComment {
  id: string;
  cell: string;
  author: { id: string; name: string };
  body: string;
  mentions: string[];
  createdAt: string;
  resolved: boolean;
}

export interface MapVersion {
  version: number;
  label: string;
  createdAt: string;
  createdBy: string | null;
}

export interface MapVersionDetail extends MapVersion {
  doc: JourneyMap;
  metrics: MapMetrics | null;
}

export interface PersonaProfile {
  photo?: string;
  goals?: string[];
  motivations?: string[];
  painPoints?: string[];
  demographics?: Record<string, string>;
}

export interface PersonaSummary {
  key: string;
  name: string;
  description: string;
  customers?: number;
  profile?: PersonaProfile;
}

export interface StageModelEntry {
  key: string;
  label?: string;
  name?: string;
}

export interface CatalogueTouchpoint {
  name: string;
  channel: string | null;
  stage: string | null;
  description?: string;
}

export type Role = 'viewer' | 'editor' | 'admin';

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface FindingSummary {
  id: string;
  kind: string;
  title: string;
  severity: number;
  customers: number;
  opportunity: string;
  status?: string;
  where: { stage: string | null; touchpoint?: string; fromTouchpoint?: string; toTouchpoint?: string; channel?: string };
}

/** The label of a stage of the stage model (the API calls it label; older answers name). */
export function stageLabel(s: StageModelEntry): string {
  return s.label ?? s.name ?? s.key;
}
