/**
 * The conformance suite every EventStore/StateStore pair must pass (DuckDB now; ClickHouse and
 * PostgreSQL later): idempotency, identity resolution with late merges, touchpoint resolution
 * and re-application, traits with history, timelines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalEvent } from '../domain/event.js';
import type { Catalogue } from '../domain/touchpoint.js';
import type { EventStore } from './event-store.js';
import type { StateStore } from './state-store.js';

export interface StoreFixture {
  events: EventStore;
  state: StateStore;
  /** Close and open again on the same storage: what was committed must still be there. */
  reopen?: () => Promise<{ events: EventStore; state: StateStore }>;
  close(): Promise<void>;
}

let seq = 0;
export function ev(over: Partial<CanonicalEvent> & { name: string; at: string }): CanonicalEvent {
  const { at, ...rest } = over;
  return {
    messageId: `m-${++seq}-${Math.random().toString(36).slice(2)}`,
    type: 'track',
    anonymousId: null,
    userId: null,
    email: null,
    previousId: null,
    groupId: null,
    channel: null,
    source: 'test',
    timestamp: new Date(at),
    receivedAt: new Date('2026-11-01T00:00:00Z'),
    properties: {},
    traits: null,
    context: null,
    ...rest,
  };
}

export const SUITE_CATALOGUE: Catalogue = {
  touchpoints: [
    { name: 'Ad click', channel: 'ads', stage: 'awareness', description: '' },
    { name: 'Product page', channel: 'web', stage: 'consideration', description: '' },
    { name: 'Checkout', channel: 'web', stage: 'purchase', description: '' },
    { name: 'Enterprise checkout', channel: 'phone', stage: 'purchase', description: '' },
    { name: 'Support ticket', channel: 'support', stage: 'retention', description: '' },
  ],
  rules: [
    { id: 'ad', priority: 10, match: { name: 'Ad Clicked' }, touchpoint: 'Ad click' },
    { id: 'pdp', priority: 10, match: { name: 'Product*', type: 'track' }, touchpoint: 'Product page' },
    { id: 'ent', priority: 5, match: { name: 'Checkout Started', properties: { 'plan.tier': 'enterprise' } }, touchpoint: 'Enterprise checkout' },
    { id: 'co', priority: 20, match: { name: '/checkout (started|completed)/' }, touchpoint: 'Checkout' },
    { id: 'tk', priority: 30, match: { source: 'zendesk' }, touchpoint: 'Support ticket' },
  ],
};

