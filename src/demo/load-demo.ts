/**
 * Loads the demo into a workspace: the demo catalogue and personas, then the generator's
 * messages streamed in chunks through the same commit path as live ingest (the next chunk is
 * generated while the last one commits: PipelinedAppend). Used by `waymark demo`, the benchmarks'
 * data sets and tests that need realistic data.
 */
import { SegmentMessageSchema, segmentToCanonical } from '../ingest/segment.js';
import type { Runtime } from '../runtime.js';
import { demoCatalogue } from './catalogue.js';
import { PipelinedAppend } from '../store/pipelined-append.js';
import { type DemoOptions, generateDemo } from './generator.js';
import { demoWorkspacePersonas } from './personas.js';

export interface DemoLoad {
  events: number;
  inserted: number;
}

export async function loadDemo(
  rt: Pick<Runtime, 'events' | 'state' | 'ingest'>,
  workspaceId: string,
  opts: DemoOptions & { chunkSize?: number },
  /** After each committed chunk: customers generated so far (at most one chunk ahead) and events committed. */
  onProgress?: (customersDone: number, events: number) => void,
): Promise<DemoLoad> {
  const catalogue = demoCatalogue();
  await rt.ingest.replaceCatalogue(workspaceId, catalogue);
  await rt.state.setPersonas(workspaceId, demoWorkspacePersonas());
  const receivedAt = new Date();
  let events = 0;
  let lastCustomer = '';
  let done = 0;
  const sink = new PipelinedAppend(
    (chunk) => rt.events.append(workspaceId, chunk, catalogue),
    opts.chunkSize,
    (t) => onProgress?.(Math.min(done, opts.customers), t.received),
  );
  for (const m of generateDemo(opts)) {
    const parsed = SegmentMessageSchema.parse(m.message);
    const e = segmentToCanonical(parsed, m.message, { receivedAt, source: m.source });
    if (typeof e === 'string') throw new Error(`demo generator produced an invalid message ${m.message.messageId}: ${e}`);
    events++;
    const who = m.message.messageId.split('-').slice(0, 2).join('-');
    if (who !== lastCustomer) {
      lastCustomer = who;
      done++;
    }
    await sink.push(e);
  }
  const totals = await sink.finish();
  onProgress?.(opts.customers, totals.received);
  return { events, inserted: totals.inserted };
}
