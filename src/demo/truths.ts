/**
 * The planted truths of a demo, described from the same knobs (effects.ts) the simulation uses.
 * Rates are per checkout attempt (one session's cart) unless said otherwise.
 */
import { TP } from './catalogue.js';
import { cartToOrder, meanScore, orderGivenPayment, type Effects } from './effects.js';
import type { PlantedTruth } from './manifest.js';

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Share of customers reaching payment who loop at least once, for the planted loop chance per
 * checkout. Most such customers reach payment once; repeat buyers a few times. Calibrated on
 * generated data (10k customers, several seeds): ≈ 1.33 × the per-checkout chance.
 */
const CUSTOMERS_PER_CHECKOUT_LOOP = 1.33;

function shareAtMost2(weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  return ((weights[0] ?? 0) + (weights[1] ?? 0)) / total;
}

export function plantedTruths(e: Effects): PlantedTruth[] {
  if (!e.plant) return [];
  const f = e.funnel;
  const app = e.appStepFactor;
  const webOrder = orderGivenPayment(e, 1);
  return [
    {
      kind: 'drop_off_hotspot',
      description:
        `Checkout loses buyers: of checkouts that reach "${TP.checkoutStarted}", only about ${Math.round(f.payment * 100)}% on the web ` +
        `(${Math.round(f.payment * app * 100)}% in the app) go on to "${TP.paymentInfo}", against ${Math.round(e.normalPaymentRate * 100)}% normally; ` +
        `every other purchase step keeps at least ${Math.round(Math.min(f.cart, f.checkout, webOrder) * 100)}% on the web.`,
      stage: 'purchase',
      fromTouchpoint: TP.checkoutStarted,
      toTouchpoint: TP.paymentInfo,
      comparedTo: [TP.addToCart, TP.cart, TP.orderCompleted],
      expected: {
        conversionRate: f.payment,
        appConversionRate: round(f.payment * app),
        normalConversionRate: e.normalPaymentRate,
        otherStepsMinRate: round(Math.min(f.cart, f.checkout, webOrder)),
      },
    },
    {
      kind: 'slow_step',
      description:
        `Returns are slow: a help-desk ticket about a return ("${TP.returnsRequest}") takes a median ${e.returnsTicketMedianMinutes / 60} hours ` +
        `to reach "${TP.ticketSolved}" (property wait_minutes), against ${e.ticketMedianMinutes / 60} hours for every other ticket topic ("${TP.supportTicket}").`,
      stage: 'retention',
      touchpoint: TP.returnsRequest,
      fromTouchpoint: TP.returnsRequest,
      toTouchpoint: TP.ticketSolved,
      channel: 'support',
      comparedTo: [TP.supportTicket],
      expected: {
        medianMinutes: e.returnsTicketMedianMinutes,
        normalMedianMinutes: e.ticketMedianMinutes,
        ratio: round(e.returnsTicketMedianMinutes / e.ticketMedianMinutes, 1),
      },
    },
    {
      kind: 'loop',
      description:
        `Payment retry loop: ${Math.round(e.loopChance * 100)}% of checkouts that reach payment bounce between "${TP.paymentFailed}" and ` +
        `"${TP.paymentInfo}", entering payment details ${e.loopAttempts[0]}–${e.loopAttempts[1]} times in one checkout (same checkout_id); ` +
        `about ${Math.round(e.loopChance * CUSTOMERS_PER_CHECKOUT_LOOP * 100)}% of customers who reach payment do so at least once. ` +
        `Only ${Math.round(e.loopRecovery * 100)}% of looping checkouts end in an order.`,
      stage: 'purchase',
      touchpoint: TP.paymentInfo,
      fromTouchpoint: TP.paymentFailed,
      toTouchpoint: TP.paymentInfo,
      comparedTo: [TP.checkoutStarted, TP.cart],
      expected: {
        minRepeats: e.loopAttempts[0],
        checkoutShare: e.loopChance,
        customerShare: round(e.loopChance * CUSTOMERS_PER_CHECKOUT_LOOP, 2),
        normalCustomerShare: round(e.paymentFailure * e.paymentRetryFailure * CUSTOMERS_PER_CHECKOUT_LOOP, 3),
        recoveryRate: e.loopRecovery,
      },
    },
    {
      kind: 'negative_touchpoint',
      description:
        `Deliveries disappoint: CSAT surveys about "${TP.homeDelivery}" (Survey Responded, survey 'csat', touchpoint_ref '${TP.homeDelivery}') ` +
        `average about ${meanScore(e.csatDelivery).toFixed(1)}/5 with mostly negative comments, against about ${meanScore(e.csatBaseline).toFixed(1)}/5 for every other surveyed touchpoint.`,
      stage: 'retention',
      touchpoint: TP.homeDelivery,
      channel: 'email',
      comparedTo: [TP.supportTicket, TP.returnsRequest, TP.storePurchase, TP.repeatPurchase, TP.returnsDesk],
      expected: {
        meanScore: round(meanScore(e.csatDelivery), 2),
        baselineMeanScore: round(meanScore(e.csatBaseline), 2),
        scaleMin: 1,
        scaleMax: 5,
        negativeShare: round(shareAtMost2(e.csatDelivery), 2),
        baselineNegativeShare: round(shareAtMost2(e.csatBaseline), 2),
      },
    },
    {
      kind: 'channel_inconsistency',
      description:
        `The app converts worse: carts started in the app ("${TP.addToCart}" with channel app) end in an order about ` +
        `${Math.round(cartToOrder(e, app) * 100)}% of the time, against ${Math.round(cartToOrder(e, 1) * 100)}% on the web — ` +
        `about ${Math.round((cartToOrder(e, app) / cartToOrder(e, 1)) * 100)}% of the web rate, with every purchase step weaker in the app.`,
      stage: 'purchase',
      touchpoint: TP.addToCart,
      fromTouchpoint: TP.addToCart,
      toTouchpoint: TP.orderCompleted,
      channel: 'app',
      comparedTo: ['web'],
      expected: {
        conversionRate: round(cartToOrder(e, app)),
        comparedConversionRate: round(cartToOrder(e, 1)),
        ratio: round(cartToOrder(e, app) / cartToOrder(e, 1), 2),
      },
    },
  ];
}
