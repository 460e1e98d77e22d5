/**
 * bench/ui — how fast the web app shows live data, measured in Chromium (Debian's, driven by
 * playwright-core) against a real `buildApp` server over the analytics bench's demo data set:
 *   (1) the journey map with 4 bound KPI lanes: from navigation to every KPI cell drawn;
 *   (2) the Sankey of paths of depth 5: from navigation to the chart drawn.
 * Each is timed in the page (performance.now() from navigation start, read when a DOM observer
 * first sees the data on screen); prints the first (cold) run, the median of --runs warm runs and
 * the targets (map ≤ 1 s, Sankey ≤ 1.5 s) with PASS/MISS. These runs compute every
 * answer (result cache off); then the server is reopened as `waymark serve` runs it, with the
 * result cache on, and the same pages are timed again (the first view computes, the next are
 * answered from the cache while nothing is committed).
 * Usage: npm run bench:ui -- [--customers 1000000] [--runs 5] [--from "touchpoint:Product Page"]
 * Needs the built web app (npm run build:web). The data set is built once into bench/.data
 * (bench/analytics/dataset.ts); a bench user and map are added to it when missing.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import type { JourneyMap } from '../src/domain/journey-map.js';
import { MAP_METRICS, newMapId } from '../src/domain/journey-map.js';
import { MAP_TEMPLATES } from '../src/maps/templates.js';
import { openRuntime } from '../src/runtime.js';
import { buildApp } from '../src/server/app.js';
import { KeyCache } from '../src/server/auth.js';
import { isWebAppBuilt } from '../src/server/web-app.js';
import { CHROMIUM_PATH, launchChromium } from '../src/testing/browser.js';
import { datasetLabel, ensureDataset, WORKSPACE } from './analytics/dataset.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const CUSTOMERS = Number(arg('customers') ?? 1_000_000);
const RUNS = Number(arg('runs') ?? 5);
const SANKEY_FROM = arg('from') ?? 'touchpoint:Product Page';
const KPI_LANES = 4;
const TARGET_MAP_S = 1;
const TARGET_SANKEY_S = 1.5;
const USER = { email: 'bench@northwind.example', name: 'Bench Runner', role: 'editor' as const, password: 'bench-ui-password' };
const MAP_NAME = 'bench/ui: 4 KPI lanes';

if (!(CUSTOMERS >= 1) || !(RUNS >= 1)) throw new Error('--customers and --runs must be at least 1');
if (!existsSync(CHROMIUM_PATH)) throw new Error(`no chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set WAYMARK_CHROMIUM)`);
if (!isWebAppBuilt()) throw new Error('the web app is not built: npm run build:web');

const log = (s: string) => console.log(s);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The e-commerce template with exactly KPI_LANES KPI lanes, each bound to a metric. */
function benchMap(): JourneyMap {
  const template = MAP_TEMPLATES.find((t) => t.key === 'e-commerce');
  if (!template) throw new Error('no e-commerce template');
  const doc = template.build();
  const kpis = doc.lanes.filter((l) => l.kind === 'kpi').slice(0, KPI_LANES);
  const used = new Set(kpis.map((l) => l.metric));
  for (const metric of MAP_METRICS) {
    if (kpis.length >= KPI_LANES) break;
    if (!used.has(metric)) kpis.push({ id: newMapId('lane'), kind: 'kpi', name: metric, hidden: false, metric });
  }
  const others = doc.lanes.filter((l) => l.kind !== 'kpi');
  return { ...doc, name: MAP_NAME, lanes: [...others, ...kpis] };
}

// The cached data set is copied so the bench's user and map never change the analytics bench's file.
const { path, info } = await ensureDataset(CUSTOMERS, log);
const dir = mkdtempSync(join(tmpdir(), 'waymark-bench-ui-'));
const dbPath = join(dir, 'ui.duckdb');
cpSync(path, dbPath);
if (existsSync(`${path}.wal`)) cpSync(`${path}.wal`, `${dbPath}.wal`);

