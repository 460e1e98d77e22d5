/**
 * Support friction: contacts with customer support (events on the support, phone and chat
 * channels that are not a ticket's resolution or an outbound call) that keep customers waiting
 * or bring them back.
 * - Wait: each support touchpoint's waits against the pooled waits of the other touchpoints with
 *   the same channel and the same measure (a wait property, or a ticket's time to resolution),
 *   and each topic of a touchpoint against its other topics. A finding when the median is at
 *   least 2× the norm's and at least a minute longer; one-sided Mann–Whitney U on the waits.
 *   Waits of different channels are never compared (a call's hold, a ticket's resolution and a
 *   chat's queue are different things).
 * - Repeated contacts: the share of a touchpoint's contacts followed by another contact of the
 *   same customer about the same thing (order, else ticket, else topic) within the window,
 *   against every other support contact (a 5% tolerance when there are none). A finding when the
 *   share is at least 10%, 1.5× the norm and 5 points above it; one-sided two-proportion z-test.
 */
import type { RepeatContacts, SupportWaits } from '../store/duckdb/insight-sql.js';
import type { Candidate } from './finding.js';
import { counts, mannWhitney } from './mann-whitney.js';
import { twoProportionHigher } from './two-proportion.js';
import { proportionAbove, wilson } from './wilson.js';

export const WAIT_MIN_RATIO = 2;
export const WAIT_MIN_EXTRA_MINUTES = 1;
export const REPEAT_MIN_SHARE = 0.1;
export const REPEAT_MIN_LIFT = 1.5;
export const REPEAT_MIN_POINTS = 0.05;
export const REPEAT_TOLERANCE = 0.05;
const MIN_WAITS = 20;
const MIN_CONTACTS = 30;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)]! + s[Math.ceil(m)]!) / 2;
}

