/**
 * Map diff: nothing for equal maps; every kind of change found by id and said in a line; the
 * fewest moves; metric changes with deltas when both versions' metrics are given.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { JourneyMapSchema, type JourneyMap } from '../domain/journey-map.js';
import { diffMaps, formatDelta, isEmptyDiff, summariseDiff } from './map-diff.js';
import { MAP_TEMPLATES, findMapTemplate } from './templates.js';

if (process.env.FC_SEED || process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261201) });

const ecommerce = () => findMapTemplate('e-commerce')!.build();
const clone = (m: JourneyMap): JourneyMap => structuredClone(m);
/** Drop the cells of lanes and steps the map no longer has (as the editor does). */
const pruned = (m: JourneyMap): JourneyMap => {
  const steps = new Set(m.stages.flatMap((s) => s.steps.map((p) => p.id)));
  const lanes = new Set(m.lanes.map((l) => l.id));
  const cells = Object.fromEntries(Object.entries(m.cells).filter(([key]) => lanes.has(key.split('/')[0]!) && steps.has(key.split('/')[1]!)));
  return JourneyMapSchema.parse({ ...m, cells });
};

test('a map compared with itself (or an equal copy) has no changes', () => {
  for (const t of MAP_TEMPLATES) {
    const diff = diffMaps(t.build(), t.build(), { a: { lanes: {} }, b: { lanes: {} } });
    assert.ok(isEmptyDiff(diff), t.key);
    assert.deepEqual(summariseDiff(diff), []);
  }
});

test('map fields: name, persona, scenario, time range', () => {
  const a = ecommerce();
  const b = clone(a);
  b.name = 'E-commerce journey v2';
  b.persona = 'weekend_hiker';
  b.scenario = '';
  b.timeRange = { from: '2026-01-01T00:00:00Z', to: null };
  const diff = diffMaps(a, b);
  assert.deepEqual(
    diff.fields.map((f) => f.field),
    ['name', 'persona', 'scenario', 'timeRange'],
  );
  assert.deepEqual(summariseDiff(diff).slice(0, 2), ['Name: “E-commerce purchase journey” → “E-commerce journey v2”', 'Persona: none → “weekend_hiker”']);
  assert.equal(summariseDiff(diff)[3], 'Time range: “all time” → “2026-01-01T00:00:00Z – …”');
  assert.ok(!isEmptyDiff(diff));
});

test('stages: added, removed, renamed, moved (fewest moves), rebound', () => {
  const a = ecommerce();
  const b = clone(a);
  // move "Recommend" (last) to the front, rename "Buy", drop "Receive", add "Explore"
  const recommend = b.stages.pop()!;
  b.stages.unshift(recommend);
  b.stages.find((s) => s.id === 'st_purchase')!.name = 'Purchase';
  b.stages.find((s) => s.id === 'st_purchase')!.stage = 'consideration';
  b.stages = b.stages.filter((s) => s.id !== 'st_delivery');
  b.stages.splice(2, 0, { id: 'st_explore', name: 'Explore', stage: null, steps: [{ id: 'sp_explore', name: 'Visits a store', touchpoint: 'Store Visit' }] });
  const diff = diffMaps(a, pruned(b));
  assert.deepEqual(diff.stages.added, [{ id: 'st_explore', name: 'Explore', position: 2 }]);
  assert.deepEqual(diff.stages.removed, [{ id: 'st_delivery', name: 'Receive', position: 3 }]);
  assert.deepEqual(diff.stages.renamed, [{ id: 'st_purchase', before: 'Buy', after: 'Purchase' }]);
  assert.deepEqual(diff.stages.moved, [{ id: 'st_advocacy', name: 'Recommend', from: 5, to: 0 }]);
  assert.deepEqual(diff.stages.rebound, [{ id: 'st_purchase', name: 'Purchase', before: 'purchase', after: 'consideration' }]);
  // the steps of the removed stage are removed, the new stage's step added; moving a stage moves no step
  assert.deepEqual(diff.steps.removed.map((s) => s.id), ['sp_shipped', 'sp_delivered']);
  assert.deepEqual(diff.steps.added, [{ id: 'sp_explore', name: 'Visits a store', stageId: 'st_explore', stage: 'Explore' }]);
  assert.deepEqual(diff.steps.moved, []);
  const lines = summariseDiff(diff);
  for (const line of [
    'Stage added: “Explore”',
    'Stage removed: “Receive”',
    'Stage renamed: “Buy” → “Purchase”',
    'Stage moved: “Recommend” from position 6 to 1',
    'Stage “Purchase” now shows stage consideration (was purchase)',
    'Step added: “Visits a store” in “Explore”',
    'Step removed: “Follows the shipment” from “Receive”',
  ]) assert.ok(lines.includes(line), `${line}\n${lines.join('\n')}`);
  // cells of removed steps are not listed one by one
  assert.ok(diff.cells.every((c) => c.stepId !== 'sp_shipped'));
});

