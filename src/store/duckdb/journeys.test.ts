/**
 * The journeys projection stays equal to a rebuild from events through everything that changes
 * events: batches (with duplicates, ties in time and identity merges that arrive late), a rule
 * change that re-maps every event, and erasing a customer. Property-based over random batches.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CanonicalEvent } from '../../domain/event.js';
import { ev, SUITE_CATALOGUE } from '../store-suite.js';
import { DuckDatabase } from './database.js';
import { DuckEventStore } from './duckdb-event-store.js';
import { insertJourneysFromEventsSql } from './journeys.js';
import { MIGRATIONS } from './migrations.js';

const WS = 'ws_j';

/** Journeys as stored, and as rebuilt from events now, each as sorted JSON rows. */
async function storedAndRebuilt(db: DuckDatabase): Promise<[unknown[], unknown[]]> {
  const read = (table: string) => db.all(`SELECT * EXCLUDE (workspace_id) FROM ${table} WHERE workspace_id = $1 ORDER BY customer_id`, [WS]);
  const stored = await read('journeys');
  const rebuilt = await db.transaction(async (c) => {
    await c.run(`CREATE OR REPLACE TEMP TABLE journeys_check AS SELECT * FROM journeys LIMIT 0`);
    await c.run(insertJourneysFromEventsSql('workspace_id = $1').replace('INSERT INTO journeys', 'INSERT INTO journeys_check'), [WS]);
    return c.runAndReadAll(`SELECT * EXCLUDE (workspace_id) FROM journeys_check WHERE workspace_id = $1 ORDER BY customer_id`, [WS]).then((r) => r.getRowObjectsJson());
  });
  return [JSON.parse(JSON.stringify(stored)), JSON.parse(JSON.stringify(rebuilt))];
}

// The first three map to touchpoints of the suite catalogue (so journeys carry touchpoint codes), the others to none.
const NAMES = ['Ad Clicked', 'Product Viewed', 'Checkout Started', 'Support ticket', 'Unmapped thing'];

/** A random event of one of a few people, each known by an anonymous id, a user id or both (which merges them). */
const eventArb = fc
  .record({
    person: fc.integer({ min: 0, max: 4 }),
    ident: fc.constantFrom('anon', 'user', 'both'),
    name: fc.constantFrom(...NAMES),
    type: fc.constantFrom('track', 'track', 'page', 'identify'),
    minute: fc.integer({ min: 0, max: 20 }),
  })
  .map((r): CanonicalEvent =>
    ev({
      name: r.name,
      type: r.type as CanonicalEvent['type'],
      at: new Date(Date.UTC(2026, 9, 1, 9, r.minute)).toISOString(),
      anonymousId: r.ident === 'user' ? null : `anon-${r.person}`,
      userId: r.ident === 'anon' ? null : `user-${r.person}`,
    }),
  );

test('journeys equal a rebuild from events after random batches, duplicates, merges, a rule change and an erasure', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(eventArb, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }), fc.boolean(), async (batches, resend) => {
      const db = await DuckDatabase.open(':memory:');
      const store = new DuckEventStore(db);
      try {
        for (const batch of batches) {
          await store.append(WS, batch, SUITE_CATALOGUE);
          if (resend) await store.append(WS, batch.slice(0, 3), SUITE_CATALOGUE);
          const [stored, rebuilt] = await storedAndRebuilt(db);
          assert.deepEqual(stored, rebuilt, 'after a batch');
        }
        await store.reapplyCatalogue(WS, { ...SUITE_CATALOGUE, touchpoints: SUITE_CATALOGUE.touchpoints.slice(1) });
        assert.deepEqual(...(await storedAndRebuilt(db)), 'after a rule change');
        const [first] = await db.all(`SELECT customer_id FROM customers WHERE workspace_id = $1 ORDER BY customer_id LIMIT 1`, [WS]);
        if (first) await store.eraseCustomer(WS, String(first.customer_id));
        assert.deepEqual(...(await storedAndRebuilt(db)), 'after an erasure');
      } finally {
        await store.close();
      }
    }),
    { numRuns: 15 },
  );
});

test('a journey lists behavioural events only, ordered by time then messageId', async () => {
  const db = await DuckDatabase.open(':memory:');
  const store = new DuckEventStore(db);
  try {
    const at = '2026-10-01T09:00:00.000Z';
    await store.append(
      WS,
      [
        ev({ messageId: 'b', name: 'Viewed product', at, userId: 'u1' }),
        ev({ messageId: 'a', name: 'Ad click', at, userId: 'u1' }),
        ev({ messageId: 'c', name: 'Identify', type: 'identify', at: '2026-10-01T08:00:00.000Z', userId: 'u1', traits: { plan: 'pro' } }),
        ev({ messageId: 'd', name: 'Order completed', at: '2026-10-01T08:30:00.000Z', userId: 'u1' }),
      ],
      SUITE_CATALOGUE,
    );
    const [row] = await db.all(`SELECT ord, name FROM journeys WHERE workspace_id = $1`, [WS]);
    assert.deepEqual(JSON.parse(JSON.stringify(row)), { ord: ['d', 'a', 'b'], name: ['Order completed', 'Ad click', 'Viewed product'] });
  } finally {
    await store.close();
  }
});

test('migration 11 codes the touchpoints of journeys stored before it as ingest codes them', async () => {
  const db = await DuckDatabase.open(':memory:');
  const store = new DuckEventStore(db);
  try {
    const at = (m: number) => new Date(Date.UTC(2026, 9, 1, 9, m)).toISOString();
    await store.append(
      WS,
      NAMES.flatMap((name, i) => [ev({ name, at: at(i), userId: 'u1' }), ev({ name, at: at(i), userId: `u${i}` })]),
      SUITE_CATALOGUE,
    );
    const coded = await storedAndRebuilt(db);
    // The database as it was before migration 11, then the migration itself.
    const m11 = MIGRATIONS.find((m) => m.version === 11)!;
    await db.transaction(async (c) => {
      await c.run(`DROP TABLE journey_codes`);
      await c.run(`ALTER TABLE journeys DROP COLUMN touchpoint_code`);
      await c.run(m11.sql);
    });
    const [stored, rebuilt] = await storedAndRebuilt(db);
    assert.deepEqual(stored, rebuilt);
    assert.deepEqual(stored, coded[0], 'the same codes as ingest gave');
    const codes = await db.all(`SELECT value, code FROM journey_codes WHERE workspace_id = $1 ORDER BY code`, [WS]);
    assert.ok(codes.length >= 2, 'the suite catalogue maps several of the names');
    assert.deepEqual(
      codes.map((r) => Number(r.code)),
      codes.map((_, i) => i + 1),
    );
  } finally {
    await store.close();
  }
});
