/**
 * The channel group stored at commit (signals read in SQL) equals the pure classification of the
 * same event (signals read in JavaScript), on random mixes of campaign, URL and referrer shapes —
 * malformed ones included — at ingest and after a re-map; and the first touch lands on the customer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { acquisitionSignals, channelGroupOfSignals } from '../../domain/acquisition.js';
import type { CanonicalEvent } from '../../domain/event.js';
import { EMPTY_CATALOGUE } from '../../domain/touchpoint.js';
import { DuckDatabase } from './database.js';
import { DuckEventStore } from './duckdb-event-store.js';
import { DuckStateStore } from './duckdb-state-store.js';

const URLS = [
  'https://shop.example.com/', 'https://www.shop.example.com/p?utm_source=google&utm_medium=cpc', 'https://shop.example.com/?gclid=x',
  'https://shop.example.com/?UTM_SOURCE=News%20letter&utm_medium=e-mail', 'not a url', 'ht!tp://', 'https://user@shop.example.com:8080/x#utm_source=fb',
  'https://shop.example.com/?utm_campaign=cross-network-q1', 'https://café.example/?utm_medium=sms',
];
const REFS = ['https://www.google.com/', 'https://shop.example.com/a', 'https://t.co/x', 'google.com', '$direct', '', 'https://blog.example.org', '%%%'];
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const contextArb = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      campaign: fc.oneof(
        fc.record({ source: maybe(fc.constantFrom('google', 'facebook', 'newsletter', '')), medium: maybe(fc.constantFrom('cpc', 'email', 'organic', 'zzz')), name: maybe(fc.constantFrom('spring', 'shopping')) }, { requiredKeys: [] }),
        fc.constant('not an object'),
        fc.constant(7),
      ),
      page: fc.record({ url: maybe(fc.constantFrom(...URLS)), referrer: maybe(fc.constantFrom(...REFS)) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
);
const propsArb = fc.record(
  {
    utm_source: fc.constantFrom('tiktok', 'Bing', '', 5),
    utm_medium: fc.constantFrom('paid', 'referral', 'push'),
    $current_url: fc.constantFrom(...URLS),
    $referring_domain: fc.constantFrom('www.bing.com', '$direct'),
    page_location: fc.constantFrom(...URLS),
    page_referrer: fc.constantFrom(...REFS),
  },
  { requiredKeys: [] },
);

test('SQL channel groups equal the pure classification, at ingest and on re-map', async () => {
  const db = await DuckDatabase.open(':memory:');
  const events = new DuckEventStore(db);
  const state = new DuckStateStore(db);
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ type: fc.constantFrom('track', 'page', 'screen'), context: contextArb, properties: propsArb }), { minLength: 1, maxLength: 20 }), async (evs) => {
        const ws = (await state.createWorkspace(`a${run++}`)).id;
        const canonical: CanonicalEvent[] = evs.map((e, i) => ({
          messageId: `m${i}`,
          type: e.type as CanonicalEvent['type'],
          name: 'X',
          anonymousId: `a${i % 3}`,
          userId: null,
          email: null,
          previousId: null,
          groupId: null,
          channel: null,
          source: 'test',
          timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)),
          receivedAt: new Date(),
          properties: e.properties,
          traits: null,
          context: e.context as Record<string, unknown> | null,
        }));
        await events.append(ws, canonical, EMPTY_CATALOGUE);
        const check = async () => {
          const rows = await db.all(`SELECT message_id, channel_group FROM events WHERE workspace_id = $1`, [ws]);
          const got = new Map(rows.map((r) => [String(r.message_id), r.channel_group ?? null]));
          for (const e of canonical) assert.equal(got.get(e.messageId), channelGroupOfSignals(acquisitionSignals(e)), JSON.stringify({ p: e.properties, c: e.context, t: e.type }));
          for (let a = 0; a < 3; a++) {
            const mine = canonical.filter((e) => e.anonymousId === `a${a}`).map((e) => channelGroupOfSignals(acquisitionSignals(e))).filter((g) => g !== null);
            const profile = await events.findCustomer(ws, `a${a}`);
            if (profile) assert.equal(profile.firstChannelGroup, mine[0] ?? null, `first touch of a${a}`);
          }
        };
        await check();
        await db.transaction((c) => c.run(`UPDATE events SET channel_group = NULL WHERE workspace_id = $1`, [ws]));
        await events.reapplyCatalogue(ws, EMPTY_CATALOGUE);
        await check();
      }),
      { numRuns: 60 },
    );
  } finally {
    await events.close();
  }
});

test('a context that is not JSON (a CSV column) yields no channel group instead of failing the commit', async () => {
  const db = await DuckDatabase.open(':memory:');
  try {
    const events = new DuckEventStore(db);
    const ws = (await new DuckStateStore(db).createWorkspace('bad')).id;
    await db.transaction(async (c) => {
      const { createStaging } = await import('./staging.js');
      const { commitStaged } = await import('./commit-staged.js');
      await createStaging(c);
      await c.run(`INSERT INTO staging (message_id, type, name, anonymous_id, source, timestamp, received_at, properties, context)
                   VALUES ('m1', 'track', 'X', 'a1', 'csv', now()::TIMESTAMP, now()::TIMESTAMP, '{}', 'utm_source=google (not json)')`);
      await commitStaged(c, ws, EMPTY_CATALOGUE);
    });
    const [r] = await db.all(`SELECT channel_group FROM events WHERE workspace_id = $1`, [ws]);
    assert.equal(r?.channel_group, null);
    void events;
  } finally {
    db.close();
  }
});
