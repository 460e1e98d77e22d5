/**
 * Demo personas: who Northwind Outfitters' customers are and how each kind behaves. Personas
 * change how people arrive, browse and come back; they deliberately do NOT change the step rates
 * of the checkout funnel, so a planted funnel effect is the only funnel effect.
 */
import type { PersonaProfile, Persona as WorkspacePersona } from '../domain/persona.js';

/** How a session (or the very first touch) starts. */
export type Entry = 'ad' | 'social' | 'organic' | 'email' | 'sms' | 'push' | 'direct' | 'store';

export interface Persona {
  key: 'weekend_hiker' | 'gear_enthusiast' | 'eco_traveller' | 'busy_parent' | 'store_regular';
  label: string;
  description: string;
  /** Share of customers. */
  share: number;
  preferredChannels: string[];
  /** First touch. */
  acquisition: Partial<Record<Entry, number>>;
  /** How later sessions start (entries the customer can't use fall back to 'direct'). */
  returning: Partial<Record<Entry, number>>;
  /** Probability the main online device is the app rather than the web site. */
  appShare: number;
  /** Mean product views per online session. */
  browseDepth: number;
  /** Probability an online session with product views puts something in the cart. */
  cartPropensity: number;
  /** Probability of a store purchase on a store visit. */
  storeConversion: number;
  /** Probability the customer stops after a session (before / after a first order). */
  churn: number;
  churnAfterOrder: number;
  /** Median days between sessions. */
  gapDays: number;
  /** Probability of creating an account / newsletter sign-up in a session without an order. */
  signUp: number;
  emailEngagement: number;
  smsOptIn: number;
  support: number;
  review: number;
  referral: number;
  club: number;
  /** Order value: median and log-sd, in USD. */
  orderValue: [median: number, sigma: number];
  categories: Record<string, number>;
  ageBands: Record<string, number>;
}

const LIST: Persona[] = [
  {
    key: 'weekend_hiker',
    label: 'Weekend Hiker',
    description: 'Bargain hunter who hikes on weekends; arrives through ads and promo e-mails, waits for sales.',
    share: 0.3,
    preferredChannels: ['ads', 'email', 'web'],
    acquisition: { ad: 0.5, email: 0.2, organic: 0.2, social: 0.1 },
    returning: { direct: 0.3, email: 0.35, ad: 0.25, organic: 0.1 },
    appShare: 0.15,
    browseDepth: 3,
    cartPropensity: 0.4,
    storeConversion: 0.5,
    churn: 0.42,
    churnAfterOrder: 0.3,
    gapDays: 9,
    signUp: 0.25,
    emailEngagement: 0.5,
    smsOptIn: 0.15,
    support: 0.18,
    review: 0.1,
    referral: 0.04,
    club: 0.03,
    orderValue: [65, 0.6],
    categories: { footwear: 3, apparel: 3, camping: 2, accessories: 3 },
    ageBands: { '18-24': 2, '25-34': 4, '35-44': 3, '45-54': 2, '55+': 1 },
  },
  {
    key: 'gear_enthusiast',
    label: 'Gear Enthusiast',
    description: 'Researches every spec, reads the Trail Journal, compares for weeks and writes reviews.',
    share: 0.2,
    preferredChannels: ['web', 'social', 'chat'],
    acquisition: { organic: 0.5, social: 0.3, ad: 0.2 },
    returning: { direct: 0.5, organic: 0.25, social: 0.1, email: 0.15 },
    appShare: 0.2,
    browseDepth: 6,
    cartPropensity: 0.3,
    storeConversion: 0.55,
    churn: 0.3,
    churnAfterOrder: 0.2,
    gapDays: 5,
    signUp: 0.35,
    emailEngagement: 0.35,
    smsOptIn: 0.05,
    support: 0.25,
    review: 0.4,
    referral: 0.12,
    club: 0.25,
    orderValue: [180, 0.7],
    categories: { climbing: 3, camping: 3, footwear: 2, electronics: 2, apparel: 1 },
    ageBands: { '18-24': 1, '25-34': 4, '35-44': 4, '45-54': 2, '55+': 1 },
  },
  {
    key: 'eco_traveller',
    label: 'Eco Traveller',
    description: 'Plans low-impact trips; drawn to the Eco Collection, social content and referrals.',
    share: 0.15,
    preferredChannels: ['social', 'web', 'app'],
    acquisition: { social: 0.55, organic: 0.3, email: 0.15 },
    returning: { direct: 0.4, social: 0.3, email: 0.2, organic: 0.1 },
    appShare: 0.3,
    browseDepth: 4,
    cartPropensity: 0.35,
    storeConversion: 0.5,
    churn: 0.35,
    churnAfterOrder: 0.25,
    gapDays: 8,
    signUp: 0.3,
    emailEngagement: 0.4,
    smsOptIn: 0.1,
    support: 0.16,
    review: 0.2,
    referral: 0.25,
    club: 0.12,
    orderValue: [110, 0.6],
    categories: { eco: 5, travel: 3, apparel: 2, camping: 1 },
    ageBands: { '18-24': 3, '25-34': 4, '35-44': 2, '45-54': 1, '55+': 1 },
  },
  {
    key: 'busy_parent',
    label: 'Busy Parent',
    description: 'Shops in short bursts on the app between school runs; responds to SMS and push.',
    share: 0.2,
    preferredChannels: ['app', 'sms', 'email'],
    acquisition: { ad: 0.35, social: 0.35, email: 0.15, organic: 0.15 },
    returning: { push: 0.35, sms: 0.3, direct: 0.25, email: 0.1 },
    appShare: 0.75,
    browseDepth: 2.5,
    cartPropensity: 0.45,
    storeConversion: 0.6,
    churn: 0.38,
    churnAfterOrder: 0.25,
    gapDays: 7,
    signUp: 0.3,
    emailEngagement: 0.25,
    smsOptIn: 0.7,
    support: 0.2,
    review: 0.08,
    referral: 0.05,
    club: 0.08,
    orderValue: [85, 0.5],
    categories: { kids: 5, apparel: 3, footwear: 2, camping: 1 },
    ageBands: { '25-34': 3, '35-44': 5, '45-54': 2 },
  },
  {
    key: 'store_regular',
    label: 'Store Regular',
    description: 'Prefers to try things on in store, has a loyalty card, phones rather than e-mails.',
    share: 0.15,
    preferredChannels: ['store', 'phone', 'email'],
    acquisition: { store: 0.75, organic: 0.15, ad: 0.1 },
    returning: { store: 0.6, direct: 0.2, email: 0.2 },
    appShare: 0.1,
    browseDepth: 2,
    cartPropensity: 0.3,
    storeConversion: 0.65,
    churn: 0.3,
    churnAfterOrder: 0.22,
    gapDays: 12,
    signUp: 0.15,
    emailEngagement: 0.3,
    smsOptIn: 0.1,
    support: 0.2,
    review: 0.06,
    referral: 0.06,
    club: 0.05,
    orderValue: [95, 0.6],
    categories: { footwear: 3, apparel: 3, camping: 2, accessories: 2 },
    ageBands: { '25-34': 1, '35-44': 2, '45-54': 3, '55+': 4 },
  },
];

