/**
 * Bulk import into staging, on a real (in-memory) DuckDB: every preset's fixture, bad rows with
 * their exact lines and reasons, Segment-shaped NDJSON, --map overrides, deterministic ids, and a
 * generated million-row CSV and NDJSON (rows/s printed, not asserted).
 */
import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { PRESETS } from '../../ingest/import/presets.js';
import { applyMapOverrides, type ImportSpec, parseImportSpec } from '../../ingest/import/spec.js';
import { formatReject, type ImportLoad, lineSegments, loadFileIntoStaging } from './import-file.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/import');
const fixture = (name: string) => join(FIXTURES, name);

type Row = Record<string, unknown>;

let instance: DuckDBInstance;
let c: DuckDBConnection;
let tmp: string;

before(async () => {
  instance = await DuckDBInstance.create(':memory:');
  c = await instance.connect();
  tmp = await mkdtemp(join(tmpdir(), 'waymark-import-'));
});
after(async () => {
  c.closeSync();
  instance.closeSync();
  await rm(tmp, { recursive: true, force: true });
});

async function staged(): Promise<Row[]> {
  return (await c.runAndReadAll(`SELECT * FROM staging ORDER BY line, name`)).getRowObjectsJson() as Row[];
}

async function load(file: string, preset: string | ImportSpec, opts: Parameters<typeof loadFileIntoStaging>[3] = {}): Promise<{ load: ImportLoad; rows: Row[] }> {
  const spec = typeof preset === 'string' ? PRESETS[preset]! : preset;
  const l = await loadFileIntoStaging(c, file.startsWith('/') ? file : fixture(file), spec, { receivedAt: new Date('2024-06-01T00:00:00Z'), ...opts });
  return { load: l, rows: await staged() };
}

const json = (v: unknown) => (v === null ? null : JSON.parse(String(v)));
const byId = (rows: Row[], id: string) => {
  const r = rows.find((x) => x.message_id === id);
  assert.ok(r, `no staged row with message_id ${id}`);
  return r;
};

