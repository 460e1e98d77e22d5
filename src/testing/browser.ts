/**
 * Test-only: the web app in a real browser. Debian's chromium driven by playwright-core (no
 * downloaded browser), a real `buildApp` server on a random port over a demo workspace (demo
 * data, the demo team and map), sign-in as a demo user, and screenshots kept under
 * test-artifacts/ (gitignored) for people to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD_DEFAULT, DEMO_TEAM } from '../demo/demo-team.js';
import { isWebAppBuilt } from '../server/web-app.js';
import { type DemoTestApp, openDemoTestApp } from './test-app.js';

export const CHROMIUM_PATH = process.env.WAYMARK_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts', import.meta.url));

/** Why browser tests cannot run here (no chromium, no built app), or null when they can. */
export function browserTestsUnavailable(): string | null {
  if (!existsSync(CHROMIUM_PATH)) return `no chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set WAYMARK_CHROMIUM)`;
  if (!isWebAppBuilt()) return 'the web app is not built (npm run build:web)';
  return null;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface DemoServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  t: DemoTestApp;
  close(): Promise<void>;
}

/** A demo workspace served over a real socket on 127.0.0.1 and a free port. */
export async function startDemoServer(prefix: string, demo: { customers: number; seed: number }): Promise<DemoServer> {
  const t = await openDemoTestApp(prefix, demo);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, t, close: () => t.close() };
}

/** A demo user of a role: their e-mail and the demo password. */
export function demoUser(role: 'admin' | 'editor' | 'viewer'): { email: string; password: string; name: string } {
  const member = DEMO_TEAM.find((m) => m.role === role);
  if (!member) throw new Error(`no demo user with role ${role}`);
  return { email: member.email, password: DEMO_PASSWORD_DEFAULT, name: member.name };
}

/** Signs in through the sign-in page and waits for the overview (or `next`). */
export async function signIn(page: Page, baseUrl: string, user: { email: string; password: string }, next = '/app/'): Promise<void> {
  const target = next === '/app/' ? '' : `?next=${encodeURIComponent(next.replace(/^\/app/, ''))}`;
  await page.goto(`${baseUrl}/app/signin${target}`);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/signin'));
}

/** Saves a full-page PNG as test-artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^A-Za-z0-9_-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
