/**
 * Acquisition signals → traffic source → channel group, from the shapes real events have:
 * Segment context.campaign / context.page, PostHog properties, GA4 page_location, and bad input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acquisitionSignals, channelGroupOfSignals, trafficSource } from './acquisition.js';

type Ev = { type: string; properties: Record<string, unknown>; context: Record<string, unknown> | null };
const ev = (type: string, properties: Record<string, unknown> = {}, context: Record<string, unknown> | null = null): Ev => ({ type, properties, context });
const group = (e: Ev) => channelGroupOfSignals(acquisitionSignals(e));

const CASES: Array<[what: string, e: Ev, want: string | null]> = [
  ['Segment context.campaign', ev('track', {}, { campaign: { source: 'google', medium: 'cpc', name: 'spring' } }), 'Paid Search'],
  ['utm in context.page.url', ev('page', {}, { page: { url: 'https://shop.example.com/?utm_source=newsletter&utm_medium=email&utm_campaign=w12' } }), 'Email'],
  ['UTM keys in any case, percent-encoded', ev('page', {}, { page: { url: 'https://shop.example.com/?UTM_Source=Face%62ook&utm_medium=paid+social' } }), 'Paid Social'],
  ['gclid alone', ev('page', {}, { page: { url: 'https://shop.example.com/p?gclid=abc123' } }), 'Paid Search'],
  ['search referrer', ev('page', {}, { page: { url: 'https://shop.example.com/', referrer: 'https://www.google.com/' } }), 'Organic Search'],
  ['social referrer', ev('page', {}, { page: { url: 'https://shop.example.com/', referrer: 'https://l.facebook.com/l.php?u=x' } }), 'Organic Social'],
  ['other referrer', ev('page', {}, { page: { url: 'https://shop.example.com/', referrer: 'https://blog.example.org/post' } }), 'Referral'],
  ['same-site referrer: internal navigation', ev('page', {}, { page: { url: 'https://www.shop.example.com/b', referrer: 'https://shop.example.com/a' } }), null],
  ['no referrer: direct', ev('page', {}, { page: { url: 'https://shop.example.com/' } }), 'Direct'],
  ['a screen with nothing: direct', ev('screen'), 'Direct'],
  ['a server-side track with nothing: no acquisition', ev('track', { revenue: 3 }), null],
  ['PostHog $current_url + $referring_domain', ev('page', { $current_url: 'https://app.example.com/', $referring_domain: 'www.bing.com' }), 'Organic Search'],
  ['PostHog $direct referrer', ev('page', { $current_url: 'https://app.example.com/', $referrer: '$direct', $referring_domain: '$direct' }), 'Direct'],
  ['PostHog utm properties', ev('track', { utm_source: 'tiktok', utm_medium: 'paid' }), 'Paid Social'],
  ['GA4 page_location / page_referrer', ev('track', { page_location: 'https://shop.example.com/?utm_source=awin&utm_medium=affiliate', page_referrer: '' }), 'Affiliates'],
  ['malformed: campaign is a string', ev('page', {}, { campaign: 'spring', page: { url: 'https://shop.example.com/' } }), 'Direct'],
  ['malformed: campaign source is a number', ev('track', {}, { campaign: { source: 42 } }), 'Unassigned'],
  ['malformed: campaign medium only, unknown', ev('track', {}, { campaign: { medium: 'zzz' } }), 'Unassigned'],
  ['malformed: URL that does not parse', ev('page', {}, { page: { url: 'ht!tp:/// not a url', referrer: '%%%' } }), 'Direct'],
  ['malformed: bad percent-encoding', ev('page', {}, { page: { url: 'https://x.example/?utm_source=%E0%A4%A&utm_medium=email' } }), 'Email'],
  ['malformed: context is an array', ev('page', {}, ['x'] as unknown as Record<string, unknown>), 'Direct'],
  ['blank utm values are absent', ev('page', { utm_source: '  ', utm_medium: '' }, { page: { url: 'https://shop.example.com/' } }), 'Direct'],
];

test('acquisition channel group of realistic and malformed events', () => {
  for (const [what, e, want] of CASES) assert.equal(group(e), want, what);
});

test('traffic source keeps what GA4 would report', () => {
  assert.deepEqual(trafficSource(acquisitionSignals(ev('page', {}, { page: { url: 'https://a.example/?utm_source=x' } }))), { source: 'x', medium: '(not set)', campaign: '(not set)' });
  assert.deepEqual(trafficSource(acquisitionSignals(ev('page', {}, { page: { url: 'https://a.example/', referrer: 'https://www.google.de/' } }))), {
    source: 'google.de',
    medium: 'organic',
    campaign: '(organic)',
  });
});