/** 40 s, 6 min, 3.0 h, 1.2 days */
export function minutesText(min: number): string {
  if (min < 1) return `${Math.round(min * 60)} s`;
  if (min < 90) return `${Math.round(min)} min`;
  if (min < 48 * 60) return `${(min / 60).toFixed(1)} h`;
  return `${(min / 1440).toFixed(1)} days`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const quoted = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

function waitCandidate(x: SupportWaits, siblings: readonly SupportWaits[], comparedTo: string): Candidate | null {
  const others = siblings.flatMap((s) => s.minutes);
  if (x.minutes.length < MIN_WAITS || others.length < MIN_WAITS) return null;
  const mx = median(x.minutes);
  const my = median(others);
  const t = mannWhitney(counts(x.minutes), counts(others));
  const ratio = my > 0 ? mx / my : mx > 0 ? 1000 : 1;
  const resolution = x.measure === 'resolution_time';
  const at = `"${x.touchpoint}"${x.topic !== null ? ` about ${x.topic}` : ''}`;
  const what = resolution ? `${at} tickets take a median ${minutesText(mx)} to be solved` : `Customers wait a median ${minutesText(mx)} at ${at}`;
  const todo = resolution
    ? 'Route these tickets to a queue that can settle them, give agents the authority and templates to close them in one reply, and tell customers when to expect an answer.'
    : x.channel === 'chat'
      ? 'Staff the chat for its peak hours, answer the most frequent questions with self-service before the queue, and show the expected wait.'
      : 'Offer a callback instead of holding, staff the line for its peak hours, and answer the most frequent questions in self-service.';
  return {
    kind: 'support_friction',
    where: {
      stage: x.stage,
      touchpoint: x.touchpoint,
      ...(resolution && x.resolvedAt ? { fromTouchpoint: x.touchpoint, toTouchpoint: x.resolvedAt } : {}),
      channel: x.channel,
      ...(x.topic !== null ? { topic: x.topic } : {}),
      measure: x.measure,
    },
    title: `${what}, against ${minutesText(my)} for ${comparedTo}`,
    magnitude: Math.min(ratio, 1000),
    magnitudeUnit: resolution ? 'ratio of median times to resolution (this queue ÷ comparable queues)' : 'ratio of median waits (this queue ÷ comparable queues)',
    severity: Math.min(1, Math.max(0, Math.log(Math.min(ratio, 1000)) / Math.log(10))),
    observed: mx,
    expected: my,
    test: 'Mann–Whitney U on waits (one-sided, normal approximation, tie-corrected)',
    statistic: t.z,
    p: t.pHigher,
    large: ratio >= WAIT_MIN_RATIO && mx - my >= WAIT_MIN_EXTRA_MINUTES,
    customers: x.customers,
    exampleCustomers: x.examples,
    opportunity: `Cut the wait at ${at}: ${minutesText(mx)} at the median, ${ratio >= 1000 ? 'many' : ratio.toFixed(1)}× the ${minutesText(my)} of ${comparedTo}. ${todo}`,
    evidence: {
      support: {
        measure: x.measure,
        unit: 'minutes',
        contacts: x.contacts,
        comparedTo: siblings.map((s) => (s.topic !== null ? `${s.touchpoint} / ${s.topic}` : s.touchpoint)),
        ...(x.resolvedAt ? { resolvedAt: x.resolvedAt } : {}),
      },
    },
  };
}

export function supportWaitCandidates(waits: readonly SupportWaits[]): Candidate[] {
  const out: Candidate[] = [];
  const queues = waits.filter((w) => w.topic === null);
  for (const x of queues) {
    const siblings = queues.filter((o) => o !== x && o.channel === x.channel && o.measure === x.measure);
    if (siblings.length === 0) continue;
    const c = waitCandidate(x, siblings, `other ${x.channel} contacts (${quoted(siblings.map((s) => s.touchpoint))})`);
    if (c) out.push(c);
  }
  const topics = waits.filter((w) => w.topic !== null);
  for (const x of topics) {
    const siblings = topics.filter((o) => o !== x && o.touchpoint === x.touchpoint && o.channel === x.channel && o.measure === x.measure);
    if (siblings.length === 0) continue;
    const c = waitCandidate(x, siblings, `other topics at "${x.touchpoint}"`);
    if (c) out.push(c);
  }
  return out;
}

export function repeatContactCandidates(rows: readonly RepeatContacts[], windowDays: number): Candidate[] {
  const out: Candidate[] = [];
  for (const r of rows) {
    if (r.contacts < MIN_CONTACTS || r.repeated === 0) continue;
    const rest = rows.filter((o) => o !== r);
    const n2 = rest.reduce((n, o) => n + o.contacts, 0);
    const k2 = rest.reduce((n, o) => n + o.repeated, 0);
    const pooled = n2 >= MIN_CONTACTS;
    const rate = r.repeated / r.contacts;
    const norm = pooled ? k2 / n2 : REPEAT_TOLERANCE;
    const t = pooled ? twoProportionHigher(r.repeated, r.contacts, k2, n2) : null;
    const z = t ? t.z : (rate - REPEAT_TOLERANCE) / Math.sqrt((REPEAT_TOLERANCE * (1 - REPEAT_TOLERANCE)) / r.contacts);
    const ci = wilson(r.repeated, r.contacts);
    const normText = pooled ? `${pct(norm)} at the other support touchpoints` : `a ${pct(REPEAT_TOLERANCE)} tolerance`;
    out.push({
      kind: 'support_friction',
      where: { stage: r.stage, touchpoint: r.touchpoint, channel: r.channel, measure: 'repeat_contacts' },
      title: `${pct(rate)} of contacts at "${r.touchpoint}" are followed by another contact about the same thing within ${windowDays} days, against ${normText}`,
      magnitude: rate,
      magnitudeUnit: `share of contacts followed by another about the same thing within ${windowDays} days`,
      severity: Math.min(1, rate / 0.3),
      observed: rate,
      expected: norm,
      test: pooled ? 'two-proportion z-test (one-sided)' : `one-sided z-test of the share against the ${pct(REPEAT_TOLERANCE)} tolerance`,
      statistic: z,
      p: t ? t.p : proportionAbove(r.repeated, r.contacts, REPEAT_TOLERANCE),
      interval: { ...ci, level: 0.95 },
      large: rate >= REPEAT_MIN_SHARE && rate >= REPEAT_MIN_LIFT * norm && rate - norm >= REPEAT_MIN_POINTS,
      customers: r.repeatCustomers,
      exampleCustomers: r.examples,
      opportunity: `Resolve at first contact at "${r.touchpoint}": ${r.repeatCustomers} customers had to come back about the same order or topic within ${windowDays} days (${pct(rate)} of its contacts, against ${normText}). Find what they come back about, give agents what they need to settle it the first time (order status, refund authority), and follow up before the customer has to.`,
      evidence: { support: { measure: 'repeat_contacts', unit: 'contacts', contacts: r.contacts, comparedTo: rest.map((o) => o.touchpoint), windowDays } },
    });
  }
  return out;
}
