/**
 * Free-text survey comments: varied, realistic and sometimes awkward for sentiment analysis
 * (sarcasm, negation, mixed feelings, typos, no comment at all). The sentiment follows the score;
 * the subject follows what was surveyed.
 */
import type { Rng } from './random.js';

export type Sentiment = 'positive' | 'neutral' | 'negative';
export type Subject = 'delivery' | 'support' | 'returns' | 'store' | 'checkout' | 'call' | 'overall';

const SPECIFIC: Record<Subject, Record<Sentiment, readonly string[]>> = {
  delivery: {
    positive: [
      'Parcel arrived a day early and well packed.',
      'Courier left it in the porch exactly as I asked.',
      'Tracking updates were spot on, knew exactly when it would come.',
      'Arrived in time for our trip, thank you!',
    ],
    neutral: ['Delivery took about as long as promised.', 'Came on the last day of the window.', 'Box was a bit big for a pair of socks but fine.'],
    negative: [
      'Parcel arrived four days late and the box was crushed.',
      'Courier left my tent out in the rain.',
      'Tracking said delivered, nothing here. Had to chase it for a week.',
      'Delivery window was all day and they still missed it.',
      'Second time the parcel went to the wrong address.',
      'Oh great, only took two weeks to arrive. Love that for me.',
      'Fantastic, my "express" delivery showed up after the trip was over.',
      'Brilliant, the box was delivered to my neighbour\'s bin. Again.',
      'I would not call this next-day delivery.',
    ],
  },
  support: {
    positive: ['Agent sorted it out in one reply.', 'Quick, friendly answer and the problem is solved.', "Didn't have to repeat myself once, great support."],
    neutral: ['Got an answer eventually.', 'Resolved, though I had to explain it twice.', 'Answer was ok, a bit generic.'],
    negative: [
      'Three emails and still no real answer.',
      'Wow, a copy-paste reply that ignored my question. Impressive.',
      'Not helpful in the slightest.',
      'Ticket closed without anyone fixing anything.',
    ],
  },
  returns: {
    positive: ['Return label came straight away and the refund was quick.', 'Easy exchange for a bigger size.'],
    neutral: ['Return was accepted, refund took a while.', 'Process works but the form is clunky.'],
    negative: [
      'Still waiting for my refund, days after sending it back.',
      'Nobody replied about my return for ages.',
      'Sure, waiting a week to be told to print a label is exactly what I wanted.',
      "Returning boots shouldn't be this hard.",
    ],
  },
  store: {
    positive: ['Staff really knew their stuff about boots.', 'Got fitted for a backpack, super helpful team.', 'Lovely store, no pressure to buy.'],
    neutral: ['Store was busy, found what I needed.', 'Queue at the till was long but moved.', 'Ok visit, limited sizes in stock.'],
    negative: [
      'Nobody around to help on the shop floor.',
      'The one size I needed was "online only". Great.',
      'Rude at the till, not going back to that store.',
    ],
  },
  checkout: {
    positive: ['Checkout took under a minute.', 'Paying with a saved card was painless.', 'Smooth checkout, no surprises.'],
    neutral: ['Checkout was fine.', 'A few too many steps but it worked.', 'Had to re-enter my address, otherwise ok.'],
    negative: ['The payment page kept timing out.', 'Why does it need my phone number to buy a hat?', 'Promo code would not apply, gave up twice.'],
  },
  call: {
    positive: ['Got through quickly and the agent was great.', 'Short wait, problem solved on the phone.'],
    neutral: ['Bit of a wait on hold, sorted in the end.', 'Agent was nice, hold music less so.'],
    negative: [
      'On hold for ages, then cut off.',
      'Sure, waiting 40 minutes on hold is exactly how I wanted to spend my lunch.',
      'Passed between three people, none could help.',
    ],
  },
  overall: {
    positive: [
      'Best outdoor shop I have used.',
      'Recommended you to my whole hiking group.',
      'Love the eco range and the quality.',
      'Great gear, fair prices, fast delivery.',
      'The Trail Journal guides are genuinely useful.',
    ],
    neutral: ['Good products, prices a bit high.', 'Decent shop, nothing special.', 'Some things great, some things meh.', 'Fine for basics.'],
    negative: [
      'Prices went up and quality went down.',
      'Would not recommend after my last order.',
      'Used to love this shop. Not any more.',
      'Yeah, "customer first". Sure.',
    ],
  },
};

const GENERAL: Record<Sentiment, readonly string[]> = {
  positive: ['Thanks!', 'Would buy again.', 'Not a single complaint.', 'Honestly better than I expected.', '10/10', 'Keep it up.', 'Really happy.'],
  neutral: ['It was fine.', 'Okay, nothing special.', 'Did the job.', 'Not bad, not great.', 'No strong feelings.', 'meh'],
  negative: ['Not happy at all.', 'Disappointing.', "Won't be ordering again.", 'Expected better.', 'Not impressed.', 'Never again.', 'Sort it out please.'],
};

/** A comment for a score; empty in about a quarter of responses (people skip the box). */
export function surveyComment(rng: Rng, sentiment: Sentiment, subject: Subject): string {
  const r = rng.next();
  if (r < 0.25) return '';
  const specific = rng.pick(SPECIFIC[subject][sentiment]);
  if (r < 0.6) return specific;
  if (r < 0.8) return `${specific} ${rng.pick(GENERAL[sentiment])}`;
  if (r < 0.93) return rng.pick(GENERAL[sentiment]);
  // lower-case, no punctuation, as typed on a phone
  return specific.toLowerCase().replace(/[.!]+$/, '');
}

/** Sentiment implied by a score: NPS 0–6 / 7–8 / 9–10, CSAT 1–2 / 3 / 4–5, CES 1–3 / 4–5 / 6–7. */
export function sentimentOf(survey: 'nps' | 'csat' | 'ces', score: number): Sentiment {
  const [neutralFrom, positiveFrom] = survey === 'nps' ? [7, 9] : survey === 'csat' ? [3, 4] : [4, 6];
  return score >= positiveFrom ? 'positive' : score >= neutralFrom ? 'neutral' : 'negative';
}
