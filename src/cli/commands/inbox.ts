/**
 * `waymark inbox [retry]`: acknowledged ingest requests the drainer could not store (kept in the
 * inbox, marked failed, with the reason), and trying them again. Opening the database already
 * resolves whatever an earlier `serve` acknowledged and left waiting.
 */
import type { Command } from 'commander';
import { print, table, withRuntime } from '../shared.js';

export function inboxCommand(program: Command): void {
  const inbox = program.command('inbox').description('ingest requests acknowledged but not stored: what failed and why; retry');
  inbox
    .command('show', { isDefault: true })
    .description('counts, and the batches marked failed with their reason')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const counts = await rt.inbox.counts();
        const failed = await rt.inbox.failed();
        print(opts.json, { ...counts, failed }, () =>
          [
            `${counts.batches} batches (${counts.events} events) waiting to be resolved, ${counts.failedBatches} marked failed`,
            ...(failed.length ? ['', table(failed.map((b) => ({ seq: b.seq, workspace: b.workspaceId, kind: b.kind, events: b.events, received: b.receivedAt.toISOString(), error: b.error })))] : []),
          ].join('\n'),
        );
      }),
    );
  inbox
    .command('retry')
    .description('try the batches marked failed once more; those that still fail stay marked (serve stopped: while it runs, POST /v1/inbox/retry)')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const r = await rt.ingest.retryFailed();
        const still = (await rt.inbox.counts()).failedBatches;
        print(opts.json, { ...r, stillFailed: still }, () => `retried ${r.batches} batches (${r.events} events): ${r.batches - still} stored, ${still} still failed`);
      }),
    );
}
