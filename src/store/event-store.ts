/**
 * EventStore: where events, the identity graph and customer profiles live. The embedded default
 * is DuckDB (store/duckdb); ClickHouse follows behind the same interface.
 */
import type { CanonicalEvent } from '../domain/event.js';
import type { Catalogue } from '../domain/touchpoint.js';
import type { Problem } from '../domain/errors.js';
import type { ImportSpec } from '../ingest/import/spec.js';

export interface CommitResult {
  received: number;
  inserted: number;
  duplicates: number;
  newCustomers: number;
  merges: number;
}

export interface ImportReport extends CommitResult {
  rows: number;
  rejected: Problem[];
}

export interface CustomerSummary {
  customerId: string;
  userId: string | null;
  email: string | null;
  stage: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
  /** GA4 default channel group of the customer's first event that says where they came from (first touch). */
  firstChannelGroup: string | null;
  traits: Record<string, unknown>;
}

export interface CustomerProfile extends CustomerSummary {
  identifiers: Array<{ identifier: string; firstSeen: string }>;
  traitHistory: Array<{ trait: string; value: unknown; timestamp: string; messageId: string }>;
  mergedFrom: string[];
  sources: string[];
}

export interface TimelineEvent {
  messageId: string;
  timestamp: string;
  type: string;
  name: string;
  source: string;
  channel: string | null;
  /** Acquisition channel group (GA4 default channel grouping) when the event carries campaign, URL or referrer data. */
  channelGroup: string | null;
  touchpoint: string | null;
  stage: string | null;
  properties: Record<string, unknown>;
}

export interface CustomerQuery {
  stage?: string;
  search?: string;
  limit: number;
  offset: number;
}

export interface WorkspaceStats {
  events: number;
  customers: number;
  unmappedEvents: number;
  /** Customers by their current stage (that of their latest event with a stage). */
  byStage: Array<{ stage: string | null; customers: number }>;
  /** Customers with at least one event in the stage (the funnel's "reached"). */
  reachedStage: Array<{ stage: string; customers: number }>;
  /** Events by acquisition channel group, and customers by first-touch channel group; null = no acquisition data. */
  byChannelGroup: Array<{ channelGroup: string | null; events: number; firstTouchCustomers: number }>;
  bySource: Array<{ source: string; events: number }>;
  /** Behavioural events (identify/alias/group calls left out) by touchpoint; null = no rule matched. */
  byTouchpoint: Array<{ touchpoint: string | null; channel: string | null; stage: string | null; events: number }>;
}

/** An event name no rule covers, and where it sits in customers' journeys (for `map propose`). */
export interface UnmappedEventStats {
  name: string;
  events: number;
  customers: number;
  /** Median over customers of the rank of their first occurrence (1 = their first event). */
  medianFirstRank: number;
  /** The same as a fraction of the journey: 0 = first event, 1 = last. */
  medianRelativePosition: number;
  /** Most frequent event right before / after (its touchpoint when mapped, else its name). */
  topPreceding: string | null;
  topFollowing: string | null;
  /** Most frequent stage of the nearest earlier / later event with a stage. */
  stageBefore: string | null;
  stageAfter: string | null;
  sources: string[];
  channels: string[];
}

export interface TouchpointStats {
  touchpoint: string;
  stage: string | null;
  channel: string | null;
  events: number;
  customers: number;
  medianFirstRank: number;
  medianRelativePosition: number;
}

export interface MappingProfile {
  /** Behavioural events (identify/alias/group left out) and customers with any. */
  events: number;
  customers: number;
  unmapped: UnmappedEventStats[];
  touchpoints: TouchpointStats[];
}

export interface EventStore {
  /**
   * Durable once the promise resolves; idempotent by messageId. `settle` names inbox batches these
   * events came from: they leave the inbox in the same transaction (exactly once where the inbox
   * shares the store's database; at least once, deduplicated by messageId, where it does not).
   */
  append(workspaceId: string, events: readonly CanonicalEvent[], catalogue: Catalogue, settle?: readonly number[]): Promise<CommitResult>;
  /** Bulk-load a CSV/NDJSON export with DuckDB's own readers, then commit it like live ingest. */
  importFile(workspaceId: string, file: string, spec: ImportSpec, catalogue: Catalogue, onProgress?: (fraction: number, phase: string) => void): Promise<ImportReport>;
  /** Re-resolve every stored event's touchpoint/channel/stage and every customer's stage. */
  reapplyCatalogue(workspaceId: string, catalogue: Catalogue): Promise<{ events: number }>;
  findCustomer(workspaceId: string, idOrIdentifier: string): Promise<CustomerProfile | null>;
  timeline(workspaceId: string, customerId: string, opts: { limit: number; before?: Date }): Promise<TimelineEvent[]>;
  listCustomers(workspaceId: string, q: CustomerQuery): Promise<{ total: number; customers: CustomerSummary[] }>;
  stats(workspaceId: string): Promise<WorkspaceStats>;
  /** Where mapped touchpoints and unmapped event names sit in customers' journeys. */
  mappingProfile(workspaceId: string): Promise<MappingProfile>;
  /**
   * Erase a customer (right to erasure): events, identifiers, traits, feedback and profile. A
   * resend of the erased events (same messageIds) is not stored again; new events of the same
   * person are (no suppression). Returns events removed.
   */
  eraseCustomer(workspaceId: string, customerId: string): Promise<{ events: number }>;
  close(): Promise<void>;
}
