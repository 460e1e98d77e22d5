/**
 * The SQL that applies touchpoint rules (at ingest and when rules change) must agree with the
 * pure resolver, event for event, on random catalogues and events — including property rules,
 * priorities, globs, regexes, case and unicode — with the built-in catalogue beneath the random
 * workspace rules (on or switched off), and workspace touchpoints that redefine built-in ones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CanonicalEvent } from '../../domain/event.js';
import { type Catalogue, touchpointResolver } from '../../domain/touchpoint.js';
import { DuckDatabase } from './database.js';
import { DuckEventStore } from './duckdb-event-store.js';
import { DuckStateStore } from './duckdb-state-store.js';

const NAMES = [
  'Checkout Started', 'checkout completed', 'Product Viewed', 'Ticket Opened', 'Café visité', 'Home', 'Order Completed',
  'view_item', 'order_completed', 'Survey Responded', 'Email Opened', 'page_view', 'Unknown Thing',
];
const PATTERNS = ['Checkout*', '*completed', 'product viewed', '/ticket (opened|solved)/', 'Café*', '?ome', '*', 'Order*', '/.*é.*/'];
const patternArb = fc.constantFrom(...PATTERNS);

const catalogueArb: fc.Arbitrary<Catalogue> = fc
  .tuple(fc.array(
    fc.record({
      priority: fc.integer({ min: 0, max: 5 }),
      name: fc.option(patternArb, { nil: undefined }),
      source: fc.option(fc.constantFrom('zendesk', 'web', 'z*'), { nil: undefined }),
      channel: fc.option(fc.constantFrom('browser', 'email', 'e*'), { nil: undefined }),
      prop: fc.option(fc.tuple(fc.constantFrom('plan', 'plan.tier', 'score'), fc.constantFrom('pro', 'Enterprise', '1*', '/[0-9]+/', 'true')), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 8 },
  ), fc.constantFrom(true, false, undefined), fc.boolean())
  .map(([specs, builtins, redefine]) => {
    const touchpoints = specs.map((_, i) => ({ name: redefine && i === 0 ? 'Product Viewed' : `TP${i}`, channel: i % 3 === 0 ? null : `ch${i}`, stage: i % 2 ? 'purchase' : null, description: '' }));
    const rules = specs
      .map((s, i) => {
        const match: Record<string, unknown> = {};
        if (s.name) match.name = s.name;
        if (s.source) match.source = s.source;
        if (s.channel) match.channel = s.channel;
        if (s.prop) match.properties = { [s.prop[0]]: s.prop[1] };
        return { id: `r${i}`, priority: s.priority, match, touchpoint: touchpoints[i]!.name };
      })
      .filter((r) => Object.keys(r.match).length > 0);
    return (builtins === undefined ? { touchpoints, rules } : { touchpoints, rules, builtins }) as Catalogue;
  });

const propsArb = fc.record(
  {
    plan: fc.oneof(fc.constantFrom('pro', 'PRO', 'free'), fc.record({ tier: fc.constantFrom('enterprise', 'team') })),
    score: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(true, 'n/a')),
    survey: fc.constantFrom('nps', 'CSAT', 'ces', 'other'),
  },
  { requiredKeys: [] },
);

const eventArb = fc.record({
  type: fc.constantFrom('track', 'track', 'page', 'screen'),
  name: fc.constantFrom(...NAMES),
  source: fc.constantFrom('zendesk', 'web', 'zapier'),
  channel: fc.constantFrom('browser', 'email', 'mobile', null),
  properties: propsArb,
});

test('SQL rule application equals the pure resolver, at ingest and after a rule change', async () => {
  const db = await DuckDatabase.open(':memory:');
  const events = new DuckEventStore(db);
  const state = new DuckStateStore(db);
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(catalogueArb, catalogueArb, fc.array(eventArb, { minLength: 1, maxLength: 25 }), async (cat, cat2, evs) => {
        const ws = (await state.createWorkspace(`p${run++}`)).id;
        const canonical: CanonicalEvent[] = evs.map((e, i) => ({
          messageId: `m${i}`,
          type: e.type,
          name: e.name,
          anonymousId: `a${i}`,
          userId: null,
          email: null,
          previousId: null,
          groupId: null,
          channel: e.channel,
          source: e.source,
          timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)),
          receivedAt: new Date(),
          properties: e.properties,
          traits: null,
          context: null,
        }));
        const check = async (c: Catalogue) => {
          const resolve = touchpointResolver(c);
          const rows = await db.all(`SELECT message_id, touchpoint, channel, stage FROM events WHERE workspace_id = $1`, [ws]);
          const got = new Map(rows.map((r) => [String(r.message_id), [r.touchpoint ?? null, r.channel ?? null, r.stage ?? null]]));
          for (const e of canonical) {
            const want = resolve(e);
            assert.deepEqual(got.get(e.messageId), [want.touchpoint, want.channel, want.stage], `${e.name} ${e.source} ${e.channel} ${JSON.stringify(e.properties)}`);
          }
        };
        await events.append(ws, canonical, cat);
        await check(cat);
        await events.reapplyCatalogue(ws, cat2);
        await check(cat2);
      }),
      { numRuns: 60 },
    );
  } finally {
    await events.close();
  }
});