const serverOn = async (resultCacheEntries: number) => {
  const r = await openRuntime({ ...loadConfig({}), dbPath, rateLimitPerMinute: 1_000_000, resultCacheEntries });
  return { rt: r, app: await buildApp({ config: r.config, events: r.events, state: r.state, ingest: r.ingest, analytics: r.analytics, keys: new KeyCache(r.state) }) };
};
let { rt, app } = await serverOn(0);
const browser = await launchChromium();
try {
  if (!(await rt.state.users.list(WORKSPACE)).some((u) => u.email === USER.email)) await rt.state.users.create(WORKSPACE, USER);
  const map = await rt.state.maps.create(WORKSPACE, benchMap(), 'bench/ui');
  const steps = map.doc.stages.reduce((n, s) => n + s.steps.length, 0);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const signin = await context.request.post(`${base}/v1/auth/signin`, { data: { email: USER.email, password: USER.password } });
  if (!signin.ok()) throw new Error(`sign-in failed: ${signin.status()} ${await signin.text()}`);
  const probe = await context.request.get(`${base}/v1/maps/${map.id}`);
  if (!probe.ok()) throw new Error(`GET /v1/maps/:id answers ${probe.status()}: are the map routes registered?`);

  // Seen by a DOM observer installed before the page's own scripts: when the data is on screen.
  await context.addInitScript(`(() => {
    const check = () => {
      const w = window;
      if (w.__mapDrawn === undefined) {
        const cells = document.querySelectorAll('tr.lane-row-kpi .cell-kpi');
        if (cells.length >= w.__expectKpiCells && !document.querySelector('tr.lane-row-kpi .cell-kpi.is-loading')) w.__mapDrawn = performance.now();
      }
      if (w.__sankeyDrawn === undefined && document.querySelector('section[aria-label="Sankey of paths"] canvas')) {
        requestAnimationFrame(() => requestAnimationFrame(() => { if (w.__sankeyDrawn === undefined) w.__sankeyDrawn = performance.now(); }));
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  })();`);

  const page = await context.newPage();
  const timeTo = async (p: Page, url: string, flag: '__mapDrawn' | '__sankeyDrawn'): Promise<number> => {
    await p.goto('about:blank');
    await p.goto(url, { waitUntil: 'commit' });
    const handle = await p.waitForFunction((f) => (window as unknown as Record<string, number | undefined>)[f], flag, { timeout: 120_000, polling: 50 });
    const seconds = Number(await handle.jsonValue()) / 1000;
    // what the page asks for after the data (catalogues, persona counts) must not run into the next measurement
    await p.waitForLoadState('networkidle', { timeout: 120_000 });
    return seconds;
  };

  const mapUrl = `${base}/app/maps/${encodeURIComponent(map.id)}`;
  const sankeyUrl = `${base}/app/analyses/sankey?${new URLSearchParams({ from: SANKEY_FROM, depth: '5' }).toString()}`;
  await page.addInitScript(`window.__expectKpiCells = ${KPI_LANES * steps};`);

  /** When the page's request to `part` started and answered (s from navigation), from Resource Timing. */
  const requestSpan = (p: Page, part: string) =>
    p.evaluate((x) => {
      const e = performance.getEntriesByType('resource').find((r) => r.name.includes(x)) as PerformanceResourceTiming | undefined;
      return e ? [e.startTime / 1000, e.responseEnd / 1000] : null;
    }, part);

  /** Every request the page made (path, started, answered; s from navigation), the slowest first. */
  const requests = (p: Page) =>
    p.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((r) => r.name.includes('/v1/'))
        .map((r) => `${new URL(r.name).pathname} ${(r.startTime / 1000).toFixed(2)}→${(r.responseEnd / 1000).toFixed(2)}`),
    );
  const pageRequests: Record<string, string[]> = {};
  const mapTimes: number[] = [];
  const sankeyTimes: number[] = [];
  const metricsSpans: number[][] = [];
  const pathsSpans: number[][] = [];
  for (let i = 0; i <= RUNS; i++) {
    mapTimes.push(await timeTo(page, mapUrl, '__mapDrawn'));
    metricsSpans.push((await requestSpan(page, '/metrics')) ?? []);
    sankeyTimes.push(await timeTo(page, sankeyUrl, '__sankeyDrawn'));
    pathsSpans.push((await requestSpan(page, '/v1/analyses/paths')) ?? []);
    if (i === RUNS) pageRequests.sankey = await requests(page);
  }
  await timeTo(page, mapUrl, '__mapDrawn');
  pageRequests.map = await requests(page);
  const serverMetrics: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await context.request.get(`${base}/v1/maps/${map.id}/metrics`);
    serverMetrics.push((performance.now() - t) / 1000);
  }
  const kpiText = await page.goto(mapUrl).then(() => page.waitForFunction(() => (window as unknown as { __mapDrawn?: number }).__mapDrawn, null, { timeout: 120_000 })).then(() => page.locator('tr.lane-row-kpi .kpi-value').first().innerText());

  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  log(`bench/ui: ${info.events.toLocaleString('en-US')} events, ${info.storedCustomers.toLocaleString('en-US')} customers (data set ${datasetLabel(CUSTOMERS)}), Chromium ${browser.version()}, 1280×800, load average ${load}`);
  log(`map: ${KPI_LANES} KPI lanes × ${steps} steps (first value drawn: ${kpiText}); Sankey: from ${SANKEY_FROM}, depth 5`);
  const row = (label: string, times: number[], target: number) => {
    const warm = median(times.slice(1));
    log(`${label.padEnd(38)} cold ${times[0]!.toFixed(3)} s   warm median ${warm.toFixed(3)} s (${times.slice(1).map((t) => t.toFixed(3)).join(', ')})   target ≤ ${target} s   ${warm <= target ? 'PASS' : 'MISS'}`);
  };
  row('map with 4 bound KPI lanes drawn', mapTimes, TARGET_MAP_S);
  row('Sankey of depth 5 drawn', sankeyTimes, TARGET_SANKEY_S);
  const span = (spans: number[][]) => {
    const warm = spans.slice(1).filter((x) => x.length === 2);
    return warm.length ? `sent at ${median(warm.map((x) => x[0]!)).toFixed(3)} s, answered at ${median(warm.map((x) => x[1]!)).toFixed(3)} s` : 'not seen';
  };
  log(`where the time goes (warm medians): GET /v1/maps/:id/metrics ${span(metricsSpans)} (alone: ${median(serverMetrics).toFixed(3)} s); POST /v1/analyses/paths ${span(pathsSpans)}`);
  for (const [name, list] of Object.entries(pageRequests)) log(`requests of the ${name} page (last warm run): ${list.join(', ')}`);

  // As `waymark serve` runs: result cache on (the session cookie stays valid: sessions live in the file).
  await app.close();
  await rt.close();
  ({ rt, app } = await serverOn(loadConfig({}).resultCacheEntries));
  await app.listen({ host: '127.0.0.1', port });
  const cachedMap: number[] = [];
  const cachedSankey: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    cachedMap.push(await timeTo(page, mapUrl, '__mapDrawn'));
    cachedSankey.push(await timeTo(page, sankeyUrl, '__sankeyDrawn'));
  }
  log(`with the result cache on (first view computes; the others are answered from the cache while nothing is committed):`);
  row('map with 4 bound KPI lanes drawn', cachedMap, TARGET_MAP_S);
  row('Sankey of depth 5 drawn', cachedSankey, TARGET_SANKEY_S);
  await context.close();
} finally {
  await browser.close();
  await app.close();
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
}
