/**
 * Ingest in two steps, as Segment and PostHog do behind Kafka.
 * Acknowledge: a request's body is checked by the decoder (on worker threads: decoder/decode-pool.ts)
 * and its text, as it came, is put into the durable inbox together with those of concurrent requests
 * (one small statement on a connection of its own); each request is answered once it is there.
 * The events are decoded again from that text when they are resolved, so nothing but text is held.
 * Resolve: a drainer moves acknowledged batches into the event store in large groups per
 * workspace (identity resolution, touchpoints, dedupe) and settles them in the same transaction,
 * so a crash between the two loses nothing: the next start drains what is left (`recover`).
 * Back-pressure: above `maxQueuedEvents` acknowledged-but-unresolved events new work is refused
 * (503 + Retry-After). A read that must see earlier writes waits for the drainer (`caughtUp`).
 * A batch the drainer cannot store is kept in the inbox, marked failed, and the others go on.
 */
import type { CanonicalEvent } from '../domain/event.js';
import type { Catalogue } from '../domain/touchpoint.js';
import type { CommitResult, EventStore } from '../store/event-store.js';
import type { FailedBatch, Inbox, RawRequest, StoredBatch } from '../store/inbox.js';
import type { StateStore } from '../store/state-store.js';
import { CANONICAL, serialiseBatch } from './decode.js';
import { InlineDecoder, type RequestDecoder } from './decoder/request-decoder.js';
import { DEFAULT_LIMITS } from './limits.js';

export class OverloadedError extends Error {}

export interface IngestOptions {
  /** Events acknowledged or waiting to be, and not yet resolved, before ingest answers 503. */
  maxQueuedEvents: number;
  /** Most events the drainer resolves in one transaction (larger groups amortise its fixed scans). */
  groupEvents?: number;
  /**
   * The drainer starts a group once ingest has been quiet `idleMs` (default 50), once the oldest
   * waiting batch is `maxLagMs` old (default 5,000), once two full groups wait, or at once when a
   * read or `drain()` waits for it: during a burst the acknowledgements keep the CPU (on 2 cores
   * a concurrent drainer cut them from 36k to 24k events/s) and the drainer then takes large groups.
   */
  idleMs?: number;
  maxLagMs?: number;
  /**
   * Decodes stored request bodies back into their events when they are resolved (requests taken
   * by `ingestRequest` and batches an earlier run left); inline with the default limits if not given.
   */
  decoder?: RequestDecoder;
  /** Told about a batch the drainer could not store (it stays in the inbox, marked failed). */
  onDrainError?: (err: unknown, batch: { seq: number; workspaceId: string; events: number }) => void;
}

interface Acking {
  workspaceId: string;
  count: number;
  /** The events, when the caller decoded them; otherwise the drainer decodes `raw`. */
  events?: readonly CanonicalEvent[];
  raw: RawRequest;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** An acknowledged batch waiting for the drainer, in inbox order. */
interface Queued extends StoredBatch {
  decoded?: readonly CanonicalEvent[];
}

/** A group of batches taken by the drainer, and their events (being decoded). */
interface Prepared {
  group: readonly Queued[];
  events: Promise<readonly CanonicalEvent[]>;
}

interface SettleWaiter {
  target: number;
  done: (caughtUp: boolean) => void;
}

export class IngestService {
  private acking: Acking[] = [];
  private ackLoop: Promise<void> | null = null;
  /** Acknowledged batches not yet given to the drainer, in inbox order. */
  private waiting: Queued[] = [];
  private draining: Promise<void> | null = null;
  /** Events received and not yet resolved (acking, waiting, being drained). */
  private queued = 0;
  /** Highest inbox position acknowledged, and the positions not yet resolved. */
  private lastAcked = 0;
  private unsettled = new Set<number>();
  private settleWaiters: SettleWaiter[] = [];
  private catalogues = new Map<string, Promise<Catalogue>>();
  private readonly groupEvents: number;
  private readonly decoder: RequestDecoder;
  private readonly idleMs: number;
  private readonly maxLagMs: number;
  private stopped = false;
  /** Events in `waiting`, when the last batch was acknowledged, when each waiting batch was. */
  private waitingEvents = 0;
  private lastAckAt = 0;
  private readonly ackedAt = new Map<number, number>();
  private drainTimer: NodeJS.Timeout | null = null;
  /** Callers of drain() waiting: the drainer runs at once. */
  private urgent = 0;
  private failedCount = 0;

