/**
 * Loads the demo into a workspace: the demo catalogue and personas, then the generator's
 * messages streamed in chunks through the same commit path as live ingest. Used by
 * `waymark demo` and by tests that need realistic data.
 */
import type { CanonicalEvent } from '../domain/event.js';
import { SegmentMessageSchema, segmentToCanonical } from '../ingest/segment.js';
import type { Runtime } from '../runtime.js';
import { demoCatalogue } from './catalogue.js';
import { generateDemo } from './generator.js';
import { demoWorkspacePersonas } from './personas.js';

const CHUNK = 50_000;

export interface DemoLoad {
  events: number;
  inserted: number;
}

export async function loadDemo(
  rt: Pick<Runtime, 'events' | 'state' | 'ingest'>,
  workspaceId: string,
  opts: { customers: number; seed: number; plant?: boolean },
  onProgress?: (customersDone: number, events: number) => void,
): Promise<DemoLoad> {
  const catalogue = demoCatalogue();
  await rt.ingest.replaceCatalogue(workspaceId, catalogue);
  await rt.state.setPersonas(workspaceId, demoWorkspacePersonas());
  const receivedAt = new Date();
  let chunk: CanonicalEvent[] = [];
  let events = 0;
  let inserted = 0;
  let lastCustomer = '';
  let done = 0;
  for (const m of generateDemo({ customers: opts.customers, seed: opts.seed, plant: opts.plant })) {
    const parsed = SegmentMessageSchema.parse(m.message);
    const e = segmentToCanonical(parsed, m.message, { receivedAt, source: m.source });
    if (typeof e === 'string') throw new Error(`demo generator produced an invalid message ${m.message.messageId}: ${e}`);
    chunk.push(e);
    events++;
    const who = m.message.messageId.split('-').slice(0, 2).join('-');
    if (who !== lastCustomer) {
      lastCustomer = who;
      done++;
    }
    if (chunk.length >= CHUNK) {
      inserted += (await rt.events.append(workspaceId, chunk, catalogue)).inserted;
      chunk = [];
      onProgress?.(Math.min(done, opts.customers), events);
    }
  }
  inserted += (await rt.events.append(workspaceId, chunk, catalogue)).inserted;
  onProgress?.(opts.customers, events);
  return { events, inserted };
}
