/**
 * The built-in catalogue: touchpoints and rules for the public event conventions (Segment's
 * semantic events, GA4's recommended and automatically collected events, PostHog's `$pageview` /
 * `$screen`, help-desk, CRM and survey events), applied beneath a workspace's own rules so that
 * data maps to touchpoints, channels and stages before anyone writes a rule. Pure data, versioned:
 * bump BUILTIN_CATALOGUE_VERSION on any change and record it in docs/builtin-catalogue.md.
 *
 * Names match ignoring case and separators: `Order Completed` also matches `order_completed` and
 * `OrderCompleted` (see `names`). Identify, alias and group calls get no touchpoint: they feed
 * identity resolution, not the journey.
 */
import type { RuleMatch, Touchpoint, TouchpointRule } from './touchpoint.js';

export const BUILTIN_CATALOGUE_VERSION = '2026.1';

/** Built-in rule priorities start above any workspace rule's (which stop at 1,000,000). */
export const BUILTIN_PRIORITY_BASE = 1_000_001;

/** A name pattern accepting each alternative with spaces, `_`, `-`, `.` or nothing between its words. */
export function names(...alternatives: string[]): string {
  const alt = alternatives.map((a) =>
    a
      .split(/[ _.-]+/)
      .map((w) => w.replace(/[.+*?^${}()|[\]\\]/g, '\\$&'))
      .join('[ _.-]?'),
  );
  return `/(?:${alt.join('|')})/`;
}

type Row = [name: string, channel: string | null, stage: string | null, description: string, ...matches: RuleMatch[]];
const n = (...alternatives: string[]): RuleMatch => ({ name: names(...alternatives) });

