/**
 * The analysis result cache: a plan asked again with no commit since is answered without SQL,
 * each caller gets its own copy, and the next commit (new events) makes the next answer fresh.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CanonicalEvent } from '../../domain/event.js';
import { openTestApp, type TestApp } from '../../testing/test-app.js';
import type { VariantsResult } from '../variants.js';

let t: TestApp;
let ws: string;
before(async () => {
  t = await openTestApp('result-cache');
  ws = (await t.rt.state.createWorkspace('Cache')).id;
});
after(() => t.close());

function ev(i: number, user: string, name: string): CanonicalEvent {
  const timestamp = new Date(Date.UTC(2026, 4, 1, 9, i));
  return { messageId: `m${i}`, type: 'track', name, anonymousId: null, userId: user, email: null, previousId: null, groupId: null, channel: 'web', source: 'test', timestamp, receivedAt: timestamp, properties: {}, traits: null, context: null };
}

/** How many SQL reads the database answers while fn runs. */
async function readsDuring(fn: () => Promise<unknown>): Promise<number> {
  const db = t.rt.db;
  const all = db.all.bind(db);
  let n = 0;
  db.all = (...args: Parameters<typeof all>) => {
    n++;
    return all(...args);
  };
  try {
    await fn();
  } finally {
    db.all = all;
  }
  return n;
}

test('the same plan twice runs its SQL once; a commit makes it run again with the new events', async () => {
  const catalogue = await t.rt.state.getCatalogue(ws);
  await t.rt.events.append(ws, [ev(1, 'u1', 'Signed Up'), ev(2, 'u1', 'Order Completed'), ev(3, 'u2', 'Signed Up')], catalogue);
  const plan = { by: 'event' };
  const first = await t.rt.analytics.run<VariantsResult>(ws, 'variants', plan);
  let again: VariantsResult | undefined;
  assert.equal(await readsDuring(async () => (again = (await t.rt.analytics.run<VariantsResult>(ws, 'variants', plan)).result)), 0, 'answered from the cache');
  assert.deepEqual(again, first.result);

  // A caller changing its copy changes nobody else's.
  again!.variants.length = 0;
  assert.deepEqual((await t.rt.analytics.run<VariantsResult>(ws, 'variants', plan)).result, first.result);

  // Another plan is another entry.
  assert.ok((await readsDuring(() => t.rt.analytics.run(ws, 'variants', { by: 'event', limit: 1 }))) > 0);

  await t.rt.events.append(ws, [ev(4, 'u3', 'Signed Up')], catalogue);
  let fresh: VariantsResult | undefined;
  assert.ok((await readsDuring(async () => (fresh = (await t.rt.analytics.run<VariantsResult>(ws, 'variants', plan)).result))) > 0, 'computed again after the commit');
  assert.notDeepEqual(fresh, first.result);
  const signedUpOnly = fresh!.variants.find((v) => v.activities.length === 1);
  assert.equal(signedUpOnly?.count, 2);
});
