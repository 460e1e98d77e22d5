/**
 * Ingest decoding on worker threads (WAYMARK_INGEST_WORKERS, by default one fewer than the cores).
 * A burst of requests is parsed and validated there (JSON parsing and schema checks are most of a
 * request's CPU), while the server's event loop only moves bodies as text and commits them to the
 * inbox. Workers start on first use (a CLI command
 * that never decodes starts none); each request goes to the worker with the fewest bytes pending;
 * a worker that dies fails its pending requests and is replaced on the next one. A worker holds a
 * thread's reference on the process only while it has work.
 */
import { Worker } from 'node:worker_threads';
import type { CanonicalEvent } from '../../domain/event.js';
import type { StoredBatch } from '../../store/inbox.js';
import type { CheckedRequest, IngestKind } from '../decode.js';
import type { IngestLimits } from '../limits.js';
import { OverloadedError } from '../ingest-service.js';
import type { PoolReply, PoolRequest, PoolTask } from './pool-messages.js';
import type { RequestDecoder } from './request-decoder.js';

interface Pending {
  bytes: number;
  resolve: (v: never) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Bytes of request text and stored bodies sent and not yet answered. */
  bytes: number;
  pending: Map<number, Pending>;
}

const WORKER_URL = new URL('./decode-worker.mjs', import.meta.url);
/** Stored request text per decode message (a few milliseconds of a worker's time). */
const DECODE_CHUNK_BYTES = 512 * 1024;

export class DecodePool implements RequestDecoder {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly limits: IngestLimits,
    /** How many worker threads at most. */
    readonly size: number,
    /**
     * Request text waiting to be checked, at most: above it new requests are refused (503, retry)
     * rather than queued without bound while the workers catch up.
     */
    readonly maxPendingBytes = 64 * 1024 * 1024,
  ) {
    if (!(size >= 1)) throw new Error(`a decode pool needs at least one worker, got ${size}`);
  }

  check(kind: IngestKind, text: string, receivedAt: Date): Promise<CheckedRequest> {
    const pending = this.slots.reduce((n, s) => n + s.bytes, 0);
    if (pending + text.length > this.maxPendingBytes && pending > 0) {
      return Promise.reject(new OverloadedError(`${pending} bytes of requests are waiting to be checked; retry shortly`));
    }
    return this.send<CheckedRequest>({ op: 'check', kind, text, receivedAt: receivedAt.getTime() }, text.length);
  }

  /**
   * In chunks of about `DECODE_CHUNK_BYTES`, at most one per worker at a time: a drainer decoding a
   * large group never holds a worker for long, so requests being acknowledged meanwhile are checked
   * between its chunks instead of waiting behind the whole group.
   */
  async decode(batches: readonly StoredBatch[]): Promise<CanonicalEvent[][]> {
    const chunks: StoredBatch[][] = [];
    let bytes = Infinity;
    for (const b of batches) {
      if (bytes >= DECODE_CHUNK_BYTES) {
        chunks.push([]);
        bytes = 0;
      }
      chunks.at(-1)!.push(b);
      bytes += b.body.length;
    }
    const out: CanonicalEvent[][][] = new Array(chunks.length);
    let next = 0;
    const lane = async () => {
      while (next < chunks.length) {
        const i = next++;
        out[i] = await this.send<CanonicalEvent[][]>({ op: 'decode', batches: chunks[i]! }, chunks[i]!.reduce((n, b) => n + b.body.length, 0));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.size, chunks.length) }, lane));
    return out.flat();
  }

  /** Every worker started and answering (a decode of nothing is the round trip). */
  async warm(): Promise<void> {
    while (this.slots.length < this.size) this.spawn();
    await Promise.all(this.slots.map((slot) => this.sendTo<CanonicalEvent[][]>(slot, { op: 'decode', batches: [] }, 0)));
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private send<T>(request: PoolTask, bytes: number): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the decode pool is closed'));
    return this.sendTo<T>(this.pick(), request, bytes);
  }

  private sendTo<T>(slot: Slot, request: PoolTask, bytes: number): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { bytes, resolve: resolve as (v: never) => void, reject });
      slot.bytes += bytes;
      if (slot.pending.size === 1) slot.worker.ref();
      slot.worker.postMessage({ ...request, id } as PoolRequest);
    });
  }

  /** The least loaded worker; a new one while fewer than `size` run and every one is busy. */
  private pick(): Slot {
    let best: Slot | undefined;
    for (const s of this.slots) if (!best || s.bytes < best.bytes) best = s;
    if (best && (best.bytes === 0 || this.slots.length >= this.size)) return best;
    return this.spawn();
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, { workerData: { limits: this.limits } });
    const slot: Slot = { worker, bytes: 0, pending: new Map() };
    worker.unref();
    worker.on('message', (m: PoolReply) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      slot.bytes -= p.bytes;
      if (slot.pending.size === 0) worker.unref();
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.value as never);
    });
    const fail = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a decode worker exited (code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}
