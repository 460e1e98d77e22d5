/**
 * One customer's whole journey, from the first touch to the day they stop: sessions spaced days
 * or weeks apart, marketing in between, churn, membership billing. Deterministic for
 * (seed, customer index); returns the customer's messages in time order.
 */
import type { Effects } from './effects.js';
import type { Device } from './emitter.js';
import type { DemoMessage } from './message.js';
import type { Entry } from './personas.js';
import { onlineSession, storeSession } from './session.js';
import { DAY, HOUR, MINUTE, Shopper } from './shopper.js';

export interface JourneyWindow {
  /** ms since epoch, inclusive */
  start: number;
  /** ms since epoch, exclusive: nothing at or after it is emitted */
  end: number;
}

const MAX_SESSIONS = 30;

export function simulateJourney(seed: number, index: number, window: JourneyWindow, effects: Effects): DemoMessage[] {
  const { start, end } = window;
  const s = new Shopper(seed, index, effects, start, end);
  const { rng, persona } = s;

  let t = s.atActiveHour(start + rng.float(0, 0.85) * (end - start), start + 6 * HOUR);
  const first = rng.weighted(persona.acquisition as Record<Entry, number>);
  if (first === 'email') s.emailKnown = true; // an existing newsletter subscriber
  t = visit(s, t, first, true);

  while (true) {
    if (s.sessions >= MAX_SESSIONS || rng.bernoulli(s.orders > 0 ? persona.churnAfterOrder : persona.churn)) {
      farewell(s, t);
      break;
    }
    const gap = Math.max(2 * HOUR, rng.lognormal(persona.gapDays, 0.9) * DAY);
    marketing(s, t, gap);
    t = s.atActiveHour(t + gap, t + 30 * MINUTE);
    if (t >= end) break;
    if (s.pendingCart && s.emailKnown && rng.bernoulli(0.35)) {
      t = visit(s, t, 'email', false, true);
      continue;
    }
    t = visit(s, t, returningEntry(s), false);
  }
  clubBilling(s, end);
  return s.emit.finish(seed, index);
}

/** How a later session starts, falling back to a direct visit when the entry isn't open to them. */
function returningEntry(s: Shopper): Entry {
  const entry = s.rng.weighted(s.persona.returning as Record<Entry, number>);
  switch (entry) {
    case 'email':
      return s.emailKnown ? entry : 'direct';
    case 'sms':
      return s.smsOptIn && s.hasAccount ? entry : 'direct';
    case 'push':
      return appDevice(s)?.installed ? entry : 'direct';
    default:
      return entry;
  }
}

function appDevice(s: Shopper): Device | null {
  if (s.primary.kind === 'app') return s.primary;
  return s.second?.kind === 'app' ? s.second : null;
}

/** Which device a session happens on. */
function chooseDevice(s: Shopper, entry: Entry): Device {
  if (entry === 'push' || entry === 'sms') return appDevice(s) ?? s.primary;
  if (s.second && s.sessions > 0 && s.rng.bernoulli(s.second.sessions === 0 ? 0.6 : 0.35)) return s.second;
  return s.primary;
}

function visit(s: Shopper, t: number, entry: Entry, first: boolean, resume = false): number {
  s.sessions++;
  if (entry === 'store') return storeSession(s, t, first);
  const device = chooseDevice(s, entry);
  device.sessions++;
  return onlineSession(s, t, device, entry, resume);
}

/** E-mails opened between sessions that don't bring the customer back (yet). */
function marketing(s: Shopper, t: number, gap: number): void {
  const { rng } = s;
  if (!s.emailKnown || !rng.bernoulli(s.persona.emailEngagement * 0.5)) return;
  const at = t + rng.float(0.2, 0.9) * gap;
  const type = s.orders === 0 ? 'newsletter' : gap > 20 * DAY ? 'winback' : rng.pick(['newsletter', 'loyalty_offer']);
  const name = `${type.replace('_', '-')}-${new Date(at).toISOString().slice(0, 7)}`;
  s.emit.byEmail(at, 'hubspot', 'Email Opened', 'email', { email_type: type, campaign_name: name, email_id: `em-${name}` });
}

/** The customer stops coming back; some say so. */
function farewell(s: Shopper, t: number): void {
  const { rng, emit } = s;
  s.churnedAt = t;
  if (!s.emailKnown) return;
  if (rng.bernoulli(0.2)) {
    emit.byEmail(t + rng.lognormal(10, 0.7) * DAY, 'hubspot', 'Unsubscribed', 'email', { list: 'marketing', reason: rng.pick(['too_many_emails', 'not_relevant', 'other']) });
  } else if (s.orders > 0 && rng.bernoulli(0.3)) {
    const at = t + rng.float(30, 60) * DAY;
    emit.byEmail(at, 'hubspot', 'Email Opened', 'email', { email_type: 'winback', campaign_name: 'winback', email_id: 'em-winback' });
  }
}

/** Monthly Trail Club renewals (with a reminder e-mail) until cancelled or the window ends. */
function clubBilling(s: Shopper, end: number): void {
  if (s.clubSince === null) return;
  const { rng, emit } = s;
  for (let n = 1; ; n++) {
    const due = s.clubSince + n * 30 * DAY;
    if (due >= end) return;
    if (rng.bernoulli(0.6)) emit.byEmail(due - 3 * DAY, 'hubspot', 'Email Opened', 'email', { email_type: 'renewal_reminder', campaign_name: 'trail-club-renewal', email_id: 'em-club-renewal' });
    const lapsed = s.churnedAt !== null && due > s.churnedAt;
    if (rng.bernoulli(lapsed ? 0.35 : 0.06)) {
      emit.server(due - rng.float(1, 48) * HOUR, 'Subscription Cancelled', { plan: 'trail_club', months: n, reason: rng.pick(['too_expensive', 'not_using', 'other']) });
      return;
    }
    emit.server(due, 'Subscription Renewed', { plan: 'trail_club', billing: 'monthly', amount: 7.99, months: n + 1 });
  }
}