export const PERSONAS: readonly Persona[] = Object.freeze(LIST);

export const PERSONA_SHARES: readonly number[] = PERSONAS.map((p) => p.share);

/** What the journey map shows of each demo persona. */
const PROFILES: Record<Persona['key'], Omit<PersonaProfile, 'photo' | 'demographics'>> = {
  weekend_hiker: {
    goals: ['Get reliable gear for weekend trips without overspending', 'Know the price is the best one this season'],
    motivations: ['Sales and promo codes', 'Reviews from other hikers'],
    painPoints: ['Shipping costs that appear at checkout', 'Promo codes that fail at payment'],
  },
  gear_enthusiast: {
    goals: ['Find the newest technical gear first', 'Compare specifications in depth'],
    motivations: ['Expert content and detailed specs', 'Loyalty perks and early access'],
    painPoints: ['Thin product details', 'Out-of-stock sizes for new releases'],
  },
  eco_traveller: {
    goals: ['Buy durable, responsibly made products', 'Travel light with multi-use gear'],
    motivations: ['Sustainability information', 'Repair and trade-in programmes'],
    painPoints: ['Unclear material sourcing', 'Excess packaging on delivery'],
  },
  busy_parent: {
    goals: ['Kit out the whole family quickly', 'Get it delivered before the holiday'],
    motivations: ['Fast delivery and easy returns', 'Bundles and family sizing'],
    painPoints: ['Late or missed home deliveries', 'Long waits on the support line'],
  },
  store_regular: {
    goals: ['Try things on and get advice in store', 'Pick up online orders nearby'],
    motivations: ['Staff expertise', 'Club points across store and online'],
    painPoints: ['Stock shown online not in the store', 'Points not recognised across channels'],
  },
};

function modalBand(bands: Record<string, number>): string {
  return Object.entries(bands).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'mixed';
}

/** The demo's personas as workspace personas: members are the customers whose CRM trait says so. */
export function demoWorkspacePersonas(): WorkspacePersona[] {
  return PERSONAS.map((p) => ({
    key: p.key,
    name: p.label,
    description: p.description,
    profile: {
      photo: null,
      ...PROFILES[p.key],
      demographics: { 'Typical age': modalBand(p.ageBands), 'Preferred channels': p.preferredChannels.join(', '), 'Share of customers': `${Math.round(p.share * 100)}%` },
    },
    rule: [{ field: `traits.persona`, op: 'eq' as const, value: p.key }],
    behaviour: [],
  }));
}
