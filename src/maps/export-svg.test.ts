/**
 * SVG and PNG of a map: well-formed (resvg parses it), every visible stage, step and lane drawn,
 * hidden lanes left out, user text escaped, the emotion curve through the set points, KPI values
 * from metrics; text wrapping; the PNG at 2× with text actually drawn (system fonts present).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import { JourneyMapSchema, mapColumns } from '../domain/journey-map.js';
import { renderMapPng, renderMapPngAsync, pngZoom } from './export-png.js';
import { monotonePath, renderMapSvg, textWidth, wrapText, xmlText } from './export-svg.js';
import { MAP_TEMPLATES, findMapTemplate } from './templates.js';

function pngSize(png: Buffer): [number, number] {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

function svgSize(svg: string): [number, number] {
  const m = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!;
  return [Number(m[1]), Number(m[2])];
}

test('every template renders to a well-formed SVG with its stages, steps and lanes', () => {
  for (const t of MAP_TEMPLATES) {
    const map = t.build();
    const svg = renderMapSvg(map);
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), t.key);
    const parsed = new Resvg(svg); // throws on malformed XML
    assert.deepEqual([parsed.width, parsed.height], svgSize(svg));
    for (const stage of map.stages) assert.ok(svg.includes(`>${xmlText(stage.name)}</text>`), `${t.key}: ${stage.name}`);
    const allText = [...svg.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    for (const { step } of mapColumns(map)) assert.ok(allText.includes(xmlText(step.name)), `${t.key}: ${step.name}`);
    for (const lane of map.lanes) assert.ok(svg.includes(`>${xmlText(lane.name)}</text>`), `${t.key}: ${lane.name}`);
    assert.ok(!/<script|javascript:|<image|href=/.test(svg), 'no scripts, images or external references');
  }
});

test('the e-commerce canvas: emotion curve and points, chips, cards, KPI values from metrics, persona', () => {
  const map = findMapTemplate('e-commerce')!.build();
  const svg = renderMapSvg(map, {
    personaName: 'Weekend Hiker',
    metrics: {
      lanes: { ln_kpi_conversion: { sp_checkout: { value: 0.568, display: '56.8%', customers: 1210 } }, ln_kpi_volume: { sp_ad: { value: 2140, display: '2,140', customers: 2140 } } },
      emotion: { ln_sentiment: { sp_checkout: -1.3, sp_order: 0.9 } },
    },
  });
  assert.ok(svg.includes('>Weekend Hiker</text>'));
  assert.ok(svg.includes('>56.8%</text>') && svg.includes('>1,210 customers</text>'));
  assert.ok(svg.includes('>2,140</text>') && !svg.includes('>2,140 customers</text>'), 'no customer count under a volume');
  // 13 hand-set points on the emotion lane, 2 from feedback
  assert.equal((svg.match(/<circle [^>]*r="7"/g) ?? []).length, 13 + 2);
  assert.ok(svg.includes('>−2</text>') && svg.includes('>−1.3</text>') && svg.includes('>+0.9</text>'));
  // one smooth curve per run of set points: the manual lane (13 points) and the feedback pair
  assert.equal((svg.match(/<path d="M[^"]*C[^"]*" fill="none"/g) ?? []).length, 2);
  for (const name of ['Paid Ad Click', 'Social Post', 'Order Completed']) assert.ok(svg.includes(`>${name}</text>`), name);
  assert.ok(svg.includes('>ads</text>') && svg.includes('>social</text>'), 'channel badges');
  assert.ok(svg.includes('>HIGH</text>') && svg.includes('>IN PROGRESS</text>'));
  assert.ok(svg.includes('>Persona</text>') || svg.includes('>PERSONA</text>'));
});

test('hidden lanes are left out; user text is escaped and stripped of characters XML forbids', () => {
  const map = JourneyMapSchema.parse({
    name: 'A <b>bold</b> & "quoted" map',
    scenario: 'control \u0001 char and a lone \ud800 surrogate',
    stages: [{ id: 's', name: "Stage's <name>", steps: [{ id: 'p', name: 'Step & co' }] }],
    lanes: [
      { id: 'shown', kind: 'text', name: 'Shown' },
      { id: 'hidden', kind: 'text', name: 'Secret lane', hidden: true },
    ],
    cells: { 'shown/p': { text: '<script>alert(1)</script>' }, 'hidden/p': { text: 'secret text' } },
  });
  const svg = renderMapSvg(map);
  new Resvg(svg);
  assert.ok(!svg.includes('Secret lane') && !svg.includes('secret text'));
  assert.ok(svg.includes('A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; map'));
  assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(svg.includes('Stage&apos;s &lt;name&gt;'));
  assert.ok(!svg.includes('\u0001') && !svg.includes('\ud800'));
  assert.ok(svgSize(svg)[0] >= 760, 'a one-step map still has room for its header');
});

test('xmlText escapes the five XML characters and drops forbidden ones, keeps surrogate pairs', () => {
  assert.equal(xmlText(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  assert.equal(xmlText('a\u0000b\u0008c\u000bd\ufffe'), 'abcd');
  assert.equal(xmlText('tab\tnl\n'), 'tab\tnl\n');
  assert.equal(xmlText('😀 \ud83d \ude00'), '😀  ');
});

test('wrapText: lines fit, long words broken, at most maxLines ending in an ellipsis', () => {
  const lines = wrapText('The quick brown fox jumps over the lazy dog '.repeat(6), 150, 12);
  assert.ok(lines.length > 3);
  for (const line of lines) assert.ok(textWidth(line, 12) <= 150, line);
  assert.equal(lines.join(' ').replace(/\s+/g, ' ').trim(), 'The quick brown fox jumps over the lazy dog '.repeat(6).trim());
  const broken = wrapText('x'.repeat(100), 60, 12);
  assert.ok(broken.length > 1 && broken.every((l) => textWidth(l, 12) <= 60));
  assert.equal(broken.join(''), 'x'.repeat(100));
  const cut = wrapText('word '.repeat(200), 100, 12, 3);
  assert.equal(cut.length, 3);
  assert.ok(cut[2]!.endsWith('…') && textWidth(cut[2]!, 12) <= 100);
  assert.deepEqual(wrapText('one\ntwo', 500, 12), ['one', 'two']);
  assert.deepEqual(wrapText('', 500, 12), ['']);
});

test('monotonePath: passes through the points and never overshoots between neighbours', () => {
  const points: Array<[number, number]> = [
    [0, 50],
    [100, 10],
    [200, 10],
    [300, 90],
    [400, 60],
  ];
  const d = monotonePath(points);
  assert.match(d, /^M0,50C/);
  const numbers = [...d.matchAll(/C([\d.-]+),([\d.-]+) ([\d.-]+),([\d.-]+) ([\d.-]+),([\d.-]+)/g)].map((m) => m.slice(1).map(Number));
  assert.equal(numbers.length, 4);
  numbers.forEach(([, c1y, , c2y, ex, ey], i) => {
    const [, ya] = points[i]!;
    const [xb, yb] = points[i + 1]!;
    assert.deepEqual([ex, ey], [xb, yb]);
    const [lo, hi] = [Math.min(ya, yb), Math.max(ya, yb)];
    assert.ok(c1y! >= lo - 1e-9 && c1y! <= hi + 1e-9 && c2y! >= lo - 1e-9 && c2y! <= hi + 1e-9, `segment ${i} stays within its ends`);
  });
  assert.equal(monotonePath([[5, 5]]), 'M5,5');
  assert.equal(monotonePath([]), '');
});

test('PNG: 2× the SVG, text drawn with the system fonts', async () => {
  const full = findMapTemplate('telecom-support')!.build();
  const map = { ...full, stages: full.stages.slice(0, 1), lanes: full.lanes.slice(0, 5) };
  const svg = renderMapSvg(map);
  const [w, h] = svgSize(svg);
  const png = renderMapPng(svg);
  assert.deepEqual(pngSize(png), [w * 2, h * 2]);
  assert.deepEqual(pngSize(await renderMapPngAsync(svg, { scale: 1 })), [w, h]);

  // a text-only image has dark pixels only if a font was found to draw it
  const textOnly = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="28" font-size="24" font-family="Inter, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif">Waymark</text></svg>`;
  const image = new Resvg(textOnly, { font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' }, background: '#ffffff' }).render();
  let dark = 0;
  for (let i = 0; i < image.pixels.length; i += 4) if (image.pixels[i]! < 128) dark++;
  assert.ok(dark > 100, 'no text drawn: install a sans-serif font (Debian: fonts-liberation or fonts-dejavu-core)');
});

test('pngZoom keeps very large maps under about 40 megapixels', () => {
  assert.equal(pngZoom('<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="800">'), 2);
  const zoom = pngZoom('<svg xmlns="http://www.w3.org/2000/svg" width="8000" height="6000">');
  assert.ok(zoom < 1 && 8000 * 6000 * zoom * zoom <= 40_000_001);
  assert.equal(pngZoom('<svg>', 3), 3);
});
