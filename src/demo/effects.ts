/**
 * The knobs behind the planted truths, in one place: the journey simulation reads them and the
 * manifest derives its expected numbers from them, so the two cannot drift apart. With
 * `plant: false` every knob takes its neutral value and the channels/steps behave uniformly.
 */

export interface Effects {
  plant: boolean;
  /** Per-attempt continuation rates of the online checkout funnel on the web site. */
  funnel: {
    /** Add to Cart → Cart */
    cart: number;
    /** Cart → Checkout Started */
    checkout: number;
    /** Checkout Started → Payment Info Entered (the drop-off hotspot when planted) */
    payment: number;
    /** Payment Info Entered → Order Completed, for a checkout outside the payment loop */
    order: number;
  };
  /** Neutral Checkout Started → Payment Info Entered rate (what it would be without the hotspot). */
  normalPaymentRate: number;
  /** Multiplier applied to every funnel step in the app (channel inconsistency when < 1). */
  appStepFactor: number;
  /** Probability a payment attempt outside the loop fails (and is retried), and that the retry fails again. */
  paymentFailure: number;
  paymentRetryFailure: number;
  /** Probability a checkout falls into the Payment Failed ⇄ Payment Info Entered loop. */
  loopChance: number;
  /** Payment attempts made inside the loop (inclusive range). */
  loopAttempts: [min: number, max: number];
  /** Probability a looping checkout finally succeeds. */
  loopRecovery: number;
  /** Median minutes from Ticket Opened to Ticket Solved, and its log-sd. */
  ticketMedianMinutes: number;
  returnsTicketMedianMinutes: number;
  ticketSigma: number;
  /** CSAT score weights for scores 1..5. */
  csatBaseline: readonly number[];
  csatDelivery: readonly number[];
}

const CSAT_BASELINE = [0.03, 0.04, 0.1, 0.35, 0.48] as const;

export function demoEffects(plant: boolean): Effects {
  const funnel = { cart: 0.92, checkout: 0.86, payment: 0.88, order: 0.95 };
  return {
    plant,
    funnel: plant ? { ...funnel, payment: 0.35 } : funnel,
    normalPaymentRate: funnel.payment,
    appStepFactor: plant ? 0.76 : 1,
    paymentFailure: 0.03,
    paymentRetryFailure: 0.25,
    loopChance: plant ? 0.15 : 0,
    loopAttempts: [3, 5],
    loopRecovery: 0.6,
    ticketMedianMinutes: 180,
    returnsTicketMedianMinutes: plant ? 1800 : 180,
    ticketSigma: 0.7,
    csatBaseline: CSAT_BASELINE,
    csatDelivery: plant ? [0.35, 0.33, 0.17, 0.1, 0.05] : CSAT_BASELINE,
  };
}

/**
 * Probability a checkout that reached payment ends in an order. Outside the loop a payment may
 * fail once and be retried; that retry succeeds like a first attempt, so only the loop matters.
 */
export function orderGivenPayment(e: Effects, stepFactor: number): number {
  return (1 - e.loopChance) * e.funnel.order * stepFactor + e.loopChance * e.loopRecovery * stepFactor;
}

/** Per-session probability that an Add to Cart ends in an order, for a funnel step multiplier. */
export function cartToOrder(e: Effects, stepFactor: number): number {
  const f = e.funnel;
  return f.cart * stepFactor * f.checkout * stepFactor * f.payment * stepFactor * orderGivenPayment(e, stepFactor);
}

/** Expected mean of a 1..n score distribution given by weights. */
export function meanScore(weights: readonly number[]): number {
  let total = 0;
  let sum = 0;
  weights.forEach((w, i) => {
    total += w;
    sum += w * (i + 1);
  });
  return sum / total;
}
