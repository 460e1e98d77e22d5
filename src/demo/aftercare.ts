/**
 * What follows an order: shipping e-mail and text, delivery, surveys, support tickets and calls,
 * returns, reviews, referrals and Trail Club membership. Home of two planted truths: the slow
 * returns tickets and the badly rated Home Delivery (see effects.ts).
 */
import { TP, type TouchpointName } from './catalogue.js';
import { sentimentOf, surveyComment, type Subject } from './comments.js';
import type { Device } from './emitter.js';
import type { Product } from './products.js';
import { DAY, HOUR, MINUTE, type Shopper } from './shopper.js';

const NPS_WEIGHTS = [0.02, 0.01, 0.02, 0.02, 0.03, 0.04, 0.06, 0.12, 0.18, 0.25, 0.25];
const CES_WEIGHTS = [0.03, 0.04, 0.06, 0.1, 0.17, 0.3, 0.3];
const REVIEW_WEIGHTS = [0.05, 0.05, 0.1, 0.3, 0.5];
const TOPICS = { returns: 0.3, delivery: 0.25, sizing: 0.15, product_question: 0.12, order_change: 0.1, payment: 0.04, account: 0.04 };

const SUBJECT: Partial<Record<TouchpointName, Subject>> = {
  [TP.homeDelivery]: 'delivery',
  [TP.supportTicket]: 'support',
  [TP.returnsRequest]: 'returns',
  [TP.returnsDesk]: 'returns',
  [TP.storePurchase]: 'store',
  [TP.repeatPurchase]: 'store',
  [TP.checkoutStarted]: 'checkout',
  [TP.supportCall]: 'call',
  [TP.orderCompleted]: 'overall',
};

/** A survey response about `ref` (a touchpoint name). CSAT weights default to the baseline. */
export function survey(s: Shopper, t: number, kind: 'nps' | 'csat' | 'ces', ref: TouchpointName, csatWeights?: readonly number[], orderId?: string): void {
  const { rng } = s;
  const score =
    kind === 'nps' ? rng.weightedIndex(NPS_WEIGHTS) : kind === 'ces' ? rng.weightedIndex(CES_WEIGHTS) + 1 : rng.weightedIndex(csatWeights ?? s.effects.csatBaseline) + 1;
  const properties: Record<string, unknown> = {
    survey: kind,
    survey_id: `${kind}-${ref.toLowerCase().replace(/[^a-z]+/g, '-')}`,
    response_id: s.id('resp'),
    score,
    comment: surveyComment(rng, sentimentOf(kind, score), SUBJECT[ref] ?? 'overall'),
    touchpoint_ref: ref,
  };
  if (orderId) properties['order_id'] = orderId;
  s.emit.byEmail(t, 'surveys', 'Survey Responded', 'survey', properties);
}

/** Help-desk contact about an order: a ticket (opened → solved) or a phone call. */
function support(s: Shopper, t: number, orderId: string, topic?: string): void {
  const { rng, emit, effects: e, persona } = s;
  topic ??= rng.weighted(TOPICS);
  const callShare = persona.key === 'store_regular' ? 0.5 : persona.key === 'busy_parent' ? 0.35 : 0.2;
  if (rng.bernoulli(callShare)) {
    const wait = Math.round(rng.lognormal(6, 0.7) * 10) / 10;
    emit.byEmail(t, 'zendesk', 'Call Completed', 'phone', {
      call_id: s.id('call'),
      topic,
      order_id: orderId,
      direction: 'inbound',
      wait_minutes: wait,
      duration_minutes: Math.round(rng.lognormal(7, 0.5) * 10) / 10,
    });
    if (rng.bernoulli(0.25)) survey(s, t + rng.lognormal(2, 0.5) * HOUR, 'ces', TP.supportCall);
    return;
  }
  const ticketId = s.id('tkt');
  const returns = topic === 'returns';
  emit.byEmail(t, 'zendesk', 'Ticket Opened', 'support', { ticket_id: ticketId, topic, order_id: orderId, priority: rng.pick(['normal', 'normal', 'low', 'high']), via: rng.pick(['web_form', 'email']) });
  const wait = Math.max(5, Math.round(rng.lognormal(returns ? e.returnsTicketMedianMinutes : e.ticketMedianMinutes, e.ticketSigma)));
  const solved = t + wait * MINUTE;
  emit.byEmail(solved, 'zendesk', 'Ticket Solved', 'support', { ticket_id: ticketId, topic, order_id: orderId, wait_minutes: wait });
  if (rng.bernoulli(0.3)) survey(s, solved + rng.lognormal(3, 0.6) * HOUR, 'csat', returns ? TP.returnsRequest : TP.supportTicket);
}

/**
 * Reviews, referrals and shares some time after the customer has the goods. On an identified
 * device they come from the site/app; otherwise (store customers) from the review platform's
 * server with the userId only, so a future identify is never needed.
 */