describe('loadFileIntoStaging: presets', () => {
  it('every preset is a valid spec with a description and a known source', () => {
    for (const [name, spec] of Object.entries(PRESETS)) {
      assert.doesNotThrow(() => parseImportSpec(spec), name);
      assert.ok(spec.description && spec.description.length > 20, name);
      assert.ok(['import', 'hubspot', 'salesforce', 'zendesk', 'surveymonkey', 'qualtrics'].includes(spec.source), name);
    }
  });

  it('events CSV: types, names, UTC timestamps (offsets, epochs), e-mails, numeric properties', async () => {
    const { load: l, rows } = await load('events.csv', 'events');
    assert.equal(l.rows, 15);
    assert.equal(l.staged, 15);
    assert.deepEqual(l.rejects, []);
    assert.deepEqual(l.columns.slice(0, 3), ['message_id', 'type', 'event']);
    const page = byId(rows, 'evt-001');
    assert.equal(page.type, 'page');
    assert.equal(page.name, 'Page Viewed');
    assert.equal(page.anonymous_id, 'anon-ann-1');
    assert.equal(page.raw_channel, 'browser');
    assert.equal(page.line, '2');
    assert.equal(page.source, 'import');
    assert.equal(page.received_at, '2024-06-01 00:00:00');
    assert.deepEqual(json(page.properties), { path: '/pricing' });
    assert.equal(byId(rows, 'evt-002').email, 'ann@example.com');
    assert.equal(byId(rows, 'evt-003').name, 'Identify');
    assert.equal(byId(rows, 'evt-005').timestamp, '2024-02-01 10:00:00'); // +02:00 → UTC
    assert.deepEqual(json(byId(rows, 'evt-005').properties), { plan: 'pro', amount: 49.9 });
    assert.equal(byId(rows, 'evt-007').email, 'bob@example.com'); // " bob@example.com " trimmed
    assert.equal(byId(rows, 'evt-008').timestamp, '2024-02-01 12:00:00'); // epoch seconds
    assert.equal(byId(rows, 'evt-015').timestamp, '2024-02-15 10:20:00'); // epoch millis
    assert.deepEqual(json(byId(rows, 'evt-011').properties), { plan: 'pro', amount: '0049' }); // leading zero: kept as text
    assert.equal(byId(rows, 'evt-004').timestamp, '2024-01-04 10:00:00');
  });

  it('events NDJSON: Segment-shaped lines keep properties, traits, context; context.traits.email is the e-mail', async () => {
    const { load: l, rows } = await load('events.ndjson', 'events');
    assert.equal(l.rows, 12);
    assert.equal(l.staged, 12);
    assert.deepEqual(l.rejects, []);
    const home = byId(rows, 'seg-001');
    assert.equal(home.name, 'Page Viewed');
    assert.deepEqual(json(home.context), { library: { name: 'analytics.js' }, page: { path: '/' } });
    const pricing = byId(rows, 'seg-002');
    assert.equal(pricing.name, 'Pricing');
    assert.deepEqual(json(pricing.properties), { category: 'Marketing', path: '/pricing' });
    const signup = byId(rows, 'seg-003');
    assert.equal(signup.email, 'ann@example.com');
    assert.equal(signup.user_id, 'u-101');
    assert.equal(signup.timestamp, '2024-01-03 09:20:00');
    assert.deepEqual(json(signup.properties), { plan: 'free', referrer: 'google' });
    assert.deepEqual(json(signup.traits), { email: 'ANN@example.com', name: 'Ann Lee' });
    assert.deepEqual(json(signup.context), { traits: { email: 'ANN@example.com', name: 'Ann Lee' }, ip: '203.0.113.7' });
    const identify = byId(rows, 'seg-004');
    assert.equal(identify.type, 'identify');
    assert.equal(identify.name, 'Identify');
    assert.deepEqual(json(identify.traits), { email: 'ann@example.com', name: 'Ann Lee', plan: 'free' });
    assert.deepEqual(json(identify.properties), {});
    assert.deepEqual(json(byId(rows, 'seg-005').properties), { order_id: 'o-1', revenue: 49.9, products: [{ sku: 'pro-monthly', price: 49.9 }] });
    assert.equal(byId(rows, 'seg-006').name, 'Screen Viewed');
    assert.equal(byId(rows, 'seg-006').email, 'farid@example.io');
    const alias = byId(rows, 'seg-008');
    assert.deepEqual([alias.type, alias.name, alias.user_id, alias.previous_id], ['alias', 'Alias', 'u-107', 'anon-grace-1']);
    const group = byId(rows, 'seg-009');
    assert.deepEqual([group.type, group.group_id], ['group', 'org-42']);
    assert.deepEqual(json(group.traits), { name: 'Grace Co', employees: 12 });
    assert.deepEqual(json(byId(rows, 'seg-010').properties), { plan: 'pro' }); // integrations, sentAt are envelope
    // Lines without messageId: derived ids; flat lines: other keys become properties.
    const webinar = rows.find((r) => r.line === '11')!;
    assert.match(String(webinar.message_id), /^[0-9a-f]{32}$/);
    assert.equal(webinar.name, 'Webinar Attended');
    assert.equal(webinar.email, 'hugo@example.fr');
    assert.equal(webinar.timestamp, '2024-02-15 12:26:40');
    assert.deepEqual(json(webinar.properties), { webinar: 'Journeys 101', minutes: 42 });
    assert.equal(rows.find((r) => r.line === '12')!.timestamp, '2024-03-01 07:00:00');
  });

  it('hubspot-contacts: one identify per contact with snake_case traits', async () => {
    const { load: l, rows } = await load('hubspot-contacts.csv', 'hubspot-contacts');
    assert.deepEqual([l.rows, l.staged, l.rejects.length], [10, 10, 0]);
    assert.ok(rows.every((r) => r.type === 'identify' && r.name === 'Identify' && r.source === 'hubspot'));
    const bob = rows.find((r) => r.email === 'bob@example.com')!;
    assert.equal(bob.timestamp, '2024-01-10 08:10:00');
    const traits = json(bob.traits);
    assert.equal(traits.first_name, 'Bob');
    assert.equal(traits.lifecycle_stage, 'opportunity');
    assert.equal(traits.original_source, 'PAID_SEARCH');
    assert.equal(traits.hubspot_contact_id, 52);
    assert.equal(traits.company, 'Stone & Sons');
    assert.equal(json(rows.find((r) => r.email === 'carla@example.org')!.traits).company, 'Diaz, Ruiz y Asociados');
  });

  it('hubspot-activities: activity type → name and channel; e-mail found in "Name (email)"', async () => {
    const { load: l, rows } = await load('hubspot-activities.csv', 'hubspot-activities');
    assert.deepEqual([l.rows, l.staged, l.rejects.length], [12, 12, 0]);
    const call = byId(rows, 'hubspot-activity-9002');
    assert.deepEqual([call.name, call.raw_channel, call.email, call.timestamp], ['Call Logged', 'phone', 'bob@example.com', '2024-01-12 15:30:00']);
    assert.equal(json(call.properties).outcome, 'Connected');
    const meeting = byId(rows, 'hubspot-activity-9003');
    assert.deepEqual([meeting.name, meeting.raw_channel, meeting.email], ['Meeting Logged', 'meeting', 'bob@example.com']);
    const note = byId(rows, 'hubspot-activity-9006');
    assert.deepEqual([note.name, note.raw_channel], ['Note Logged', null]);
    assert.equal(byId(rows, 'hubspot-activity-9011').name, 'LinkedIn Message Logged');
    assert.equal(json(byId(rows, 'hubspot-activity-9001').properties).subject, 'Welcome to Acme');
  });

  it('salesforce-tasks: subtype → name, ActivityDate or else CreatedDate', async () => {
    const { load: l, rows } = await load('salesforce-tasks.csv', 'salesforce-tasks');
    assert.deepEqual([l.rows, l.staged, l.rejects.length], [10, 10, 0]);
    const call = byId(rows, 'salesforce-task-00T5e000001AAA1');
    assert.deepEqual([call.name, call.raw_channel, call.timestamp], ['Call Logged', 'phone', '2024-01-12 00:00:00']);
    assert.equal(json(call.properties).call_duration_seconds, 1260);
    assert.equal(byId(rows, 'salesforce-task-00T5e000001AAA4').timestamp, '2024-01-26 11:00:00'); // no ActivityDate
    assert.equal(byId(rows, 'salesforce-task-00T5e000001AAA5').name, 'Task Logged');
    assert.equal(byId(rows, 'salesforce-task-00T5e000001AAA6').email, 'farid@example.io');
    assert.equal(byId(rows, 'salesforce-task-00T5e000001AAA6').name, 'Email Logged');
    assert.equal(byId(rows, 'salesforce-task-00T5e000001AAA8').name, 'LinkedIn Message Logged');
  });

  it('salesforce-opportunities: created for each, won/lost when closed', async () => {
    const { load: l, rows } = await load('salesforce-opportunities.csv', 'salesforce-opportunities');
    assert.deepEqual([l.rows, l.staged, l.rejects.length], [8, 13, 0]);
    const names = rows.map((r) => r.name as string);
    assert.equal(names.filter((n) => n === 'Opportunity Created').length, 8);
    assert.deepEqual(rows.filter((r) => r.name === 'Opportunity Won').map((r) => r.email).sort(), ['ann@example.com', 'bob@example.com', 'emma@example.com']);
    assert.deepEqual(rows.filter((r) => r.name === 'Opportunity Lost').map((r) => r.email).sort(), ['carla@example.org', 'ines@example.pt']);
    const won = byId(rows, 'salesforce-opportunity-0065e00000AAAA1-won');
    assert.equal(won.timestamp, '2024-02-01 00:00:00');
    assert.deepEqual(json(won.properties), { opportunity_id: '0065e00000AAAA1', opportunity: 'Stone & Sons - Team', stage: 'Closed Won', amount: 2388, lead_source: 'Paid Search' });
    assert.equal(byId(rows, 'salesforce-opportunity-0065e00000AAAA1-created').timestamp, '2024-01-12 16:00:00');
    assert.equal(json(byId(rows, 'salesforce-opportunity-0065e00000AAAA6-lost').properties).amount, 1200.5);
  });

  it('zendesk-tickets: opened for each, solved when solved, channel from Via', async () => {
    const { load: l, rows } = await load('zendesk-tickets.csv', 'zendesk-tickets');
    assert.deepEqual([l.rows, l.staged, l.rejects.length], [10, 16, 0]);
    assert.equal(rows.filter((r) => r.name === 'Ticket Opened').length, 10);
    assert.equal(rows.filter((r) => r.name === 'Ticket Solved').length, 6);
    assert.ok(rows.every((r) => r.source === 'zendesk'));
    const opened = byId(rows, 'zendesk-ticket-1001-opened');
    assert.deepEqual([opened.user_id, opened.email, opened.raw_channel, opened.timestamp], ['u-101', 'ann@example.com', 'email', '2024-01-20 09:00:00']);
    const solved = byId(rows, 'zendesk-ticket-1001-solved');
    assert.equal(solved.timestamp, '2024-01-20 12:30:00');
    assert.equal(json(solved.properties).resolution_minutes, 210);
    assert.equal(json(solved.properties).satisfaction, 'Good');
    assert.equal(byId(rows, 'zendesk-ticket-1002-opened').raw_channel, 'web');
    assert.equal(byId(rows, 'zendesk-ticket-1003-opened').raw_channel, 'phone');
    assert.equal(byId(rows, 'zendesk-ticket-1004-opened').raw_channel, 'chat');
    assert.equal(byId(rows, 'zendesk-ticket-1005-opened').email, 'emma@example.com');
    assert.equal(byId(rows, 'zendesk-ticket-1006-opened').raw_channel, 'api');
  });

  it('surveymonkey-responses: second header row skipped, US dates, NPS score as a number', async () => {
    const { load: l, rows } = await load('surveymonkey-responses.csv', 'surveymonkey-responses');
    assert.deepEqual([l.rows, l.staged, l.rejects.length], [10, 10, 0]);
    const ann = byId(rows, 'surveymonkey-114000001');
    assert.deepEqual([ann.name, ann.email, ann.timestamp, ann.line, ann.raw_channel], ['Survey Responded', 'ann@example.com', '2024-02-03 09:03:42', '3', 'survey']);
    assert.deepEqual(json(ann.properties), {
      survey: 'nps',
      score: 10,
      comment: 'Fast, friendly support',
      respondent_id: 114000001,
      collector_id: 431000001,
      started_at: '02/03/2024 09:01:10 AM',
    });
    assert.equal(byId(rows, 'surveymonkey-114000002').timestamp, '2024-02-03 13:16:05');
    const carla = byId(rows, 'surveymonkey-114000003');
    assert.equal(carla.email, 'carla@example.org');
    assert.equal(json(carla.properties).comment, 'The app crashes on login.\nPlease fix it.');
    assert.equal(byId(rows, 'surveymonkey-114000004').line, '7'); // after the two-line comment
    assert.equal(json(byId(rows, 'surveymonkey-114000004').properties).score, 0);
    assert.equal(byId(rows, 'surveymonkey-114000007').timestamp, '2024-02-14 00:02:00'); // 12:02:00 AM
  });

  it('qualtrics-responses: both extra header rows skipped, score and NPS group, rest as properties', async () => {
    const { load: l, rows } = await load('qualtrics-responses.csv', 'qualtrics-responses');
    assert.deepEqual([l.rows, l.staged, l.rejects.length], [8, 8, 0]);
    const ann = byId(rows, 'qualtrics-R_1aaaaaaaaaaaaa1');
    assert.deepEqual([ann.user_id, ann.email, ann.timestamp, ann.line], ['u-101', 'ann@example.com', '2024-03-10 09:02:31', '4']);
    const p = json(ann.properties);
    assert.deepEqual([p.survey, p.score, p.nps_group, p.q2, p.duration_in_seconds], ['nps', 9, 'Promoter', 'Support is great', 150]);
    assert.equal(p.ip_address, undefined);
    assert.deepEqual(json(ann.traits), { first_name: 'Ann', last_name: 'Lee' });
  });

  it('the fixtures share customers across silos (same e-mails)', async () => {
    const files: Array<[string, string]> = [
      ['events.csv', 'events'],
      ['hubspot-contacts.csv', 'hubspot-contacts'],
      ['hubspot-activities.csv', 'hubspot-activities'],
      ['salesforce-opportunities.csv', 'salesforce-opportunities'],
      ['zendesk-tickets.csv', 'zendesk-tickets'],
      ['surveymonkey-responses.csv', 'surveymonkey-responses'],
      ['qualtrics-responses.csv', 'qualtrics-responses'],
    ];
    const seen = new Map<string, number>();
    for (const [f, p] of files) {
      const { rows } = await load(f, p);
      for (const e of new Set(rows.map((r) => r.email).filter((e) => e !== null))) seen.set(String(e), (seen.get(String(e)) ?? 0) + 1);
    }
    assert.ok((seen.get('ann@example.com') ?? 0) >= 6);
    assert.ok([...seen.values()].filter((n) => n >= 4).length >= 5);
  });
});

