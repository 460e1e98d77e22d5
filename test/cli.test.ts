/**
 * The `waymark` CLI as a person runs it: a subprocess per command on a real DuckDB file that is
 * reopened by every new process.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { DuckDatabase } from '../src/store/duckdb/database.js';
import { startServeProcess } from './serve-process.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'waymark-cli-'));
const db = join(dir, 'cli.duckdb');

async function waymark(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, ['bin/waymark.js', ...args], { env: { ...process.env, WAYMARK_DB: db }, maxBuffer: 64 * 1024 * 1024 });
    return { ...r, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

let secretKey = '';
before(async () => {
  const r = await waymark('demo', '--customers', '300', '--seed', '7', '--manifest', join(dir, 'manifest.json'));
  assert.equal(r.code, 0, r.stderr);
  secretKey = /secret key: (sk_\S+)/.exec(r.stdout)![1]!;
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('every command has --help', async () => {
  for (const cmd of [[], ['serve'], ['demo'], ['import'], ['workspace', 'create'], ['customers', 'list'], ['customers', 'show'], ['touchpoints', 'rule'], ['stages', 'set'], ['stats'], ['analyse'], ['analyse', 'funnel'], ['analyse', 'paths'], ['analyse', 'dfg'], ['analyse', 'variants'], ['analyse', 'retention'], ['analyse', 'kpis'], ['personas', 'list'], ['personas', 'set'], ['map', 'propose'], ['feedback'], ['feedback', 'score'], ['findings'], ['findings', 'run'], ['findings', 'health'], ['inbox'], ['inbox', 'retry']]) {
    const r = await waymark(...cmd, '--help');
    assert.equal(r.code, 0, cmd.join(' '));
    assert.match(r.stdout, /Usage: waymark/);
  }
});

test('demo fills a workspace that a later process reads back, with a manifest of planted truths', async () => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  assert.ok(manifest.plantedTruths.length >= 5);
  const stats = JSON.parse((await waymark('stats', '--json')).stdout);
  assert.ok(stats.events > 300 * 5, `events: ${stats.events}`);
  // never-identified shoppers known to the CRM only by e-mail cannot be linked to their browsing: a few more profiles than people
  assert.ok(stats.customers >= 300 && stats.customers <= 375, `customers: ${stats.customers}`);
  assert.equal(stats.unmappedEvents, 0);
  const stages = new Set(stats.byStage.map((s: { stage: string }) => s.stage));
  for (const s of ['awareness', 'consideration', 'purchase', 'retention']) assert.ok(stages.has(s), s);
  // the same seed again stores nothing twice
  const again = await waymark('demo', '--customers', '300', '--seed', '7', '--manifest', join(dir, 'manifest.json'));
  assert.match(again.stdout, / 0 new /);
  secretKey = /secret key: (sk_\S+)/.exec(again.stdout)![1]!; // a demo run issues a fresh secret key
  assert.equal(JSON.parse((await waymark('stats', '--json')).stdout).events, stats.events);
});

test('customers list and show give the unified timeline across sources', async () => {
  const list = JSON.parse((await waymark('customers', 'list', '--json', '--limit', '200')).stdout);
  const withEmail = list.customers.filter((c: { email: string | null; eventCount: number }) => c.email && c.eventCount > 10);
  assert.ok(withEmail.length > 0);
  let multiSource = 0;
  for (const c of withEmail.slice(0, 20)) {
    const p = JSON.parse((await waymark('customers', 'show', c.email, '--json', '--limit', '1000')).stdout);
    assert.equal(p.customerId, c.customerId);
    const times = p.timeline.map((e: { timestamp: string }) => e.timestamp);
    assert.deepEqual(times, [...times].sort());
    if (p.sources.length > 1) multiSource++;
  }
  assert.ok(multiSource > 0, 'some customers are unified across several sources');
  const table = await waymark('customers', 'show', withEmail[0].email);
  assert.match(table.stdout, /identifiers: /);
  const missing = await waymark('customers', 'show', 'nobody@nowhere.example');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no customer/);
});

test('a rule added from the CLI re-maps past events; a bad rule is refused with the reason', async () => {
  const add = await waymark('touchpoints', 'add', 'Anything identify', '--channel', 'web', '--stage', 'consideration');
  assert.equal(add.code, 0, add.stderr);
  const rule = await waymark('touchpoints', 'rule', 'ident', '--touchpoint', 'Anything identify', '--type', 'identify', '--priority', '1');
  assert.equal(rule.code, 0, rule.stderr);
  assert.match(rule.stdout, /[1-9]\d* past events re-mapped/);
  const bad = await waymark('touchpoints', 'rule', 'x', '--touchpoint', 'Nope', '--name', 'A');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /rule x: unknown touchpoint "Nope"/);
  const badStage = await waymark('touchpoints', 'add', 'T', '--stage', 'nirvana');
  assert.match(badStage.stderr, /stage "nirvana" is not one of/);
});

test('import keeps good rows, reports bad ones by line, and stores nothing twice', async () => {
  const file = join(dir, 'events.csv');
  writeFileSync(
    file,
    [
      'messageId,type,event,userId,email,timestamp,channel,plan',
      'imp-1,track,Order Completed,imp-user,imp@example.com,2026-05-01T10:00:00Z,web,pro',
      'imp-2,track,Order Completed,imp-user,,not-a-date,web,pro',
      'imp-3,track,Refund Requested,,imp@example.com,2026-05-02T10:00:00Z,email,pro',
      'imp-4,track,Ghost,,,2026-05-02T10:00:00Z,email,pro',
    ].join('\n') + '\n',
  );
  const first = await waymark('import', file, '--source', 'events');
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /2 stored/);
  assert.match(first.stdout, /line 3/);
  assert.match(first.stdout, /line 5/);
  const strict = await waymark('import', file, '--strict');
  assert.equal(strict.code, 2, 'with --strict, rejected rows make the exit status 2');
  const second = await waymark('import', file, '--source', 'events', '--json');
  const report = JSON.parse(second.stdout);
  assert.equal(report.inserted, 0);
  const p = JSON.parse((await waymark('customers', 'show', 'imp@example.com', '--json')).stdout);
  assert.deepEqual(p.timeline.map((e: { name: string }) => e.name), ['Order Completed', 'Refund Requested']);
  const unknown = await waymark('import', file, '--source', 'nope');
  assert.match(unknown.stderr, /unknown --source "nope"/);
});

test('serve answers over HTTP; what it stored is there for the next process', async () => {
  const { writeKey } = JSON.parse((await waymark('workspace', 'list', '--json')).stdout)[0];
  const { child, url, exited } = await startServeProcess(db);
  try {
    assert.equal((await fetch(`${url}/health`)).status, 200);
    const stats = await (await fetch(`${url}/v1/stats`, { headers: { authorization: `Bearer ${secretKey}` } })).json();
    assert.ok(stats.events > 0);
    const track = await fetch(`${url}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`${writeKey}:`).toString('base64') },
      body: JSON.stringify({ userId: 'served-user', event: 'Order Completed', timestamp: '2026-06-01T12:00:00Z' }),
    });
    assert.equal(track.status, 200);
    assert.equal((await fetch(url)).status, 200);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  const p = JSON.parse((await waymark('customers', 'show', 'served-user', '--json')).stdout);
  assert.deepEqual(p.timeline.map((e: { name: string }) => e.name), ['Order Completed']);
});

test('mistakes get a clear message: bad numbers, unknown stage, missing database, --map before the file, duplicate workspace', async () => {
  const limit = await waymark('customers', 'list', '--limit', 'ten');
  assert.equal(limit.code, 1);
  assert.match(limit.stderr, /--limit.*expected a whole number from 1 to 1000, got "ten"/);
  const stage = await waymark('customers', 'list', '--stage', 'retension');
  assert.match(stage.stderr, /--stage: "retension" is not one of awareness, consideration/);
  const nodb = await waymark('stats', '--db', join(dir, 'typo.duckdb'));
  assert.match(nodb.stderr, /no database at .*typo\.duckdb/);
  assert.equal(existsSync(join(dir, 'typo.duckdb')), false, 'a mistyped --db leaves no file behind');
  const file = join(dir, 'mapped.csv');
  writeFileSync(file, 'When,Who,What\n2026-05-03T10:00:00Z,mapped@example.com,Store Visit\n');
  const mapped = await waymark('import', '--map', 'When=timestamp', '--map', 'Who=email', '--map', 'What=name', file);
  assert.equal(mapped.code, 0, mapped.stderr);
  assert.match(mapped.stdout, /1 stored/);
  const dup = await waymark('workspace', 'create', 'Northwind Outfitters (demo)');
  assert.match(dup.stderr, /already exists/);
  const stages = await waymark('stages', 'set', 'discover:Discover', 'buy:Buy');
  assert.match(stages.stderr, /touchpoints still use stages this model removes: .*Move them first/s);
  const rule = await waymark('touchpoints', 'rule', 'r1', '--touchpoint', 'Nope', '--name', 'X');
  assert.match(rule.stderr, /rule r1: unknown touchpoint "Nope"; add it first/);
});

test('inbox: a request that cannot be resolved is kept with its reason, shown, and stored by retry once fixed', async () => {
  const { id } = JSON.parse((await waymark('workspace', 'list', '--json')).stdout)[0];
  const raw = await DuckDatabase.open(db);
  try {
    // as a serve that died would leave it: acknowledged, not resolved — and its body unreadable by this version
    await raw.writer.run(`INSERT INTO inbox VALUES (9001, $1, 'segment:batch', '2026-11-02 10:00:00', 1, '{"batch": [{"type": "track", "userId": "inbox-user", "event": ""}]}', NULL)`, [id]);
  } finally {
    raw.close();
  }
  const shown = await waymark('inbox', '--json');
  assert.equal(shown.code, 0, shown.stderr);
  const report = JSON.parse(shown.stdout);
  assert.equal(report.failedBatches, 1);
  assert.equal(report.failed[0].seq, 9001);
  assert.match(report.failed[0].error, /could not be decoded.*batch\[0\]\.event: must not be empty/);
  assert.match((await waymark('inbox')).stdout, /1 marked failed/);

  const fix = await DuckDatabase.open(db);
  try {
    await fix.writer.run(`UPDATE inbox SET body = replace(body, '"event": ""', '"event": "Order Completed"') WHERE seq = 9001`);
  } finally {
    fix.close();
  }
  const retried = JSON.parse((await waymark('inbox', 'retry', '--json')).stdout);
  assert.deepEqual(retried, { batches: 1, events: 1, stillFailed: 0 });
  const p = JSON.parse((await waymark('customers', 'show', 'inbox-user', '--json')).stdout);
  assert.deepEqual(p.timeline.map((e: { name: string }) => e.name), ['Order Completed']);
  assert.equal(JSON.parse((await waymark('inbox', '--json')).stdout).batches, 0);
});

