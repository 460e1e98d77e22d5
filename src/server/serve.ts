/**
 * Start the HTTP server on a runtime and stop it cleanly on SIGINT/SIGTERM (queued events are
 * committed before the database closes).
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { buildApp } from './app.js';
import { KeyCache } from './auth.js';

export async function startServer(rt: Runtime, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest: rt.ingest, keys: new KeyCache(rt.state) }, opts);
  await app.listen({ host: rt.config.host, port: rt.config.port });
  const stop = async () => {
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return app;
}