test('fewest moves: for any reordering, moved = stages − longest kept order', () => {
  const a = ecommerce();
  fc.assert(
    fc.property(fc.shuffledSubarray(a.stages.map((_, i) => i), { minLength: a.stages.length, maxLength: a.stages.length }), (order) => {
      const b = { ...a, stages: order.map((i) => a.stages[i]!) };
      // longest increasing subsequence of the old positions in the new order
      const lis = order.map(() => 1);
      order.forEach((v, i) => {
        for (let j = 0; j < i; j++) if (order[j]! < v) lis[i] = Math.max(lis[i]!, lis[j]! + 1);
      });
      const diff = diffMaps(a, b);
      assert.equal(diff.stages.moved.length, order.length - Math.max(...lis));
      assert.equal(diff.steps.moved.length, 0);
      // undoing the moves restores the old order: the kept stages are in their old relative order
      const moved = new Set(diff.stages.moved.map((m) => m.id));
      const kept = b.stages.filter((s) => !moved.has(s.id)).map((s) => a.stages.indexOf(s));
      assert.deepEqual(kept, [...kept].sort((x, y) => x - y));
    }),
  );
});

test('steps: renamed, moved to another stage, reordered within a stage, touchpoint rebound', () => {
  const a = ecommerce();
  const b = clone(a);
  const buy = b.stages.find((s) => s.id === 'st_purchase')!;
  buy.steps.reverse(); // order, checkout, cart: two moves
  const research = b.stages.find((s) => s.id === 'st_consideration')!;
  const cart = buy.steps.pop()!; // cart to the research stage
  research.steps.push(cart);
  const product = research.steps.find((s) => s.id === 'sp_product')!;
  product.name = 'Compares jackets';
  product.touchpoint = null;
  const diff = diffMaps(a, b);
  assert.deepEqual(diff.steps.renamed, [{ id: 'sp_product', before: 'Compares products', after: 'Compares jackets', stage: 'Research' }]);
  assert.deepEqual(diff.steps.rebound, [{ id: 'sp_product', name: 'Compares jackets', before: 'Product Page', after: null }]);
  assert.deepEqual(
    diff.steps.moved.map((m) => [m.id, m.fromStage, m.toStage]),
    [
      ['sp_cart', 'Buy', 'Research'],
      ['sp_checkout', 'Buy', 'Buy'],
    ],
  );
  const lines = summariseDiff(diff);
  assert.ok(lines.includes('Step moved: “Adds to cart” from “Buy” to “Research”'));
  assert.ok(lines.includes('Step moved: “Checks out and pays” within “Buy”'));
  assert.ok(lines.includes('Step “Compares jackets” now stands for touchpoint none (was “Product Page”)'));
});

