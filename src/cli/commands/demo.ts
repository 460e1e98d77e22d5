/**
 * `waymark demo`: fills a workspace with realistic omnichannel journeys from the generator
 * (deterministic for a seed, streamed in chunks through the same commit path as live ingest),
 * writes the manifest of planted truths, and optionally serves the result.
 */
import { writeFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { demoManifest } from '../../demo/generator.js';
import { DEMO_PASSWORD_DEFAULT, DEMO_TEAM, ensureDemoTeam } from '../../demo/demo-team.js';
import { loadDemo } from '../../demo/load-demo.js';
import { startServer } from '../../server/serve.js';
import { openRuntime } from '../../runtime.js';
import { configFrom } from '../shared.js';

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('generate demo journeys (4+ personas, 8 channels, 5 stages, planted pain points) into a workspace')
    .option('--db <path>', 'DuckDB file (default $WAYMARK_DB or ./waymark.duckdb)')
    .option('--customers <n>', 'how many customers', '5000')
    .option('--seed <n>', 'random seed (same seed, same data)', '42')
    .option('-w, --workspace <id>', 'workspace id to fill (created if missing)', 'demo')
    .option('--manifest <file>', 'where to write the planted truths', 'demo-manifest.json')
    .option('--no-plant', 'plant no pain points (a control data set)')
    .option('--serve', 'serve the API afterwards')
    .option('--host <host>', 'with --serve: interface')
    .option('--port <port>', 'with --serve: port')
    .action(async (opts) => {
      const customers = Number(opts.customers);
      const seed = Number(opts.seed);
      if (!Number.isInteger(customers) || customers < 1) throw new Error(`--customers must be a positive integer, got "${opts.customers}"`);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${opts.seed}"`);
      const rt = await openRuntime(configFrom(opts));
      try {
        let ws = await rt.state.getWorkspace(opts.workspace);
        let secretKey: string;
        if (!ws) {
          const created = await rt.state.createWorkspace(`Northwind Outfitters (${opts.workspace})`, { id: opts.workspace });
          ws = created;
          secretKey = created.secretKey;
        } else {
          secretKey = await rt.state.rotateSecretKey(ws.id);
        }
        const manifest = demoManifest({ customers, seed, plant: opts.plant });
        writeFileSync(opts.manifest, JSON.stringify(manifest, null, 2));
        const bar = new SingleBar({ format: 'demo |{bar}| {percentage}% | {value}/{total} customers | {events} events', hideCursor: true }, Presets.shades_classic);
        if (process.stderr.isTTY) bar.start(customers, 0, { events: 0 });
        const { events, inserted } = await loadDemo(rt, ws.id, { customers, seed, plant: opts.plant }, (done, n) => {
          if (process.stderr.isTTY) bar.update(done, { events: n });
        });
        if (process.stderr.isTTY) bar.stop();
        const password = process.env.WAYMARK_DEMO_PASSWORD || DEMO_PASSWORD_DEFAULT;
        const team = await ensureDemoTeam(rt.state, ws.id, password);
        const stats = await rt.events.stats(ws.id);
        process.stdout.write(
          [
            `demo workspace "${ws.id}": ${events} events generated, ${inserted} new (${events - inserted} already stored), ${stats.customers} customers`,
            `planted truths written to ${opts.manifest}`,
            `  write key:  ${ws.writeKey}`,
            `  secret key: ${secretKey}`,
            `sign in to the web app as one of:`,
            ...DEMO_TEAM.map((m) => `  ${m.role.padEnd(7)} ${m.email}${team.created.includes(m.email) ? `  password: ${password}` : '  (password unchanged)'}`),
            '',
          ].join('\n'),
        );
        if (opts.serve) {
          const { url } = await startServer(rt, { logger: true });
          process.stdout.write(`Waymark listening on ${url} — open ${url}/app/ in a browser; API docs at ${url}/docs\n`);
          process.stdout.write(`try: curl -H 'authorization: Bearer ${secretKey}' ${url}/v1/stats\n`);
          return;
        }
      } catch (err) {
        await rt.close();
        throw err;
      }
      await rt.close();
    });
}
