/**
 * GA4's default channel grouping, as a table: source / medium / campaign → channel group.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNEL_GROUPS, channelGroup } from './channel-group.js';
import { sourceBrand, sourceCategories } from './traffic-source.js';

const TABLE: Array<[source: string, medium: string, campaign: string, group: string]> = [
  ['(direct)', '(none)', '(direct)', 'Direct'],
  ['(direct)', '(not set)', '(not set)', 'Direct'],
  ['google', 'cpc', 'brand-cross-network', 'Cross-network'],
  ['google', 'cpc', 'summer_shopping', 'Paid Shopping'],
  ['amazon', 'paid', 'x', 'Paid Shopping'],
  ['google', 'cpc', 'spring_sale', 'Paid Search'],
  ['Bing', 'PPC', 'x', 'Paid Search'],
  ['www.google.co.uk', 'paidsearch', 'x', 'Paid Search'],
  ['facebook', 'cpc', 'x', 'Paid Social'],
  ['ig', 'paid_social', 'x', 'Paid Social'],
  ['youtube', 'cpv', 'x', 'Paid Video'],
  ['criteo', 'display', 'x', 'Display'],
  ['gdn', 'banner', 'x', 'Display'],
  ['partner-network', 'cpa', 'x', 'Paid Other'],
  ['ebay', 'referral', 'x', 'Organic Shopping'],
  ['newsletter', 'email', 'shop-the-look', 'Organic Shopping'],
  ['m.facebook.com', 'referral', '(referral)', 'Organic Social'],
  ['t.co', 'referral', '(referral)', 'Organic Social'],
  ['forum', 'social', 'x', 'Organic Social'],
  ['vimeo.com', 'referral', 'x', 'Organic Video'],
  ['partner', 'video', 'x', 'Organic Video'],
  ['google', 'organic', '(organic)', 'Organic Search'],
  ['duckduckgo.com', 'referral', 'x', 'Organic Search'],
  ['someblog', 'organic', 'x', 'Organic Search'],
  ['news.example.org', 'referral', '(referral)', 'Referral'],
  ['partner', 'link', 'x', 'Referral'],
  ['newsletter', 'email', 'weekly', 'Email'],
  ['E-Mail', 'anything', 'x', 'Email'],
  ['awin', 'affiliate', 'x', 'Affiliates'],
  ['spotify-ads', 'audio', 'x', 'Audio'],
  ['sms', 'text', 'x', 'SMS'],
  ['twilio', 'sms', 'x', 'SMS'],
  ['braze', 'push', 'x', 'Mobile Push Notifications'],
  ['app', 'mobile-notification', 'x', 'Mobile Push Notifications'],
  ['firebase', 'x', 'x', 'Mobile Push Notifications'],
  ['(not set)', '(not set)', '(not set)', 'Unassigned'],
  ['123', '{"a":1}', '', 'Unassigned'],
  ['', '', '', 'Unassigned'],
];

test('GA4 default channel grouping, rule by rule', () => {
  for (const [source, medium, campaign, group] of TABLE) {
    assert.equal(channelGroup({ source, medium, campaign }), group, `${source} / ${medium} / ${campaign}`);
  }
});

test('the table above reaches every one of the 19 GA4 default channel groups', () => {
  const seen = new Set(TABLE.map((r) => r[3]));
  for (const g of CHANNEL_GROUPS) assert.ok(seen.has(g), g);
  assert.equal(CHANNEL_GROUPS.length, 19);
});

test('source brands and categories', () => {
  assert.equal(sourceBrand('www.google.co.uk'), 'google');
  assert.equal(sourceBrand('search.yahoo.com'), 'yahoo');
  assert.equal(sourceBrand('l.facebook.com'), 'facebook');
  assert.equal(sourceBrand('example.com'), 'example');
  assert.deepEqual([...sourceCategories('mail.google.com')], []);
  assert.deepEqual([...sourceCategories('shopping.google.com')], ['shopping']);
  assert.deepEqual([...sourceCategories('YouTube')], ['video']);
});
