/**
 * Shapes of the API answers the shell's pages read, for the parts whose server types live in
 * modules the browser cannot import (stores, insight, auth). Analysis plans and results are
 * imported from src/analytics directly (pure modules); these mirror docs/ and src/ by hand.
 */

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** POST /v1/auth/signin and GET /v1/auth/me. */
export interface SessionInfo {
  user: SessionUser;
  workspace: { id: string; name: string };
}

/** GET /v1/stages. */
export interface StageInfo {
  key: string;
  label: string;
}

/** GET /v1/touchpoints (the catalogue). */
export interface Catalogue {
  touchpoints: Array<{ name: string; channel: string | null; stage: string | null; description: string }>;
}

/** One condition of a persona rule (src/analytics/condition.ts). */
export interface RuleCondition {
  field: string;
  op: string;
  value?: string | number | boolean | Array<string | number | boolean>;
}

export interface PersonaProfile {
  photo?: string;
  goals: string[];
  motivations: string[];
  painPoints: string[];
  demographics: Record<string, string>;
}

/** GET /v1/personas → {personas}; PUT takes the same without `customers`. */
/** "Did STEP between min and max times" over all of a customer's behavioural events. */
export interface BehaviourRuleCondition {
  step: { by: string; value: string; where?: RuleCondition[] };
  min: number;
  max?: number;
}

export interface Persona {
  key: string;
  name: string;
  description: string;
  rule: RuleCondition[];
  behaviour?: BehaviourRuleCondition[];
  profile?: PersonaProfile;
  customers?: number;
}

/** GET /v1/customers. */
export interface CustomerSummary {
  customerId: string;
  userId: string | null;
  email: string | null;
  stage: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
  firstChannelGroup: string | null;
  traits: Record<string, unknown>;
}

export interface TimelineEvent {
  messageId: string;
  timestamp: string;
  type: string;
  name: string;
  source: string;
  channel: string | null;
  channelGroup: string | null;
  touchpoint: string | null;
  stage: string | null;
  properties: Record<string, unknown>;
}

/** GET /v1/customers/:id. */
export interface CustomerDetail extends CustomerSummary {
  identifiers: Array<{ identifier: string; firstSeen: string }>;
  traitHistory: Array<{ trait: string; value: unknown; timestamp: string; messageId: string }>;
  mergedFrom: string[];
  sources: string[];
  timeline: TimelineEvent[];
}

export interface FindingWhere {
  stage: string | null;
  touchpoint?: string;
  fromTouchpoint?: string;
  toTouchpoint?: string;
  channel?: string;
  persona?: string;
  partner?: string;
  survey?: string;
}

/** GET /v1/findings → {lastRun, findings}. */
export interface Finding {
  id: string;
  kind: string;
  where: FindingWhere;
  title: string;
  magnitude: number;
  magnitudeUnit: string;
  severity: number;
  observed: number;
  expected: number;
  confidence: { test: string; statistic: number; p: number; q: number; interval?: { low: number; high: number; level: number } };
  customers: number;
  exampleCustomers: string[];
  opportunity: string;
  active: boolean;
  status: 'open' | 'dismissed' | 'linked';
  owner: string | null;
  opportunityStatus: string | null;
  note: string | null;
  firstSeen: string;
  lastSeen: string;
}

export interface FindingsList {
  lastRun: { runId: string; at: string; tested: number; found: number; tookMs: number } | null;
  findings: Finding[];
}

/** GET /v1/health. */
export interface JourneyHealth {
  overall: number | null;
  formula: string;
  stages: Array<{
    stage: string;
    score: number;
    findingsPart: number;
    kpis: { stage: string; customers: number; conversionRate: number | null; csat: number | null; csatResponses: number; churnRate: number | null };
    movedBy: Array<{ id?: string; kind: string; title: string; severity: number; points: number }>;
  }>;
}

/** Every POST /v1/analyses/{kind} answer. */
export interface AnalysisAnswer<Plan, Result> {
  kind: string;
  plan: Plan;
  result: Result;
  tookMs: number;
}
