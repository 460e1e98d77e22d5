/**
 * The bench's data set: N customers from the demo generator over a 7-day period (≈10 events per
 * customer, so 1M customers ≈ 10M events), loaded once through Waymark's own commit path
 * (loadDemo, as `waymark demo` does: demo catalogue and personas, chunks committed while the next
 * is generated) into a cached DuckDB file
 * under bench/.data, with a sidecar JSON saying what it holds. Reused when the sidecar matches.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DEMO_END } from '../../src/demo/generator.js';
import { loadDemo } from '../../src/demo/load-demo.js';
import { loadConfig } from '../../src/config.js';
import { openRuntime } from '../../src/runtime.js';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.data');
export const WORKSPACE = 'bench';
/** The demo's default period is 180 days (~24 events/customer); 7 days gives ~10. */
export const PERIOD_DAYS = 7;
export const SEED = 1;
export const PERIOD_END = DEFAULT_DEMO_END;
export const PERIOD_START = new Date(DEFAULT_DEMO_END.getTime() - PERIOD_DAYS * 86_400_000);
/** Bump when the way the file is built changes, so stale caches are rebuilt. */
const FORMAT = 2;

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
  try {
    const ws = await rt.state.createWorkspace('Northwind Outfitters (bench)', { id: WORKSPACE });
    let lastReport = performance.now();
    await loadDemo(rt, ws.id, { customers, seed: SEED, start: PERIOD_START, end: PERIOD_END }, (done, committed) => {
      if (performance.now() - lastReport < 10_000) return;
      lastReport = performance.now();
      const s = (lastReport - t0) / 1000;
      log(`  ${committed.toLocaleString('en-US')} events (customer ~${done.toLocaleString('en-US')}) in ${s.toFixed(0)} s = ${Math.round(committed / s).toLocaleString('en-US')} events/s`);
    });
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