function advocacy(s: Shopper, t: number, device: Device | null, items: Product[], chance: number): void {
  const { rng, emit, persona } = s;
  const product = items[0] as Product;
  const send = (at: number, event: string, properties: Record<string, unknown>) => {
    if (device?.identified) emit.track(at, device, event, { ...properties, session_id: s.id('s') });
    else emit.server(at, event, properties);
  };
  if (s.emailKnown && rng.bernoulli(chance)) {
    const asked = t + rng.lognormal(7, 0.3) * DAY;
    emit.byEmail(asked, 'hubspot', 'Email Opened', 'email', { email_type: 'review_request', campaign_name: 'review-request', email_id: 'em-review-request' });
    if (rng.bernoulli(0.65)) {
      send(asked + rng.lognormal(3, 1) * HOUR, 'Product Reviewed', {
        product_id: product.product_id,
        name: product.name,
        review_id: s.id('rev'),
        rating: rng.weightedIndex(REVIEW_WEIGHTS) + 1,
        review_length: Math.round(rng.lognormal(180, 0.8)),
      });
    }
  }
  if (rng.bernoulli(persona.referral)) {
    send(t + rng.lognormal(10, 0.6) * DAY, 'Referral Sent', { referral_code: `NW-${s.person.firstName.toUpperCase()}-${s.index % 1000}`, medium: rng.pick(['email', 'whatsapp', 'link']) });
  }
  if (rng.bernoulli(0.04)) {
    send(t + rng.lognormal(5, 0.8) * DAY, 'Product Shared', { product_id: product.product_id, share_via: rng.pick(['instagram', 'facebook', 'pinterest']) });
  }
}

/** After an online order placed at `t` on `device`. */
export function onlineAftercare(s: Shopper, t: number, device: Device, orderId: string, repeat: boolean, items: Product[]): void {
  const { rng, emit, effects: e, persona } = s;
  const carrier = rng.pick(['UPS', 'FedEx', 'USPS', 'OnTrac']);
  const shipped = t + rng.lognormal(20, 0.5) * HOUR;
  const delivered = shipped + rng.lognormal(2.5, 0.4) * DAY;
  emit.byEmail(shipped, 'hubspot', 'Order Shipped', 'email', { order_id: orderId, carrier, tracking_number: `1Z${rng.hex(12).toUpperCase()}` });
  if (rng.bernoulli(0.3)) {
    const at = shipped + rng.lognormal(10, 0.6) * HOUR;
    emit.view(Math.min(at, delivered - HOUR), device, 'Order Status', `/account/orders/${orderId}`, s.id('s'), Math.round(rng.lognormal(25, 0.5)));
  }
  if (s.smsOptIn) emit.byEmail(delivered - rng.lognormal(3, 0.4) * HOUR, 'hubspot', 'SMS Sent', 'sms', { sms_type: 'delivery_update', order_id: orderId, carrier });
  emit.byEmail(delivered, 'hubspot', 'Order Delivered', 'email', { order_id: orderId, carrier });
  if (rng.bernoulli(0.35)) survey(s, delivered + rng.lognormal(20, 0.6) * HOUR, 'csat', TP.homeDelivery, e.csatDelivery, orderId);
  if (rng.bernoulli(0.12)) survey(s, t + rng.lognormal(40, 0.5) * MINUTE, 'ces', TP.checkoutStarted, undefined, orderId);
  if (!repeat && rng.bernoulli(0.3)) survey(s, delivered + rng.lognormal(14, 0.3) * DAY, 'nps', TP.orderCompleted, undefined, orderId);
  if (rng.bernoulli(persona.support)) {
    const contact = delivered + rng.lognormal(1.5, 0.8) * DAY;
    if (rng.bernoulli(0.4)) emit.view(contact - 10 * MINUTE, device, 'Help Center', '/help/contact', s.id('s'), 60);
    support(s, contact, orderId);
  }
  advocacy(s, delivered, device, items, persona.review);
  if (!repeat && !s.club && rng.bernoulli(persona.club)) {
    s.club = true;
    s.clubSince = t + 2 * MINUTE;
    emit.track(s.clubSince, device, 'Subscription Started', { plan: 'trail_club', billing: 'monthly', price: 7.99, session_id: s.id('s') });
  }
}

/** After a till purchase at `t`. */
export function storeAftercare(s: Shopper, t: number, orderId: string, repeat: boolean, items: Product[]): void {
  const { rng, emit } = s;
  if (rng.bernoulli(0.15)) survey(s, t + rng.lognormal(5, 0.5) * HOUR, 'csat', repeat ? TP.repeatPurchase : TP.storePurchase, undefined, orderId);
  if (!repeat && rng.bernoulli(0.25)) survey(s, t + rng.lognormal(14, 0.3) * DAY, 'nps', TP.storePurchase, undefined, orderId);
  if (rng.bernoulli(0.07)) {
    const back = t + rng.lognormal(6, 0.6) * DAY;
    emit.pos(back, 'Return Processed', { store_id: s.person.storeId, order_id: orderId, refund_amount: (items[0] as Product).price, reason: rng.pick(['wrong_size', 'changed_mind', 'faulty']) }, s.loyalty);
    if (rng.bernoulli(0.3)) survey(s, back + rng.lognormal(4, 0.5) * HOUR, 'csat', TP.returnsDesk, undefined, orderId);
  } else if (rng.bernoulli(s.persona.support * 0.4)) {
    support(s, t + rng.lognormal(4, 0.8) * DAY, orderId, rng.pick(['product_question', 'sizing', 'account']));
  }
  if (s.hasAccount) advocacy(s, t, s.primary.identified ? s.primary : null, items, s.persona.review * 0.5);
}
