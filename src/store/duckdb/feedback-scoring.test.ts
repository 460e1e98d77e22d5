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
    assert.deepEqual(await scoreFeedback(db, WS), { scored: 0, invalidScores: 0, removed: 1 });
  } finally {
    db.close();
  }
});
