/**
 * GA4's default channel grouping: a traffic source (source, medium, campaign) → one of GA4's
 * default channel groups. Table-driven: the rules are evaluated in GA4's order and the first that
 * holds wins; everything else is Unassigned. Case-insensitive, as GA4 is. Pure.
 */
import { type SourceCategory, sourceCategories } from './traffic-source.js';

export const CHANNEL_GROUPS = [
  'Direct', 'Cross-network', 'Paid Shopping', 'Paid Search', 'Paid Social', 'Paid Video', 'Display', 'Paid Other',
  'Organic Shopping', 'Organic Social', 'Organic Video', 'Organic Search', 'Referral', 'Email', 'Affiliates', 'Audio',
  'SMS', 'Mobile Push Notifications', 'Unassigned',
] as const;
export type ChannelGroup = (typeof CHANNEL_GROUPS)[number];

/** Where a visit came from, as GA4 names it: `google / cpc / spring_sale`, `(direct) / (none)`. */
export interface TrafficSource {
  source: string;
  medium: string;
  campaign: string;
}

type Field = keyof TrafficSource;
/** A condition of the table: exact values, a regular expression, a source category, or combinations. */
export type Condition =
  | { field: Field; in: readonly string[] }
  | { field: Field; matches: RegExp }
  | { category: SourceCategory }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] };

const PAID_MEDIUM: Condition = { field: 'medium', matches: /^(.*cp.*|ppc|retargeting|paid.*)$/ };
const SHOPPING_CAMPAIGN: Condition = { field: 'campaign', matches: /^(.*(([^a-df-z]|^)shop|shopping).*)$/ };
const EMAIL = ['email', 'e-mail', 'e_mail', 'e mail'];

/** GA4's rules, in GA4's evaluation order. */
export const CHANNEL_GROUP_RULES: ReadonlyArray<{ group: ChannelGroup; when: Condition }> = [
  { group: 'Direct', when: { all: [{ field: 'source', in: ['(direct)'] }, { field: 'medium', in: ['(not set)', '(none)'] }] } },
  { group: 'Cross-network', when: { field: 'campaign', matches: /cross-network/ } },
  { group: 'Paid Shopping', when: { all: [{ any: [{ category: 'shopping' }, SHOPPING_CAMPAIGN] }, PAID_MEDIUM] } },
  { group: 'Paid Search', when: { all: [{ category: 'search' }, PAID_MEDIUM] } },
  { group: 'Paid Social', when: { all: [{ category: 'social' }, PAID_MEDIUM] } },
  { group: 'Paid Video', when: { all: [{ category: 'video' }, PAID_MEDIUM] } },
  { group: 'Display', when: { field: 'medium', in: ['display', 'banner', 'expandable', 'interstitial', 'cpm'] } },
  { group: 'Paid Other', when: PAID_MEDIUM },
  { group: 'Organic Shopping', when: { any: [{ category: 'shopping' }, SHOPPING_CAMPAIGN] } },
  { group: 'Organic Social', when: { any: [{ category: 'social' }, { field: 'medium', in: ['social', 'social-network', 'social-media', 'sm', 'social network', 'social media'] }] } },
  { group: 'Organic Video', when: { any: [{ category: 'video' }, { field: 'medium', matches: /^(.*video.*)$/ }] } },
  { group: 'Organic Search', when: { any: [{ category: 'search' }, { field: 'medium', in: ['organic'] }] } },
  { group: 'Referral', when: { field: 'medium', in: ['referral', 'app', 'link'] } },
  { group: 'Email', when: { any: [{ field: 'source', in: EMAIL }, { field: 'medium', in: EMAIL }] } },
  { group: 'Affiliates', when: { field: 'medium', in: ['affiliate'] } },
  { group: 'Audio', when: { field: 'medium', in: ['audio'] } },
  { group: 'SMS', when: { any: [{ field: 'source', in: ['sms'] }, { field: 'medium', in: ['sms'] }] } },
  { group: 'Mobile Push Notifications', when: { any: [{ field: 'medium', matches: /(push$|mobile|notification)/ }, { field: 'source', in: ['firebase'] }] } },
];

function holds(c: Condition, t: TrafficSource, categories: () => Set<SourceCategory>): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, t, categories));
  if ('any' in c) return c.any.some((x) => holds(x, t, categories));
  if ('category' in c) return categories().has(c.category);
  if ('in' in c) return c.in.includes(t[c.field]);
  return c.matches.test(t[c.field]);
}

/** The default channel group of a traffic source. */
export function channelGroup(traffic: TrafficSource): ChannelGroup {
  const t = { source: traffic.source.trim().toLowerCase(), medium: traffic.medium.trim().toLowerCase(), campaign: traffic.campaign.trim().toLowerCase() };
  let cats: Set<SourceCategory> | undefined;
  const categories = () => (cats ??= sourceCategories(t.source));
  for (const r of CHANNEL_GROUP_RULES) if (holds(r.when, t, categories)) return r.group;
  return 'Unassigned';
}