describe('loadFileIntoStaging: bad rows', () => {
  it('CSV: malformed, missing, bad dates, no identity are reported at their lines; good rows kept', async () => {
    const { load: l, rows } = await load('bad-events.csv', 'events');
    assert.deepEqual(l.rejects.map(formatReject), [
      'line 3: malformed CSV: expected 6 columns, found 7',
      'line 4, column "timestamp": missing timestamp',
      'line 5, column "timestamp": not a date: "yesterday"',
      'line 6: no identity: "user_id", "email" are all empty',
      'line 10, column "email": not an e-mail address: "not-an-email" (and no userId or anonymousId)',
      'line 11, column "plan": malformed CSV: expected 6 columns, found 5',
      'line 12, column "event": missing event name',
      'line 14, column "timestamp": date out of range (1970–2200): "1899-12-31"',
      'line 15, column "plan": malformed CSV: unterminated or stray quote (the rest of the record could not be read)',
    ]);
    assert.deepEqual(
      rows.map((r) => [r.message_id, r.line]),
      [
        ['b-01', '2'],
        ['b-06', '7'],
        ['b-10', '13'],
      ],
    );
    assert.deepEqual(json(rows[1]!.properties), { plan: 'multi\nline plan' });
    assert.equal(l.staged, 3);
    assert.equal(l.rows, 12);
  });

  it('NDJSON: invalid JSON, non-objects and bad events are reported at their lines', async () => {
    const { load: l, rows } = await load('bad-events.ndjson', 'events');
    assert.deepEqual(l.rejects.map(formatReject), [
      'line 2: not valid JSON: {"event":"Signed Up","userId":"u-302","t…',
      'line 4: not a JSON object (array)',
      'line 5, column "timestamp": missing timestamp',
      'line 6, column "timestamp": not a date: "not a date"',
      'line 7: no identity: userId, anonymousId and email are all empty',
      'line 8, column "type": not an event type: "fly" (expected track, page, screen, identify, group, alias)',
      'line 9: alias needs userId (the identifier previousId is merged into)',
    ]);
    assert.deepEqual(rows.map((r) => r.line), ['1', '10']);
    assert.deepEqual(json(rows[1]!.properties), { revenue: 10 });
    assert.equal(l.rows, 9); // the blank line is not a row
  });

  it('a preset with two events per row reports each bad column once, per line', async () => {
    const { load: l, rows } = await load('zendesk-tickets-bad.csv', 'zendesk-tickets');
    assert.deepEqual(l.rejects.map(formatReject), [
      'line 4, column "Solved at": not a date: "soon"',
      'line 5, column "Requester": not an e-mail address: "Anonymous" (and no userId or anonymousId)',
      'line 7, column "Created at": not a date: "yesterday"',
    ]);
    assert.equal(l.staged, 8);
    assert.ok(rows.some((r) => r.message_id === 'zendesk-ticket-2003-opened'));
    assert.ok(!rows.some((r) => r.message_id === 'zendesk-ticket-2003-solved'));
    assert.equal(byId(rows, 'zendesk-ticket-2007-opened').timestamp, '2024-03-04 14:30:00');
    assert.equal(byId(rows, 'zendesk-ticket-2005-opened').raw_channel, 'phone');
  });

  it('maxRejects caps the list and counts the rest', async () => {
    const { load: l } = await load('bad-events.csv', 'events', { maxRejects: 2 });
    assert.equal(l.rejects.length, 2);
    assert.equal(l.rejectsOmitted, 7);
    assert.equal(l.staged, 3);
  });
});

