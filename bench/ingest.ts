/**
 * bench/ingest — prints, in one run:
 *   1. HTTP batch ingest events/s: `waymark serve` in a child process on a fresh DuckDB file,
 *      loaded by this process (the load generator) with Segment /v1/batch requests — acknowledged
 *      (durable in the inbox) and resolved (the drainer has put the last event in its timeline) —
 *      and the same events as PostHog /batch/ requests (acknowledged), on another fresh file;
 *   2. bulk import events/s for the same rows as NDJSON and as CSV (`waymark import` path);
 *   3. beside each, the baseline: DuckDB's own bulk load of the same file into a plain table,
 *      and the ratio ours/baseline; peak memory of server and importer.
 * Usage: npm run bench:ingest -- [--events 300000] [--concurrency 32] [--batch 500]
 * Targets (issue 2): HTTP ≥ 150,000 events/s; import ≥ 2,000,000 events/s.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateDemo } from '../src/demo/generator.js';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';
import { PRESETS } from '../src/ingest/import/presets.js';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const EVENTS = arg('events', 300_000);
const CONCURRENCY = arg('concurrency', 32);
const BATCH = arg('batch', 500);
const dir = mkdtempSync(join(tmpdir(), 'waymark-bench-'));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function messages(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const m of generateDemo({ customers: Math.ceil(EVENTS / 20), seed: 7 })) {
    out.push({ ...m.message, channel: m.message.channel ?? undefined });
    if (out.length >= EVENTS) break;
  }
  return out;
}

async function baseline(sql: string): Promise<number> {
  const inst = await DuckDBInstance.create(join(dir, `baseline-${Math.random()}.duckdb`));
  const c = await inst.connect();
  const t = performance.now();
  await c.run(sql);
  const s = (performance.now() - t) / 1000;
  c.closeSync();
  inst.closeSync();
  return s;
}

/** A demo message as posthog-node would capture it (distinct id, uuid, `$pageview`, `$identify` with `$set`). */
function asPosthog(m: Record<string, unknown>): Record<string, unknown> {
  const traits = (m.traits ?? (m.context as Record<string, unknown> | undefined)?.traits ?? {}) as Record<string, unknown>;
  const event = m.type === 'page' ? '$pageview' : m.type === 'screen' ? '$screen' : m.type === 'identify' ? '$identify' : String(m.event ?? m.type);
  const properties = { ...((m.properties as Record<string, unknown> | undefined) ?? {}), ...(m.type === 'identify' ? { $set: traits } : {}), ...(m.name ? { title: m.name } : {}) };
  return { event, distinct_id: m.userId ?? m.anonymousId ?? traits.email, uuid: m.messageId, timestamp: m.timestamp, properties };
}

async function httpIngest(msgs: Array<Record<string, unknown>>, api: 'segment' | 'posthog'): Promise<{ seconds: number; resolvedSeconds: number; peakRssMb: number }> {
  const db = join(dir, `http-${api}.duckdb`);
  const port = 18000 + Math.floor(Math.random() * 1000);
  const setup = await openRuntime({ ...loadConfig({}), dbPath: db });
  const ws = await setup.state.createWorkspace('bench');
  await setup.close();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--db', db, '--port', String(port)], {
    env: { ...process.env, WAYMARK_RATE_LIMIT_PER_MINUTE: '100000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const auth = 'Basic ' + Buffer.from(`${ws.writeKey}:`).toString('base64');
  // The load generator sends request bodies encoded beforehand over keep-alive connections, as
  // wrk or a Segment client library's flush loop would: its own CPU per request stays small.
  const bodies: Buffer[] = [];
  for (let i = 0; i < msgs.length; i += BATCH) {
    const slice = msgs.slice(i, i + BATCH);
    bodies.push(Buffer.from(JSON.stringify(api === 'segment' ? { batch: slice } : { api_key: ws.writeKey, batch: slice.map(asPosthog) })));
  }
  const path = api === 'segment' ? '/v1/batch' : '/batch/';
  const headers = api === 'segment' ? { 'content-type': 'application/json', authorization: auth } : { 'content-type': 'application/json' };
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'content-length': body.length } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(parts).toString()}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) await post(bodies[next++]!);
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  agent.destroy();
  // Acknowledged means durable in the inbox; resolved means in customers' timelines (the drainer).
  for (;;) {
    const h = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { ingestBacklogEvents: number };
    if (h.ingestBacklogEvents === 0) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const resolvedSeconds = (performance.now() - t) / 1000;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  child.kill('SIGTERM');
  await once(child, 'exit');
  return { seconds, resolvedSeconds, peakRssMb };
}

