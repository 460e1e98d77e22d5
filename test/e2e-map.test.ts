/**
 * The journey map in real Chromium (Debian chromium via playwright-core) against a real server
 * over demo data: an editor creates a map from the e-commerce template, snapshots it, edits a cell
 * (and sees an invalid edit refused next to its cell), moves with the keyboard, adds a KPI lane
 * bound to a metric and sees the demo's numbers, opens the funnel from a stage and the Sankey from
 * a touchpoint, comments with an @mention, compares the snapshot with the map as it is now, and
 * exports SVG and Mermaid; a viewer sees the same map without any edit control (and the API
 * refuses the viewer's save). Screenshots are kept in test-artifacts/e2e-map-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { StoredMap } from '../src/domain/journey-map.js';
import { browserTestsUnavailable, demoUser, launchChromium, screenshot, signIn, startDemoServer, type DemoServer } from '../src/testing/browser.js';

const skip = browserTestsUnavailable();

describe('journey map in the browser', { skip: skip ?? false, timeout: 240_000 }, () => {
  let server: DemoServer;
  let browser: Browser;
  let editor: BrowserContext;
  let page: Page;
  let mapId = '';
  const errors: string[] = [];

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${server.t.ws.secretKey}`, ...(init.headers ?? {}) } });
    assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
    return (await res.json()) as T;
  };
  const saved = () => page.locator('.save-state.is-saved').waitFor({ timeout: 15_000 });
  const liveDataDrawn = () => page.waitForFunction(() => !document.querySelector('.cell-kpi.is-loading') && document.querySelectorAll('.kpi-value').length > 0, null, { timeout: 60_000 });

  before(async () => {
    server = await startDemoServer('e2e-map', { customers: 1500, seed: 11 });
    browser = await launchChromium();
    editor = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await editor.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server.url, demoUser('editor'));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a map from the e-commerce template', async () => {
    await page.goto(`${server.url}/app/maps`);
    await page.getByRole('button', { name: '+ New map' }).click();
    await page.getByLabel(/E-commerce/i).check();
    await page.getByLabel('Name (optional)').fill('E2E checkout journey');
    await screenshot(page, 'e2e-map-new-dialog');
    await page.getByRole('button', { name: 'Create map' }).click();
    await page.waitForURL(/\/app\/maps\/[^/]+$/);
    mapId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.locator('.map-grid').waitFor();
    await liveDataDrawn();
    assert.match(await page.locator('.map-title').innerText(), /E2E checkout journey/);
    assert.ok((await page.locator('.stage-th').count()) >= 4, 'the template has its stages');
    await screenshot(page, 'e2e-map-canvas');
  });

  it('snapshots the map as created', async () => {
    await page.getByRole('button', { name: /Versions/ }).click();
    await page.locator('#version-label').fill('From the template');
    await page.getByRole('button', { name: 'Snapshot' }).click();
    await page.locator('.version-list .version-number', { hasText: 'v1' }).waitFor();
    await page.getByRole('button', { name: 'Close versions' }).click();
  });

  it('edits a cell and saves it', async () => {
    const cell = page.locator('td.map-cell.kind-text').first();
    await cell.click();
    const box = cell.locator('textarea');
    await box.waitFor();
    await box.fill('Find a waterproof jacket before the weekend trip');
    await page.keyboard.press('Escape');
    await saved();
    assert.match(await cell.innerText(), /waterproof jacket before the weekend/);
    const stored = await api<StoredMap>(`/v1/maps/${encodeURIComponent(mapId)}`);
    assert.ok(Object.values(stored.doc.cells).some((c) => c.text === 'Find a waterproof jacket before the weekend trip'), 'the edit is stored');
  });

  it('refuses an invalid edit next to its cell and saves nothing of it', async () => {
    const before = await api<StoredMap>(`/v1/maps/${encodeURIComponent(mapId)}`);
    const cell = page.locator('td.map-cell.kind-painpoints').first();
    await cell.click();
    await cell.getByRole('button', { name: '+ Pain point' }).click();
    const text = cell.locator('textarea').last();
    await text.fill('');
    await text.blur();
    await page.locator('.save-state.is-invalid').waitFor({ timeout: 10_000 });
    assert.match(await cell.locator('.cell-problem').innerText(), /pain point needs a text/);
    await screenshot(page, 'e2e-map-problem');
    const after = await api<StoredMap>(`/v1/maps/${encodeURIComponent(mapId)}`);
    assert.equal(after.revision, before.revision, 'nothing was saved');
    await cell.locator('.card-text').first().click();
    await cell.locator('textarea').last().fill('Delivery date unclear');
    await cell.locator('textarea').last().blur();
    await saved();
    assert.match(await cell.innerText(), /Delivery date unclear/);
  });

  it('moves between cells with the keyboard', async () => {
    const first = page.locator('td.map-cell').first();
    await first.focus();
    const start = await first.getAttribute('data-cell');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const at = await page.evaluate(() => document.activeElement?.getAttribute('data-cell') ?? null);
    assert.ok(at && at !== start, `focus moved (${start} → ${at})`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'TEXTAREA');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-cell') ?? null), at);
  });

  it('adds a KPI lane bound to a metric and shows the numbers of the demo data', async () => {
    await page.getByRole('button', { name: 'Add a lane' }).click();
    await page.getByRole('menuitem', { name: /Customers reached/ }).click();
    await saved();
    await liveDataDrawn();
    const row = page.locator('tr.lane-row-kpi').last();
    await row.scrollIntoViewIfNeeded();
    const values = await row.locator('.kpi-value').allInnerTexts();
    assert.ok(values.length >= 8, `a value per step (${values.length})`);
    const numbers = values.filter((v) => /\d/.test(v));
    assert.ok(numbers.length >= values.length / 2, `most steps have a number: ${values.join(', ')}`);
    const stored = await api<StoredMap>(`/v1/maps/${encodeURIComponent(mapId)}`);
    const lane = stored.doc.lanes.at(-1)!;
    assert.equal(lane.kind, 'kpi');
    assert.equal(lane.metric, 'volume');
    const metrics = await api<{ lanes: Record<string, Record<string, { display: string }>> }>(`/v1/maps/${encodeURIComponent(mapId)}/metrics`);
    assert.deepEqual(values, Object.values(stored.doc.stages.flatMap((s) => s.steps)).map((s) => metrics.lanes[lane.id]?.[s.id]?.display ?? '—'), 'the page shows the API numbers');
    await screenshot(page, 'e2e-map-kpi-lane');
  });

  it('opens the funnel and the Sankey from a stage, and the Sankey from a touchpoint', async () => {
    await page.locator('.map-scroll').evaluate((el) => el.scrollTo(0, 0));
    await page.getByRole('button', { name: /^Funnel from / }).first().click();
    await page.waitForURL(/\/app\/analyses\/funnel\?/);
    assert.match(decodeURIComponent(page.url()), /steps=stage:awareness,stage:consideration/);
    await page.goBack();
    await page.locator('.map-grid').waitFor();
    await page.getByRole('button', { name: /^Paths from / }).first().click();
    await page.waitForURL(/\/app\/analyses\/sankey\?/);
    assert.equal(new URL(page.url()).searchParams.get('from'), 'stage:awareness');
    await page.locator('section[aria-label="Sankey of paths"] canvas').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000); // the chart's entry animation
    await screenshot(page, 'e2e-map-stage-sankey');
    await page.goBack();
    await page.locator('.map-grid').waitFor();
    const chip = page.locator('td.map-cell.kind-touchpoints .chip').first();
    const name = (await chip.innerText()).trim();
    await chip.click();
    await page.getByRole('menuitem', { name: /Paths from here/ }).click();
    await page.waitForURL(/\/app\/analyses\/sankey\?/);
    assert.equal(new URL(page.url()).searchParams.get('from'), `touchpoint:${name}`);
    await page.locator('section[aria-label="Sankey of paths"] canvas').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'e2e-map-sankey');
    await page.goBack();
    await page.locator('.map-grid').waitFor();
  });

  it('comments on a cell with an @mention', async () => {
    const cell = page.locator('td.map-cell.kind-text').nth(1);
    await cell.focus();
    await page.keyboard.press('c');
    const box = page.getByLabel('New comment');
    await box.fill('Can we check this with @sa');
    await page.getByRole('option', { name: /Sam Lee/ }).waitFor();
    await page.keyboard.press('Enter');
    assert.match(await box.inputValue(), /@sam $/);
    await box.pressSequentially('before Friday?');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.locator('.comment-list .comment .mention').waitFor();
    assert.equal((await cell.locator('.comment-badge.has-comments').innerText()).trim(), '1');
    const { comments } = await api<{ comments: Array<{ body: string; mentions: string[] }> }>(`/v1/maps/${encodeURIComponent(mapId)}/comments`);
    assert.equal(comments.length, 1);
    assert.equal(comments[0]!.mentions.length, 1, 'Sam is mentioned');
    await screenshot(page, 'e2e-map-comment');
    await page.getByRole('button', { name: 'Close comments' }).click();
  });

  it('compares the snapshot with the map as it is now', async () => {
    await page.getByRole('button', { name: /Versions/ }).click();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const view = page.locator('.diff-view');
    await view.waitFor();
    const text = await view.innerText();
    assert.match(text, /Lane added: “Customers reached”/);
    assert.match(text, /waterproof jacket before the weekend/);
    await screenshot(page, 'e2e-map-compare');
    await page.getByRole('button', { name: 'Close versions' }).click();
  });

  it('exports SVG and Mermaid', async () => {
    await page.getByRole('button', { name: 'Export the map' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'SVG picture' }).click()]);
    assert.match(download.suggestedFilename(), /\.svg$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const svg = readFileSync(path!, 'utf8');
    assert.match(svg, /<svg[\s>]/);
    assert.match(svg, /E2E checkout journey/);
    await page.getByRole('button', { name: 'Export the map' }).click();
    await page.getByRole('menuitem', { name: 'Mermaid text…' }).click();
    const mermaid = await page.getByLabel('Mermaid text').inputValue();
    assert.match(mermaid, /^journey\n/);
    assert.match(mermaid, /section /);
    await screenshot(page, 'e2e-map-mermaid');
    await page.keyboard.press('Escape');
  });

  it('shows a viewer the map without edit controls', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewer = await context.newPage();
    await signIn(viewer, server.url, demoUser('viewer'));
    await viewer.goto(`${server.url}/app/maps`);
    await viewer.locator('.map-card').first().waitFor();
    assert.equal(await viewer.getByRole('button', { name: '+ New map' }).count(), 0);
    assert.equal(await viewer.locator('.map-card .icon-button.danger').count(), 0, 'no delete');
    await viewer.goto(`${server.url}/app/maps/${encodeURIComponent(mapId)}`);
    await viewer.locator('.map-grid').waitFor();
    await viewer.locator('.save-state.is-readonly').waitFor();
    for (const name of ['Add a lane', 'Add a stage at the end']) assert.equal(await viewer.getByRole('button', { name }).count(), 0, name);
    assert.equal(await viewer.locator('.map-grid select, .map-grid textarea, .map-grid input, .map-grid .inline-text-button, .map-grid th [aria-haspopup="menu"]').count(), 0, 'no edit controls in the grid');
    assert.ok((await viewer.locator('.map-grid .chip').count()) > 0, 'touchpoint chips (with their paths) are there');
    await viewer.locator('td.map-cell.kind-text').first().click();
    assert.equal(await viewer.locator('.map-grid textarea').count(), 0, 'a click does not open an editor');
    const res = await viewer.evaluate(async (id) => {
      const map = (await (await fetch(`/v1/maps/${id}`)).json()) as StoredMap;
      const put = await fetch(`/v1/maps/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ doc: map.doc, revision: map.revision }) });
      return put.status;
    }, encodeURIComponent(mapId));
    assert.equal(res, 403, 'the API refuses the viewer too');
    await screenshot(viewer, 'e2e-map-viewer');
    await context.close();
  });

  it('had no uncaught errors in the page', () => {
    assert.deepEqual(errors, []);
  });
});
