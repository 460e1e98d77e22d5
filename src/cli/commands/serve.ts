/** `waymark serve`: the HTTP API (and docs) on the embedded store. */
import type { Command } from 'commander';
import { openRuntime } from '../../runtime.js';
import { startServer } from '../../server/serve.js';
import { configFrom } from '../shared.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API: Segment/PostHog ingest, customers, touchpoints, docs at /docs')
    .option('--db <path>', 'DuckDB file (default $WAYMARK_DB or ./waymark.duckdb)')
    .option('--host <host>', 'interface to listen on (default $WAYMARK_HOST or 127.0.0.1)')
    .option('--port <port>', 'port (default $WAYMARK_PORT or 8787)')
    .action(async (opts) => {
      const rt = await openRuntime(configFrom(opts), { inbox: 'background' });
      const { url } = await startServer(rt, { logger: true });
      process.stdout.write(`Waymark listening on ${url} (docs at ${url}/docs, database ${rt.config.dbPath})\n`);
    });
}