async function writeFiles(msgs: Array<Record<string, unknown>>): Promise<{ ndjson: string; csv: string }> {
  const ndjson = join(dir, 'events.ndjson');
  const csv = join(dir, 'events.csv');
  const nd = createWriteStream(ndjson);
  const cs = createWriteStream(csv);
  cs.write('messageId,type,event,userId,anonymousId,email,timestamp,channel,properties\n');
  const q = (v: unknown) => (v === undefined || v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);
  for (const m of msgs) {
    nd.write(JSON.stringify(m) + '\n');
    const ctx = (m.context ?? {}) as Record<string, unknown>;
    const email = ((m.traits as Record<string, unknown> | undefined)?.email ?? (ctx.traits as Record<string, unknown> | undefined)?.email) as string | undefined;
    cs.write([m.messageId, m.type, m.event ?? m.name ?? 'Identify', m.userId, m.anonymousId, email, m.timestamp, m.channel, JSON.stringify(m.properties ?? {})].map(q).join(',') + '\n');
  }
  nd.end();
  cs.end();
  await Promise.all([once(nd, 'finish'), once(cs, 'finish')]);
  return { ndjson, csv };
}

async function bulkImport(file: string, preset: string): Promise<number> {
  const rt = await openRuntime({ ...loadConfig({}), dbPath: join(dir, `import-${preset}-${Math.random()}.duckdb`) });
  const ws = await rt.state.createWorkspace('bench');
  const t = performance.now();
  const r = await rt.events.importFile(ws.id, file, PRESETS[preset]!, await rt.ingest.catalogue(ws.id));
  const s = (performance.now() - t) / 1000;
  await rt.close();
  if (r.rejected.length) console.log(`  (${r.rejected.length} rows rejected, e.g. ${r.rejected[0]!.where}: ${r.rejected[0]!.message})`);
  return s;
}

const msgs = messages();
console.log(`bench/ingest: ${fmt(msgs.length)} demo events, ${CONCURRENCY} concurrent HTTP clients, ${BATCH} events per batch, ${process.platform} ${process.arch}`);
const files = await writeFiles(msgs);
const baseNd = await baseline(`CREATE TABLE t AS SELECT * FROM read_json('${files.ndjson}', format = 'newline_delimited')`);
const baseCsv = await baseline(`CREATE TABLE t AS SELECT * FROM read_csv('${files.csv}', header = true)`);

const http = await httpIngest(msgs, 'segment');
const posthog = await httpIngest(msgs, 'posthog');
const impNd = await bulkImport(files.ndjson, 'events');
const impCsv = await bulkImport(files.csv, 'events');
const importerPeak = process.resourceUsage().maxRSS / 1024;

const row = (what: string, s: number, base: number, target: number) =>
  console.log(`${what.padEnd(28)} ${fmt(msgs.length / s).padStart(12)} events/s   baseline ${fmt(msgs.length / base).padStart(12)} events/s   ratio ${(base / s).toFixed(2)}   target ${fmt(target)}${msgs.length / s >= target ? '  ✓' : '  ✗'}`);
console.log('');
row('HTTP /v1/batch acknowledged', http.seconds, baseNd, 150_000);
row('HTTP /v1/batch resolved', http.resolvedSeconds, baseNd, 150_000);
row('HTTP PostHog /batch/ ack.', posthog.seconds, baseNd, 150_000);
row('import NDJSON', impNd, baseNd, 2_000_000);
row('import CSV', impCsv, baseCsv, 2_000_000);
console.log(`\npeak memory: server ${fmt(Math.max(http.peakRssMb, posthog.peakRssMb))} MB, importer+load generator ${fmt(importerPeak)} MB`);
console.log('acknowledged = answered 200 once durable in the inbox; resolved = until the last event is in its customer\'s timeline (identities, touchpoints, dedupe), from the first request');
console.log('baseline = DuckDB read_json/read_csv of the same file into a plain table (no validation, identity, touchpoints or dedupe); ratio = ours/baseline throughput');
rmSync(dir, { recursive: true, force: true });
