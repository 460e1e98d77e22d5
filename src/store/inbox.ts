/**
 * Inbox: where acknowledged ingest batches wait, durably, until they are resolved into the event
 * store (identities, touchpoints, dedupe). HTTP ingest answers once its batch is in the inbox;
 * a drainer moves batches into the store in large groups and settles (removes) them in the same
 * transaction, so every acknowledged event is stored exactly once even across a crash. Segment and
 * PostHog do the same behind Kafka. Embedded on the DuckDB file; PostgreSQL follows behind it.
 */
/** A request body as it came (kept instead of re-serialising its events: cheaper to acknowledge). */
export interface RawRequest {
  /** Which decoder reads it again (`segment:batch`, `posthog`, …; `canonical` = serialised events). */
  kind: string;
  body: string;
  /** The arrival time the events were decoded with (Segment's clock-skew correction uses it). */
  receivedAt: Date;
}

export interface InboxBatch {
  workspaceId: string;
  /** How many events the request holds. */
  events: number;
  /** The request as it came (or its events serialised, kind `canonical`). */
  raw: RawRequest;
}

/** A batch as the inbox holds it, for the drainer (or the next start) to decode. */
export interface StoredBatch extends RawRequest {
  /** Position in the inbox: batches are drained in this order per workspace. */
  seq: number;
  workspaceId: string;
  events: number;
}

/** A batch the drainer could not store or decode, with why. */
export interface FailedBatch {
  seq: number;
  workspaceId: string;
  kind: string;
  events: number;
  receivedAt: Date;
  error: string;
}

export interface InboxCounts {
  /** Batches and events acknowledged and not yet in the event store. */
  batches: number;
  events: number;
  /** Batches the drainer could not store (kept with their error, never dropped). */
  failedBatches: number;
}

export interface Inbox {
  /** Store the batches durably in one transaction; returns their sequence numbers, in order. */
  put(batches: readonly InboxBatch[]): Promise<number[]>;
  /** Batches left by an earlier run (not failed), oldest first. */
  waiting(): Promise<StoredBatch[]>;
  /** Keep a batch that cannot be stored, with the reason, out of the drainer's way. */
  markFailed(seq: number, error: string): Promise<void>;
  counts(): Promise<InboxCounts>;
  /** The batches marked failed, oldest first (only one workspace's when given). */
  failed(workspaceId?: string): Promise<FailedBatch[]>;
  /** Clear the failed marks of these batches (every batch's when not given), so they are drained again; returns how many. */
  requeue(seqs?: readonly number[]): Promise<number>;
}
