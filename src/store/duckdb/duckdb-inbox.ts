/**
 * The inbox on the embedded DuckDB file, on a connection of its own: an acknowledgement waits for
 * one small INSERT and its commit, never for the ingest commit holding the write lock. The drainer
 * deletes settled batches inside its own ingest transaction (DuckEventStore.append).
 */
import { type DuckDBConnection, type DuckDBPreparedStatement, listValue } from '@duckdb/node-api';
import type { FailedBatch, Inbox, InboxBatch, InboxCounts, StoredBatch } from '../inbox.js';
import { type DuckDatabase, Mutex } from './database.js';

export class DuckInbox implements Inbox {
  private conn: Promise<DuckDBConnection> | null = null;
  private readonly lock = new Mutex();
  private nextSeq: number | null = null;
  private insert: DuckDBPreparedStatement | null = null;

  constructor(private readonly db: DuckDatabase) {}

  private connection(): Promise<DuckDBConnection> {
    if (!this.conn) {
      this.conn = this.db.dedicatedConnection();
      this.conn.catch(() => (this.conn = null));
      this.insert = null;
    }
    return this.conn;
  }

  put(batches: readonly InboxBatch[]): Promise<number[]> {
    if (batches.length === 0) return Promise.resolve([]);
    return this.lock.run(async () => {
      const c = await this.connection();
      if (this.nextSeq === null) {
        const r = (await c.runAndReadAll(`SELECT coalesce(max(seq), 0) + 1 AS next FROM inbox`)).getRowObjectsJson();
        this.nextSeq = Number(r[0]!.next);
      }
      const first = this.nextSeq;
      // One prepared statement, auto-committed, run on DuckDB's threads: the event loop goes on
      // answering requests while the bodies are written (an appender's flush would block it).
      this.insert ??= await c.prepare(
        `INSERT INTO inbox SELECT unnest($1::BIGINT[]), unnest($2::VARCHAR[]), unnest($3::VARCHAR[]), unnest($4::VARCHAR[])::TIMESTAMP,
                                  unnest($5::INTEGER[]), unnest($6::VARCHAR[]), NULL`,
      );
      this.insert.bind([
        listValue(batches.map((_, i) => BigInt(first + i))),
        listValue(batches.map((b) => b.workspaceId)),
        listValue(batches.map((b) => b.raw.kind)),
        listValue(batches.map((b) => b.raw.receivedAt.toISOString())),
        listValue(batches.map((b) => b.events)),
        listValue(batches.map((b) => b.raw.body)),
      ]);
      await this.insert.run();
      this.nextSeq = first + batches.length;
      return batches.map((_, i) => first + i);
    });
  }

  async waiting(): Promise<StoredBatch[]> {
    const rows = await this.db.all(
      `SELECT seq, workspace_id, kind, event_count, strftime(received_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS received_at, body FROM inbox WHERE failed IS NULL ORDER BY seq`,
    );
    return rows.map((r) => ({ seq: Number(r.seq), workspaceId: String(r.workspace_id), kind: String(r.kind), events: Number(r.event_count), receivedAt: new Date(String(r.received_at)), body: String(r.body) }));
  }

  markFailed(seq: number, error: string): Promise<void> {
    return this.lock.run(async () => {
      const c = await this.connection();
      await c.run(`UPDATE inbox SET failed = $2 WHERE seq = $1`, [seq, error.slice(0, 2000)]);
    });
  }

  async counts(): Promise<InboxCounts> {
    const r = (
      await this.db.all(
        `SELECT count(*) FILTER (WHERE failed IS NULL) AS batches, coalesce(sum(event_count) FILTER (WHERE failed IS NULL), 0) AS events,
                count(*) FILTER (WHERE failed IS NOT NULL) AS failed FROM inbox`,
      )
    )[0]!;
    return { batches: Number(r.batches), events: Number(r.events), failedBatches: Number(r.failed) };
  }

  async failed(workspaceId?: string): Promise<FailedBatch[]> {
    const rows = await this.db.all(
      `SELECT seq, workspace_id, kind, event_count, strftime(received_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS received_at, failed FROM inbox
        WHERE failed IS NOT NULL${workspaceId === undefined ? '' : ' AND workspace_id = $1'} ORDER BY seq`,
      workspaceId === undefined ? [] : [workspaceId],
    );
    return rows.map((r) => ({ seq: Number(r.seq), workspaceId: String(r.workspace_id), kind: String(r.kind), events: Number(r.event_count), receivedAt: new Date(String(r.received_at)), error: String(r.failed) }));
  }

  requeue(seqs?: readonly number[]): Promise<number> {
    return this.lock.run(async () => {
      const c = await this.connection();
      if (seqs?.length === 0) return 0;
      const only = seqs === undefined ? '' : ` AND seq IN (${seqs.map((_, i) => `$${i + 1}`).join(', ')})`;
      const r = await c.run(`UPDATE inbox SET failed = NULL WHERE failed IS NOT NULL${only}`, seqs === undefined ? [] : [...seqs]);
      return Number(r.rowsChanged);
    });
  }
}
