/**
 * Plain in-memory measurements over a demo stream, used to check that planted truths show up
 * (and that control data stays quiet): funnel step rates per session, ticket times by touchpoint,
 * payment loops, CSAT by surveyed touchpoint, cart conversion by channel, and coverage. Streams:
 * keeps only per-customer state, so it can run over any number of customers.
 */
import { TP } from './catalogue.js';
import { demoMatchable, type DemoMessage } from './message.js';
import { touchpointResolver, type Catalogue } from '../domain/touchpoint.js';

export interface Ratio {
  n: number;
  k: number;
  rate: number;
}

export interface DemoMeasurements {
  messages: number;
  customers: number;
  unresolved: number;
  channels: Set<string>;
  stages: Set<string>;
  personas: Set<string>;
  /** Per session: reached A → also reached B. Keys "A → B" with touchpoint names. */
  steps: Record<string, Ratio>;
  /** Ticket Opened → Ticket Solved minutes, by the opening touchpoint. */
  ticketMinutes: Record<string, number[]>;
  /** Customers reaching payment who entered payment details 3+ times in one checkout. */
  loopCustomers: Ratio;
  /** Mean CSAT by touchpoint_ref. */
  csat: Record<string, { n: number; mean: number }>;
  /** Sessions with Add to Cart that end in an order, by resolved channel. */
  cartConversion: Record<string, Ratio>;
}

const STEPS: Array<[string, string]> = [
  [TP.addToCart, TP.cart],
  [TP.cart, TP.checkoutStarted],
  [TP.checkoutStarted, TP.paymentInfo],
  [TP.paymentInfo, TP.orderCompleted],
];
const ORDER = new Set<string>([TP.orderCompleted, TP.repeatPurchase]);

function ratio(n: number, k: number): Ratio {
  return { n, k, rate: n === 0 ? NaN : k / n };
}

export function measureDemo(messages: Iterable<DemoMessage>, catalogue: Catalogue): DemoMeasurements {
  const resolve = touchpointResolver(catalogue);
  const out = { messages: 0, customers: 0, unresolved: 0, channels: new Set<string>(), stages: new Set<string>(), personas: new Set<string>() };
  const stepCounts = STEPS.map(() => [0, 0]);
  const ticketMinutes: Record<string, number[]> = {};
  const csatSum: Record<string, [number, number]> = {};
  const cart: Record<string, [number, number]> = {};
  let loopN = 0;
  let loopK = 0;

  let customer = '';
  let sessions = new Map<string, { channel: string; reached: Set<string> }>();
  let payments = new Map<string, number>();
  let tickets = new Map<string, { tp: string; t: number }>();
  const flush = () => {
    for (const s of sessions.values()) {
      STEPS.forEach(([a, b], i) => {
        const c = stepCounts[i] as number[];
        if (s.reached.has(a)) {
          c[0]!++;
          if (s.reached.has(b) || (b === TP.orderCompleted && s.reached.has(TP.repeatPurchase))) c[1]!++;
        }
      });
      if (s.reached.has(TP.addToCart)) {
        const c = (cart[s.channel] ??= [0, 0]);
        c[0]++;
        if ([...ORDER].some((o) => s.reached.has(o))) c[1]++;
      }
    }
    if (payments.size > 0) {
      loopN++;
      if ([...payments.values()].some((n) => n >= 3)) loopK++;
    }
    sessions = new Map();
    payments = new Map();
    tickets = new Map();
  };

  for (const d of messages) {
    out.messages++;
    const m = d.message;
    const id = m.messageId.slice(0, m.messageId.lastIndexOf('-'));
    if (id !== customer) {
      if (customer !== '') flush();
      customer = id;
      out.customers++;
    }
    if (m.type === 'identify') {
      const persona = m.traits?.['persona'];
      if (typeof persona === 'string') out.personas.add(persona);
      continue;
    }
    const r = resolve(demoMatchable(d));
    if (r.touchpoint === null || r.channel === null || r.stage === null) {
      out.unresolved++;
      continue;
    }
    out.channels.add(r.channel);
    out.stages.add(r.stage);
    const p = m.properties ?? {};
    const sid = p['session_id'];
    if (typeof sid === 'string' && (r.stage === 'purchase' || ORDER.has(r.touchpoint))) {
      let s = sessions.get(sid);
      if (!s) sessions.set(sid, (s = { channel: r.channel, reached: new Set() }));
      s.reached.add(r.touchpoint);
    }
    if (r.touchpoint === TP.paymentInfo) {
      const co = String(p['checkout_id']);
      payments.set(co, (payments.get(co) ?? 0) + 1);
    }
    const t = Date.parse(m.timestamp);
    if (m.event === 'Ticket Opened') tickets.set(String(p['ticket_id']), { tp: r.touchpoint, t });
    if (m.event === 'Ticket Solved') {
      const open = tickets.get(String(p['ticket_id']));
      if (open) (ticketMinutes[open.tp] ??= []).push((t - open.t) / 60_000);
    }
    if (m.event === 'Survey Responded' && p['survey'] === 'csat') {
      const c = (csatSum[String(p['touchpoint_ref'])] ??= [0, 0]);
      c[0]++;
      c[1] += Number(p['score']);
    }
  }
  if (customer !== '') flush();

  return {
    ...out,
    steps: Object.fromEntries(STEPS.map(([a, b], i) => [`${a} → ${b}`, ratio(stepCounts[i]![0]!, stepCounts[i]![1]!)])),
    ticketMinutes,
    loopCustomers: ratio(loopN, loopK),
    csat: Object.fromEntries(Object.entries(csatSum).map(([k, [n, sum]]) => [k, { n, mean: sum / n }])),
    cartConversion: Object.fromEntries(Object.entries(cart).map(([k, [n, c]]) => [k, ratio(n, c)])),
  };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
