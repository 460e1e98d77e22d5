/**
 * bench/insight — does the findings engine rediscover the demo's planted pain points?
 * For each seed: generate the demo (--customers, default 10,000) with its pain points planted,
 * run the findings, match them to the manifest's truths (src/insight/match.ts defines a match)
 * and print precision and recall; then a control run with nothing planted (plant: false), whose
 * findings of a scored kind must stay at zero. Exits non-zero below 0.9 or with any control
 * false positive. Scored kinds are the planted ones and support friction (its time to resolution
 * matches the planted slow returns queue; anything else it finds is a false positive); persona-
 * level findings are scored like the overall ones (the generator plants none, so on its data
 * they can only be a true positive at a planted place or a false positive). Findings of kinds
 * nothing is planted for (churn after a touchpoint) are listed apart and do not count.
 * Usage: npm run bench:insight -- [--customers 10000] [--seeds 1,2,3,4,5] [--control-seed 101] [--no-control]
 * (--no-control skips the control run, e.g. to add seeds at a size whose control has been run).
 * Data sets are built once into bench/.data/insight-<customers>-<seed>[-control].duckdb.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { demoManifest } from '../src/demo/generator.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { whereText } from '../src/insight/finding.js';
import { magnitudeText } from '../src/insight/format.js';
import { scoreAgainstTruths } from '../src/insight/match.js';
import { runFindings } from '../src/insight/run-findings.js';
import { openRuntime } from '../src/runtime.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const CUSTOMERS = Number(arg('customers') ?? 10_000);
const SEEDS = (arg('seeds') ?? '1,2,3,4,5').split(',').map(Number);
const CONTROL_SEED = Number(arg('control-seed') ?? 101);
const CONTROL = !process.argv.includes('--no-control');
if (!Number.isInteger(CUSTOMERS) || CUSTOMERS < 100 || SEEDS.some((s) => !Number.isInteger(s))) throw new Error('--customers must be an integer ≥ 100 and --seeds integers');
const DATA = join(import.meta.dirname, '.data');
const WS = 'demo';

async function findingsFor(seed: number, plant: boolean) {
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `insight-${CUSTOMERS}-${seed}${plant ? '' : '-control'}.duckdb`);
  const fresh = !existsSync(file);
  const rt = await openRuntime({ ...loadConfig({}), dbPath: file });
  try {
    if (fresh || !(await rt.state.getWorkspace(WS))) {
      const t0 = performance.now();
      await rt.state.createWorkspace('Northwind (bench)', { id: WS });
      const l = await loadDemo(rt, WS, { customers: CUSTOMERS, seed, plant });
      console.log(`  built ${file}: ${l.events} events in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    return await runFindings({ db: rt.db, analytics: rt.analytics, state: rt.state }, WS);
  } finally {
    await rt.close();
  }
}

let ok = true;
console.log(`bench/insight: ${CUSTOMERS} customers, seeds ${SEEDS.join(', ')}; control seed ${CONTROL_SEED} (nothing planted)\n`);
console.log('seed  truths  found  TP  FP  other  precision  recall  tested  took     (persona-level, support friction)');
const rows: string[] = [];
for (const seed of SEEDS) {
  const r = await findingsFor(seed, true);
  const truths = demoManifest({ customers: CUSTOMERS, seed }).plantedTruths;
  const s = scoreAgainstTruths(r.findings, truths);
  if (s.precision < 0.9 || s.recall < 0.9) ok = false;
  rows.push(
    `${String(seed).padEnd(4)}  ${String(truths.length).padEnd(6)}  ${String(r.findings.length).padEnd(5)}  ${String(s.truePositives).padEnd(2)}  ${String(s.falsePositives.length).padEnd(2)}  ${String(s.other).padEnd(5)}  ${s.precision.toFixed(2).padEnd(9)}  ${s.recall.toFixed(2).padEnd(6)}  ${String(r.tested).padEnd(6)}  ${`${(r.tookMs / 1000).toFixed(1)} s`.padEnd(7)}  (${r.findings.filter((f) => f.where.persona !== undefined).length}, ${r.findings.filter((f) => f.kind === 'support_friction').length})`,
  );
  console.log(rows.at(-1));
  for (const f of r.findings) console.log(`        ${f.kind.padEnd(24)} ${whereText(f.where).padEnd(72)} ${magnitudeText(f).padEnd(24)} q=${f.confidence.q.toPrecision(2)} customers ${f.customers}`);
  for (const t of s.missed) console.log(`        MISSED ${t.kind}: ${t.description}`);
}
if (CONTROL) {
  const c = await findingsFor(CONTROL_SEED, false);
  const cs = scoreAgainstTruths(c.findings, []);
  if (cs.falsePositives.length > 0) ok = false;
  console.log(`\ncontrol (plant: false, seed ${CONTROL_SEED}): ${cs.falsePositives.length} findings of a scored kind, ${cs.other} of other kinds, ${c.tested} tests, ${(c.tookMs / 1000).toFixed(1)} s`);
  for (const f of c.findings) console.log(`        ${f.kind.padEnd(24)} ${whereText(f.where).padEnd(60)} ${magnitudeText(f)}`);
}
console.log(ok ? `\nPASS: precision and recall ≥ 0.9 on every seed${CONTROL ? ', no scored-kind finding on the control' : ' (control not run)'}` : '\nFAIL');
process.exitCode = ok ? 0 : 1;
