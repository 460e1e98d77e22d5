/**
 * The whole map canvas as one standalone SVG: a header (name, persona, scenario, time range),
 * stage headers spanning their steps, step headers, then a row per visible lane — wrapped text,
 * touchpoint chips with their channel, the emotion curve (−2…+2, smooth and monotone between
 * points), pain point and opportunity cards, KPI values from live metrics. No scripts, no
 * external fonts or images: text is measured with Helvetica/Arial metrics and drawn in a generic
 * sans-serif list, so it renders the same in browsers and in resvg (export-png.ts).
 */
import { cellKey, mapColumns, MAP_METRIC_LABELS, type Cell, type JourneyMap, type Lane, type OpportunityStatus } from '../domain/journey-map.js';
import { emotionAt, formatEmotion, OPPORTUNITY_STATUS_LABELS, type MapMetricValues } from './export-csv.js';

export interface MapSvgOptions {
  metrics?: MapMetricValues;
  /** Shown as the persona; default the map's persona key, else "All customers". */
  personaName?: string;
}

export const SVG_FONT_FAMILY = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

// ---- layout constants (px) ----
const MARGIN = 32;
const LABEL_W = 200;
const COL_W = 212;
const PAD = 10;
const GAP = 2;
const INNER_W = COL_W - 2 * PAD;
const STAGE_H = 50;
const EMOTION_H = 168;
const MAX_TEXT_LINES = 14;
const MIN_WIDTH = 760;

const INK = '#0f172a';
const TEXT = '#1e293b';
const MUTED = '#64748b';
const FAINT = '#94a3b8';
const RULE = '#e2e8f0';

const STAGE_COLORS = ['#2563eb', '#7c3aed', '#db2777', '#ea580c', '#059669', '#0891b2', '#4f46e5', '#ca8a04'];
const CHANNEL_COLORS: Record<string, string> = {
  ads: '#f97316',
  web: '#2563eb',
  email: '#7c3aed',
  social: '#db2777',
  store: '#059669',
  phone: '#0d9488',
  sms: '#0891b2',
  app: '#4f46e5',
  support: '#dc2626',
  chat: '#e11d48',
  survey: '#ca8a04',
};
const SEVERITY_COLORS = { high: '#dc2626', medium: '#f59e0b', low: '#94a3b8' } as const;
const STATUS_COLORS: Record<OpportunityStatus, string> = {
  idea: '#8b5cf6',
  planned: '#2563eb',
  in_progress: '#d97706',
  done: '#16a34a',
  dropped: '#94a3b8',
};
const KIND_ACCENTS: Record<Lane['kind'], string> = {
  text: '#94a3b8',
  touchpoints: '#2563eb',
  emotion: '#f59e0b',
  painpoints: '#dc2626',
  opportunities: '#16a34a',
  kpi: '#0f172a',
  owners: '#7c3aed',
};

// ---- text ----

// eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids are what this removes
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** XML-escaped text without characters XML 1.0 forbids (control characters, lone surrogates). */
export function xmlText(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

// Helvetica (= Arial, Liberation Sans) advance widths of ASCII 32…126 in 1/1000 em.
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Approximate rendered width of a text (px); a little generous so wider fallback fonts fit. */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 32 && code <= 126) units += ASCII_WIDTHS[code - 32]!;
    else if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f300)) units += 1000;
    else if (code >= 0x300 && code <= 0x36f) units += 0;
    else units += 600;
  }
  return (units / 1000) * size * (bold ? 1.1 : 1.04);
}

/** Words wrapped to lines of at most `width` px; at most `maxLines`, the last ending in "…" when cut. */
export function wrapText(text: string, width: number, size: number, maxLines = MAX_TEXT_LINES, bold = false): string[] {
  const lines: string[] = [];
  const fits = (s: string) => textWidth(s, size, bold) <= width;
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/[ \t]+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      // a word longer than the line is broken by characters
      let rest = word;
      while (!fits(rest)) {
        let cut = 1;
        const chars = [...rest];
        while (cut < chars.length && fits(chars.slice(0, cut + 1).join(''))) cut++;
        lines.push(chars.slice(0, cut).join(''));
        rest = chars.slice(cut).join('');
      }
      line = rest;
    }
    lines.push(line);
  }
  while (lines.length > 1 && lines.at(-1) === '') lines.pop();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = ellipsize(`${kept[maxLines - 1]} …`, width, size, bold);
  return kept;
}

