/**
 * Ingest limits, as Segment documents them for its HTTP API; configurable per deployment.
 */

export interface IngestLimits {
  /** Largest single event, in bytes of its JSON. Segment: 32 KB. */
  maxEventBytes: number;
  /** Largest request body, in bytes (after decompression). Segment: 500 KB. */
  maxBatchBytes: number;
  /** Most events in one batch request. */
  maxBatchEvents: number;
}

export const DEFAULT_LIMITS: IngestLimits = Object.freeze({
  maxEventBytes: 32 * 1024,
  maxBatchBytes: 500 * 1024,
  maxBatchEvents: 2500,
});
