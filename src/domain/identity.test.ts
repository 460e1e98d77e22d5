/**
 * Identity resolution, property-based: on random link sets, incremental resolution (batch by
 * batch, as ingest does) ends in the same partition as resolving everything at once, no
 * customer holds two userIds without an alias, and every link that was not refused is honoured.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type IdentityLink, type KnownIdentity, resolveIdentities } from './identity.js';

const idArb = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((i) => `user:u${i}`),
  fc.integer({ min: 0, max: 8 }).map((i) => `anon:a${i}`),
  fc.integer({ min: 0, max: 4 }).map((i) => `email:e${i}@x.io`),
);
const linkArb: fc.Arbitrary<IdentityLink> = fc.record({ identifiers: fc.uniqueArray(idArb, { minLength: 1, maxLength: 3 }), alias: fc.constant(false) });

function counter() {
  let n = 0;
  return () => `cus_${String(n++).padStart(6, '0')}`;
}

/** Apply batches one after another, carrying the stored graph like the database does. */
function incremental(batches: IdentityLink[][]): Map<string, string> {
  let stored = new Map<string, string>();
  const next = counter();
  for (const batch of batches) {
    const ids = new Set(batch.flatMap((l) => l.identifiers));
    const touched = new Set([...ids].filter((i) => stored.has(i)).map((i) => stored.get(i)!));
    const known: KnownIdentity[] = [...stored].filter(([i, c]) => ids.has(i) || touched.has(c)).map(([identifier, customerId]) => ({ identifier, customerId }));
    const knownUsers = new Map<string, string[]>();
    for (const [i, c] of stored) if (i.startsWith('user:') && touched.has(c)) knownUsers.set(c, [...(knownUsers.get(c) ?? []), i]);
    const r = resolveIdentities(batch, known, knownUsers, next);
    const merged = new Map(r.merges.map((m) => [m.from, m.into]));
    stored = new Map([...stored].map(([i, c]) => [i, merged.get(c) ?? c]));
    for (const [i, c] of r.customerOf) stored.set(i, c);
  }
  return stored;
}

function usersPerCustomer(m: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [i, c] of m) if (i.startsWith('user:')) out.set(c, new Set([...(out.get(c) ?? []), i]));
  return out;
}

test('no customer ever holds two userIds (without alias), however links arrive', () => {
  fc.assert(
    fc.property(fc.array(fc.array(linkArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (batches) => {
      const m = incremental(batches);
      for (const users of usersPerCustomer(m).values()) assert.equal(users.size, 1);
    }),
    { numRuns: 300 },
  );
});

test('without userId conflicts, batch-by-batch equals all-at-once (the connected components)', () => {
  const anonOrEmail = fc.oneof(fc.integer({ min: 0, max: 8 }).map((i) => `anon:a${i}`), fc.integer({ min: 0, max: 4 }).map((i) => `email:e${i}@x.io`));
  const link = fc.record({ identifiers: fc.uniqueArray(anonOrEmail, { minLength: 1, maxLength: 3 }), alias: fc.constant(false) });
  fc.assert(
    fc.property(fc.array(fc.array(link, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (batches) => {
      const inc = incremental(batches);
      const once = incremental([batches.flat()]);
      const partition = (m: Map<string, string>) => {
        const groups = new Map<string, string[]>();
        for (const [i, c] of m) groups.set(c, [...(groups.get(c) ?? []), i].sort());
        return [...groups.values()].map((g) => g.join(',')).sort();
      };
      assert.deepEqual(partition(inc), partition(once));
      for (const l of batches.flat()) assert.equal(new Set(l.identifiers.map((i) => inc.get(i))).size, 1);
    }),
    { numRuns: 300 },
  );
});

test('merges keep the oldest customer and report the others', () => {
  const r = resolveIdentities(
    [{ identifiers: ['anon:a', 'anon:b'], alias: false }],
    [
      { identifier: 'anon:a', customerId: 'cus_2' },
      { identifier: 'anon:b', customerId: 'cus_1' },
    ],
    new Map(),
    counter(),
  );
  assert.deepEqual(r.merges, [{ from: 'cus_2', into: 'cus_1' }]);
  assert.equal(r.customerOf.get('anon:a'), 'cus_1');
  assert.deepEqual(r.newCustomers, []);
});

test('a shared e-mail does not merge two users; an alias does', () => {
  const refused = resolveIdentities(
    [
      { identifiers: ['user:alice', 'email:team@x.io'], alias: false },
      { identifiers: ['user:bob', 'email:team@x.io'], alias: false },
    ],
    [],
    new Map(),
    counter(),
  );
  assert.notEqual(refused.customerOf.get('user:alice'), refused.customerOf.get('user:bob'));
  assert.equal(refused.refusals.length, 1);
  const aliased = resolveIdentities([{ identifiers: ['user:new', 'user:old'], alias: true }], [], new Map(), counter());
  assert.equal(aliased.customerOf.get('user:new'), aliased.customerOf.get('user:old'));
});
