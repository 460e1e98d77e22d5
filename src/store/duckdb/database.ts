/**
 * The embedded DuckDB database: one file, opened once per process, migrated on open.
 * Writes go through one connection under a lock (DuckDB allows one writer per process anyway,
 * and our ingest commits are multi-statement); reads use their own connections.
 */
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { CommitMemo } from './commit-memo.js';
import { registerFunnelWalk } from './funnel-walk-function.js';
import { MIGRATIONS } from './migrations.js';

export type Row = Record<string, unknown>;

/** Read connections at most: DuckDB runs each query on all its threads, so more would only queue inside it. */
const READERS = 6;

interface Reader {
  ready: Promise<DuckDBConnection>;
  /** Set once connected (closing is synchronous). */
  conn?: DuckDBConnection;
  /** Queries running or queued on it. */
  busy: number;
}

export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export class DuckDatabase {
  /** Read connections with the queries each is running (a connection runs one at a time). */
  private readers: Reader[] = [];
  /** Connections owned by one component (the inbox), closed with the database. */
  private dedicated: DuckDBConnection[] = [];
  readonly writeLock = new Mutex();
  private committed = 0;
  private readonly caches = new Map<string, CommitMemo<unknown>>();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly writer: DuckDBConnection,
    private readonly resultCacheEntries: number,
  ) {}

  static async open(path: string, opts: { threads?: number; memoryLimit?: string; resultCacheEntries?: number } = {}): Promise<DuckDatabase> {
    // Checkpoint less often than DuckDB's 16 MB default: ingest commits are large and frequent.
    const config: Record<string, string> = { checkpoint_threshold: '256MB' };
    if (opts.threads) config.threads = String(opts.threads);
    if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (err) {
      const msg = (err as Error).message;
      if (/lock/i.test(msg)) throw new Error(`the database ${path} is in use by another Waymark process (is \`waymark serve\` running?): ${msg}`, { cause: err });
      throw err;
    }
    const writer = await instance.connect();
    registerFunnelWalk(writer);
    const db = new DuckDatabase(path, instance, writer, opts.resultCacheEntries ?? 64);
    await db.migrate();
    return db;
  }

  private async migrate(): Promise<void> {
    await this.writer.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
    const applied = new Set((await this.all(`SELECT version FROM schema_migrations`)).map((r) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await this.writer.run('BEGIN TRANSACTION');
      try {
        await this.writer.run(m.sql);
        await this.writer.run(`INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)`, [m.version, m.name]);
        await this.writer.run('COMMIT');
      } catch (err) {
        await this.writer.run('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
    }
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.all(`SELECT max(version) AS v FROM schema_migrations`);
    return Number(rows[0]?.v ?? 0);
  }

  /**
   * The least busy read connection of a small pool (an idle one when there is one, a new one while
   * the pool is small), so a short query is not queued behind a long analysis on the same connection.
   * Counted busy from the moment it is chosen.
   */
  private reader(): Reader {
    const idle = this.readers.find((r) => r.busy === 0);
    if (idle || this.readers.length >= READERS) {
      const r = idle ?? this.readers.reduce((a, b) => (b.busy < a.busy ? b : a));
      r.busy++;
      return r;
    }
    const r: Reader = { ready: this.instance.connect(), busy: 1 };
    // A connection that could not be made leaves the pool (its callers get the error).
    void r.ready.then(
      (c) => (r.conn = c),
      () => (this.readers = this.readers.filter((x) => x !== r)),
    );
    this.readers.push(r);
    return r;
  }

  /**
   * A connection of its own for a component whose writes must not queue behind the write lock
   * (the inbox appends while a long ingest commit runs; DuckDB lets transactions on different
   * connections commit concurrently when they touch different rows).
   */
  async dedicatedConnection(): Promise<DuckDBConnection> {
    const c = await this.instance.connect();
    this.dedicated.push(c);
    return c;
  }

  /** Run a read query and return rows as plain JSON-friendly objects. */
  async all(sql: string, params: DuckDBValue[] = [], conn?: DuckDBConnection): Promise<Row[]> {
    if (conn) return (await conn.runAndReadAll(sql, params)).getRowObjectsJson() as Row[];
    const r = this.reader();
    try {
      return (await (await r.ready).runAndReadAll(sql, params)).getRowObjectsJson() as Row[];
    } finally {
      r.busy--;
    }
  }

  /**
   * Write transactions committed since the file was opened. Every write goes through
   * `transaction`, and the file is locked by this process, so an unchanged count means unchanged
   * data: caches of derived data (the feedback scoring pass, CommitMemo) key on it.
   */
  get commits(): number {
    return this.committed;
  }

  /**
   * The named cache of results read from this file, kept until the next commit (analyses, feedback
   * summaries); null when result caching is off (`resultCacheEntries: 0`, as the benchmarks run).
   */
  resultCache<T>(name: string): CommitMemo<T> | null {
    if (this.resultCacheEntries === 0) return null;
    let c = this.caches.get(name);
    if (!c) this.caches.set(name, (c = new CommitMemo<unknown>(this, this.resultCacheEntries)));
    return c as CommitMemo<T>;
  }

  /** Run fn inside one write transaction; rolled back on any error. */
  transaction<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.writeLock.run(async () => {
      await this.writer.run('BEGIN TRANSACTION');
      try {
        const out = await fn(this.writer);
        await this.writer.run('COMMIT');
        this.committed++;
        return out;
      } catch (err) {
        await this.writer.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  close(): void {
    for (const r of this.readers) r.conn?.closeSync();
    for (const c of this.dedicated) c.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}
