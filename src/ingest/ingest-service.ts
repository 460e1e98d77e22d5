/**
 * Group commit: events from concurrent requests for a workspace are committed together in one
 * transaction, and each request is answered only once its events are durably stored. While a
 * commit runs, the next group gathers. Above `maxQueuedEvents` new work is refused (back-pressure)
 * rather than piling up in memory.
 */
import type { CanonicalEvent } from '../domain/event.js';
import type { Catalogue } from '../domain/touchpoint.js';
import type { CommitResult, EventStore } from '../store/event-store.js';
import type { StateStore } from '../store/state-store.js';

export class OverloadedError extends Error {}

interface Pending {
  events: CanonicalEvent[];
  waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>;
}

export class IngestService {
  private pending = new Map<string, Pending>();
  private queued = 0;
  private flushing: Promise<void> | null = null;
  private catalogues = new Map<string, Promise<Catalogue>>();

  constructor(
    private readonly events: EventStore,
    private readonly state: StateStore,
    private readonly maxQueuedEvents: number,
  ) {}

  catalogue(ws: string): Promise<Catalogue> {
    let c = this.catalogues.get(ws);
    if (!c) {
      c = this.state.getCatalogue(ws);
      c.catch(() => this.catalogues.delete(ws));
      this.catalogues.set(ws, c);
    }
    return c;
  }

  /** Save a new catalogue and re-map the workspace's past events with it. */
  async replaceCatalogue(ws: string, catalogue: Catalogue): Promise<{ events: number }> {
    await this.drain();
    await this.state.setCatalogue(ws, catalogue);
    this.catalogues.set(ws, Promise.resolve(catalogue));
    return this.events.reapplyCatalogue(ws, catalogue);
  }

  /** Resolves when the events are durably stored (or were already). */
  ingest(ws: string, events: readonly CanonicalEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    if (this.queued + events.length > this.maxQueuedEvents) {
      return Promise.reject(new OverloadedError(`ingest queue is full (${this.queued} events waiting); retry shortly`));
    }
    return new Promise((resolve, reject) => {
      let p = this.pending.get(ws);
      if (!p) {
        p = { events: [], waiters: [] };
        this.pending.set(ws, p);
      }
      for (const e of events) p.events.push(e);
      p.waiters.push({ resolve, reject });
      this.queued += events.length;
      this.kick();
    });
  }

  /** Commit directly (bulk callers such as the demo generator), after whatever is queued. */
  async appendNow(ws: string, events: readonly CanonicalEvent[]): Promise<CommitResult> {
    await this.drain();
    return this.events.append(ws, events, await this.catalogue(ws));
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.pending.size) this.kick();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.size) {
      const groups = [...this.pending.entries()];
      this.pending.clear();
      for (const [ws, group] of groups) {
        this.queued -= group.events.length;
        try {
          await this.events.append(ws, group.events, await this.catalogue(ws));
          for (const w of group.waiters) w.resolve();
        } catch (err) {
          for (const w of group.waiters) w.reject(err);
        }
      }
    }
  }
}