test('lanes: added, removed, renamed, hidden, moved, metric and source rebound', () => {
  const a = ecommerce();
  const b = clone(a);
  b.lanes = b.lanes.filter((l) => l.id !== 'ln_backstage');
  b.lanes.push({ id: 'ln_channels_nps', kind: 'kpi', name: 'NPS', hidden: false, metric: 'nps' });
  const thoughts = b.lanes.find((l) => l.id === 'ln_thoughts')!;
  thoughts.name = 'Thinking';
  const goals = b.lanes.find((l) => l.id === 'ln_goals')!;
  goals.hidden = true;
  b.lanes.find((l) => l.id === 'ln_kpi_csat')!.metric = 'nps';
  b.lanes.find((l) => l.id === 'ln_sentiment')!.source = 'manual';
  // move the emotion lane to the top
  const emotion = b.lanes.splice(b.lanes.findIndex((l) => l.id === 'ln_emotion'), 1)[0]!;
  b.lanes.unshift(emotion);
  const diff = diffMaps(a, pruned(b));
  assert.deepEqual(diff.lanes.added, [{ id: 'ln_channels_nps', name: 'NPS', kind: 'kpi', position: 13 }]);
  assert.deepEqual(diff.lanes.removed, [{ id: 'ln_backstage', name: 'Backstage', kind: 'text', position: 13 }]);
  assert.deepEqual(diff.lanes.renamed, [{ id: 'ln_thoughts', before: 'Thoughts', after: 'Thinking' }]);
  assert.deepEqual(diff.lanes.hidden, [{ id: 'ln_goals', name: 'Customer goals', hidden: true }]);
  assert.deepEqual(diff.lanes.moved, [{ id: 'ln_emotion', name: 'Emotion', from: 4, to: 0 }]);
  assert.deepEqual(diff.lanes.rebound, [
    { id: 'ln_sentiment', name: 'Sentiment from feedback', what: 'source', before: 'feedback', after: 'manual' },
    { id: 'ln_kpi_csat', name: 'CSAT', what: 'metric', before: 'csat', after: 'nps' },
  ]);
  const lines = summariseDiff(diff);
  for (const line of ['Lane added: “NPS” (kpi)', 'Lane removed: “Backstage” (text)', 'Lane renamed: “Thoughts” → “Thinking”', 'Lane hidden: “Customer goals”', 'Lane moved: “Emotion” from row 5 to 1', 'Lane “CSAT”: metric csat → nps']) {
    assert.ok(lines.includes(line), `${line}\n${lines.join('\n')}`);
  }
});

test('cells: readable before and after, keyed by lane/step with their names', () => {
  const a = ecommerce();
  const b = clone(a);
  b.cells['ln_emotion/sp_checkout'] = { emotion: -1 };
  b.cells['ln_goals/sp_ad'] = { text: 'Find a jacket fast' };
  delete b.cells['ln_thoughts/sp_order'];
  b.cells['ln_touchpoints/sp_order']!.touchpoints!.push({ name: 'Order Confirmation', channel: 'email' });
  b.cells['ln_opportunities/sp_checkout']!.opportunities![0]!.status = 'done';
  b.cells['ln_kpi_volume/sp_ad'] = { text: 'All ad clicks' };
  const diff = diffMaps(a, b);
  const byKey = new Map(diff.cells.map((c) => [c.key, c]));
  assert.equal(diff.cells.length, 6);
  assert.deepEqual(byKey.get('ln_emotion/sp_checkout'), { key: 'ln_emotion/sp_checkout', laneId: 'ln_emotion', stepId: 'sp_checkout', lane: 'Emotion', step: 'Checks out and pays', before: '-2', after: '-1' });
  assert.equal(byKey.get('ln_thoughts/sp_order')!.after, '');
  assert.equal(byKey.get('ln_touchpoints/sp_order')!.after, 'Order Completed (web); Order Completed (app); Order Confirmation (email)');
  assert.match(byKey.get('ln_opportunities/sp_checkout')!.after, /^Offer wallets .* \[done, Payments product owner, Digital product\]\n/);
  const lines = summariseDiff(diff);
  assert.ok(lines.includes('Emotion × Checks out and pays: “-2” → “-1”'));
  assert.ok(lines.includes('Thoughts × Order placed: ““Done. Now when will it come?”” → empty'));
  assert.ok(lines.includes('Customers reached × Clicks an ad: empty → “All ad clicks”'));
  assert.ok(lines.some((l) => l.startsWith('Customer goals × Clicks an ad: “Find the right gear') && l.endsWith('→ “Find a jacket fast”')));
});

