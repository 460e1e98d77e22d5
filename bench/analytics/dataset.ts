/**
 * The bench's data set: N customers from the demo generator over a 7-day period (≈10 events per
 * customer, so 1M customers ≈ 10M events), loaded once through Waymark's own commit path
 * (segmentToCanonical → EventStore.append, as `waymark demo` does) into a cached DuckDB file
 * under bench/.data, with a sidecar JSON saying what it holds. Reused when the sidecar matches.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoCatalogue } from '../../src/demo/catalogue.js';
import { DEFAULT_DEMO_END, generateDemo } from '../../src/demo/generator.js';
import type { CanonicalEvent } from '../../src/domain/event.js';
import { SegmentMessageSchema, segmentToCanonical } from '../../src/ingest/segment.js';
import { loadConfig } from '../../src/config.js';
import { openRuntime } from '../../src/runtime.js';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.data');
export const WORKSPACE = 'bench';
/** The demo's default period is 180 days (~24 events/customer); 7 days gives ~10. */
export const PERIOD_DAYS = 7;
export const SEED = 1;
export const PERIOD_END = DEFAULT_DEMO_END;
export const PERIOD_START = new Date(DEFAULT_DEMO_END.getTime() - PERIOD_DAYS * 86_400_000);
const CHUNK = 100_000;
/** Bump when the way the file is built changes, so stale caches are rebuilt. */
const FORMAT = 1;

export interface DatasetInfo {
  format: number;
  customers: number;
  seed: number;
  start: string;
  end: string;
  events: number;
  storedCustomers: number;
  buildSeconds: number;
}

export function datasetLabel(customers: number): string {
  return customers % 1_000_000 === 0 ? `${customers / 1_000_000}m` : customers % 1000 === 0 ? `${customers / 1000}k` : String(customers);
}

export function datasetPath(customers: number): string {
  return join(DATA_DIR, `analytics-${datasetLabel(customers)}.duckdb`);
}

function matches(info: DatasetInfo | undefined, customers: number): info is DatasetInfo {
  return !!info && info.format === FORMAT && info.customers === customers && info.seed === SEED && info.start === PERIOD_START.toISOString() && info.end === PERIOD_END.toISOString();
}

function readInfo(path: string): DatasetInfo | undefined {
  try {
    return JSON.parse(readFileSync(`${path}.json`, 'utf8')) as DatasetInfo;
  } catch {
    return undefined;
  }
}

/** The cached file for `customers`, built first when missing or built differently. */
export async function ensureDataset(customers: number, log: (s: string) => void = console.log): Promise<{ path: string; info: DatasetInfo }> {
  const path = datasetPath(customers);
  const cached = readInfo(path);
  if (existsSync(path) && matches(cached, customers)) return { path, info: cached };
  mkdirSync(DATA_DIR, { recursive: true });
  const building = `${path}.building`;
  for (const f of [building, `${building}.wal`, path, `${path}.wal`, `${path}.json`]) rmSync(f, { force: true });
  log(`building ${path}: ${customers.toLocaleString('en-US')} demo customers (seed ${SEED}, ${PERIOD_DAYS} days to ${PERIOD_END.toISOString().slice(0, 10)}) through the commit path…`);
  const t0 = performance.now();
  const rt = await openRuntime({ ...loadConfig({}), dbPath: building });
  let events = 0;
  try {
    const ws = await rt.state.createWorkspace('Northwind Outfitters (bench)', { id: WORKSPACE });
    const catalogue = demoCatalogue();
    await rt.ingest.replaceCatalogue(ws.id, catalogue);
    const receivedAt = new Date();
    let chunk: CanonicalEvent[] = [];
    let lastReport = performance.now();
    for (const m of generateDemo({ customers, seed: SEED, start: PERIOD_START, end: PERIOD_END })) {
      const e = segmentToCanonical(SegmentMessageSchema.parse(m.message), m.message, { receivedAt, source: m.source });
      if (typeof e === 'string') throw new Error(`demo generator produced an invalid message ${m.message.messageId}: ${e}`);
      chunk.push(e);
      events++;
      if (chunk.length >= CHUNK) {
        await rt.events.append(ws.id, chunk, catalogue);
        chunk = [];
        if (performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          const s = (lastReport - t0) / 1000;
          const who = Number(m.message.messageId.split('-')[1] ?? 0);
          log(`  ${events.toLocaleString('en-US')} events (customer ~${who.toLocaleString('en-US')}) in ${s.toFixed(0)} s = ${Math.round(events / s).toLocaleString('en-US')} events/s`);
        }
      }
    }
    if (chunk.length) await rt.events.append(ws.id, chunk, catalogue);
    await rt.db.writer.run('CHECKPOINT');
    const stats = await rt.events.stats(ws.id);
    const info: DatasetInfo = {
      format: FORMAT,
      customers,
      seed: SEED,
      start: PERIOD_START.toISOString(),
      end: PERIOD_END.toISOString(),
      events: stats.events,
      storedCustomers: stats.customers,
      buildSeconds: Math.round((performance.now() - t0) / 1000),
    };
    await rt.close();
    renameSync(building, path);
    if (existsSync(`${building}.wal`)) renameSync(`${building}.wal`, `${path}.wal`);
    writeFileSync(`${path}.json`, JSON.stringify(info, null, 2));
    log(`built in ${info.buildSeconds} s: ${info.events.toLocaleString('en-US')} events, ${info.storedCustomers.toLocaleString('en-US')} customers (${Math.round(info.events / info.buildSeconds).toLocaleString('en-US')} events/s)`);
    return { path, info };
  } catch (err) {
    await rt.close().catch(() => undefined);
    throw err;
  }
}
