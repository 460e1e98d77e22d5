/**
 * A decode pool's worker thread: answers `check` (a request body → key and event count, or its
 * problems) and `decode` (stored batches → canonical events) with the same pure functions the
 * inline decoder uses. Started through decode-worker.mjs, which loads TypeScript.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { IngestLimits } from '../limits.js';
import { InlineDecoder } from './request-decoder.js';
import type { PoolReply, PoolRequest } from './pool-messages.js';

const port = parentPort!;
const decoder = new InlineDecoder((workerData as { limits: IngestLimits }).limits);

port.on('message', (m: PoolRequest) => {
  const answer = m.op === 'check' ? decoder.check(m.kind, m.text, new Date(m.receivedAt)) : decoder.decode(m.batches);
  answer.then(
    (value) => port.postMessage({ id: m.id, value } as PoolReply),
    (err: unknown) => port.postMessage({ id: m.id, error: (err as Error)?.message ?? String(err) } as PoolReply),
  );
});