  constructor(
    private readonly events: EventStore,
    private readonly state: StateStore,
    private readonly inbox: Inbox,
    private readonly opts: IngestOptions,
  ) {
    this.groupEvents = opts.groupEvents ?? 100_000;
    this.idleMs = opts.idleMs ?? 50;
    this.maxLagMs = opts.maxLagMs ?? 5_000;
    this.decoder = opts.decoder ?? new InlineDecoder(DEFAULT_LIMITS);
  }

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

  /**
   * Take up the batches an earlier run acknowledged and did not resolve (decoded when drained; one
   * that cannot be is marked failed then); returns their event count.
   */
  async recover(only?: (b: StoredBatch) => boolean): Promise<number> {
    const left = await this.inbox.waiting();
    this.failedCount = (await this.inbox.counts()).failedBatches;
    let n = 0;
    for (const b of left) {
      if (only && !only(b)) continue;
      this.enqueue(b, 0);
      n += b.events;
    }
    this.queued += n;
    this.kickDrain();
    return n;
  }

  /** The batches marked failed, oldest first (one workspace's when given). */
  failed(workspaceId?: string): Promise<FailedBatch[]> {
    return this.inbox.failed(workspaceId);
  }

  /**
   * Try the batches marked failed once more (after a fix or a transient fault): those that now
   * store leave the inbox; the rest are marked again. Only one workspace's batches when given
   * (what its admin may retry over HTTP while the server runs). Returns batches and events retried.
   */
  async retryFailed(workspaceId?: string): Promise<{ batches: number; events: number }> {
    await this.drain();
    const failed = new Set((await this.inbox.failed(workspaceId)).map((b) => b.seq));
    if (failed.size === 0) return { batches: 0, events: 0 };
    await this.inbox.requeue([...failed]);
    const events = await this.recover((b) => failed.has(b.seq));
    await this.drain();
    return { batches: failed.size, events };
  }

  /**
   * Resolves once the events are durably in the inbox (then they are resolved in the background).
   * `raw` is the request they were decoded from: the inbox keeps it as it came, which is cheaper
   * than serialising the events again.
   */
  ingest(ws: string, events: readonly CanonicalEvent[], raw?: RawRequest): Promise<void> {
    return this.acknowledge({ workspaceId: ws, count: events.length, events, raw: raw ?? { kind: CANONICAL, body: serialiseBatch(events), receivedAt: new Date() } });
  }

  /** Check a request body with the decoder (on its threads): its key and event count, or its problems. */
  check(...args: Parameters<RequestDecoder['check']>): ReturnType<RequestDecoder['check']> {
    return this.decoder.check(...args);
  }

  /**
   * `ingest` for a request already checked (`check`) that holds `count` events: only its text is
   * kept, and the drainer decodes it again when it resolves it.
   */
  ingestRequest(ws: string, raw: RawRequest, count: number): Promise<void> {
    return this.acknowledge({ workspaceId: ws, count, raw });
  }

  private acknowledge(a: Omit<Acking, 'resolve' | 'reject'>): Promise<void> {
    if (a.count === 0) return Promise.resolve();
    if (this.queued + a.count > this.opts.maxQueuedEvents) {
      return Promise.reject(new OverloadedError(`ingest queue is full (${this.queued} events not yet stored); retry shortly`));
    }
    this.queued += a.count;
    return new Promise((resolve, reject) => {
      this.acking.push({ ...a, resolve, reject });
      this.kickAck();
    });
  }

