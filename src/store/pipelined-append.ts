/**
 * Bulk append with one commit in flight: events are gathered into chunks, and a full chunk is
 * committed while the producer goes on building the next one (a commit's SQL runs on DuckDB's
 * threads, so producing and committing overlap instead of taking turns). The default chunk is
 * above DuckDB's row-group size (122,880 rows), so a commit's rows are written straight to the
 * file instead of to the write-ahead log first and again at the checkpoint. Used by the demo
 * loader and the benchmarks' data sets, which produce events much faster than one commit stores
 * them.
 */
import type { CanonicalEvent } from '../domain/event.js';
import type { CommitResult } from './event-store.js';

export const BULK_CHUNK = 150_000;

export class PipelinedAppend {
  private chunk: CanonicalEvent[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  readonly totals: CommitResult = { received: 0, inserted: 0, duplicates: 0, newCustomers: 0, merges: 0 };

  constructor(
    private readonly append: (events: readonly CanonicalEvent[]) => Promise<CommitResult>,
    private readonly chunkSize = BULK_CHUNK,
    /** Called after each committed chunk with the running totals. */
    private readonly onCommitted?: (totals: CommitResult) => void,
  ) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`chunk size must be a positive integer, got ${chunkSize}`);
  }

  /** Add an event; when its chunk is full, waits for the previous commit and starts this one. */
  async push(e: CanonicalEvent): Promise<void> {
    this.chunk.push(e);
    if (this.chunk.length >= this.chunkSize) await this.send();
  }

  /** Commit what is left and wait for every commit; throws the first commit error. */
  async finish(): Promise<CommitResult> {
    await this.send();
    await this.inFlight;
    this.rethrow();
    return this.totals;
  }

  private async send(): Promise<void> {
    await this.inFlight;
    this.rethrow();
    if (this.chunk.length === 0) return;
    const events = this.chunk;
    this.chunk = [];
    this.inFlight = this.append(events).then(
      (r) => {
        for (const k of Object.keys(this.totals) as Array<keyof CommitResult>) this.totals[k] += r[k];
        this.onCommitted?.(this.totals);
      },
      (err: unknown) => {
        this.failure = err;
      },
    );
  }

  private rethrow(): void {
    if (this.failure !== null) throw this.failure;
  }
}
