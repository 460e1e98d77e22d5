/**
 * ClickHouse for the bench: Debian's clickhouse-server (installed with apt-get when missing),
 * started by the bench as a child process with a config written to a temp dir (127.0.0.1 only,
 * ports picked free), data kept in bench/.data/clickhouse-<label> so the events are loaded once,
 * queried over the HTTP interface with fetch, stopped at the end.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ClickHouse {
  version: string;
  query(sql: string): Promise<unknown[][]>;
  /** The rows and, for a query with LIMIT, rows_before_limit_at_least. */
  queryFull(sql: string): Promise<{ data: unknown[][]; rows_before_limit_at_least?: number }>;
  /** Peak resident memory of the server process so far (VmHWM), MB. */
  peakMb(): number;
  resetPeak(): void;
  stop(): Promise<void>;
}

function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Installs Debian's clickhouse-server and clickhouse-client when they are missing. */
export function ensureInstalled(log: (s: string) => void): void {
  if (which('clickhouse-server') && which('clickhouse-client')) return;
  log('clickhouse-server is missing: apt-get update && apt-get install -y clickhouse-server clickhouse-client …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', 'clickhouse-server', 'clickhouse-client'], { stdio: 'inherit', env });
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

function configXml(dir: string, dataDir: string, http: number, tcp: number): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog><size>100M</size><count>1</count></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dataDir}/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <mark_cache_size>1073741824</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
</yandex>
`;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>16000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

/**
 * Stops a clickhouse-server an earlier bench left on `dataDir` (a bench process that aborted
 * cannot stop its child; the server's `status` file names its PID and locks the directory).
 */
async function stopStaleServer(dataDir: string, log: (s: string) => void): Promise<void> {
  const statusFile = join(dataDir, 'status');
  if (!existsSync(statusFile)) return;
  const pid = Number(/PID:\s*(\d+)/.exec(readFileSync(statusFile, 'utf8'))?.[1]);
  const cmdline = (p: number) => (existsSync(`/proc/${p}/cmdline`) ? readFileSync(`/proc/${p}/cmdline`, 'utf8') : '');
  if (!pid || !cmdline(pid).includes('clickhouse')) return;
  log(`stopping clickhouse-server ${pid} left running on ${dataDir} by an earlier bench`);
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 75 && cmdline(pid); i++) await new Promise((r) => setTimeout(r, 200));
  if (cmdline(pid)) process.kill(pid, 'SIGKILL');
}

export async function startClickHouse(dataDir: string, log: (s: string) => void): Promise<ClickHouse & { tcpPort: number }> {
  ensureInstalled(log);
  mkdirSync(dataDir, { recursive: true });
  await stopStaleServer(dataDir, log);
  const dir = mkdtempSync(join(tmpdir(), 'waymark-ch-'));
  const http = await freePort();
  const tcp = await freePort();
  writeFileSync(join(dir, 'config.xml'), configXml(dir, dataDir, http, tcp));
  writeFileSync(join(dir, 'users.xml'), USERS_XML);
  const child: ChildProcess = spawn('clickhouse-server', [`--config-file=${join(dir, 'config.xml')}`], { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${http}/`;
  const queryFull = async (sql: string): Promise<{ data: unknown[][]; rows_before_limit_at_least?: number }> => {
    const body = /^\s*(SELECT|WITH|SHOW)\b/i.test(sql) ? `${sql}\nFORMAT JSONCompact` : sql;
    const r = await fetch(url, { method: 'POST', body });
    const text = await r.text();
    if (r.status !== 200) throw new Error(`ClickHouse ${r.status}: ${text.slice(0, 2000)}\n-- query:\n${sql}`);
    return text ? (JSON.parse(text) as { data: unknown[][]; rows_before_limit_at_least?: number }) : { data: [] };
  };
  const query = async (sql: string): Promise<unknown[][]> => (await queryFull(sql)).data;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`clickhouse-server exited at start: ${stderr}${existsSync(join(dir, 'server.err.log')) ? readFileSync(join(dir, 'server.err.log'), 'utf8').slice(-2000) : ''}`);
    try {
      const r = await fetch(`${url}ping`);
      if (r.status === 200) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('clickhouse-server did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const version = String((await query('SELECT version()'))[0]![0]);
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return {
    version,
    tcpPort: tcp,
    query,
    queryFull,
    peakMb: () => Number(/VmHWM:\s+(\d+)/.exec(status())?.[1] ?? 0) / 1024,
    resetPeak: () => writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    stop: async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await once(child, 'exit').catch(() => undefined);
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Loads a CSV (no header, columns in table order) through clickhouse-client's native protocol. */
export async function insertCsv(tcpPort: number, table: string, columns: readonly string[], csvPath: string): Promise<void> {
  const child = spawn('clickhouse-client', ['--host', '127.0.0.1', '--port', String(tcpPort), '--query', `INSERT INTO ${table} (${columns.join(', ')}) FORMAT CSV`], {
    stdio: ['pipe', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  createReadStream(csvPath).pipe(child.stdin!);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`clickhouse-client insert failed (${code}): ${stderr.slice(0, 2000)}`);
}
