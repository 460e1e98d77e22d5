/**
 * Screenshots for the README: serves a demo database and photographs its pages in Debian's
 * Chromium. Usage: node --import tsx scripts/screenshots.ts DB_FILE [OUT_DIR]
 */
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';
import { buildApp } from '../src/server/app.js';
import { KeyCache } from '../src/server/auth.js';

const [db, out = 'docs/img'] = process.argv.slice(2);
if (!db) throw new Error('usage: screenshots.ts DB_FILE [OUT_DIR]');
const rt = await openRuntime({ ...loadConfig({}), dbPath: db });
const app = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest: rt.ingest, keys: new KeyCache(rt.state) });
await app.listen({ host: '127.0.0.1', port: 0 });
const addr = app.server.address();
const url = `http://127.0.0.1:${addr && typeof addr === 'object' ? addr.port : 0}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.screenshot({ path: `${out}/landing.png` });
  await page.goto(`${url}/docs`);
  await page.waitForSelector('.opblock', { timeout: 15_000 });
  await page.screenshot({ path: `${out}/api-docs.png` });
} finally {
  await browser.close();
  await app.close();
  await rt.close();
}
console.log(`screenshots written to ${out}`);
