/**
 * Directly-follows graph and variants: equal to pm4py on the process-mining running example
 * (imported through the real CLI), and equal to the in-memory reference on random logs.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DfgPlanSchema } from './dfg.js';
import { VariantsPlanSchema } from './variants.js';
import { AnalyticsHarness } from './testing/analytics-harness.js';
import { eventLogArb, granularityArb, scopeArb } from './testing/random-log.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { loadConfig } from '../config.js';
import { PRESETS } from '../ingest/import/presets.js';
import { applyMapOverrides } from '../ingest/import/spec.js';
import type { DfgResult } from './dfg.js';
import type { VariantsResult } from './variants.js';

let h: AnalyticsHarness;
before(async () => {
  h = await AnalyticsHarness.open();
});
after(() => h.close());

const RUNNING_EXAMPLE = join(import.meta.dirname, '../../../shared/datasets/running-example.csv');

// What pm4py reports for running-example (pm4py.discover_dfg / get_variants on the same log).
const PM4PY_DFG: Record<string, number> = {
  'register request → examine casually': 3,
  'register request → check ticket': 2,
  'register request → examine thoroughly': 1,
  'examine casually → check ticket': 4,
  'examine casually → decide': 2,
  'examine thoroughly → check ticket': 2,
  'examine thoroughly → decide': 1,
  'check ticket → decide': 6,
  'check ticket → examine casually': 2,
  'check ticket → examine thoroughly': 1,
  'decide → pay compensation': 3,
  'decide → reject request': 3,
  'decide → reinitiate request': 3,
  'reinitiate request → examine thoroughly': 1,
  'reinitiate request → check ticket': 1,
  'reinitiate request → examine casually': 1,
};
const PM4PY_START = { 'register request': 6 };
const PM4PY_END = { 'pay compensation': 3, 'reject request': 3 };
const PM4PY_VARIANTS = [
  'register request,examine casually,check ticket,decide,reinitiate request,examine thoroughly,check ticket,decide,pay compensation',
  'register request,check ticket,examine casually,decide,pay compensation',
  'register request,examine thoroughly,check ticket,decide,reject request',
  'register request,examine casually,check ticket,decide,pay compensation',
  'register request,examine casually,check ticket,decide,reinitiate request,check ticket,examine casually,decide,reinitiate request,examine casually,check ticket,decide,reject request',
  'register request,check ticket,examine thoroughly,decide,reject request',
];

test('the running example imported as an event log gives pm4py’s DFG, start/end activities and variants', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-pm-'));
  const rt: Runtime = await openRuntime({ ...loadConfig(), dbPath: join(dir, 'w.duckdb') });
  try {
    const ws = await rt.state.createWorkspace('pm');
    const spec = applyMapOverrides(PRESETS.events!, ['case:concept:name=userId', 'concept:name=name', 'time:timestamp=timestamp']);
    const report = await rt.events.importFile(ws.id, RUNNING_EXAMPLE, spec, await rt.state.getCatalogue(ws.id));
    assert.equal(report.rejected.length, 0);
    assert.equal(report.inserted, 42);
    const dfg = (await rt.analytics.run<DfgResult>(ws.id, 'dfg', { by: 'event' })).result;
    assert.equal(dfg.cases, 6);
    assert.equal(dfg.events, 42);
    assert.deepEqual(Object.fromEntries(dfg.edges.map((e) => [`${e.from} → ${e.to}`, e.count])), PM4PY_DFG);
    assert.deepEqual(Object.fromEntries(dfg.start.map((s) => [s.activity, s.count])), PM4PY_START);
    assert.deepEqual(Object.fromEntries(dfg.end.map((s) => [s.activity, s.count])), PM4PY_END);
    // pm4py's performance DFG: check ticket → decide, mean of six waits
    const ct = dfg.edges.find((e) => e.from === 'check ticket' && e.to === 'decide')!;
    assert.ok(ct.meanMs > 86_400_000 && ct.p90Ms >= ct.medianMs);
    const variants = (await rt.analytics.run<VariantsResult>(ws.id, 'variants', { by: 'event' })).result;
    assert.equal(variants.totalVariants, 6);
    assert.deepEqual(variants.variants.map((v) => v.activities.join(',')).sort(), [...PM4PY_VARIANTS].sort());
    assert.ok(variants.variants.every((v) => v.count === 1 && Math.abs(v.share - 1 / 6) < 1e-12));
  } finally {
    await rt.close();
  }
});

const dfgPlanArb = fc.record({ by: granularityArb, scope: scopeArb, minCount: fc.integer({ min: 1, max: 3 }), limit: fc.integer({ min: 1, max: 40 }), collapseRepeats: fc.boolean() });

test('DFG on DuckDB equals the reference on random logs (ties, unicode, empty results)', async () => {
  await fc.assert(
    fc.asyncProperty(eventLogArb, dfgPlanArb, async (log, raw) => {
      await h.check('dfg', log, DfgPlanSchema.parse(raw));
    }),
    { numRuns: 150 },
  );
});

test('variants on DuckDB equal the reference on random logs', async () => {
  await fc.assert(
    fc.asyncProperty(eventLogArb, dfgPlanArb, async (log, raw) => {
      await h.check('variants', log, VariantsPlanSchema.parse(raw));
    }),
    { numRuns: 150 },
  );
});
