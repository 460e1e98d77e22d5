/**
 * Test-only: a runtime on a fresh DuckDB file in a temp folder and the Fastify app over it, as
 * `waymark serve` builds them; `close()` shuts both and removes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { buildApp } from '../server/app.js';
import { KeyCache } from '../server/auth.js';

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
