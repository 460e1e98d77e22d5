/**
 * bench/analytics — prints, in one run, for each analysis registered in Waymark's engine:
 *   Waymark on DuckDB (AnalyticsEngine through openRuntime, the plan a user would send),
 *   (a) ClickHouse (Debian's clickhouse-server, started here) doing the same analysis the
 *       ClickHouse way (windowFunnel, groupArray + arrayJoin), on the same events,
 *   (b) a plain hand-written DuckDB SQL baseline on the same database,
 * the median of N runs after a warm-up, the ratios Waymark/ClickHouse and Waymark/baseline, the
 * peak memory of each (VmHWM, reset before each analysis), whether the three agree on the
 * figures, and the targets with PASS/MISS. An analysis not registered yet is skipped.
 * Usage: npm run bench:analytics -- [--customers 1000000] [--runs 5] [--warmup 1] [--only funnel,dfg]
 * The data set (≈10 events per customer) is built once into bench/.data (see analytics/dataset.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';
import { ANALYSES } from '../src/analytics/registry.js';
import { type BenchCase, type ChResult, compareFigures, type Figures } from './analytics/case.js';
import { startClickHouse } from './analytics/clickhouse.js';
import { DATA_DIR, datasetLabel, ensureDataset, PERIOD_START, WORKSPACE } from './analytics/dataset.js';
import { loadClickHouse } from './analytics/load-clickhouse.js';
import { dfgCase } from './analytics/cases/dfg.js';
import { funnelCase } from './analytics/cases/funnel.js';
import { kpisCase } from './analytics/cases/kpis.js';
import { pathsCase } from './analytics/cases/paths.js';
import { retentionCase } from './analytics/cases/retention.js';
import { variantsCase } from './analytics/cases/variants.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const CUSTOMERS = Number(arg('customers') ?? 1_000_000);
const RUNS = Number(arg('runs') ?? 5);
const WARMUP = Number(arg('warmup') ?? 1);
if (!(RUNS >= 1) || !(WARMUP >= 0)) throw new Error('--runs must be at least 1 and --warmup at least 0');
const ONLY = arg('only')?.split(',');
const MEMORY_TARGET_MB = 2048;

const log = (s: string) => console.log(s);
const peakMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
const resetPeak = () => writeFileSync('/proc/self/clear_refs', '5');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** WARMUP untimed runs, then RUNS timed runs; the last run's output and the median seconds. */
async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; out: T; all: number[] }> {
  let out: T | undefined;
  for (let i = 0; i < WARMUP; i++) out = await fn();
  const all: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    out = await fn();
    all.push((performance.now() - t) / 1000);
  }
  return { seconds: median(all), out: out as T, all };
}

// The cases the issue names, in its order; KPIs join when a `kpis` kind and its case exist.
const CASES: BenchCase[] = [
  funnelCase(WORKSPACE, PERIOD_START.getTime()),
  pathsCase(WORKSPACE),
  dfgCase(WORKSPACE),
  variantsCase(WORKSPACE),
  retentionCase(WORKSPACE),
  kpisCase(),
];
const EXPECTED_KINDS = ['funnel', 'paths', 'dfg', 'variants', 'retention', 'kpis'];