describe('loadFileIntoStaging: files and specs', () => {
  it('throws naming the file when it is missing or empty', async () => {
    await assert.rejects(load(join(tmp, 'nope.csv'), 'events'), (e: Error) => e.message.includes('nope.csv') && /not found/.test(e.message));
    const empty = join(tmp, 'empty.csv');
    await writeFile(empty, '');
    await assert.rejects(load(empty, 'events'), (e: Error) => e.message.includes('empty.csv') && /empty/.test(e.message));
    const blank = join(tmp, 'blank.ndjson');
    await writeFile(blank, '\n  \n');
    await assert.rejects(load(blank, 'events'), (e: Error) => e.message.includes('blank.ndjson') && /empty/.test(e.message));
  });

  it('throws listing what it looked for and what the header has when a required column is missing', async () => {
    const f = join(tmp, 'tickets.csv');
    await writeFile(f, 'Ticket,Who,When\n1,ann@example.com,2024-01-01\n');
    await assert.rejects(load(f, 'zendesk-tickets'), (e: Error) => {
      assert.match(e.message, /tickets\.csv/);
      assert.match(e.message, /timestamp of event "Ticket Opened": looked for "Created at", "Created At", "Created"/);
      assert.match(e.message, /identity/);
      assert.match(e.message, /the header has "Ticket", "Who", "When"/);
      assert.doesNotMatch(e.message, /#\d/);
      return true;
    });
  });

  it('a file without the right preset: names the event, lists what it looked for and the header, and suggests --map and --source', async () => {
    const tasks = fixture('salesforce-tasks.csv');
    await assert.rejects(load(tasks, 'events'), (e: Error) => {
      assert.equal(
        e.message,
        [
          `import file ${tasks} lacks columns the "events" preset needs:`,
          '  - timestamp of the event: looked for "timestamp", "time", "created_at", "originalTimestamp", "event_timestamp"',
          '  - identity (userId, anonymousId or email) of the event: looked for "userId", "user_id", "anonymousId", "anonymous_id", "user_pseudo_id", "email", "traits.email", "context.traits.email", "properties.email"',
          '  the header has "Id", "Subject", "ActivityDate", "CreatedDate", "Type", "TaskSubtype", "Status", "Priority", "Who.Email", "CallDurationInSeconds"',
          'Fix: the file has every column the "salesforce-tasks" preset needs, so use --source salesforce-tasks; or name the file\'s columns: --map "CreatedDate=timestamp" --map "Who.Email=email"',
        ].join('\n'),
      );
      return true;
    });
    // A preset with several events names the one at fault and targets it with @; no preset fits.
    const f = join(tmp, 'tickets.csv');
    await writeFile(f, 'Ticket,Who,When\n1,ann@example.com,2024-01-01\n');
    await assert.rejects(load(f, 'zendesk-tickets'), (e: Error) => {
      assert.equal(
        e.message.split('\n').at(-1),
        'Fix: name the file\'s columns: --map "When=timestamp@Ticket Opened" --map "<e-mail column>=email" (or, if the file is another kind of export, choose its preset with --source; waymark import --help lists them)',
      );
      return true;
    });
    // With the suggested --map the file loads.
    const { load: l } = await load(f, applyMapOverrides(PRESETS['zendesk-tickets']!, ['When=timestamp@Ticket Opened', 'Who=email']));
    assert.equal(l.staged, 1);
    // NDJSON: keys, and another preset suggested.
    await assert.rejects(load('events.ndjson', 'hubspot-activities'), (e: Error) => {
      const lines = e.message.split('\n');
      assert.match(lines[0]!, /lacks columns the "hubspot-activities" preset needs:$/);
      assert.match(lines[1]!, /^ {2}- timestamp of the event: looked for "Activity date"/);
      assert.ok(lines.includes('  the lines have keys "type", "anonymousId", "messageId", "timestamp", "properties", "context", "name", "category", "event", "userId", "traits", "previousId", "groupId", "integrations", "sentAt", "email", "webinar", "minutes"'));
      assert.match(e.message, /\nFix: the file has every key the "events" preset needs, so use --source events;/);
      return true;
    });
  });

  it('a header-only CSV loads nothing; semicolon and tab delimiters are detected', async () => {
    const h = join(tmp, 'header.csv');
    await writeFile(h, 'event,userId,timestamp\n');
    const { load: l } = await load(h, 'events');
    assert.deepEqual([l.rows, l.staged, l.rejects.length], [0, 0, 0]);
    const semi = join(tmp, 'semi.csv');
    await writeFile(semi, '\uFEFFevent;userId;timestamp;Plan\r\nSigned Up;u-1;05.03.2024 14:22;pro\r\n');
    const s = await load(semi, 'events');
    assert.equal(s.load.staged, 1);
    assert.equal(s.rows[0]!.timestamp, '2024-03-05 14:22:00');
    assert.deepEqual(json(s.rows[0]!.properties), { Plan: 'pro' });
    const tsv = join(tmp, 'events.tsv');
    await writeFile(tsv, 'event\tuserId\ttimestamp\nSigned Up\tu-1\t2024-03-05T14:22:00-05:00\n');
    const t = await load(tsv, 'events');
    assert.equal(t.rows[0]!.timestamp, '2024-03-05 19:22:00');
  });

  it('files mixing CR LF and LF line ends load with the right line numbers', async () => {
    const csv = join(tmp, 'mixed.csv');
    await writeFile(csv, 'event,userId,timestamp\nA,u,2024-01-01\nB,u,2024-01-02\r\nC,u,bad\nD,u,2024-01-04\n');
    const a = await load(csv, 'events');
    assert.deepEqual(a.rows.map((r) => [r.name, r.line]), [['A', '2'], ['B', '3'], ['D', '5']]);
    assert.deepEqual(a.load.rejects.map(formatReject), ['line 4, column "timestamp": not a date: "bad"']);
    const nd = join(tmp, 'mixed.ndjson');
    await writeFile(nd, '{"event":"A","userId":"u","timestamp":"2024-01-01"}\n{"event":"B","userId":"u","timestamp":"2024-01-02"}\r\n{"event":"C","userId":"u","timestamp":"bad"}\n\r\n{"event":"D","userId":"u","timestamp":"2024-01-04"}\n');
    const b = await load(nd, 'events');
    assert.deepEqual(b.rows.map((r) => [r.name, r.line]), [['A', '1'], ['B', '2'], ['D', '5']]);
    assert.deepEqual(b.load.rejects.map(formatReject), ['line 3, column "timestamp": not a date: "bad"']);
  });

  it('timestamps without an offset are read in the spec\'s time zone', async () => {
    const f = join(tmp, 'local.csv');
    await writeFile(f, 'event,userId,timestamp\nA,u-1,2024-01-10 10:00\nB,u-1,01/10/2024 10:00 AM\nC,u-1,2024-07-10T10:00:00Z\nD,u-1,2024-07-10 10:00\n');
    const { rows } = await load(f, { ...PRESETS.events!, timezone: 'America/New_York' });
    assert.deepEqual(
      rows.map((r) => [r.name, r.timestamp]),
      [
        ['A', '2024-01-10 15:00:00'],
        ['B', '2024-01-10 15:00:00'],
        ['C', '2024-07-10 10:00:00'],
        ['D', '2024-07-10 14:00:00'],
      ],
    );
  });

  it('--map overrides point fields, properties and traits at other columns', async () => {
    const f = join(tmp, 'custom.csv');
    await writeFile(f, 'Ticket ID,Requester email,Opened,Kind,Plan,Seats\nT-1, Ann@Example.com ,2024-01-02 03:04:05,Ticket Opened,pro,12\n');
    const spec = applyMapOverrides(PRESETS.events!, ['Ticket ID=messageId', 'Requester email=email', 'Opened=timestamp', 'Kind=name', 'Plan=properties.plan', 'Seats=traits.seats']);
    const { load: l, rows } = await load(f, spec);
    assert.equal(l.staged, 1);
    const r = rows[0]!;
    assert.deepEqual([r.message_id, r.email, r.timestamp, r.name], ['T-1', 'ann@example.com', '2024-01-02 03:04:05', 'Ticket Opened']);
    assert.deepEqual(json(r.properties), { plan: 'pro' });
    assert.deepEqual(json(r.traits), { seats: 12 });
  });

  it('--map can target one event of a preset, and keeps several events per row apart', async () => {
    const f = join(tmp, 'zd.csv');
    await writeFile(f, 'Ticket,Requester email,Opened,Closed\n7,kim@example.com,2024-01-01 10:00,2024-01-02 10:00\n');
    const ok = applyMapOverrides(PRESETS['zendesk-tickets']!, ['Ticket=messageId', 'Opened=timestamp@Ticket Opened', 'Closed=timestamp@2']);
    const { rows: got } = await load(f, ok);
    assert.deepEqual(
      got.map((r) => [r.message_id, r.name, r.timestamp]),
      [
        ['zendesk-ticket-7-opened', 'Ticket Opened', '2024-01-01 10:00:00'],
        ['zendesk-ticket-7-solved', 'Ticket Solved', '2024-01-02 10:00:00'],
      ],
    );
  });

  it('--map accepts "event" (as Segment and the events preset call it) for the name field', async () => {
    const f = join(tmp, 'what.csv');
    await writeFile(f, 'What,Who,When\nDemo Booked,ann@example.com,2024-01-02\n');
    const spec = applyMapOverrides(PRESETS.events!, ['What=event', 'Who=email', 'When=timestamp']);
    assert.deepEqual(spec.events[0]!.name, { column: 'What', required: true, map: 'What=event' });
    const { rows } = await load(f, spec);
    assert.deepEqual(rows.map((r) => [r.name, r.email, r.timestamp]), [['Demo Booked', 'ann@example.com', '2024-01-02 00:00:00']]);
  });

  it('a bad --map is an error naming it', () => {
    assert.throws(
      () => applyMapOverrides(PRESETS.events!, ['Plan=plan']),
      (e: Error) => {
        assert.equal(
          e.message,
          '--map "Plan=plan": unknown field "plan"; use one of messageId, type, name (or event), userId, anonymousId, email, timestamp, channel, source, previousId, groupId, properties.<key>, traits.<key> (to keep the column as a property: --map "Plan=properties.plan")',
        );
        return true;
      },
    );
    for (const [o, re] of [
      ['nonsense', /--map "nonsense": expected column=field/],
      ['=email', /--map "=email": expected column=field/],
      ['Plan=plan', /--map "Plan=plan": unknown field "plan"/],
      ['What=events', /--map "What=events": unknown field "events"; use one of messageId, type, name \(or event\), /],
      ['Plan=properties.', /--map "Plan=properties.": the properties key is empty/],
      ['When=timestamp@Nope', /--map "When=timestamp@Nope": no event mapping "Nope"/],
      ['/(unclosed/=email', /bad column pattern/],
    ] as const) {
      assert.throws(() => applyMapOverrides(PRESETS['zendesk-tickets']!, [o]), re, o);
    }
  });

  it('a --map column missing from the file is an error naming it', async () => {
    const spec = applyMapOverrides(PRESETS.events!, ['Planx=properties.plan']);
    await assert.rejects(load('events.csv', spec), (e: Error) => {
      assert.equal(
        e.message,
        '--map "Planx=properties.plan": the file has no column "Planx"; its columns are: "message_id", "type", "event", "user_id", "anonymous_id", "email", "timestamp", "channel", "plan", "amount", "path" — did you mean "plan"?',
      );
      return true;
    });
    await assert.rejects(load('events.ndjson', spec), (e: Error) => {
      assert.equal(
        e.message,
        '--map "Planx=properties.plan": the file has no key "Planx"; its keys are: "type", "anonymousId", "messageId", "timestamp", "properties", "context", "name", "category", "event", "userId", "traits", "previousId", "groupId", "integrations", "sentAt", "email", "webinar", "minutes"',
      );
      return true;
    });
    // One line per override, also when it applies to several events of a preset.
    const zd = applyMapOverrides(PRESETS['zendesk-tickets']!, ['Ticket=messageId', 'Requester mail=email']);
    await assert.rejects(load('zendesk-tickets.csv', zd), (e: Error) => {
      const lines = e.message.split('\n');
      assert.deepEqual(lines.map((x) => x.slice(0, x.indexOf(':'))), ['--map "Ticket=messageId"', '--map "Requester mail=email"']);
      assert.match(lines[1]!, /the file has no column "Requester mail"; its columns are: "Id", .* — did you mean "Requester email"\?$/);
      return true;
    });
  });

  it('derived message ids are deterministic: the same file twice gives the same ids', async () => {
    for (const [f, p] of [
      ['events.ndjson', 'events'],
      ['hubspot-contacts.csv', 'hubspot-contacts'],
    ]) {
      const first = (await load(f!, p!)).rows.map((r) => r.message_id).sort();
      const second = (await load(f!, p!)).rows.map((r) => r.message_id).sort();
      assert.deepEqual(second, first);
      assert.equal(new Set(first).size, first.length);
    }
  });

  it('runs inside a transaction (row ids are not 0-based there) and reports progress up to 1', async () => {
    const seen: Array<[number, string]> = [];
    const before = (await c.runAndReadAll(`SELECT current_setting('enable_progress_bar') AS a, current_setting('enable_progress_bar_print') AS p`)).getRowObjectsJson()[0];
    await c.run('BEGIN TRANSACTION');
    try {
      const { load: l, rows } = await load('bad-events.csv', 'events', { onProgress: (f, phase) => seen.push([f, phase]) });
      assert.deepEqual(rows.map((r) => r.line), ['2', '7', '13']);
      assert.deepEqual(l.rejects.map((r) => r.line), [3, 4, 5, 6, 10, 11, 12, 14, 15]);
      const nd = await load('bad-events.ndjson', 'events');
      assert.deepEqual(nd.rows.map((r) => r.line), ['1', '10']);
      assert.deepEqual(nd.load.rejects.map((r) => r.line), [2, 4, 5, 6, 7, 8, 9]);
    } finally {
      await c.run('COMMIT');
    }
    assert.ok(seen.length >= 4);
    assert.deepEqual(seen.at(-1), [1, 'staged']);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]![0] >= seen[i - 1]![0], `progress went back: ${JSON.stringify(seen)}`);
    const settings = (await c.runAndReadAll(`SELECT current_setting('enable_progress_bar') AS a, current_setting('enable_progress_bar_print') AS p`)).getRowObjectsJson()[0];
    assert.deepEqual(settings, before); // put back as they were
  });
});

