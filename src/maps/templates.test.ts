/**
 * Built-in map templates: valid as they are, the shape the brief asks for, e-commerce steps bound
 * to touchpoints the demo catalogue has.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CELL_FIELD, JourneyMapSchema, cellKey, mapColumns } from '../domain/journey-map.js';
import { DEFAULT_STAGES } from '../domain/stage.js';
import { demoCatalogue } from '../demo/catalogue.js';
import { MAP_TEMPLATES, findMapTemplate } from './templates.js';

test('the four templates, each valid unchanged and built fresh on every call', () => {
  assert.deepEqual(
    MAP_TEMPLATES.map((t) => t.key),
    ['e-commerce', 'saas-subscription', 'b2b-lead-to-deal', 'telecom-support'],
  );
  for (const t of MAP_TEMPLATES) {
    const map = t.build();
    assert.deepStrictEqual(JourneyMapSchema.parse(map), map, t.key);
    assert.notEqual(t.build(), map);
    assert.deepStrictEqual(t.build(), map);
    assert.equal(findMapTemplate(t.key), t);
  }
  assert.equal(findMapTemplate('nope'), undefined);
});

test('4–6 stages of 1–3 steps, bound to default stages, the standard lanes, content in every step', () => {
  const stageKeys = new Set(DEFAULT_STAGES.map((s) => s.key));
  for (const t of MAP_TEMPLATES) {
    const map = t.build();
    assert.ok(map.stages.length >= 4 && map.stages.length <= 6, t.key);
    for (const stage of map.stages) {
      assert.ok(stage.steps.length >= 1 && stage.steps.length <= 3, `${t.key} ${stage.id}`);
      assert.ok(stage.stage === null || stageKeys.has(stage.stage), `${t.key} ${stage.id}`);
      assert.match(stage.id, /^st_/);
      for (const step of stage.steps) assert.match(step.id, /^sp_/);
    }
    const kinds = new Set(map.lanes.map((l) => l.kind));
    for (const kind of ['text', 'touchpoints', 'emotion', 'painpoints', 'opportunities', 'kpi', 'owners']) assert.ok(kinds.has(kind as never), `${t.key} ${kind}`);
    const metrics = map.lanes.filter((l) => l.kind === 'kpi').map((l) => l.metric);
    assert.ok(metrics.includes('volume') && metrics.includes('conversion'), t.key);
    for (const name of ['Customer goals', 'Actions', 'Thoughts', 'Backstage']) assert.ok(map.lanes.some((l) => l.name === name && l.kind === 'text'), `${t.key} ${name}`);
    const manualEmotion = map.lanes.find((l) => l.kind === 'emotion' && l.source === 'manual')!;
    for (const { step } of mapColumns(map)) {
      for (const laneId of ['ln_goals', 'ln_actions', 'ln_touchpoints', 'ln_thoughts', 'ln_owners', 'ln_backstage', manualEmotion.id]) {
        assert.ok(map.cells[cellKey(laneId, step.id)], `${t.key} ${laneId}/${step.id}`);
      }
    }
    // every cell holds the field of its lane's kind
    for (const [key, cell] of Object.entries(map.cells)) {
      const lane = map.lanes.find((l) => l.id === key.split('/')[0])!;
      assert.deepEqual(Object.keys(cell), [CELL_FIELD[lane.kind]], key);
    }
    const opportunities = Object.values(map.cells).flatMap((c) => c.opportunities ?? []);
    assert.ok(opportunities.length >= 3 && opportunities.every((o) => o.owner && o.department), t.key);
    assert.ok(Object.values(map.cells).some((c) => c.painpoints?.length), t.key);
  }
});

test('e-commerce: KPI lanes volume, conversion, time in stage, CSAT; every step bound to a demo touchpoint', () => {
  const map = findMapTemplate('e-commerce')!.build();
  assert.deepEqual(
    map.lanes.filter((l) => l.kind === 'kpi').map((l) => l.metric),
    ['volume', 'conversion', 'time_in_stage', 'csat'],
  );
  const catalogue = demoCatalogue();
  const names = new Set(catalogue.touchpoints.map((t) => t.name));
  const columns = mapColumns(map);
  for (const { step } of columns) assert.ok(step.touchpoint && names.has(step.touchpoint), `${step.id}: ${step.touchpoint}`);
  assert.ok(columns.some(({ step }) => step.touchpoint === 'Order Completed'));
  // the step's touchpoint belongs to the stage its column is bound to, or a neighbouring one
  const order = DEFAULT_STAGES.map((s) => s.key);
  for (const { stage, step } of columns) {
    const tp = catalogue.touchpoints.find((t) => t.name === step.touchpoint)!;
    assert.ok(Math.abs(order.indexOf(tp.stage!) - order.indexOf(stage.stage!)) <= 1, step.id);
  }
  // touchpoints named in the touchpoint lane exist in the demo catalogue too
  for (const cell of Object.values(map.cells)) for (const tp of cell.touchpoints ?? []) assert.ok(names.has(tp.name), tp.name);
  assert.ok(map.lanes.some((l) => l.kind === 'emotion' && l.source === 'feedback'));
});