const { path, info } = await ensureDataset(CUSTOMERS, log);
log(
  `bench/analytics: ${info.events.toLocaleString('en-US')} events, ${info.storedCustomers.toLocaleString('en-US')} customers (${info.customers.toLocaleString('en-US')} demo people, seed ${info.seed}, ${info.start.slice(0, 10)} → ${info.end.slice(0, 10)}), ` +
    `median of ${RUNS} runs after ${WARMUP} warm-up run(s), ${process.platform} ${process.arch}`,
);

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
log(`load average at start: ${loadavg()} (2 cores; other work on the machine slows every column alike)`);
// DuckDB's memory limit and threads come from the environment as for `waymark serve` (WAYMARK_MEMORY_LIMIT, WAYMARK_THREADS);
// the result cache is off: every run computes.
const config = { ...loadConfig(process.env), dbPath: path, resultCacheEntries: 0 };
log(`DuckDB memory_limit ${config.memoryLimit ?? "DuckDB's default (80 % of RAM)"}, threads ${config.threads}`);
const rt = await openRuntime(config);
const ch = await startClickHouse(join(DATA_DIR, `clickhouse-${datasetLabel(CUSTOMERS)}`), log);
interface Row {
  c: BenchCase;
  waymark: number;
  waymarkAll: number[];
  waymarkMb: number;
  ch: number;
  chMb: number;
  base: number;
  baseMb: number;
  agreeCh: string;
  agreeBase: string;
}
const rows: Row[] = [];
const skipped: string[] = [];
try {
  log(`ClickHouse ${ch.version} (Debian clickhouse-server) on 127.0.0.1, started by the bench`);
  await loadClickHouse(ch, rt.db, info, log);
  const run = (q: { sql: string; params: unknown[] }) => rt.db.all(q.sql, q.params as never);

  for (const kind of EXPECTED_KINDS) {
    if (ONLY && !ONLY.includes(kind)) continue;
    const c = CASES.find((x) => x.kind === kind);
    if (!ANALYSES.has(kind)) {
      skipped.push(`${kind}: skipped — not registered in src/analytics/registry.ts yet`);
      log(skipped.at(-1)!);
      continue;
    }
    if (!c) {
      skipped.push(`${kind}: skipped — registered, but bench/analytics has no case for it yet`);
      log(skipped.at(-1)!);
      continue;
    }
    log(`\n${c.title}`);
    resetPeak();
    const w = await timed(() => rt.analytics.run(WORKSPACE, kind, c.plan));
    const waymarkMb = peakMb();
    log(`  Waymark   ${w.seconds.toFixed(3)} s  (runs ${w.all.map((s) => s.toFixed(3)).join(' ')}; engine tookMs ${w.out.tookMs})`);
    if (!c.clickhouse || !c.baseline) {
      log(`  (${c.waymarkOnly ?? 'no ClickHouse or baseline side yet'})`);
      rows.push({ c, waymark: w.seconds, waymarkAll: w.all, waymarkMb, ch: NaN, chMb: NaN, base: NaN, baseMb: NaN, agreeCh: 'n/a', agreeBase: 'n/a' });
      continue;
    }
    const chSql = c.clickhouse.sql;
    ch.resetPeak();
    const h = await timed(async () => {
      const out: ChResult[] = [];
      for (const sql of chSql) out.push(await ch.queryFull(sql));
      return out;
    });
    const chMb = ch.peakMb();
    log(`  ClickHouse ${h.seconds.toFixed(3)} s  (runs ${h.all.map((s) => s.toFixed(3)).join(' ')})`);
    const wf = c.waymark(w.out.result);
    const keys = c.compareKeys ? c.compareKeys(wf) : [...wf.keys()];
    const agree = (name: string, f: Figures) => {
      const bad = compareFigures(wf, f, keys);
      if (!bad.length) return `agree (${keys.length} figures)`;
      const eg = bad.slice(0, 3).map((x) => `${x.key}: Waymark ${x.expected}, ${name} ${x.got ?? 'none'}`);
      return `DIFFER on ${bad.length} of ${keys.length} figures, e.g. ${eg.join('; ')}`;
    };
    const baseSql = c.baseline.sql;
    resetPeak();
    // The baseline may fail where Waymark does not (e.g. out of memory under WAYMARK_MEMORY_LIMIT): say so and go on.
    const b = await timed(() => run({ sql: baseSql, params: [] })).catch((err: unknown) => String(err).split('\n')[0]!);
    const baseMb = peakMb();
    if (typeof b === 'string') {
      log(`  baseline  FAILED: ${b}`);
      const agreeCh = agree('ClickHouse', c.clickhouse.figures(h.out));
      log(`  ClickHouse ${agreeCh}`);
      rows.push({ c, waymark: w.seconds, waymarkAll: w.all, waymarkMb, ch: h.seconds, chMb, base: NaN, baseMb, agreeCh, agreeBase: `failed: ${b}` });
      continue;
    }
    log(`  baseline  ${b.seconds.toFixed(3)} s  (runs ${b.all.map((s) => s.toFixed(3)).join(' ')})`);

    const agreeCh = agree('ClickHouse', c.clickhouse.figures(h.out));
    const agreeBase = agree('baseline', c.baseline.figures(b.out));
    log(`  ClickHouse ${agreeCh}\n  baseline  ${agreeBase}`);
    rows.push({ c, waymark: w.seconds, waymarkAll: w.all, waymarkMb, ch: h.seconds, chMb, base: b.seconds, baseMb, agreeCh, agreeBase });
  }
} finally {
  await ch.stop();
  await rt.close();
}

const fx = (x: number, digits: number, width: number) => (Number.isFinite(x) ? x.toFixed(digits) : '—').padStart(width);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
log(`\n${'analysis'.padEnd(52)} Waymark  ClickHouse  baseline   W/CH  W/base  W peak MB  CH peak MB  targets`);
for (const r of rows) {
  const t = r.c.target;
  const parts = t.seconds > 0 ? [`≤ ${t.seconds} s ${verdict(r.waymark <= t.seconds)}`] : [];
  if (t.vsClickHouse !== undefined && Number.isFinite(r.ch)) parts.push(`≤ ${t.vsClickHouse}× CH ${verdict(r.waymark / r.ch <= t.vsClickHouse)}`);
  parts.push(`≤ 2 GB ${verdict(r.waymarkMb <= MEMORY_TARGET_MB)}`);
  log(
    `${r.c.title.padEnd(52)} ${fx(r.waymark, 3, 7)}  ${fx(r.ch, 3, 10)}  ${fx(r.base, 3, 8)}  ${fx(r.waymark / r.ch, 2, 5)}  ${fx(r.waymark / r.base, 2, 6)}  ${fx(r.waymarkMb, 0, 9)}  ${fx(r.chMb, 0, 10)}  ${parts.join(', ')}`,
  );
}
if (CUSTOMERS !== 1_000_000) log(`(targets are set for 10M events / 1M customers; on ${info.events.toLocaleString('en-US')} events PASS/MISS is indicative only)`);
for (const s of skipped) log(s);
log(`load average at end: ${loadavg()}`);
for (const r of rows) if (r.agreeCh !== 'n/a' && (!r.agreeCh.startsWith('agree') || !r.agreeBase.startsWith('agree'))) log(`${r.c.kind}: ClickHouse ${r.agreeCh}; baseline ${r.agreeBase}`);
log(`\nW peak = VmHWM of this process while Waymark ran that analysis (reset before it; the process holds the DuckDB database and its buffer cache); CH peak = VmHWM of clickhouse-server during its runs`);
log('times: wall clock per analysis as a client sees it (Waymark: AnalyticsEngine.run incl. plan checks; ClickHouse: HTTP round trip; baseline: the SQL on the same DuckDB connection pool)');
