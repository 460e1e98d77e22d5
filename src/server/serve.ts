/**
 * Start the HTTP server on a runtime and stop it cleanly on SIGINT/SIGTERM (acknowledged events
 * not yet resolved stay in the durable inbox and are resolved on the next start).
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { buildApp } from './app.js';
import { KeyCache } from './auth.js';
import { startFindingsTimer } from '../insight/schedule.js';

/** Starts listening; resolves to the app and the URL it actually listens on (port 0 picks a free port). */
export async function startServer(rt: Runtime, opts: { logger?: boolean } = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({ config: rt.config, events: rt.events, state: rt.state, ingest: rt.ingest, analytics: rt.analytics, keys: new KeyCache(rt.state) }, opts);
  await rt.ingest.warm(); // the decoder's threads start now, not on the first request
  await app.listen({ host: rt.config.host, port: rt.config.port });
  const stopFindings = startFindingsTimer(rt); // WAYMARK_FINDINGS_INTERVAL (minutes), off by default
  const stop = async () => {
    stopFindings();
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const addr = app.server.address();
  const port = addr && typeof addr === 'object' ? addr.port : rt.config.port;
  return { app, url: `http://${rt.config.host}:${port}` };
}
