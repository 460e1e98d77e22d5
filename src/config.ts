/**
 * The one place configuration is read: environment variables (WAYMARK_*), overridable by CLI
 * flags. Every limit is explicit here.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_LIMITS, type IngestLimits } from './ingest/limits.js';

export interface Config {
  dbPath: string;
  host: string;
  port: number;
  /** Bearer token for creating workspaces over HTTP; unset disables that route. */
  adminToken: string | null;
  limits: IngestLimits;
  /** Requests per minute per API key (write or secret), per server process. */
  rateLimitPerMinute: number;
  /** Events acknowledged and not yet resolved into the store before ingest answers 503 (back-pressure). */
  maxQueuedEvents: number;
  /** Most events the ingest drainer resolves in one transaction. */
  ingestGroupEvents: number;
  /** Worker threads that parse and validate ingest requests (0 = on the main thread). */
  ingestWorkers: number;
  /** How long a read waits for events acknowledged before it to be resolved (read-after-write); 0 = not at all. */
  readAfterWriteMs: number;
  logLevel: string;
  /** How long a browser sign-in lasts. */
  sessionTtlMs: number;
  /** Sign-in attempts per minute per client address. */
  signInAttemptsPerMinute: number;
  /** Mark the session cookie Secure (set behind HTTPS). */
  secureCookies: boolean;
  /** DuckDB's memory limit (`1.5GB`, `800MB`); null leaves DuckDB's default (80 % of RAM). Above it DuckDB spills to disk. */
  memoryLimit: string | null;
  /**
   * DuckDB's worker threads. Default one more than the cores: a thread running the funnel walk
   * (a JavaScript scalar function) waits for the main thread, and the spare one keeps the cores on SQL meanwhile.
   */
  threads: number;
  /** Analysis results kept until the next commit (embedded store); 0 turns the cache off. */
  resultCacheEntries: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (0 or more), got "${raw}"`);
  return n;
}

function memory(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(raw)) throw new Error(`${name} must be a size such as 1.5GB or 800MB, got "${raw}"`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dbPath: env.WAYMARK_DB || './waymark.duckdb',
    host: env.WAYMARK_HOST || '127.0.0.1',
    port: int(env, 'WAYMARK_PORT', 8787),
    adminToken: env.WAYMARK_ADMIN_TOKEN || null,
    limits: {
      maxEventBytes: int(env, 'WAYMARK_MAX_EVENT_BYTES', DEFAULT_LIMITS.maxEventBytes),
      maxBatchBytes: int(env, 'WAYMARK_MAX_BATCH_BYTES', DEFAULT_LIMITS.maxBatchBytes),
      maxBatchEvents: int(env, 'WAYMARK_MAX_BATCH_EVENTS', DEFAULT_LIMITS.maxBatchEvents),
    },
    rateLimitPerMinute: int(env, 'WAYMARK_RATE_LIMIT_PER_MINUTE', 120_000),
    maxQueuedEvents: int(env, 'WAYMARK_MAX_QUEUED_EVENTS', 500_000),
    ingestGroupEvents: int(env, 'WAYMARK_INGEST_GROUP_EVENTS', 100_000),
    // One core is the server's own (HTTP, inbox, drainer); on 2 cores a second worker only contends.
    ingestWorkers: count(env, 'WAYMARK_INGEST_WORKERS', Math.max(1, availableParallelism() - 1)),
    readAfterWriteMs: count(env, 'WAYMARK_READ_AFTER_WRITE_MS', 5_000),
    logLevel: env.WAYMARK_LOG_LEVEL || 'warn',
    sessionTtlMs: int(env, 'WAYMARK_SESSION_HOURS', 24 * 7) * 3_600_000,
    signInAttemptsPerMinute: int(env, 'WAYMARK_SIGNIN_PER_MINUTE', 30),
    secureCookies: env.WAYMARK_SECURE_COOKIES === 'true',
    memoryLimit: memory(env, 'WAYMARK_MEMORY_LIMIT'),
    threads: env.WAYMARK_THREADS ? int(env, 'WAYMARK_THREADS', 1) : availableParallelism() + 1,
    resultCacheEntries: count(env, 'WAYMARK_RESULT_CACHE_ENTRIES', 64),
  };
}
