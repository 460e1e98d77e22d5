/**
 * Messages between a decode pool and its workers (structured-cloned: dates travel as such in
 * events, the arrival time as epoch milliseconds).
 */
import type { CanonicalEvent } from '../../domain/event.js';
import type { StoredBatch } from '../../store/inbox.js';
import type { CheckedRequest, IngestKind } from '../decode.js';

export type PoolTask = { op: 'check'; kind: IngestKind; text: string; receivedAt: number } | { op: 'decode'; batches: readonly StoredBatch[] };

export type PoolRequest = PoolTask & { id: number };

export type PoolReply = { id: number; value: CheckedRequest | CanonicalEvent[][] } | { id: number; error: string };