test('metrics: KPI values and feedback emotion per lane and step, with deltas; none without both sides', () => {
  const a = ecommerce();
  const b = clone(a);
  const ma = {
    lanes: {
      ln_kpi_conversion: { sp_checkout: { value: 0.512, display: '51.2%' }, sp_cart: { value: 0.4, display: '40.0%' } },
      ln_kpi_volume: { sp_ad: { value: 2000, display: '2,000' }, sp_order: { value: null, display: '–' } },
      ln_kpi_time_in_stage: { sp_return: { value: 52 * 3_600_000, display: '52 h' } },
    },
    emotion: { ln_sentiment: { sp_checkout: -1.2, sp_order: null } },
  };
  const mb = {
    lanes: {
      ln_kpi_conversion: { sp_checkout: { value: 0.568, display: '56.8%' }, sp_cart: { value: 0.4, display: '40.0%' } },
      ln_kpi_volume: { sp_ad: { value: 2140, display: '2,140' }, sp_order: { value: 688, display: '688' } },
      ln_kpi_time_in_stage: { sp_return: { value: 30 * 3_600_000, display: '30 h' } },
    },
    emotion: { ln_sentiment: { sp_checkout: -0.7, sp_order: 0.9 } },
  };
  const diff = diffMaps(a, b, { a: ma, b: mb });
  assert.ok(diff.cells.length === 0 && diff.fields.length === 0);
  const byKey = new Map(diff.metrics.map((m) => [`${m.laneId}/${m.stepId}`, m]));
  assert.equal(diff.metrics.length, 6);
  const conv = byKey.get('ln_kpi_conversion/sp_checkout')!;
  assert.equal(conv.metric, 'conversion');
  assert.ok(Math.abs(conv.delta! - 0.056) < 1e-12);
  assert.deepEqual([conv.before, conv.after, conv.beforeDisplay, conv.afterDisplay], [0.512, 0.568, '51.2%', '56.8%']);
  assert.equal(byKey.get('ln_kpi_volume/sp_order')!.delta, null);
  assert.equal(byKey.get('ln_sentiment/sp_checkout')!.metric, 'emotion');
  const lines = summariseDiff(diff);
  for (const line of [
    'Conversion to next step × Checks out and pays: 51.2% → 56.8% (+5.6 pts)',
    'Customers reached × Clicks an ad: 2,000 → 2,140 (+140)',
    'Customers reached × Order placed: – → 688',
    'Median time to next step × Returns an item: 52 h → 30 h (−22.0 h)',
    'Sentiment from feedback × Checks out and pays: -1.2 → -0.7 (+0.50)',
    'Sentiment from feedback × Order placed: no data → +0.9',
  ]) assert.ok(lines.includes(line), `${line}\n${lines.join('\n')}`);
  assert.deepEqual(diffMaps(a, b, { a: ma }).metrics, []);
});

test('formatDelta speaks each metric', () => {
  assert.equal(formatDelta('dropoff', -0.031), '−3.1 pts');
  assert.equal(formatDelta('time_in_stage', 3 * 86_400_000), '+3.0 d');
  assert.equal(formatDelta('time_in_stage', -20 * 60_000), '−20 min');
  assert.equal(formatDelta('nps', 4), '+4');
  assert.equal(formatDelta('sentiment', 0), '±0.00');
});