describe('lineSegments', () => {
  it('maps row positions to lines around multi-line rows, rejected records and blank lines', () => {
    assert.deepEqual(lineSegments(2, [], []), [{ rid: 0, line: 2 }]);
    // row 1 spans 2 lines; a rejected record on line 6; a blank line on 8
    assert.deepEqual(lineSegments(2, [{ rid: 1, nl: 1 }], [{ line: 6, span: 1 }, { line: 8, span: 1 }]), [
      { rid: 0, line: 2 },
      { rid: 2, line: 5 },
      { rid: 3, line: 7 },
      { rid: 4, line: 9 },
    ]);
    // a blank line inside a multi-line row is part of it
    assert.deepEqual(lineSegments(2, [{ rid: 0, nl: 3 }], [{ line: 4, span: 1 }]), [
      { rid: 0, line: 2 },
      { rid: 1, line: 6 },
    ]);
  });
});

describe('loadFileIntoStaging: a million rows', () => {
  it('loads a generated 1,000,000-row CSV', async () => {
    const file = join(tmp, 'million.csv');
    await writeLines(file, 'message_id,event,user_id,email,timestamp,plan,amount,path', 1_000_000, (i) => {
      const t = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
      return `m${i},${i % 7 ? 'Page Viewed' : 'Order Completed'},u${i % 50_000},User${i % 50_000}@Example.com,${t},${i % 3 ? 'pro' : 'free'},${(i % 1000) / 10},/p/${i % 100}`;
    });
    const started = performance.now();
    const { load: l } = await loadAndCount(file);
    const secs = (performance.now() - started) / 1000;
    console.log(`import: 1,000,000-row CSV staged in ${secs.toFixed(2)} s = ${Math.round(l.rows / secs).toLocaleString('en-US')} rows/s`);
    assert.equal(l.rows, 1_000_000);
    assert.equal(l.staged, 1_000_000);
    assert.deepEqual(l.rejects, []);
    await rm(file);
  });

  it('loads a generated 1,000,000-line NDJSON', async () => {
    const file = join(tmp, 'million.ndjson');
    await writeLines(file, null, 1_000_000, (i) =>
      JSON.stringify({
        type: 'track',
        event: i % 7 ? 'Page Viewed' : 'Order Completed',
        userId: `u${i % 50_000}`,
        messageId: `m${i}`,
        timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
        properties: { plan: i % 3 ? 'pro' : 'free', amount: (i % 1000) / 10 },
        context: { traits: { email: `user${i % 50_000}@example.com` } },
      }),
    );
    const started = performance.now();
    const { load: l } = await loadAndCount(file);
    const secs = (performance.now() - started) / 1000;
    console.log(`import: 1,000,000-line NDJSON staged in ${secs.toFixed(2)} s = ${Math.round(l.rows / secs).toLocaleString('en-US')} rows/s`);
    assert.equal(l.staged, 1_000_000);
    await rm(file);
  });
});

async function loadAndCount(file: string): Promise<{ load: ImportLoad }> {
  const l = await loadFileIntoStaging(c, file, PRESETS.events!);
  const n = (await c.runAndReadAll(`SELECT count(*) AS n, count(DISTINCT line) AS lines FROM staging`)).getRowObjectsJson()[0]!;
  assert.equal(Number(n.n), l.staged);
  assert.equal(Number(n.lines), l.staged);
  return { load: l };
}

async function writeLines(file: string, header: string | null, n: number, line: (i: number) => string): Promise<void> {
  const fh = await open(file, 'w');
  try {
    let buf = header === null ? '' : header + '\n';
    for (let i = 0; i < n; i++) {
      buf += line(i) + '\n';
      if (buf.length > 1 << 20) {
        await fh.write(buf);
        buf = '';
      }
    }
    await fh.write(buf);
  } finally {
    await fh.close();
  }
}