  /** Commit directly (bulk callers such as the demo generator), after whatever is queued. */
  async appendNow(ws: string, events: readonly CanonicalEvent[]): Promise<CommitResult> {
    await this.drain();
    return this.events.append(ws, events, await this.catalogue(ws));
  }

  /** Batches kept in the inbox because they could not be stored (`waymark inbox`). */
  get failedBatches(): number {
    return this.failedCount;
  }

  /** Events acknowledged (or being acknowledged) and not yet resolved into the store. */
  get backlog(): number {
    return this.queued;
  }

  /**
   * Resolves true once every event acknowledged before the call is in the event store, or false
   * after `timeoutMs` (the read then goes ahead on what is stored).
   */
  caughtUp(timeoutMs: number): Promise<boolean> {
    const target = this.lastAcked;
    if (!this.unsettledUpTo(target)) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const w: SettleWaiter = { target, done: () => undefined };
      const timer = setTimeout(() => {
        this.settleWaiters = this.settleWaiters.filter((x) => x !== w);
        resolve(false);
      }, timeoutMs);
      w.done = (v) => {
        clearTimeout(timer);
        resolve(v);
      };
      this.settleWaiters.push(w);
      this.kickDrain();
    });
  }

  /** Wait until everything received so far is resolved into the store (or marked failed). */
  async drain(): Promise<void> {
    this.urgent++;
    try {
      for (;;) {
        if (this.ackLoop) await this.ackLoop;
        else if (this.draining) await this.draining;
        else if (this.waiting.length && !this.stopped) this.kickDrain();
        else return;
      }
    } finally {
      this.urgent--;
    }
  }

  /**
   * For shutdown: answer the acknowledgements in flight, finish the group being resolved, and
   * leave the rest in the inbox for the next start (it is durable; no need to hold up the exit).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    while (this.ackLoop || this.draining) await (this.ackLoop ?? this.draining);
  }

  /** Start the decoder's threads ahead of the first request. */
  warm(): Promise<void> {
    return this.decoder.warm();
  }

  /** Stop the decoder's threads (after `stop`). */
  closeDecoder(): Promise<void> {
    return this.decoder.close();
  }

  private unsettledUpTo(target: number): boolean {
    for (const s of this.unsettled) if (s <= target) return true;
    return false;
  }

  private kickAck(): void {
    if (this.ackLoop) return;
    this.ackLoop = this.ackAll().finally(() => {
      this.ackLoop = null;
      if (this.acking.length) this.kickAck();
    });
  }

  private async ackAll(): Promise<void> {
    while (this.acking.length) {
      const group = this.acking.splice(0);
      let seqs: number[];
      try {
        seqs = await this.inbox.put(group.map((g) => ({ workspaceId: g.workspaceId, events: g.count, raw: g.raw })));
      } catch (err) {
        for (const g of group) {
          this.queued -= g.count;
          g.reject(err);
        }
        continue;
      }
      this.lastAckAt = Date.now();
      group.forEach((g, i) =>
        this.enqueue({ ...g.raw, seq: seqs[i]!, workspaceId: g.workspaceId, events: g.count, ...(g.events ? { decoded: g.events } : {}) }, this.lastAckAt),
      );
      this.kickDrain();
      for (const g of group) g.resolve();
    }
  }

  /** An acknowledged batch joins the drainer's queue. */
  private enqueue(e: Queued, at: number): void {
    this.waiting.push(e);
    this.waitingEvents += e.events;
    this.unsettled.add(e.seq);
    this.ackedAt.set(e.seq, at);
    this.lastAcked = Math.max(this.lastAcked, e.seq);
  }

  /** Milliseconds until the drainer should start its next group (0 = now, Infinity = nothing to do). */
  private drainDue(): number {
    if (this.stopped || this.waiting.length === 0) return Infinity;
    if (this.urgent || this.settleWaiters.length || this.waitingEvents >= 2 * this.groupEvents) return 0;
    const now = Date.now();
    const oldest = this.ackedAt.get(this.waiting[0]!.seq) ?? 0;
    return Math.max(0, Math.min(this.lastAckAt + this.idleMs - now, oldest + this.maxLagMs - now));
  }

  private kickDrain(): void {
    if (this.draining) return;
    const due = this.drainDue();
    if (due === Infinity) return;
    if (due > 0) {
      this.drainTimer ??= setTimeout(() => {
        this.drainTimer = null;
        this.kickDrain();
      }, due);
      return;
    }
    if (this.drainTimer) {
      clearTimeout(this.drainTimer);
      this.drainTimer = null;
    }
    this.draining = this.drainAll().finally(() => {
      this.draining = null;
      this.kickDrain();
    });
  }

  /** The oldest waiting batch's workspace, with its later batches up to the group size, in order. */
  private nextGroup(): Queued[] {
    const ws = this.waiting[0]!.workspaceId;
    const take: Queued[] = [];
    const keep: Queued[] = [];
    let n = 0;
    let full = false;
    for (const e of this.waiting) {
      if (!full && e.workspaceId === ws && (take.length === 0 || n + e.events <= this.groupEvents)) {
        take.push(e);
        n += e.events;
      } else {
        if (e.workspaceId === ws) full = true;
        keep.push(e);
      }
    }
    this.waiting = keep;
    this.waitingEvents -= n;
    return take;
  }

  /**
   * Groups are stored one after another; the next group is taken and decoded (on the decoder's
   * threads) while the current one is being stored, so decoding does not add to the drain time.
   */
  private async drainAll(): Promise<void> {
    let next: Prepared | null = null;
    while (next || this.drainDue() === 0) {
      const current: Prepared = next ?? this.prepare(this.nextGroup());
      next = this.drainDue() === 0 ? this.prepare(this.nextGroup()) : null;
      await this.storeGroup(current);
    }
  }

  /** A group with its events being decoded (a failure is seen when the group is stored). */
  private prepare(group: readonly Queued[]): Prepared {
    const events = this.decodeGroup(group);
    events.catch(() => undefined);
    return { group, events };
  }

  private async decodeGroup(group: readonly Queued[]): Promise<readonly CanonicalEvent[]> {
    const undecoded = group.filter((e) => !e.decoded);
    const decoded = undecoded.length ? await this.decoder.decode(undecoded.map(({ decoded: _, ...b }) => b)) : [];
    const eventsOf = new Map(undecoded.map((e, i) => [e, decoded[i]!]));
    const lists = group.map((e) => e.decoded ?? eventsOf.get(e)!);
    return lists.length === 1 ? lists[0]! : lists.flat();
  }

  private async storeGroup({ group, events }: Prepared): Promise<void> {
    try {
      await this.store(group, await events);
    } catch {
      // Find the batch at fault: store the others one by one, keep the failing ones marked.
      for (const e of group) {
        try {
          await this.store([e], await this.decodeGroup([e]));
        } catch (one) {
          this.opts.onDrainError?.(one, { seq: e.seq, workspaceId: e.workspaceId, events: e.events });
          await this.inbox.markFailed(e.seq, (one as Error)?.message ?? String(one)).catch(() => undefined);
          this.failedCount++;
        }
      }
    }
    for (const e of group) {
      this.unsettled.delete(e.seq);
      this.ackedAt.delete(e.seq);
      this.queued -= e.events;
    }
    this.settleWaiters = this.settleWaiters.filter((w) => {
      if (this.unsettledUpTo(w.target)) return true;
      w.done(true);
      return false;
    });
  }

  private async store(group: readonly Queued[], events: readonly CanonicalEvent[]): Promise<void> {
    const ws = group[0]!.workspaceId;
    await this.events.append(ws, events, await this.catalogue(ws), group.map((e) => e.seq));
  }
}
