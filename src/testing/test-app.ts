/**
 * Test-only: a runtime on a fresh DuckDB file in a temp folder and the Fastify app over it, as
 * `waymark serve` builds them, optionally with demo data; `close()` shuts both and removes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.js';
import { DEMO_PASSWORD_DEFAULT, ensureDemoTeam } from '../demo/demo-team.js';
import { loadDemo } from '../demo/load-demo.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { buildApp } from '../server/app.js';
import { KeyCache } from '../server/auth.js';
import type { NewWorkspace } from '../store/state-store.js';

export interface TestApp {
  dir: string;
  rt: Runtime;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function openTestApp(prefix: string): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), `waymark-${prefix}-`));
  const rt = await openRuntime({ ...loadConfig({}), dbPath: join(dir, 'w.duckdb') });
  const app = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest: rt.ingest, analytics: rt.analytics, keys: new KeyCache(rt.state) });
  return {
    dir,
    rt,
    app,
    close: async () => {
      await app.close();
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface DemoTestApp extends TestApp {
  /** The demo workspace. */
  ws: NewWorkspace;
  /** An empty second tenant, for isolation checks. */
  other: NewWorkspace;
}

/**
 * A test app whose workspace "Northwind" holds demo data and the demo team (DEMO_TEAM, password
 * DEMO_PASSWORD_DEFAULT) with the demo map, beside an empty "Other tenant".
 */
export async function openDemoTestApp(prefix: string, demo: { customers: number; seed: number }): Promise<DemoTestApp> {
  const t = await openTestApp(prefix);
  const ws = await t.rt.state.createWorkspace('Northwind');
  const other = await t.rt.state.createWorkspace('Other tenant');
  await loadDemo(t.rt, ws.id, demo);
  await ensureDemoTeam(t.rt.state, ws.id, DEMO_PASSWORD_DEFAULT);
  return { ...t, ws, other };
}
