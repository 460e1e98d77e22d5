/**
 * CommitMemo serves a value only while no commit happened since it was computed, shares one
 * computation between concurrent callers, forgets failures and stays within its bound.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommitMemo } from './commit-memo.js';

test('a memoised value lasts until the next commit; concurrent callers share it; failures are not kept', async () => {
  const db = { commits: 0 };
  const memo = new CommitMemo<number>(db, 2);
  let computed = 0;
  const count = () => memo.get('a', async () => ++computed);
  const [x, y] = await Promise.all([count(), count()]);
  assert.deepEqual([x, y, computed], [1, 1, 1], 'concurrent callers share one computation');
  assert.equal(await count(), 1, 'no commit: the same value');
  db.commits++;
  assert.equal(await count(), 2, 'after a commit: computed again');

  await assert.rejects(memo.get('b', async () => Promise.reject(new Error('boom'))));
  assert.equal(await memo.get('b', async () => 7), 7, 'a failure is not kept');

  await memo.get('c', async () => 3);
  assert.equal(await memo.get('a', async () => 99), 99, 'beyond the bound the oldest entry went first');
});
