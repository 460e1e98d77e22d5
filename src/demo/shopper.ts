/**
 * The state of one simulated customer while their journey is generated: persona, identity, the
 * devices they use, what each silo knows about them, and their order history.
 */
import type { Effects } from './effects.js';
import { Emitter, type Device } from './emitter.js';
import { drawPerson, type Person } from './people.js';
import { PERSONAS, PERSONA_SHARES, type Persona } from './personas.js';
import { Rng, streamSeed } from './random.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Relative activity by hour of day (UTC): quiet nights, lunch and evening peaks. */
const HOUR_WEIGHTS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 3.5, 4, 5, 4.5, 4, 4, 4.5, 5, 6, 7, 7.5, 6.5, 4.5, 2.5];

export class Shopper {
  readonly rng: Rng;
  readonly persona: Persona;
  readonly person: Person;
  readonly emit: Emitter;
  readonly primary: Device;
  readonly second: Device | null;
  /** userId exists (account, guest checkout or loyalty card). */
  hasAccount = false;
  /** The CRM knows the e-mail (subscriber, customer or e-receipt). */
  emailKnown = false;
  /** Would accept marketing/delivery texts once they have an account. */
  readonly smsOptIn: boolean;
  loyalty = false;
  orders = 0;
  club = false;
  clubSince: number | null = null;
  churnedAt: number | null = null;
  /** An abandoned cart the CRM can remind them about. */
  pendingCart = false;
  sessions = 0;
  private counter = 0;

  constructor(
    readonly seed: number,
    readonly index: number,
    readonly effects: Effects,
    start: number,
    end: number,
  ) {
    const rng = (this.rng = new Rng(streamSeed(seed, index)));
    this.persona = PERSONAS[rng.weightedIndex(PERSONA_SHARES)] as Persona;
    this.person = drawPerson(rng, this.persona, seed, index);
    this.emit = new Emitter(this.person, start, end);
    this.smsOptIn = rng.bernoulli(this.persona.smsOptIn);
    const primaryKind = rng.bernoulli(this.persona.appShare) ? 'app' : 'web';
    this.primary = { kind: primaryKind, anonymousId: rng.uuid(), identified: false, installed: false, sessions: 0 };
    this.second = rng.bernoulli(0.25)
      ? { kind: primaryKind === 'app' || rng.bernoulli(0.5) ? 'web' : 'app', anonymousId: rng.uuid(), identified: false, installed: false, sessions: 0 }
      : null;
  }

  /** A deterministic id unique within this customer's journey. */
  id(prefix: string): string {
    return `${prefix}_${this.index.toString(36)}${(this.counter++).toString(36).padStart(2, '0')}`;
  }

  /** Identify traits, as the site/app/till sends them. */
  traits(): Record<string, unknown> {
    const p = this.person;
    return {
      email: p.email,
      first_name: p.firstName,
      last_name: p.lastName,
      name: `${p.firstName} ${p.lastName}`,
      persona: this.persona.key,
      city: p.city,
      age_band: p.ageBand,
      plan: this.club ? 'trail_club' : 'free',
    };
  }

  /** Log in / give an e-mail on this device if it has not identified yet. */
  ensureIdentified(t: number, device: Device): void {
    if (device.identified) return;
    this.hasAccount = true;
    this.emailKnown = true;
    this.emit.identify(t, device, this.traits());
  }

  category(): string {
    return this.rng.weighted(this.persona.categories);
  }

  /** `t` moved to a plausible hour on the same day, never earlier than `notBefore`. */
  atActiveHour(t: number, notBefore: number): number {
    const day = Math.floor(t / DAY) * DAY;
    let out = day + this.rng.weightedIndex(HOUR_WEIGHTS) * HOUR + this.rng.float(0, HOUR);
    while (out <= notBefore) out += DAY;
    return out;
  }
}
