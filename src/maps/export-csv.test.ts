/**
 * CSV export: RFC 4180 quoting (checked against csv-parse), formula neutralising, rows per visible
 * lane with readable cells, KPI values from metrics.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { JourneyMapSchema, mapColumns } from '../domain/journey-map.js';
import { csvField, csvRows, exportMapCsv, formatEmotion } from './export-csv.js';
import { findMapTemplate } from './templates.js';

test('csvField quotes quotes, commas and line breaks, nothing else', () => {
  assert.equal(csvField('plain text'), 'plain text');
  assert.equal(csvField(''), '');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rlf'), '"cr\rlf"');
  assert.equal(csvField('"'), '""""');
  assert.equal(csvField(' padded '), ' padded ');
  assert.equal(csvField('Café ☕; 支払い'), 'Café ☕; 支払い');
});

test('csvField neutralises formulas but keeps plain numbers', () => {
  assert.equal(csvField('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('+1 555 0100 call me'), "'+1 555 0100 call me");
  assert.equal(csvField('-2'), '-2');
  assert.equal(csvField('+1.5'), '+1.5');
  assert.equal(csvField('-12.5%'), '-12.5%');
});

test('csvRows parses back to the same fields (csv-parse)', () => {
  const field = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('a,b', '"', '\r\n', 'x\ny', ',', '""'));
  fc.assert(
    fc.property(fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const text = csvRows(rows);
      const back: string[][] = parse(text, { relax_column_count: false });
      // a neutralised formula comes back with its apostrophe
      const expected = rows.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) && !/^[+-]?(\d+([.,]\d+)?|[.,]\d+)%?$/.test(v) ? `'${v}` : v)));
      assert.deepStrictEqual(back, expected);
    }),
  );
});

test('the e-commerce template as CSV: header of stage / step, one row per visible lane, readable cells', () => {
  const map = findMapTemplate('e-commerce')!.build();
  map.lanes.find((l) => l.id === 'ln_backstage')!.hidden = true;
  const metrics = {
    lanes: { ln_kpi_conversion: { sp_checkout: { value: 0.512, display: '51.2%' }, sp_cart: { value: 0.4, display: '40.0%' } } },
    emotion: { ln_sentiment: { sp_checkout: -1.234, sp_order: null } },
  };
  const text = exportMapCsv(map, { metrics });
  assert.ok(!text.startsWith('\uFEFF'));
  assert.ok(exportMapCsv(map, { bom: true }).startsWith('\uFEFF'));
  const rows: string[][] = parse(text);
  const header = rows[0]!;
  assert.deepEqual(header.slice(0, 4), ['lane', 'kind', 'Discover / Clicks an ad', 'Discover / Reads a buying guide']);
  assert.equal(header.length, 2 + mapColumns(map).length);
  const byLane = new Map(rows.slice(1).map((r) => [r[0], r]));
  assert.equal(rows.length - 1, map.lanes.length - 1);
  assert.ok(!byLane.has('Backstage'));
  const col = (stepId: string) => 2 + mapColumns(map).findIndex(({ step }) => step.id === stepId);
  assert.equal(byLane.get('Touchpoints & channels')![col('sp_ad')], 'Paid Ad Click (ads); Social Post (social)');
  assert.equal(byLane.get('Touchpoints & channels')![1], 'touchpoints');
  assert.equal(byLane.get('Emotion')![col('sp_checkout')], '-2');
  assert.equal(byLane.get('Emotion')![col('sp_ad')], '+1');
  assert.equal(byLane.get('Emotion')![1], 'emotion:manual');
  assert.equal(byLane.get('Sentiment from feedback')![col('sp_checkout')], '-1.23');
  assert.equal(byLane.get('Sentiment from feedback')![col('sp_order')], '');
  assert.equal(byLane.get('Conversion to next step')![1], 'kpi:conversion');
  assert.equal(byLane.get('Conversion to next step')![col('sp_checkout')], '51.2% (Target: 70% of checkouts end in an order)');
  assert.equal(byLane.get('Conversion to next step')![col('sp_order')], '');
  assert.equal(byLane.get('Customers reached')![col('sp_ad')], '');
  assert.equal(
    byLane.get('Pain points')![col('sp_checkout')],
    'Payment fails and customers retry the same card several times [high]\nMany checkouts never reach the payment step [high]',
  );
  assert.equal(
    byLane.get('Opportunities')![col('sp_ad')],
    'Deep-link every ad to its product page with the advertised colour preselected [planned, Performance marketing lead, Marketing]',
  );
  assert.equal(byLane.get('Customer goals')![col('sp_ad')], 'Find the right gear for a trip without hours of searching');
  assert.ok(text.endsWith('\r\n'));
  assert.equal(text.split('\r\n').length - 1, rows.length);
});

test('a minimal map: empty cells, finding-linked pain points, channels left out', () => {
  const map = JourneyMapSchema.parse({
    name: 'M',
    stages: [{ id: 's', name: 'Stage, with comma', steps: [{ id: 'p', name: 'Step "one"' }] }],
    lanes: [
      { id: 'l1', kind: 'painpoints', name: 'Pain' },
      { id: 'l2', kind: 'touchpoints', name: 'TP' },
      { id: 'l3', kind: 'opportunities', name: 'Opp' },
      { id: 'l4', kind: 'text', name: 'Empty' },
    ],
    cells: {
      'l1/p': { painpoints: [{ id: 'a', text: 'Slow', findingId: 'fnd_1', severity: 'low' }] },
      'l2/p': { touchpoints: [{ name: 'Kiosk' }] },
      'l3/p': { opportunities: [{ id: 'o', text: 'Fix' }] },
    },
  });
  assert.equal(
    exportMapCsv(map),
    'lane,kind,"Stage, with comma / Step ""one"""\r\nPain,painpoints,"Slow [low, finding fnd_1]"\r\nTP,touchpoints,Kiosk\r\nOpp,opportunities,Fix [idea]\r\nEmpty,text,\r\n',
  );
});

test('formatEmotion: two decimals at most, a sign on positive values, no negative zero', () => {
  assert.equal(formatEmotion(1), '+1');
  assert.equal(formatEmotion(-0.004), '0');
  assert.equal(formatEmotion(0), '0');
  assert.equal(formatEmotion(1.005), '+1');
  assert.equal(formatEmotion(-1.666), '-1.67');
});
