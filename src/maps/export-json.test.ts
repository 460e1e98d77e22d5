/**
 * JSON export/import: lossless round trip on random valid maps (fast-check) and on every template;
 * bad JSON, a wrong format and schema failures give InvalidInputError with problems by path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { InvalidInputError } from '../domain/errors.js';
import { JourneyMapSchema, LANE_KINDS, MAP_METRICS, OPPORTUNITY_STATUSES, cellKey, type JourneyMap, type JourneyMapInput, type LaneKind } from '../domain/journey-map.js';
import { exportMapJson, importMapJson, parseMapExport } from './export-json.js';
import { MAP_TEMPLATES } from './templates.js';

// CI runs a fixed seed so a red run can be replayed; FC_SEED=… replays any run.
if (process.env.FC_SEED || process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261201) });

const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
/** Text with what breaks naive serialisers: quotes, newlines, unicode, lone surrogates, control characters. */
const textArb = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('Café ☕', '支払い', 'say "hi", then\nleave', '\u0000\u001f\ud800', '<b>&amp;</b>', '  padded  '),
);
/** Trimmed, non-empty, ≤ max code units: what a Name is after parsing. */
const nameArb = (max = 120) =>
  textArb.map((s) => s.trim().slice(0, max).trim()).filter((s) => s.length > 0);
const emotionArb = fc.double({ min: -2, max: 2, noNaN: true }).filter((x) => !Object.is(x, -0));
const isoArb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });

function cellArb(kind: LaneKind): fc.Arbitrary<Record<string, unknown>> {
  const itemId = idArb;
  switch (kind) {
    case 'text':
    case 'owners':
    case 'kpi':
      return fc.record({ text: textArb });
    case 'emotion':
      return fc.record({ emotion: emotionArb });
    case 'touchpoints':
      return fc.record({ touchpoints: fc.array(fc.record({ name: nameArb(200), channel: fc.option(nameArb(60), { nil: null }) }), { maxLength: 4 }) });
    case 'painpoints':
      return fc.record({
        painpoints: fc.array(
          fc.record({ id: itemId, text: nameArb(1000), findingId: fc.option(fc.string({ maxLength: 20 }), { nil: null }), severity: fc.constantFrom('low', 'medium', 'high') }),
          { maxLength: 3 },
        ),
      });
    case 'opportunities':
      return fc.record({
        opportunities: fc.array(
          fc.record({
            id: itemId,
            text: nameArb(1000),
            owner: fc.oneof(fc.constant(''), nameArb(120)),
            department: fc.oneof(fc.constant(''), nameArb(120)),
            status: fc.constantFrom(...OPPORTUNITY_STATUSES),
            findingId: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
          }),
          { maxLength: 3 },
        ),
      });
  }
}

const laneArb = (id: string) =>
  fc.constantFrom(...LANE_KINDS).chain((kind) =>
    fc.record({
      id: fc.constant(id),
      kind: fc.constant(kind),
      name: nameArb(),
      hidden: fc.boolean(),
      ...(kind === 'kpi' ? { metric: fc.constantFrom(...MAP_METRICS) } : {}),
      ...(kind === 'emotion' ? { source: fc.constantFrom('manual', 'feedback') } : {}),
    }),
  );

