/**
 * Identity resolution, pure: identifiers seen together (an event's userId, anonymousId and e-mail,
 * an alias's previousId and userId) belong to one customer. Customers that turn out to be one are
 * merged into the oldest. Like Segment's identity rules, a profile never holds two userIds: a link
 * that would join two different userIds is refused (a shared device or shared e-mail), except an
 * explicit alias, which exists to merge an old userId into a new one.
 */
import { identifierKind } from './event.js';

export interface IdentityLink {
  /** Identifiers seen together, e.g. ["user:42", "anon:d1", "email:a@b.c"]. */
  identifiers: string[];
  /** Alias links may join two userIds; ordinary co-occurrence may not. */
  alias: boolean;
}

export interface KnownIdentity {
  identifier: string;
  customerId: string;
}

export interface Merge {
  from: string;
  into: string;
}

export interface Refusal {
  identifiers: string[];
  reason: string;
}

export interface IdentityResolution {
  /** Every identifier of the batch → its customer after this batch. */
  customerOf: Map<string, string>;
  /** Identifiers not stored before, with their customer. */
  newIdentities: KnownIdentity[];
  /** Customers created by this batch. */
  newCustomers: string[];
  /** Existing customers folded into another (their events, traits and identifiers move). */
  merges: Merge[];
  refusals: Refusal[];
}

class Components {
  private parent = new Map<string, string>();
  /** root → the user identifiers in its component (at most one unless aliased) */
  users = new Map<string, Set<string>>();
  /** root → the existing customer ids in its component */
  customers = new Map<string, Set<string>>();

  add(node: string): void {
    if (this.parent.has(node)) return;
    this.parent.set(node, node);
    if (identifierKind(node) === 'user') this.users.set(node, new Set([node]));
  }

  find(node: string): string {
    let root = node;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    for (let n = node; n !== root; ) {
      const next = this.parent.get(n)!;
      this.parent.set(n, root);
      n = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    this.parent.set(rb, ra);
    for (const map of [this.users, this.customers]) {
      const fromB = map.get(rb);
      if (!fromB) continue;
      const intoA = map.get(ra);
      if (intoA) for (const x of fromB) intoA.add(x);
      else map.set(ra, fromB);
      map.delete(rb);
    }
  }

  usersOf(node: string): Set<string> {
    return this.users.get(this.find(node)) ?? new Set();
  }
}

function conflicting(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const x of b) if (!a.has(x)) return true;
  return false;
}

/**
 * @param links in arrival order (earlier links win a conflict)
 * @param known identifiers already stored, with their customer
 * @param knownUsers for each existing customer touched, its user identifiers (even those not in the batch)
 * @param newCustomerId makes an id for a new customer; ids must sort by creation so "oldest" is the smallest
 */
export function resolveIdentities(
  links: readonly IdentityLink[],
  known: readonly KnownIdentity[],
  knownUsers: ReadonlyMap<string, readonly string[]>,
  newCustomerId: () => string,
): IdentityResolution {
  const c = new Components();
  const customerNode = (id: string) => `customer:${id}`;
  // Seed: each known identifier hangs under its customer node, which carries that customer's userIds.
  const seeded = new Set<string>();
  for (const k of known) {
    const node = customerNode(k.customerId);
    if (!seeded.has(node)) {
      seeded.add(node);
      c.add(node);
      c.customers.set(node, new Set([k.customerId]));
      const users = knownUsers.get(k.customerId) ?? [];
      if (users.length) c.users.set(node, new Set(users));
    }
    c.add(k.identifier);
    c.union(node, k.identifier);
  }
  const refusals: Refusal[] = [];
  for (const link of links) {
    const ids = link.identifiers;
    if (ids.length === 0) continue;
    for (const id of ids) c.add(id);
    const [first, ...rest] = ids as [string, ...string[]];
    for (const id of rest) {
      if (c.find(first) === c.find(id)) continue;
      if (!link.alias && conflicting(c.usersOf(first), c.usersOf(id))) {
        refusals.push({ identifiers: [first, id], reason: 'would join two different userIds' });
        continue;
      }
      c.union(first, id);
    }
  }
  const knownOf = new Map(known.map((k) => [k.identifier, k.customerId]));
  const customerOfRoot = new Map<string, string>();
  const merges: Merge[] = [];
  const newCustomers: string[] = [];
  const rootCustomer = (root: string): string => {
    let id = customerOfRoot.get(root);
    if (id !== undefined) return id;
    const existing = [...(c.customers.get(root) ?? [])].sort();
    if (existing.length) {
      id = existing[0]!;
      for (const other of existing.slice(1)) merges.push({ from: other, into: id });
    } else {
      id = newCustomerId();
      newCustomers.push(id);
    }
    customerOfRoot.set(root, id);
    return id;
  };
  const customerOf = new Map<string, string>();
  const newIdentities: KnownIdentity[] = [];
  const batchIds = new Set<string>();
  for (const link of links) for (const id of link.identifiers) batchIds.add(id);
  for (const k of known) batchIds.add(k.identifier);
  for (const id of batchIds) {
    const customerId = rootCustomer(c.find(id));
    customerOf.set(id, customerId);
    if (!knownOf.has(id)) newIdentities.push({ identifier: id, customerId });
  }
  return { customerOf, newIdentities, newCustomers, merges, refusals };
}

/** Which identifier decides an event's customer: userId, then anonymousId, then e-mail. */
export function primaryIdentifier(ids: readonly string[]): string | null {
  return ids.find((i) => identifierKind(i) === 'user') ?? ids.find((i) => identifierKind(i) === 'anon') ?? ids[0] ?? null;
}