/** The text cut to fit `width` px, ending in "…" when cut. */
export function ellipsize(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text;
  const chars = [...text];
  while (chars.length && textWidth(`${chars.join('').trimEnd()}…`, size, bold) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

interface TextStyle {
  size: number;
  weight?: 'bold' | 'normal' | number;
  fill?: string;
  italic?: boolean;
  anchor?: 'start' | 'middle' | 'end';
  spacing?: number;
  opacity?: number;
}

function textEl(x: number, y: number, text: string, style: TextStyle): string {
  const attrs = [`x="${r(x)}"`, `y="${r(y)}"`, `font-size="${style.size}"`];
  if (style.weight && style.weight !== 'normal') attrs.push(`font-weight="${style.weight}"`);
  attrs.push(`fill="${style.fill ?? TEXT}"`);
  if (style.italic) attrs.push('font-style="italic"');
  if (style.anchor && style.anchor !== 'start') attrs.push(`text-anchor="${style.anchor}"`);
  if (style.spacing) attrs.push(`letter-spacing="${style.spacing}"`);
  if (style.opacity !== undefined) attrs.push(`fill-opacity="${style.opacity}"`);
  return `<text ${attrs.join(' ')}>${xmlText(text)}</text>`;
}

function linesEl(x: number, y: number, lines: string[], style: TextStyle, lineHeight: number): string {
  return lines.map((line, i) => textEl(x, y + i * lineHeight, line, style)).join('');
}

const r = (n: number) => Math.round(n * 10) / 10;

function rect(x: number, y: number, w: number, h: number, attrs: string): string {
  return `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" ${attrs}/>`;
}

/** Mix a #rrggbb colour with white: amount 0 = colour, 1 = white. */
function tint(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const [red, green, blue] = [mix((n >> 16) & 255), mix((n >> 8) & 255), mix(n & 255)];
  return `#${((1 << 24) | (red << 16) | (green << 8) | blue).toString(16).slice(1)}`;
}

/** Red (−2) → amber (0) → green (+2). */
export function emotionColor(value: number): string {
  const stops: Array<[number, [number, number, number]]> = [
    [-2, [220, 38, 38]],
    [0, [245, 158, 11]],
    [2, [22, 163, 74]],
  ];
  const v = Math.max(-2, Math.min(2, value));
  const [a, b] = v <= 0 ? [stops[0]!, stops[1]!] : [stops[1]!, stops[2]!];
  const t = (v - a[0]) / (b[0] - a[0]);
  const c = a[1].map((x, i) => Math.round(x + (b[1][i]! - x) * t));
  return `rgb(${c.join(',')})`;
}

// ---- cells: each renders into (x, y) with the inner width and reports its height ----

interface Drawn {
  height: number;
  svg: string;
}

const BODY = 12;
const BODY_LH = 16;

function drawText(text: string, x: number, y: number): Drawn {
  if (!text.trim()) return { height: 0, svg: '' };
  const lines = wrapText(text, INNER_W, BODY);
  return { height: lines.length * BODY_LH, svg: linesEl(x, y + BODY, lines, { size: BODY }, BODY_LH) };
}

function channelColor(channel: string): string {
  return CHANNEL_COLORS[channel.toLowerCase()] ?? '#475569';
}

function drawTouchpoints(cell: Cell | undefined, x: number, y: number): Drawn {
  const chips = cell?.touchpoints ?? [];
  let svg = '';
  let cy = y;
  for (const tp of chips) {
    const h = 26;
    svg += rect(x, cy, INNER_W, h, `rx="13" fill="#f8fafc" stroke="#cbd5e1"`);
    let tx = x + 10;
    if (tp.channel) {
      const label = ellipsize(tp.channel.toLowerCase(), 70, 9.5, true);
      const bw = textWidth(label, 9.5, true) + 12;
      const color = channelColor(tp.channel);
      svg += rect(x + 4, cy + 4, bw, h - 8, `rx="9" fill="${color}"`);
      svg += textEl(x + 4 + bw / 2, cy + 16.5, label, { size: 9.5, weight: 'bold', fill: '#ffffff', anchor: 'middle' });
      tx = x + 4 + bw + 7;
    }
    svg += textEl(tx, cy + 17, ellipsize(tp.name, x + INNER_W - 10 - tx, 11.5), { size: 11.5, fill: INK });
    cy += h + 6;
  }
  return { height: chips.length ? cy - 6 - y : 0, svg };
}

/** A card: accent bar, wrapped text, then a footer of the given height drawn by `footer`. */
function drawCard(x: number, y: number, text: string, accent: string, fill: string, stroke: string, footerH: number, footer: (fx: number, fy: number) => string): Drawn {
  const lines = wrapText(text, INNER_W - 22, 11.5, 6);
  const h = 10 + lines.length * 15 + footerH + 8;
  let svg = rect(x, y, INNER_W, h, `rx="6" fill="${fill}" stroke="${stroke}"`);
  svg += rect(x, y, 4, h, `rx="2" fill="${accent}"`);
  svg += linesEl(x + 12, y + 21, lines, { size: 11.5, fill: INK }, 15);
  svg += footer(x + 12, y + 10 + lines.length * 15 + 4);
  return { height: h, svg };
}

function drawPainpoints(cell: Cell | undefined, x: number, y: number): Drawn {
  let svg = '';
  let cy = y;
  for (const p of cell?.painpoints ?? []) {
    const card = drawCard(x, cy, p.text, SEVERITY_COLORS[p.severity], '#fef2f2', '#fecaca', 14, (fx, fy) =>
      textEl(fx, fy + 10, `${p.severity.toUpperCase()}${p.findingId ? ' · FROM FINDING' : ''}`, { size: 9, weight: 'bold', fill: SEVERITY_COLORS[p.severity], spacing: 0.6 }),
    );
    svg += card.svg;
    cy += card.height + 8;
  }
  return { height: cy === y ? 0 : cy - 8 - y, svg };
}

function drawOpportunities(cell: Cell | undefined, x: number, y: number): Drawn {
  let svg = '';
  let cy = y;
  for (const o of cell?.opportunities ?? []) {
    const color = STATUS_COLORS[o.status];
    const label = OPPORTUNITY_STATUS_LABELS[o.status].toUpperCase();
    const pw = textWidth(label, 8.5, true) + 10;
    const fw = INNER_W - 22;
    const who = [o.owner, o.department].filter(Boolean).join(' · ');
    // owner and department next to the status when they fit, else on up to two lines below it
    const inline = !who || textWidth(who, 9.5) <= fw - pw - 6;
    const whoLines = inline ? [] : wrapText(who, fw, 9.5, 2);
    const card = drawCard(x, cy, o.text, color, '#f0fdf4', '#bbf7d0', 14 + (whoLines.length ? 4 + whoLines.length * 13 : 0), (fx, fy) => {
      let out = rect(fx, fy, pw, 14, `rx="7" fill="${color}"`);
      out += textEl(fx + pw / 2, fy + 10.5, label, { size: 8.5, weight: 'bold', fill: '#ffffff', anchor: 'middle', spacing: 0.3 });
      if (who && inline) out += textEl(fx + pw + 6, fy + 10.5, who, { size: 9.5, fill: MUTED });
      out += linesEl(fx, fy + 27, whoLines, { size: 9.5, fill: MUTED }, 13);
      return out;
    });
    svg += card.svg;
    cy += card.height + 8;
  }
  return { height: cy === y ? 0 : cy - 8 - y, svg };
}

function drawKpi(lane: Lane, cell: Cell | undefined, stepId: string, metrics: MapMetricValues | undefined, x: number, y: number): Drawn {
  const value = metrics?.lanes?.[lane.id]?.[stepId];
  let svg = '';
  let h = 28;
  if (value?.display && value.value !== null) {
    svg += textEl(x, y + 22, ellipsize(value.display, INNER_W, 22, true), { size: 22, weight: 'bold', fill: INK });
    if (typeof value.customers === 'number' && lane.metric !== 'volume') {
      svg += textEl(x, y + h + 12, `${value.customers.toLocaleString('en-US')} customers`, { size: 10.5, fill: MUTED });
      h += 16;
    }
  } else {
    svg += textEl(x, y + 22, '—', { size: 22, fill: '#cbd5e1' });
  }
  if (cell?.text?.trim()) {
    const lines = wrapText(cell.text, INNER_W, 10.5, 4);
    svg += linesEl(x, y + h + 13, lines, { size: 10.5, fill: MUTED, italic: true }, 14);
    h += 4 + lines.length * 14;
  }
  return { height: h, svg };
}

// ---- the emotion lane ----

/** A smooth path through points (monotone in y between neighbours, as d3's curveMonotoneX). */
export function monotonePath(points: Array<[number, number]>): string {
  if (points.length === 0) return '';
  const [x0, y0] = points[0]!;
  if (points.length === 1) return `M${r(x0)},${r(y0)}`;
  const n = points.length;
  const slopes = points.map(() => 0);
  const secant = (i: number) => (points[i + 1]![1] - points[i]![1]) / (points[i + 1]![0] - points[i]![0]);
  for (let i = 1; i < n - 1; i++) {
    const h0 = points[i]![0] - points[i - 1]![0];
    const h1 = points[i + 1]![0] - points[i]![0];
    const s0 = secant(i - 1);
    const s1 = secant(i);
    const p = (s0 * h1 + s1 * h0) / (h0 + h1);
    slopes[i] = (Math.sign(s0) + Math.sign(s1)) * Math.min(Math.abs(s0), Math.abs(s1), 0.5 * Math.abs(p)) || 0;
  }
  slopes[0] = n > 2 ? (3 * secant(0) - slopes[1]!) / 2 : secant(0);
  slopes[n - 1] = n > 2 ? (3 * secant(n - 2) - slopes[n - 2]!) / 2 : secant(n - 2);
  let d = `M${r(x0)},${r(y0)}`;
  for (let i = 0; i < n - 1; i++) {
    const [xa, ya] = points[i]!;
    const [xb, yb] = points[i + 1]!;
    const dx = (xb - xa) / 3;
    d += `C${r(xa + dx)},${r(ya + dx * slopes[i]!)} ${r(xb - dx)},${r(yb - dx * slopes[i + 1]!)} ${r(xb)},${r(yb)}`;
  }
  return d;
}

function drawEmotionLane(lane: Lane, laneIndex: number, map: JourneyMap, metrics: MapMetricValues | undefined, xOf: (i: number) => number, y: number, height: number): string {
  const columns = mapColumns(map);
  const top = y + 26;
  const bottom = y + height - 26;
  const yOf = (v: number) => top + ((2 - v) / 4) * (bottom - top);
  const x0 = xOf(0);
  const x1 = xOf(columns.length);
  let svg = '';
  // guides at +2, +1, 0, −1, −2 with their labels at the right edge of the label column
  for (const v of [2, 1, 0, -1, -2]) {
    const gy = yOf(v);
    svg += `<line x1="${r(x0)}" y1="${r(gy)}" x2="${r(x1)}" y2="${r(gy)}" stroke="${v === 0 ? '#cbd5e1' : '#eef2f7'}" stroke-width="${v === 0 ? 1.2 : 1}"${v === 0 ? ' stroke-dasharray="5 4"' : ''}/>`;
    svg += textEl(x0 - 8, gy + 3.5, v > 0 ? `+${v}` : v < 0 ? `−${-v}` : '0', { size: 9.5, fill: FAINT, anchor: 'end' });
  }
  const values = columns.map(({ step }) => emotionAt(lane, map.cells[cellKey(lane.id, step.id)], step.id, metrics));
  const points = values.map((v, i) => (v === undefined ? null : ([xOf(i) + COL_W / 2, yOf(v)] as [number, number])));
  if (points.every((p) => p === null)) {
    const note = lane.source === 'feedback' ? 'Filled from feedback sentiment when the map is viewed live' : 'No emotion set';
    return svg + textEl((x0 + x1) / 2, yOf(0) - 8, note, { size: 11, fill: FAINT, italic: true, anchor: 'middle' });
  }
  const gradient = `emotion-${laneIndex}`;
  svg += `<defs><linearGradient id="${gradient}" gradientUnits="userSpaceOnUse" x1="0" y1="${r(top)}" x2="0" y2="${r(bottom)}"><stop offset="0" stop-color="#16a34a"/><stop offset="0.5" stop-color="#f59e0b"/><stop offset="1" stop-color="#dc2626"/></linearGradient></defs>`;
  // runs of consecutive set points: area to the neutral line, then the curve
  const runs: Array<Array<[number, number]>> = [];
  let run: Array<[number, number]> = [];
  for (const p of points) {
    if (p) run.push(p);
    else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  for (const pts of runs) {
    if (pts.length < 2) continue;
    const path = monotonePath(pts);
    svg += `<path d="${path}L${r(pts.at(-1)![0])},${r(yOf(0))}L${r(pts[0]![0])},${r(yOf(0))}Z" fill="url(#${gradient})" fill-opacity="0.13"/>`;
    svg += `<path d="${path}" fill="none" stroke="url(#${gradient})" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>`;
  }
  values.forEach((v, i) => {
    const p = points[i];
    if (v === undefined || !p) return;
    const color = emotionColor(v);
    svg += `<circle cx="${r(p[0])}" cy="${r(p[1])}" r="7" fill="${color}" stroke="#ffffff" stroke-width="2.5"/>`;
    const above = v < 1.5;
    svg += textEl(p[0], above ? p[1] - 13 : p[1] + 22, formatEmotion(v).replace('-', '−'), { size: 11, weight: 'bold', fill: color, anchor: 'middle' });
  });
  return svg;
}

// ---- the canvas ----

/** A small caption under a lane's name saying what kind of lane it is (none when the name says it). */
function laneCaption(lane: Lane): string {
  const letters = (t: string) => t.toLowerCase().replace(/[^a-z]/g, '');
  const unlessNamed = (caption: string) => (letters(lane.name).includes(letters(caption)) ? '' : caption);
  switch (lane.kind) {
    case 'kpi':
      return lane.metric && MAP_METRIC_LABELS[lane.metric] !== lane.name ? `KPI · ${MAP_METRIC_LABELS[lane.metric]}` : 'KPI · live data';
    case 'emotion':
      return lane.source === 'feedback' ? 'From feedback sentiment' : 'Set by hand · −2 to +2';
    case 'painpoints':
      return unlessNamed('Pain points');
    case 'opportunities':
      return unlessNamed('Opportunities');
    case 'touchpoints':
      return unlessNamed('Touchpoints · channels');
    case 'owners':
      return unlessNamed('Owners · departments');
    case 'text':
      return '';
  }
}

function drawCell(lane: Lane, map: JourneyMap, stepId: string, metrics: MapMetricValues | undefined, x: number, y: number): Drawn {
  const cell = map.cells[cellKey(lane.id, stepId)];
  switch (lane.kind) {
    case 'text':
    case 'owners':
      return drawText(cell?.text ?? '', x, y);
    case 'touchpoints':
      return drawTouchpoints(cell, x, y);
    case 'painpoints':
      return drawPainpoints(cell, x, y);
    case 'opportunities':
      return drawOpportunities(cell, x, y);
    case 'kpi':
      return drawKpi(lane, cell, stepId, metrics, x, y);
    case 'emotion':
      return { height: 0, svg: '' };
  }
}

function formatDay(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '…';
}

/** The map as a standalone SVG document. */
export function renderMapSvg(map: JourneyMap, options: MapSvgOptions = {}): string {
  const { metrics } = options;
  const columns = mapColumns(map);
  const lanes = map.lanes.filter((l) => !l.hidden);
  const xOf = (i: number) => MARGIN + LABEL_W + i * COL_W;
  const gridRight = xOf(columns.length);
  const width = Math.max(gridRight + MARGIN, MIN_WIDTH);
  const body: string[] = [];
  /** Row backgrounds and rules, drawn under everything else. */
  const under: string[] = [];

  // header
  let y = MARGIN;
  const titleLines = wrapText(map.name, width - 2 * MARGIN, 26, 2, true);
  body.push(linesEl(MARGIN, y + 26, titleLines, { size: 26, weight: 'bold', fill: INK }, 32));
  y += 26 + (titleLines.length - 1) * 32 + 12;
  const persona = options.personaName ?? map.persona ?? 'All customers';
  const facts: Array<[string, string]> = [['Persona', persona]];
  if (map.timeRange.from || map.timeRange.to) facts.push(['Time range', `${formatDay(map.timeRange.from)} – ${formatDay(map.timeRange.to)}`]);
  let fx = MARGIN;
  for (const [label, value] of facts) {
    body.push(textEl(fx, y + 14, label.toUpperCase(), { size: 10, weight: 'bold', fill: FAINT, spacing: 0.8 }));
    const lw = textWidth(label.toUpperCase(), 10, true) + 0.8 * label.length + 8;
    const shown = ellipsize(value, 420, 14, true);
    body.push(textEl(fx + lw, y + 14, shown, { size: 14, weight: 600, fill: TEXT }));
    fx += lw + textWidth(shown, 14, true) + 28;
  }
  y += 22;
  if (map.scenario.trim()) {
    const lines = wrapText(map.scenario, Math.min(width - 2 * MARGIN, 1100) - 80, 13, 3);
    body.push(textEl(MARGIN, y + 14, 'SCENARIO', { size: 10, weight: 'bold', fill: FAINT, spacing: 0.8 }));
    body.push(linesEl(MARGIN + 80, y + 14, lines, { size: 13, fill: MUTED }, 18));
    y += lines.length * 18 + 4;
  }
  y += 18;

  // stage headers
  let col = 0;
  map.stages.forEach((stage, si) => {
    const color = STAGE_COLORS[si % STAGE_COLORS.length]!;
    const x = xOf(col);
    const w = stage.steps.length * COL_W - GAP;
    body.push(rect(x, y, w, STAGE_H, `rx="8" fill="${color}"`));
    body.push(textEl(x + 14, y + 22, ellipsize(stage.name, w - 28, 15, true), { size: 15, weight: 'bold', fill: '#ffffff' }));
    if (stage.stage) body.push(textEl(x + 14, y + 39, ellipsize(stage.stage.toUpperCase(), w - 28, 9.5, true), { size: 9.5, weight: 'bold', fill: '#ffffff', opacity: 0.75, spacing: 0.8 }));
    col += stage.steps.length;
  });
  body.push(textEl(MARGIN, y + 22, 'STAGES', { size: 10, weight: 'bold', fill: FAINT, spacing: 0.8 }));
  y += STAGE_H + GAP + 2;

  // step headers
  const stepLines = columns.map(({ step }) => wrapText(step.name, INNER_W, 13, 2, true));
  const stepH = 14 + Math.max(...stepLines.map((l) => l.length)) * 17 + (columns.some(({ step }) => step.touchpoint) ? 16 : 0) + 6;
  columns.forEach(({ step, stageIndex }, i) => {
    const color = STAGE_COLORS[stageIndex % STAGE_COLORS.length]!;
    const x = xOf(i);
    body.push(rect(x, y, COL_W - GAP, stepH, `rx="6" fill="${tint(color, 0.88)}"`));
    body.push(linesEl(x + PAD, y + 22, stepLines[i]!, { size: 13, weight: 'bold', fill: INK }, 17));
    if (step.touchpoint) {
      const ty = y + stepH - 12;
      body.push(`<circle cx="${r(x + PAD + 4)}" cy="${r(ty - 3.5)}" r="3.5" fill="none" stroke="${color}" stroke-width="1.6"/>`);
      body.push(textEl(x + PAD + 13, ty, ellipsize(step.touchpoint, INNER_W - 13, 10.5), { size: 10.5, fill: MUTED }));
    }
  });
  body.push(textEl(MARGIN, y + 22, 'STEPS', { size: 10, weight: 'bold', fill: FAINT, spacing: 0.8 }));
  y += stepH + 8;

  // lanes
  const gridTop = y;
  lanes.forEach((lane, li) => {
    const nameLines = wrapText(lane.name, LABEL_W - 2 * PAD - 8, 13, 3, true);
    const labelH = 12 + nameLines.length * 17 + 16 + 10;
    let contentH = 0;
    const cells: string[] = [];
    if (lane.kind !== 'emotion') {
      columns.forEach(({ step }, i) => {
        const drawn = drawCell(lane, map, step.id, metrics, xOf(i) + PAD, y + 12);
        contentH = Math.max(contentH, drawn.height);
        cells.push(drawn.svg);
      });
    }
    const h = lane.kind === 'emotion' ? EMOTION_H : Math.max(labelH, contentH + 24, lane.kind === 'kpi' ? 64 : 52);
    under.push(rect(MARGIN, y, gridRight - MARGIN, h, `fill="${li % 2 ? '#f8fafc' : '#ffffff'}"`));
    under.push(`<line x1="${MARGIN}" y1="${r(y + h)}" x2="${r(gridRight)}" y2="${r(y + h)}" stroke="${RULE}"/>`);
    body.push(rect(MARGIN, y + 10, 3, Math.min(h - 20, 40), `rx="1.5" fill="${KIND_ACCENTS[lane.kind]}"`));
    body.push(linesEl(MARGIN + 12, y + 26, nameLines, { size: 13, weight: 'bold', fill: INK }, 17));
    const caption = laneCaption(lane);
    if (caption) body.push(textEl(MARGIN + 12, y + 26 + nameLines.length * 17 - 2, ellipsize(caption.toUpperCase(), LABEL_W - 2 * PAD - 8, 8.5, true), { size: 8.5, weight: 'bold', fill: FAINT, spacing: 0.5 }));
    if (lane.kind === 'emotion') body.push(drawEmotionLane(lane, li, map, metrics, xOf, y, h));
    else body.push(...cells);
    y += h;
  });

  // column rules: thin between steps, stronger between stages
  let ruleCol = 0;
  for (const stage of map.stages) {
    for (let s = 0; s < stage.steps.length; s++) {
      const x = xOf(ruleCol);
      under.push(`<line x1="${r(x)}" y1="${r(gridTop)}" x2="${r(x)}" y2="${r(y)}" stroke="${s === 0 ? '#cbd5e1' : '#edf1f6'}"/>`);
      ruleCol++;
    }
  }
  under.push(`<line x1="${r(gridRight)}" y1="${r(gridTop)}" x2="${r(gridRight)}" y2="${r(y)}" stroke="#cbd5e1"/>`);
  if (lanes.length) under.push(`<line x1="${MARGIN}" y1="${r(gridTop)}" x2="${r(gridRight)}" y2="${r(gridTop)}" stroke="#cbd5e1"/>`);
  const footerY = y + 28;
  const height = Math.ceil(footerY + MARGIN - 8);
  const footer = textEl(MARGIN, footerY, 'Waymark journey map', { size: 10, fill: FAINT });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlText(SVG_FONT_FAMILY)}">`,
    `<title>${xmlText(map.name)}</title>`,
    rect(0, 0, width, height, 'fill="#ffffff"'),
    ...under,
    ...body,
    footer,
    '</svg>',
    '',
  ].join('\n');
}