export function runStoreSuite(name: string, newFixture: () => Promise<StoreFixture>): void {
  const withFixture = (title: string, fn: (f: StoreFixture, ws: string) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const f = await newFixture();
      try {
        const w = await f.state.createWorkspace('Suite');
        await f.state.setCatalogue(w.id, SUITE_CATALOGUE);
        await fn(f, w.id);
      } finally {
        await f.close();
      }
    });

  withFixture('the same batch twice is stored once', async (f, ws) => {
    const batch = [ev({ name: 'Ad Clicked', anonymousId: 'a1', at: '2026-01-01T10:00:00Z' }), ev({ name: 'Product Viewed', anonymousId: 'a1', at: '2026-01-01T10:01:00Z' })];
    const first = await f.events.append(ws, batch, SUITE_CATALOGUE);
    assert.equal(first.inserted, 2);
    const second = await f.events.append(ws, batch, SUITE_CATALOGUE);
    assert.equal(second.inserted, 0);
    assert.equal(second.duplicates, 2);
    const dupInBatch = await f.events.append(ws, [batch[0]!, batch[0]!], SUITE_CATALOGUE);
    assert.equal(dupInBatch.inserted, 0);
    assert.equal((await f.events.stats(ws)).events, 2);
    // a messageId repeated inside one batch: the first occurrence is the one stored
    const a = ev({ name: 'Ad Clicked', anonymousId: 'a2', at: '2026-01-01T11:00:00Z' });
    const r = await f.events.append(ws, [a, { ...a, name: 'Product Viewed' }], SUITE_CATALOGUE);
    assert.equal(r.inserted, 1);
    const p = await f.events.findCustomer(ws, 'a2');
    assert.deepEqual((await f.events.timeline(ws, p!.customerId, { limit: 5 })).map((e) => e.name), ['Ad Clicked']);
  });

  withFixture('a late identify re-attributes earlier anonymous events from two devices', async (f, ws) => {
    await f.events.append(ws, [ev({ name: 'Ad Clicked', anonymousId: 'phone', at: '2026-01-01T10:00:00Z' })], SUITE_CATALOGUE);
    await f.events.append(ws, [ev({ name: 'Product Viewed', anonymousId: 'laptop', at: '2026-01-02T10:00:00Z' })], SUITE_CATALOGUE);
    assert.equal((await f.events.stats(ws)).customers, 2);
    await f.events.append(ws, [ev({ name: 'Identify', type: 'identify', anonymousId: 'phone', userId: 'u1', email: 'ann@example.com', traits: { plan: 'free' }, at: '2026-01-03T10:00:00Z' })], SUITE_CATALOGUE);
    const r = await f.events.append(ws, [ev({ name: 'Identify', type: 'identify', anonymousId: 'laptop', userId: 'u1', traits: { plan: 'pro' }, at: '2026-01-04T10:00:00Z' })], SUITE_CATALOGUE);
    assert.equal(r.merges, 1);
    // a help-desk ticket known only by e-mail joins the same customer
    await f.events.append(ws, [ev({ name: 'Ticket Opened', source: 'zendesk', email: 'ann@example.com', at: '2026-01-05T10:00:00Z' })], SUITE_CATALOGUE);
    const stats = await f.events.stats(ws);
    assert.equal(stats.customers, 1);
    const p = await f.events.findCustomer(ws, 'ann@example.com');
    assert.ok(p);
    assert.equal(p.userId, 'u1');
    assert.equal(p.eventCount, 5);
    assert.deepEqual(p.traits, { plan: 'pro' });
    assert.deepEqual(p.identifiers.map((i) => i.identifier).sort(), ['anon:laptop', 'anon:phone', 'email:ann@example.com', 'user:u1']);
    assert.deepEqual(p.traitHistory.filter((h) => h.trait === 'plan').map((h) => h.value), ['pro', 'free']);
    assert.equal(p.stage, 'retention');
    const tl = await f.events.timeline(ws, p.customerId, { limit: 100 });
    assert.deepEqual(tl.map((e) => e.name), ['Ad Clicked', 'Product Viewed', 'Identify', 'Identify', 'Ticket Opened']);
    assert.deepEqual(p.sources, ['test', 'zendesk']);
  });

  withFixture('two userIds sharing a device stay two customers', async (f, ws) => {
    await f.events.append(ws, [ev({ name: 'Identify', type: 'identify', anonymousId: 'kiosk', userId: 'alice', at: '2026-01-01T10:00:00Z' })], SUITE_CATALOGUE);
    await f.events.append(ws, [ev({ name: 'Identify', type: 'identify', anonymousId: 'kiosk', userId: 'bob', at: '2026-01-01T11:00:00Z' })], SUITE_CATALOGUE);
    await f.events.append(ws, [ev({ name: 'Product Viewed', userId: 'bob', anonymousId: 'kiosk', at: '2026-01-01T11:05:00Z' })], SUITE_CATALOGUE);
    const alice = await f.events.findCustomer(ws, 'alice');
    const bob = await f.events.findCustomer(ws, 'bob');
    assert.ok(alice && bob);
    assert.notEqual(alice.customerId, bob.customerId);
    assert.equal(bob.eventCount, 2);
  });

  withFixture('an alias merges an old userId into the new one', async (f, ws) => {
    await f.events.append(ws, [ev({ name: 'Product Viewed', userId: 'old-42', at: '2026-01-01T10:00:00Z' })], SUITE_CATALOGUE);
    await f.events.append(ws, [ev({ name: 'Checkout Started', userId: 'new-42', at: '2026-01-02T10:00:00Z' })], SUITE_CATALOGUE);
    await f.events.append(ws, [ev({ name: 'Alias', type: 'alias', userId: 'new-42', previousId: 'old-42', at: '2026-01-03T10:00:00Z' })], SUITE_CATALOGUE);
    const p = await f.events.findCustomer(ws, 'new-42');
    assert.ok(p);
    assert.equal(p.eventCount, 3);
    assert.equal((await f.events.stats(ws)).customers, 1);
  });

  withFixture('touchpoints, channels and stages resolve by rules, property rules first when ranked first', async (f, ws) => {
    await f.events.append(
      ws,
      [
        ev({ name: 'Ad Clicked', anonymousId: 'x', at: '2026-01-01T10:00:00Z' }),
        ev({ name: 'Checkout Started', anonymousId: 'x', properties: { plan: { tier: 'Enterprise' } }, at: '2026-01-01T10:02:00Z' }),
        ev({ name: 'checkout completed', anonymousId: 'y', channel: 'browser', at: '2026-01-01T10:03:00Z' }),
        ev({ name: 'Mystery', anonymousId: 'y', channel: 'mobile', at: '2026-01-01T10:04:00Z' }),
      ],
      SUITE_CATALOGUE,
    );
    const x = await f.events.findCustomer(ws, 'x');
    const tl = await f.events.timeline(ws, x!.customerId, { limit: 10 });
    assert.deepEqual(tl.map((e) => [e.touchpoint, e.channel, e.stage]), [
      ['Ad click', 'ads', 'awareness'],
      ['Enterprise checkout', 'phone', 'purchase'],
    ]);
    const y = await f.events.findCustomer(ws, 'y');
    const tly = await f.events.timeline(ws, y!.customerId, { limit: 10 });
    assert.deepEqual(tly.map((e) => [e.touchpoint, e.channel, e.stage]), [
      ['Checkout', 'web', 'purchase'],
      [null, 'app', null],
    ]);
    assert.equal(y!.stage, 'purchase');
    assert.equal((await f.events.stats(ws)).unmappedEvents, 1);
  });

  withFixture('changing the rules re-maps past events and customer stages', async (f, ws) => {
    await f.events.append(ws, [ev({ name: 'Mystery', anonymousId: 'z', at: '2026-01-01T10:00:00Z' })], SUITE_CATALOGUE);
    const next: Catalogue = {
      touchpoints: [...SUITE_CATALOGUE.touchpoints, { name: 'Mystery shop', channel: 'store', stage: 'advocacy', description: '' }],
      rules: [...SUITE_CATALOGUE.rules, { id: 'm', priority: 1, match: { name: 'myst*' }, touchpoint: 'Mystery shop' }],
    };
    await f.state.setCatalogue(ws, next);
    const r = await f.events.reapplyCatalogue(ws, next);
    assert.equal(r.events, 1);
    const z = await f.events.findCustomer(ws, 'z');
    assert.equal(z!.stage, 'advocacy');
    const tl = await f.events.timeline(ws, z!.customerId, { limit: 10 });
    assert.deepEqual([tl[0]!.touchpoint, tl[0]!.channel], ['Mystery shop', 'store']);
  });

  withFixture('erasing a customer removes its events, identifiers and traits, and nobody else\'s; a resend of the erased events is not stored again', async (f, ws) => {
    const gone = [ev({ name: 'Identify', type: 'identify', userId: 'gone', anonymousId: 'g1', email: 'gone@example.com', traits: { plan: 'pro' }, at: '2026-01-01T10:00:00Z' })];
    const viewed = ev({ name: 'Product Viewed', anonymousId: 'g1', at: '2026-01-01T10:01:00Z' });
    await f.events.append(ws, gone, SUITE_CATALOGUE);
    await f.events.append(ws, [viewed, ev({ name: 'Product Viewed', userId: 'stays', at: '2026-01-01T10:02:00Z' })], SUITE_CATALOGUE);
    const p = await f.events.findCustomer(ws, 'gone@example.com');
    assert.ok(p);
    assert.deepEqual(await f.events.eraseCustomer(ws, p.customerId), { events: 2 });
    for (const id of ['gone', 'g1', 'gone@example.com', p.customerId]) assert.equal(await f.events.findCustomer(ws, id), null, id);
    assert.equal((await f.events.stats(ws)).events, 1);
    assert.ok(await f.events.findCustomer(ws, 'stays'));
    // A client retries its old batch after the erasure: nothing of it comes back.
    const resend = await f.events.append(ws, [...gone, viewed], SUITE_CATALOGUE);
    assert.deepEqual([resend.inserted, resend.duplicates], [0, 2]);
    assert.equal(await f.events.findCustomer(ws, 'gone'), null);
    // New activity of the same person is new data (erasure is not suppression).
    await f.events.append(ws, [ev({ name: 'Product Viewed', userId: 'gone', at: '2026-02-01T10:00:00Z' })], SUITE_CATALOGUE);
    assert.ok(await f.events.findCustomer(ws, 'gone'));
    assert.equal((await f.events.stats(ws)).events, 2);
  });

  test(`${name}: what was committed survives a reopen`, async () => {
    const f = await newFixture();
    if (!f.reopen) {
      await f.close();
      return;
    }
    const w = await f.state.createWorkspace('Durable');
    await f.events.append(w.id, [ev({ name: 'Ad Clicked', anonymousId: 'd', at: '2026-01-01T10:00:00Z' })], SUITE_CATALOGUE);
    const g = await f.reopen();
    try {
      assert.equal((await g.events.stats(w.id)).events, 1);
      assert.equal((await g.state.getWorkspace(w.id))?.name, 'Durable');
    } finally {
      await g.events.close();
    }
  });
}
