/**
 * The seam between acknowledging an ingest request and resolving it: a `RequestDecoder` checks a
 * request body (key, event count, or what is wrong) when it arrives, and decodes stored bodies back
 * to canonical events when the drainer resolves them. `InlineDecoder` does both on the calling
 * thread; `DecodePool` (decode-pool.ts) on worker threads, so parsing and validating a burst of
 * requests runs on every core instead of the server's one event loop.
 */
import type { CanonicalEvent } from '../../domain/event.js';
import type { StoredBatch } from '../../store/inbox.js';
import { type CheckedRequest, checkRequest, decodeStoredBatch, type IngestKind } from '../decode.js';
import type { IngestLimits } from '../limits.js';

export interface RequestDecoder {
  /** A request body as it came → its key and event count, or its problems (nothing is kept). */
  check(kind: IngestKind, text: string, receivedAt: Date): Promise<CheckedRequest>;
  /** Stored batches → their events, in order; throws (saying which batch and why) if one cannot be decoded. */
  decode(batches: readonly StoredBatch[]): Promise<CanonicalEvent[][]>;
  /** Be ready for requests (start threads, load code) before the first one comes. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** The stored batch that could not be decoded, and why (what the inbox marks it with). */
export function undecodable(b: Pick<StoredBatch, 'seq'>, err: unknown): Error {
  return new Error(`batch ${b.seq} could not be decoded: ${(err as Error)?.message ?? err}`);
}

export class InlineDecoder implements RequestDecoder {
  constructor(private readonly limits: IngestLimits) {}

  check(kind: IngestKind, text: string, receivedAt: Date): Promise<CheckedRequest> {
    return Promise.resolve(checkRequest(kind, text, receivedAt, this.limits));
  }

  decode(batches: readonly StoredBatch[]): Promise<CanonicalEvent[][]> {
    return Promise.resolve(
      batches.map((b) => {
        try {
          return decodeStoredBatch(b, this.limits);
        } catch (err) {
          throw undecodable(b, err);
        }
      }),
    );
  }

  warm(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