const timeRangeArb = fc.oneof(
  fc.constant({ from: null, to: null }),
  fc.record({ from: fc.option(isoArb.map((d) => d.toISOString()), { nil: null }), to: fc.constant(null) }),
  fc.tuple(isoArb, isoArb, fc.boolean())
    .filter(([a, b]) => a.getTime() !== b.getTime())
    .map(([a, b, offset]) => {
      const [from, to] = a < b ? [a, b] : [b, a];
      // an explicit offset: the same instant written in UTC+02:00
      const fmt = (d: Date) => (offset ? new Date(d.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00') : d.toISOString());
      return { from: fmt(from), to: fmt(to) };
    }),
);

/** Random valid maps, as JourneyMapSchema returns them (defaults filled, names trimmed). */
const journeyMapArb: fc.Arbitrary<JourneyMap> = fc
  .record({
    stepIds: fc.uniqueArray(idArb, { minLength: 1, maxLength: 8 }),
    stageIds: fc.uniqueArray(idArb, { minLength: 8, maxLength: 8 }),
    laneIds: fc.uniqueArray(idArb, { maxLength: 7 }),
    cuts: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  })
  .chain(({ stepIds, stageIds, laneIds, cuts }) => {
    // split the steps into stages: a new stage starts where cuts[i] is true
    const groups: string[][] = [];
    stepIds.forEach((id, i) => {
      if (i === 0 || cuts[i]) groups.push([]);
      groups.at(-1)!.push(id);
    });
    const stagesArb = fc.tuple(
      ...groups.map((steps, i) =>
        fc.record({
          id: fc.constant(stageIds[i]!),
          name: nameArb(),
          stage: fc.option(fc.constantFrom('awareness', 'purchase', 'custom-stage'), { nil: null }),
          steps: fc.tuple(...steps.map((id) => fc.record({ id: fc.constant(id), name: nameArb(), touchpoint: fc.option(nameArb(200), { nil: null }) }))),
        }),
      ),
    );
    const lanesArb = fc.tuple(...laneIds.map(laneArb));
    return fc.tuple(stagesArb, lanesArb).chain(([stages, lanes]) => {
      const cellArbs = lanes.flatMap((lane) => stepIds.map((stepId) => fc.option(cellArb(lane.kind).map((cell) => [cellKey(lane.id, stepId), cell] as const), { nil: null })));
      return fc.record({
        name: nameArb(),
        description: fc.oneof(fc.constant(''), textArb),
        persona: fc.option(nameArb(50), { nil: null }),
        scenario: fc.oneof(fc.constant(''), nameArb(500)),
        timeRange: timeRangeArb,
        stages: fc.constant(stages),
        lanes: fc.constant(lanes),
        cells: fc.tuple(...cellArbs).map((entries) => Object.fromEntries(entries.filter((e) => e !== null))),
      });
    });
  })
  .map((input) => JourneyMapSchema.parse(input as JourneyMapInput));

test('export then import gives back an equal map: random valid maps', () => {
  fc.assert(
    fc.property(journeyMapArb, (map) => {
      const text = exportMapJson(map, { exportedAt: '2026-12-01T10:00:00Z' });
      assert.deepStrictEqual(importMapJson(text), map);
      // and exporting the import again gives the same file
      assert.equal(exportMapJson(importMapJson(text), { exportedAt: '2026-12-01T10:00:00Z' }), text);
    }),
    { numRuns: 200 },
  );
});

test('export then import gives back an equal map: every template', () => {
  for (const t of MAP_TEMPLATES) {
    const map = t.build();
    assert.deepStrictEqual(importMapJson(exportMapJson(map)), map, t.key);
  }
});

test('the export file: format, exportedAt, optional source, the map, pretty printed', () => {
  const map = MAP_TEMPLATES[0]!.build();
  const text = exportMapJson(map, { exportedAt: new Date('2026-12-01T10:00:00Z'), mapId: 'map_1', revision: 7 });
  const file = JSON.parse(text);
  assert.deepEqual(Object.keys(file), ['format', 'exportedAt', 'mapId', 'revision', 'map']);
  assert.equal(file.format, 'waymark.map/1');
  assert.equal(file.exportedAt, '2026-12-01T10:00:00.000Z');
  assert.match(text, /^\{\n {2}"format": "waymark.map\/1",\n/);
  assert.ok(text.endsWith('}\n'));
  const plain = JSON.parse(exportMapJson(map));
  assert.deepEqual(Object.keys(plain), ['format', 'exportedAt', 'map']);
  assert.ok(Math.abs(Date.parse(plain.exportedAt) - Date.now()) < 60_000);
});

test('a bare map document imports too', () => {
  const map = MAP_TEMPLATES[1]!.build();
  assert.deepStrictEqual(parseMapExport(JSON.parse(JSON.stringify(map))), map);
  const input: JourneyMapInput = { name: 'Minimal', stages: [{ id: 's', name: 'S', steps: [{ id: 'p', name: 'P' }] }], lanes: [] };
  assert.equal(parseMapExport(input).schema, 'waymark.map/1');
});

function problemsOf(fn: () => unknown): Array<{ where: string; message: string }> {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InvalidInputError, String(err));
    return err.problems;
  }
  assert.fail('expected InvalidInputError');
}

test('bad JSON, wrong format and schema failures: InvalidInputError with problems by path', () => {
  const bad = problemsOf(() => importMapJson('{"format": "waymark.map/1", '));
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.where, 'file');
  assert.match(bad[0]!.message, /not valid JSON/);

  assert.equal(problemsOf(() => importMapJson('[1, 2]'))[0]!.where, 'file');
  assert.equal(problemsOf(() => importMapJson('null'))[0]!.where, 'file');

  const wrong = problemsOf(() => importMapJson('{"format": "smaply/3", "map": {}}'));
  assert.deepEqual(wrong, [{ where: 'format', message: 'expected "waymark.map/1", got "smaply/3"' }]);
  assert.match(problemsOf(() => importMapJson('{"format": "waymark.map/2", "map": {}}'))[0]!.message, /unsupported version "waymark.map\/2"/);
  assert.equal(problemsOf(() => importMapJson('{"map": {}}'))[0]!.where, 'format');
  assert.deepEqual(problemsOf(() => importMapJson('{"format": "waymark.map/1"}')), [{ where: 'map', message: 'the export has no map' }]);

  const map = MAP_TEMPLATES[0]!.build() as unknown as Record<string, unknown> & { stages: Array<{ name: string }>; lanes: Array<Record<string, unknown>>; cells: Record<string, unknown> };
  map.stages[0]!.name = '   ';
  map.lanes[2]!.metric = 'volume';
  map.cells['ln_goals/nope'] = { text: 'x' };
  map.cells['ln_emotion/sp_ad'] = { emotion: 5 };
  const problems = problemsOf(() => importMapJson(JSON.stringify({ format: 'waymark.map/1', exportedAt: 'x', map })));
  const wheres = problems.map((p) => p.where);
  assert.ok(wheres.includes('map.stages.0.name'), wheres.join(', '));
  assert.ok(wheres.includes('map.lanes.2.metric'), wheres.join(', '));
  assert.ok(wheres.includes('map.cells.ln_emotion/sp_ad.emotion'), wheres.join(', '));
  assert.equal(problems.find((p) => p.where === 'map.stages.0.name')!.message, 'a name cannot be empty');

  // refinements over the whole map (cell keys) are reported once the shape is right
  const keyed = MAP_TEMPLATES[0]!.build();
  const withBadKey = { ...keyed, cells: { ...keyed.cells, 'ln_goals/nope': { text: 'x' } } };
  assert.deepEqual(
    problemsOf(() => parseMapExport({ format: 'waymark.map/1', map: withBadKey })).map((p) => p.where),
    ['map.cells.ln_goals/nope'],
  );
  assert.match(String((() => { try { importMapJson('{}'); } catch (e) { return (e as Error).message; } })()), /^not a map export: format: /);
});