/** In rule order: specific events first, the catch-all page/screen rules last. */
const ROWS: Row[] = [
  // ---- awareness
  ['First Visit', null, 'awareness', 'First visit to the site (GA4 first_visit).', n('first_visit')],
  ['Promotion Viewed', null, 'awareness', 'An internal promotion or banner was shown (Segment Promotion Viewed, GA4 view_promotion).', n('Promotion Viewed', 'view_promotion')],
  ['Promotion Clicked', null, 'awareness', 'An internal promotion was clicked (Segment Promotion Clicked, GA4 select_promotion).', n('Promotion Clicked', 'select_promotion')],
  ['Video Ad', null, 'awareness', 'A video ad was played (Segment Video Ad Started/Playing/Completed).', { name: '/video[ _.-]?ad[ _.-]?(?:started|playing|completed)/' }],
  [
    'Video Watched',
    null,
    'awareness',
    'Video content was played (Segment Video Playback/Content events, GA4 video_start/video_progress/video_complete).',
    { name: '/video[ _.-]?(?:playback|content|quality)[ _.-]?\\w.*/' },
    n('video_start', 'video_progress', 'video_complete'),
  ],
  // ---- consideration
  ['Product Search', null, 'consideration', 'Searching the catalogue (Segment Products Searched, GA4 search / view_search_results).', n('Products Searched', 'Product Searched', 'search', 'view_search_results')],
  ['Product List Viewed', null, 'consideration', 'A category or list of products (Segment Product List Viewed/Filtered, GA4 view_item_list).', n('Product List Viewed', 'Product List Filtered', 'view_item_list')],
  ['Product Clicked', null, 'consideration', 'A product chosen from a list (Segment Product Clicked, GA4 select_item).', n('Product Clicked', 'select_item')],
  ['Product Viewed', null, 'consideration', 'A product detail page or screen (Segment Product Viewed, GA4 view_item).', n('Product Viewed', 'view_item')],
  ['Wishlist', null, 'consideration', 'Saving to or removing from a wishlist (Segment Wishlist events, GA4 add_to_wishlist).', n('Product Added to Wishlist', 'Product Removed from Wishlist', 'add_to_wishlist')],
  ['App Installed', 'app', 'consideration', 'The app was installed (Segment Application Installed, GA4 first_open).', n('Application Installed', 'first_open')],
  ['Sign-up', null, 'consideration', 'A person created an account (Segment Signed Up, GA4 sign_up).', n('Signed Up', 'sign_up')],
  ['Account Created', null, 'consideration', 'A company or team account was created (Segment B2B SaaS Account Created).', n('Account Created')],
  ['Trial Started', null, 'consideration', 'A free trial began (Segment B2B SaaS Trial Started).', n('Trial Started')],
  ['Lead', null, 'consideration', 'A lead was captured or worked (GA4 generate_lead, qualify_lead, working_lead).', n('generate_lead', 'qualify_lead', 'working_lead', 'Lead Created', 'Lead Captured')],
  ['Lead Lost', null, 'consideration', 'A lead was disqualified or not converted (GA4 disqualify_lead, close_unconvert_lead).', n('disqualify_lead', 'close_unconvert_lead')],
  ['Live Chat', 'chat', 'consideration', 'A live chat conversation (Segment Live Chat Conversation/Message events).', { name: '/live[ _.-]?chat[ _.-]?(?:conversation|message)[ _.-]?\\w.*/' }],
  ['Sales Call', 'phone', 'consideration', 'A call logged in the CRM (HubSpot/Salesforce Call Logged).', n('Call Logged')],
  ['Sales Email', 'email', 'consideration', 'A one-to-one e-mail logged in the CRM (Email Logged / Email Received).', n('Email Logged', 'Email Received')],
  ['Sales Meeting', 'meeting', 'consideration', 'A meeting logged in the CRM (Meeting Logged).', n('Meeting Logged')],
  ['Opportunity Created', null, 'consideration', 'A sales opportunity was opened (Salesforce).', n('Opportunity Created')],
  // ---- purchase
  ['Add to Cart', null, 'purchase', 'A product added to the cart (Segment Product Added, GA4 add_to_cart).', n('Product Added', 'Wishlist Product Added to Cart', 'add_to_cart')],
  ['Remove from Cart', null, 'purchase', 'A product removed from the cart (Segment Product Removed, GA4 remove_from_cart).', n('Product Removed', 'remove_from_cart')],
  ['Cart Viewed', null, 'purchase', 'The cart was reviewed (Segment Cart Viewed, GA4 view_cart).', n('Cart Viewed', 'view_cart')],
  ['Checkout Started', null, 'purchase', 'Checkout began (Segment Checkout Started, GA4 begin_checkout).', n('Checkout Started', 'begin_checkout')],
  ['Checkout Step', null, 'purchase', 'A checkout step viewed or completed (Segment Checkout Step Viewed/Completed).', n('Checkout Step Viewed', 'Checkout Step Completed')],
  ['Shipping Info Entered', null, 'purchase', 'Delivery details entered (GA4 add_shipping_info).', n('Shipping Info Entered', 'add_shipping_info')],
  ['Payment Info Entered', null, 'purchase', 'Payment details entered (Segment Payment Info Entered, GA4 add_payment_info).', n('Payment Info Entered', 'add_payment_info')],
  ['Coupon', null, 'purchase', 'A coupon entered, applied, denied or removed (Segment Coupon events).', n('Coupon Entered', 'Coupon Applied', 'Coupon Denied', 'Coupon Removed')],
  ['Order Completed', null, 'purchase', 'An order was placed (Segment Order Completed, GA4 purchase / in_app_purchase).', n('Order Completed', 'purchase', 'in_app_purchase', 'ecommerce_purchase')],
  ['Subscription Started', null, 'purchase', 'A paid subscription began.', n('Subscription Started', 'Subscription Created', 'Subscription Activated')],
  ['Trial Ended', null, 'purchase', 'A free trial ended: the buying decision (Segment B2B SaaS Trial Ended).', n('Trial Ended')],
  ['Lead Converted', null, 'purchase', 'A lead became a customer (GA4 close_convert_lead).', n('close_convert_lead')],
  ['Opportunity Won', null, 'purchase', 'A sales opportunity was won (Salesforce).', n('Opportunity Won')],
  ['Opportunity Lost', null, 'purchase', 'A sales opportunity was lost (Salesforce).', n('Opportunity Lost')],
  // ---- retention
  ['Order Updated', null, 'retention', 'An order was changed after it was placed (Segment Order Updated).', n('Order Updated')],
  ['Order Cancelled', null, 'retention', 'An order was cancelled (Segment Order Cancelled).', n('Order Cancelled', 'Order Canceled')],
  ['Order Refunded', null, 'retention', 'An order was refunded (Segment Order Refunded, GA4 refund).', n('Order Refunded', 'refund')],
  ['Sign-in', null, 'retention', 'A returning user signed in (Segment Signed In, GA4 login).', n('Signed In', 'login')],
  ['Sign-out', null, null, 'A user signed out (Segment Signed Out).', n('Signed Out')],
  ['Subscription Renewed', null, 'retention', 'A subscription renewed.', n('Subscription Renewed')],
  ['Subscription Changed', null, 'retention', 'A subscription was upgraded, downgraded or changed.', n('Subscription Upgraded', 'Subscription Downgraded', 'Subscription Updated', 'Subscription Changed')],
  ['Subscription Cancelled', null, 'retention', 'A subscription was cancelled or ended.', n('Subscription Cancelled', 'Subscription Canceled', 'Subscription Ended')],
  ['Account Users Changed', null, 'retention', 'A user added to or removed from an account (Segment B2B SaaS).', n('Account Added User', 'Account Removed User')],
  ['Account Deleted', null, 'retention', 'An account was deleted (Segment B2B SaaS Account Deleted).', n('Account Deleted')],
  ['App Opened', 'app', null, 'The app came to the foreground, was updated or backgrounded (Segment Mobile lifecycle).', n('Application Opened', 'Application Backgrounded', 'Application Updated', 'Deep Link Opened', 'Deep Link Clicked')],
  ['App Uninstalled', 'app', 'retention', 'The app was removed (Segment Application Uninstalled, GA4 app_remove).', n('Application Uninstalled', 'app_remove')],
  ['App Crashed', 'app', null, 'The app crashed (Segment Application Crashed, GA4 app_exception).', n('Application Crashed', 'app_exception')],
  ['Push Notification', 'app', 'retention', 'A push notification received, tapped or bounced (Segment Push Notification events, GA4 notification_open).', { name: '/push[ _.-]?notification[ _.-]?(?:received|tapped|bounced|opened)/' }, n('notification_open', 'notification_receive')],
  ['Email Delivered', 'email', null, 'A (marketing or transactional) e-mail reached the inbox (Segment Email Delivered).', n('Email Delivered')],
  ['Email Opened', 'email', null, 'An e-mail was opened (Segment Email Opened).', n('Email Opened')],
  ['Email Link Clicked', 'email', null, 'A link in an e-mail was clicked (Segment Email Link Clicked).', n('Email Link Clicked')],
  ['Email Bounced', 'email', null, 'An e-mail could not be delivered (Segment Email Bounced).', n('Email Bounced')],
  ['Email Marked as Spam', 'email', 'retention', 'An e-mail was reported as spam (Segment Email Marked as Spam).', n('Email Marked as Spam')],
  ['Unsubscribed', 'email', 'retention', 'Unsubscribed from e-mail (Segment Unsubscribed).', n('Unsubscribed', 'Email Unsubscribed')],
  ['Support Ticket', 'support', 'retention', 'A help-desk ticket was opened (Zendesk and others: Ticket Opened/Created/Submitted).', n('Ticket Opened', 'Ticket Created', 'Ticket Submitted')],
  ['Ticket Solved', 'support', 'retention', 'A help-desk ticket was solved or closed.', n('Ticket Solved', 'Ticket Closed', 'Ticket Resolved')],
  ['Support Call', 'phone', 'retention', 'A call with customer service (Call Completed/Started/Received).', n('Call Completed', 'Call Started', 'Call Received', 'Call Ended')],
  ['NPS Survey', 'survey', 'advocacy', 'A Net Promoter Score answer (Survey Responded with survey = nps).', { name: names('Survey Responded', 'Survey Completed', 'Survey Submitted'), properties: { survey: 'nps' } }, n('NPS Responded', 'NPS Survey Responded')],
  ['CSAT Survey', 'survey', 'retention', 'A satisfaction answer (Survey Responded with survey = csat).', { name: names('Survey Responded', 'Survey Completed', 'Survey Submitted'), properties: { survey: 'csat' } }],
  ['CES Survey', 'survey', 'retention', 'A customer-effort answer (Survey Responded with survey = ces).', { name: names('Survey Responded', 'Survey Completed', 'Survey Submitted'), properties: { survey: 'ces' } }],
  ['Survey', 'survey', 'retention', 'Any other survey answer (Survey Responded/Completed/Submitted).', n('Survey Responded', 'Survey Completed', 'Survey Submitted')],
  // ---- advocacy
  ['Product Reviewed', null, 'advocacy', 'A product review was written (Segment Product Reviewed).', n('Product Reviewed', 'Review Submitted')],
  ['Shared', null, 'advocacy', 'A product, cart or content was shared (Segment Product/Cart Shared, GA4 share).', n('Product Shared', 'Cart Shared', 'share')],
  ['Invite Sent', null, 'advocacy', 'A colleague or friend was invited (Segment B2B SaaS Invite Sent, Referral Sent).', n('Invite Sent', 'Referral Sent')],
  // ---- site activity without a stage (GA4 automatically collected events)
  ['Session Started', null, null, 'A session began (GA4 session_start).', n('session_start')],
  ['Site Engagement', null, null, 'Scrolling, outbound clicks, downloads, forms (GA4 enhanced measurement).', n('user_engagement', 'scroll', 'click', 'file_download', 'form_start', 'form_submit')],
  // ---- catch-alls: any page or screen not matched above
  ['Page View', null, 'awareness', 'Any page view (Segment page, PostHog $pageview, GA4 page_view).', n('page_view', 'Page Viewed', 'Loaded a Page', '$pageview'), { type: 'page' }],
  ['Screen View', null, 'awareness', 'Any app screen (Segment screen, PostHog $screen, GA4 screen_view).', n('screen_view', 'Screen Viewed', 'Loaded a Screen', '$screen'), { type: 'screen' }],
];

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The built-in touchpoints. */
export const BUILTIN_TOUCHPOINTS: readonly Touchpoint[] = Object.freeze(ROWS.map(([name, channel, stage, description]) => ({ name, channel, stage, description })));

/** The built-in rules, in order, with priorities above every workspace rule. */
export const BUILTIN_RULES: readonly TouchpointRule[] = Object.freeze(
  ROWS.flatMap(([name, , , , ...matches]) => matches.map((match, i) => ({ id: `builtin/${slug(name)}${matches.length > 1 ? `-${i + 1}` : ''}`, match, touchpoint: name }))).map((r, i) => ({
    ...r,
    priority: BUILTIN_PRIORITY_BASE + i,
  })),
);
