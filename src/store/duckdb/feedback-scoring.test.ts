/**
 * The scoring pass is skipped only while nothing was committed: concurrent callers share one pass,
 * a repeat without writes does no work, and a new survey response or an erasure is seen by the
 * next call.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ev, SUITE_CATALOGUE } from '../store-suite.js';
import { DuckDatabase } from './database.js';
import { DuckEventStore } from './duckdb-event-store.js';
import { scoreFeedback } from './feedback-scoring.js';

const WS = 'ws_fb';

const response = (userId: string, score: number, comment: string) =>
  ev({ name: 'Survey Responded', at: '2026-10-01T09:00:00Z', userId, properties: { survey: 'csat', score, comment } });

test('scoring runs once per change: shared by concurrent callers, skipped without writes, redone after a commit or an erasure', async () => {
  const db = await DuckDatabase.open(':memory:');
  const store = new DuckEventStore(db);
  try {
    await store.append(WS, [response('u1', 5, 'Lovely, quick delivery.'), response('u2', 9, 'Fine.')], SUITE_CATALOGUE);
    const [a, b] = await Promise.all([scoreFeedback(db, WS), scoreFeedback(db, WS)]);
    assert.deepEqual(a, { scored: 2, invalidScores: 1, removed: 0 });
    assert.equal(a, b, 'concurrent callers share one pass');
    const commits = db.commits;
    assert.deepEqual(await scoreFeedback(db, WS), { scored: 0, invalidScores: 0, removed: 0 });
    assert.equal(db.commits, commits, 'a repeat without writes does not write');

    await store.append(WS, [response('u3', 1, 'The parcel never came, awful.')], SUITE_CATALOGUE);
    assert.deepEqual(await scoreFeedback(db, WS), { scored: 1, invalidScores: 0, removed: 0 });
    const rows = await db.all(`SELECT count(*) AS n FROM feedback WHERE workspace_id = $1`, [WS]);
    assert.equal(Number(rows[0]!.n), 3);

    const [u3] = await db.all(`SELECT customer_id FROM events WHERE workspace_id = $1 AND user_id = 'u3'`, [WS]);
    await store.eraseCustomer(WS, String(u3!.customer_id));
    const left = await db.all(`SELECT count(*) AS n FROM feedback WHERE workspace_id = $1`, [WS]);
    assert.equal(Number(left[0]!.n), 2, 'an erasure deletes the customer\'s responses (comments included) at once');
    assert.deepEqual(await scoreFeedback(db, WS), { scored: 0, invalidScores: 0, removed: 0 });
  } finally {
    db.close();
  }
});

test("scored feedback keeps its event's customer through a late merge and its touchpoint through a rule change", async () => {
  const db = await DuckDatabase.open(':memory:');
  const store = new DuckEventStore(db);
  const row = async () => (await db.all(`SELECT customer_id, touchpoint, stage, channel, strftime(timestamp, '%Y-%m-%dT%H:%M:%S') AS ts, source FROM feedback WHERE workspace_id = $1`, [WS]))[0]!;
  try {
    // A known customer, then an anonymous visitor who answers a survey about a ticket; it is scored.
    await store.append(WS, [ev({ name: 'Signed In', at: '2026-09-01T09:00:00Z', userId: 'kim' })], SUITE_CATALOGUE);
    await store.append(WS, [ev({ name: 'Survey Responded', at: '2026-10-01T09:00:00Z', anonymousId: 'anon-7', source: 'zendesk', properties: { survey: 'csat', score: 2, comment: 'Slow answer.' } })], SUITE_CATALOGUE);
    await scoreFeedback(db, WS);
    const before = await row();
    assert.deepEqual({ ...before, customer_id: undefined }, { customer_id: undefined, touchpoint: 'Support ticket', stage: 'retention', channel: 'support', ts: '2026-10-01T09:00:00', source: 'zendesk' });

    // Kim turns out to be that visitor: the visitor is merged into Kim (the older); the response follows.
    await store.append(WS, [ev({ name: 'Identify', type: 'identify', at: '2026-10-02T09:00:00Z', userId: 'kim', anonymousId: 'anon-7' })], SUITE_CATALOGUE);
    const [kim] = await db.all(`SELECT DISTINCT customer_id FROM events WHERE workspace_id = $1`, [WS]);
    assert.equal((await db.all(`SELECT DISTINCT customer_id FROM events WHERE workspace_id = $1`, [WS])).length, 1, 'one customer after the merge');
    assert.notEqual(kim!.customer_id, before.customer_id);
    assert.equal((await row()).customer_id, kim!.customer_id);

    // Survey answers from zendesk are re-mapped to another touchpoint: the response is too.
    const catalogue = { ...SUITE_CATALOGUE, rules: SUITE_CATALOGUE.rules.map((r) => (r.id === 'tk' ? { ...r, touchpoint: 'Checkout' } : r)) };
    await store.reapplyCatalogue(WS, catalogue);
    assert.deepEqual([(await row()).touchpoint, (await row()).stage, (await row()).channel], ['Checkout', 'purchase', 'web']);
  } finally {
    db.close();
  }
});

test('a response still waiting to be scored follows a merge, a rule change, and is dropped by an erasure', async () => {
  const db = await DuckDatabase.open(':memory:');
  const store = new DuckEventStore(db);
  const pending = async () => db.all(`SELECT customer_id, touchpoint FROM feedback_pending WHERE workspace_id = $1`, [WS]);
  try {
    await store.append(WS, [ev({ name: 'Signed In', at: '2026-09-01T09:00:00Z', userId: 'lee' })], SUITE_CATALOGUE);
    await store.append(WS, [ev({ name: 'Survey Responded', at: '2026-10-01T09:00:00Z', anonymousId: 'anon-9', source: 'zendesk', properties: { survey: 'nps', score: 3, comment: 'Meh.' } })], SUITE_CATALOGUE);
    assert.equal((await pending()).length, 1, 'the commit queued the response');
    // Before any read scores it, the visitor is merged into Lee and the rules change.
    await store.append(WS, [ev({ name: 'Identify', type: 'identify', at: '2026-10-02T09:00:00Z', userId: 'lee', anonymousId: 'anon-9' })], SUITE_CATALOGUE);
    await store.reapplyCatalogue(WS, { ...SUITE_CATALOGUE, rules: SUITE_CATALOGUE.rules.map((r) => (r.id === 'tk' ? { ...r, touchpoint: 'Checkout' } : r)) });
    const customers = await db.all(`SELECT DISTINCT customer_id FROM events WHERE workspace_id = $1`, [WS]);
    assert.equal(customers.length, 1);
    assert.deepEqual((await pending()).map((r) => [r.customer_id, r.touchpoint]), [[customers[0]!.customer_id, 'Checkout']]);
    assert.equal((await scoreFeedback(db, WS)).scored, 1);
    assert.deepEqual(await pending(), [], 'scored rows leave the queue');
    const [f] = await db.all(`SELECT customer_id, touchpoint FROM feedback WHERE workspace_id = $1`, [WS]);
    assert.deepEqual([f!.customer_id, f!.touchpoint], [customers[0]!.customer_id, 'Checkout']);

    // A new response, erased with its customer before it is scored, is never scored.
    await store.append(WS, [ev({ name: 'Survey Responded', at: '2026-10-03T09:00:00Z', userId: 'max', properties: { survey: 'csat', score: 5, comment: 'Great.' } })], SUITE_CATALOGUE);
    const [max] = await db.all(`SELECT customer_id FROM events WHERE workspace_id = $1 AND user_id = 'max'`, [WS]);
    await store.eraseCustomer(WS, String(max!.customer_id));
    assert.deepEqual(await pending(), []);
    assert.equal((await scoreFeedback(db, WS)).scored, 0);
  } finally {
    db.close();
  }
});
