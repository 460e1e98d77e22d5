/**
 * Tests of the demo generator: determinism, message shape, identity realism, catalogue coverage,
 * planted truths visible (and absent with plant:false), streaming memory and speed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { touchpointResolver } from '../domain/touchpoint.js';
import { DEFAULT_STAGES } from '../domain/stage.js';
import { DEFAULT_CHANNELS } from '../domain/channel.js';
import { demoCatalogue } from './catalogue.js';
import { demoManifest, generateDemo, type DemoOptions } from './generator.js';
import { contextEmail, demoMatchable, DemoMessageSchema, type DemoMessage } from './message.js';
import { measureDemo, median, type DemoMeasurements } from './measure.js';
import { PERSONAS } from './personas.js';

const catalogue = demoCatalogue();
const resolve = touchpointResolver(catalogue);
const touchpointNames = new Set(catalogue.touchpoints.map((t) => t.name));

function hashOf(opts: DemoOptions): string {
  const h = createHash('sha256');
  for (const m of generateDemo(opts)) h.update(JSON.stringify(m));
  return h.digest('hex');
}

/** Messages grouped per customer (the generator streams customer after customer). */
function* customers(opts: DemoOptions): Generator<DemoMessage[]> {
  let current: DemoMessage[] = [];
  let key = '';
  for (const m of generateDemo(opts)) {
    const k = m.message.messageId.slice(0, m.message.messageId.lastIndexOf('-'));
    if (k !== key && current.length > 0) {
      yield current;
      current = [];
    }
    key = k;
    current.push(m);
  }
  if (current.length > 0) yield current;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const memo = new Map<string, DemoMeasurements>();
function measured(plant: boolean, seed = 42): DemoMeasurements {
  const key = `${plant}-${seed}`;
  let m = memo.get(key);
  if (!m) memo.set(key, (m = measureDemo(generateDemo({ customers: 10_000, seed, plant }), catalogue)));
  return m;
}

test('same seed gives identical output, a different seed different output', () => {
  const a = hashOf({ customers: 300, seed: 42 });
  assert.equal(hashOf({ customers: 300, seed: 42 }), a);
  assert.notEqual(hashOf({ customers: 300, seed: 43 }), a);
  assert.notEqual(hashOf({ customers: 300, seed: 42, plant: false }), a);
  // customers are independent: the first 100 of 300 are the first 100 of 100
  const first100 = [...generateDemo({ customers: 300, seed: 42 })].filter((m) => Number(m.message.messageId.split('-')[1]) < 100);
  assert.deepEqual(first100, [...generateDemo({ customers: 100, seed: 42 })]);
});

test('every message is a valid DemoMessage, inside the window, time-ordered per customer, with unique ids', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  const end = new Date('2026-03-01T00:00:00Z');
  const ids = new Set<string>();
  let count = 0;
  for (const journey of customers({ customers: 1500, seed: 7, start, end })) {
    let last = '';
    for (const d of journey) {
      const parsed = DemoMessageSchema.safeParse(d);
      assert.ok(parsed.success, `${JSON.stringify(d)}: ${parsed.error?.message}`);
      const m = d.message;
      assert.ok(!ids.has(m.messageId), `duplicate ${m.messageId}`);
      ids.add(m.messageId);
      assert.ok(m.timestamp >= start.toISOString() && m.timestamp < end.toISOString(), m.timestamp);
      assert.ok(m.timestamp >= last, `out of order: ${m.timestamp} after ${last}`);
      last = m.timestamp;
      if (m.type === 'page') for (const k of ['path', 'url', 'title', 'time_on_page', 'session_id']) assert.ok(m.properties?.[k] !== undefined, `page without ${k}`);
      count++;
    }
  }
  assert.ok(count / 1500 >= 15 && count / 1500 <= 40, `${count / 1500} messages per customer`);
});

test('every message but identify resolves to a touchpoint with a channel and a stage', () => {
  const stages = new Set(DEFAULT_STAGES.map((s) => s.key));
  const channels = new Set<string>(DEFAULT_CHANNELS);
  for (const t of catalogue.touchpoints) {
    assert.ok(t.stage !== null && stages.has(t.stage), `${t.name}: stage ${t.stage}`);
    assert.ok(t.channel === null || channels.has(t.channel), `${t.name}: channel ${t.channel}`);
  }
  for (const d of generateDemo({ customers: 2000, seed: 11 })) {
    if (d.message.type === 'identify') continue;
    const r = resolve(demoMatchable(d));
    assert.ok(r.touchpoint !== null && r.channel !== null && r.stage !== null, `unresolved: ${JSON.stringify(d)}`);
    assert.ok(channels.has(r.channel), `${r.touchpoint}: channel ${r.channel}`);
  }
});

test('2,000 customers cover 4+ personas, the 8 core channels, all 5 stages and every touchpoint', () => {
  const m = measureDemo(generateDemo({ customers: 2000, seed: 5 }), catalogue);
  assert.equal(m.unresolved, 0);
  assert.ok(m.personas.size >= 4, `personas: ${[...m.personas]}`);
  for (const p of m.personas) assert.ok(PERSONAS.some((x) => x.key === p), p);
  for (const c of ['ads', 'web', 'email', 'social', 'store', 'phone', 'sms', 'app']) assert.ok(m.channels.has(c), `channel ${c} missing`);
  for (const s of DEFAULT_STAGES) assert.ok(m.stages.has(s.key), `stage ${s.key} missing`);
  const seen = new Set<string>();
  for (const d of generateDemo({ customers: 2000, seed: 5 })) if (d.message.type !== 'identify') seen.add(resolve(demoMatchable(d)).touchpoint ?? '');
  for (const t of touchpointNames) assert.ok(seen.has(t), `touchpoint ${t} never emitted`);
});

test('identity is realistic: anonymous first, identify later, second devices, e-mail-only silos', (t) => {
  let n = 0;
  let anonymousThenIdentified = 0;
  let twoDevices = 0;
  let twoDevicesLinked = 0;
  let neverIdentified = 0;
  for (const journey of customers({ customers: 3000, seed: 3 })) {
    n++;
    const identifiedDevices = new Set<string>();
    const anonIds = new Set<string>();
    const anonBefore = new Set<string>();
    let userIds = 0;
    let emails = 0;
    for (const { source, message: m } of journey) {
      if (m.anonymousId) anonIds.add(m.anonymousId);
      if (m.userId) userIds++;
      const email = contextEmail(m.context);
      if (email) {
        emails++;
        assert.match(email, /^[a-z]+\.[a-z]+\d+@example\.com$/);
      }
      if (source === 'hubspot' || source === 'zendesk' || source === 'surveys') {
        assert.ok(email && !m.userId && !m.anonymousId, `${source} must carry only the e-mail`);
      }
      if (source === 'pos') assert.ok(m.userId ? !email : email, 'pos: loyalty userId or e-mail, not both');
      if (m.type === 'identify') {
        if (m.anonymousId) {
          if (anonBefore.has(m.anonymousId)) anonymousThenIdentified++;
          identifiedDevices.add(m.anonymousId);
        }
        continue;
      }
      if (source === 'ads') {
        assert.ok(m.anonymousId && !m.userId, 'ad platforms know the browser/app id only');
        continue;
      }
      if (m.anonymousId && m.userId) assert.ok(identifiedDevices.has(m.anonymousId), 'userId on a device before it identified');
      if (m.anonymousId && !m.userId) {
        assert.ok(!identifiedDevices.has(m.anonymousId), 'identified device lost its userId');
        anonBefore.add(m.anonymousId);
      }
    }
    if (anonIds.size >= 2) {
      twoDevices++;
      if (identifiedDevices.size >= 2) twoDevicesLinked++;
    }
    if (userIds === 0 && emails === 0) neverIdentified++;
  }
  t.diagnostic(
    `of ${n} customers: ${pct(anonymousThenIdentified / n)} identify after anonymous events, ${pct(twoDevices / n)} use two devices ` +
      `(${twoDevicesLinked} with both linked), ${pct(neverIdentified / n)} never identify`,
  );
  assert.ok(anonymousThenIdentified / n > 0.15, `identify after anonymous events: ${anonymousThenIdentified / n}`);
  assert.ok(twoDevices / n > 0.08 && twoDevices / n < 0.22, `second device share ${twoDevices / n}`);
  assert.ok(twoDevicesLinked > 0, 'no second device ever linked');
  assert.ok(neverIdentified / n > 0.1, `anonymous-forever share ${neverIdentified / n}`);
});

test('the manifest names catalogue touchpoints and is computable without generating', () => {
  const m = demoManifest({ customers: 10_000, seed: 42 });
  assert.equal(m.start, '2026-05-05T00:00:00.000Z');
  assert.equal(m.end, '2026-11-01T00:00:00.000Z');
  assert.equal(m.planted, true);
  assert.ok(m.personas.length >= 4);
  assert.ok(Math.abs(m.personas.reduce((a, p) => a + p.share, 0) - 1) < 1e-9);
  assert.deepEqual(m.stages, ['awareness', 'consideration', 'purchase', 'retention', 'advocacy']);
  assert.deepEqual(new Set(m.plantedTruths.map((t) => t.kind)), new Set(['drop_off_hotspot', 'slow_step', 'loop', 'negative_touchpoint', 'channel_inconsistency']));
  for (const t of m.plantedTruths) {
    assert.ok(m.stages.includes(t.stage));
    for (const name of [t.touchpoint, t.fromTouchpoint, t.toTouchpoint]) if (name !== undefined) assert.ok(touchpointNames.has(name), `${t.kind}: ${name}`);
    if (t.kind !== 'channel_inconsistency') for (const name of t.comparedTo ?? []) assert.ok(touchpointNames.has(name), `${t.kind}: ${name}`);
    if (t.channel !== undefined) assert.ok(m.channels.includes(t.channel));
    assert.ok(Object.values(t.expected).every((x) => Number.isFinite(x)));
  }
  assert.deepEqual(demoManifest({ customers: 10, seed: 1, plant: false }).plantedTruths, []);
});

function truth(kind: string) {
  const t = demoManifest({ customers: 10_000, seed: 42 }).plantedTruths.find((x) => x.kind === kind);
  assert.ok(t, kind);
  return t;
}

test('planted drop-off: Checkout Started → Payment Info Entered converts far below the other purchase steps', (ctx) => {
  const t = truth('drop_off_hotspot');
  const steps = measured(true).steps;
  const hot = steps[`${t.fromTouchpoint} → ${t.toTouchpoint}`];
  assert.ok(hot && hot.n > 1000);
  const others = Object.entries(steps).filter(([k]) => k !== `${t.fromTouchpoint} → ${t.toTouchpoint}`);
  const minOther = Math.min(...others.map(([, r]) => r.rate));
  ctx.diagnostic(`hotspot ${hot.rate.toFixed(3)} (n=${hot.n}); other steps ${others.map(([k, r]) => `${k}: ${r.rate.toFixed(3)}`).join(', ')}`);
  assert.ok(hot.rate < 0.45 && minOther > 0.75 && hot.rate < 0.5 * minOther, JSON.stringify(steps));
  assert.ok(hot.rate > t.expected['appConversionRate']! - 0.05 && hot.rate < t.expected['conversionRate']! + 0.05);
});

test('planted slow step: returns tickets take ~10× longer to solve', (ctx) => {
  const t = truth('slow_step');
  const mins = measured(true).ticketMinutes;
  const slow = median(mins[t.fromTouchpoint!] ?? []);
  const normal = median(mins[t.comparedTo![0]!] ?? []);
  ctx.diagnostic(`median minutes: ${t.fromTouchpoint} ${slow} (n=${mins[t.fromTouchpoint!]?.length}), ${t.comparedTo![0]} ${normal} (n=${mins[t.comparedTo![0]!]?.length})`);
  assert.ok((mins[t.fromTouchpoint!] ?? []).length > 40);
  assert.ok(slow / normal > 5, `${slow} vs ${normal}`);
  assert.ok(Math.abs(slow / t.expected['medianMinutes']! - 1) < 0.35 && Math.abs(normal / t.expected['normalMedianMinutes']! - 1) < 0.35);
});

test('planted loop: ~20% of paying customers re-enter payment 3+ times in one checkout', (ctx) => {
  const t = truth('loop');
  const loop = measured(true).loopCustomers;
  ctx.diagnostic(`looping customers ${loop.k}/${loop.n} = ${loop.rate.toFixed(3)}`);
  assert.ok(loop.n > 1000);
  assert.ok(Math.abs(loop.rate - t.expected['customerShare']!) < 0.06, `${loop.rate}`);
});

test('planted negative touchpoint: Home Delivery CSAT far below every other surveyed touchpoint', (ctx) => {
  const t = truth('negative_touchpoint');
  const csat = measured(true).csat;
  const bad = csat[t.touchpoint!];
  ctx.diagnostic(Object.entries(csat).map(([k, c]) => `${k}: ${c.mean.toFixed(2)} (n=${c.n})`).join(', '));
  assert.ok(bad && bad.n > 200);
  assert.ok(Math.abs(bad.mean - t.expected['meanScore']!) < 0.3, `${bad.mean}`);
  for (const [ref, c] of Object.entries(csat)) if (ref !== t.touchpoint && c.n >= 20) assert.ok(c.mean > 3.8 && c.mean - bad.mean > 1.5, `${ref}: ${c.mean}`);
});

test('planted channel inconsistency: app carts convert at ~1/3 of web carts', (ctx) => {
  const t = truth('channel_inconsistency');
  const conv = measured(true).cartConversion;
  const app = conv[t.channel!];
  const web = conv[t.comparedTo![0]!];
  ctx.diagnostic(`cart → order: app ${app?.rate.toFixed(3)} (n=${app?.n}), web ${web?.rate.toFixed(3)} (n=${web?.n})`);
  assert.ok(app && web && app.n > 1000 && web.n > 1000);
  assert.ok(app.rate / web.rate < 0.5, `${app.rate} vs ${web.rate}`);
  assert.ok(Math.abs(app.rate - t.expected['conversionRate']!) < 0.04 && Math.abs(web.rate - t.expected['comparedConversionRate']!) < 0.05);
});

test('plant:false: the same computations find no outlier', (ctx) => {
  const m = measured(false);
  ctx.diagnostic(
    `steps ${Object.values(m.steps).map((r) => r.rate.toFixed(3))}; ticket medians ${Object.entries(m.ticketMinutes).map(([k, v]) => `${k} ${median(v)}`)}; ` +
      `loop ${m.loopCustomers.rate.toFixed(3)}; csat ${Object.entries(m.csat).map(([k, c]) => `${k} ${c.mean.toFixed(2)}`)}; ` +
      `cart → order ${Object.entries(m.cartConversion).map(([k, r]) => `${k} ${r.rate.toFixed(3)}`)}`,
  );
  const rates = Object.values(m.steps).map((r) => r.rate);
  assert.ok(Math.min(...rates) > 0.75 && Math.min(...rates) / Math.max(...rates) > 0.75, JSON.stringify(m.steps));
  const medians = Object.values(m.ticketMinutes).map(median);
  assert.ok(Math.max(...medians) / Math.min(...medians) < 1.5, `${medians}`);
  assert.ok(m.loopCustomers.rate < 0.05, `${m.loopCustomers.rate}`);
  const means = Object.values(m.csat).filter((c) => c.n >= 20).map((c) => c.mean);
  assert.ok(Math.max(...means) - Math.min(...means) < 0.5, `${means}`);
  const app = m.cartConversion['app']!.rate;
  const web = m.cartConversion['web']!.rate;
  assert.ok(app / web > 0.85 && app / web < 1.18, `${app} vs ${web}`);
});

test('streams 200k customers with a flat heap (and reports the speed)', (t) => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  let count = 0;
  const started = performance.now();
  for (const m of generateDemo({ customers: 200_000, seed: 99 })) {
    if (++count % 500_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (m.message.messageId.length === 0) throw new Error('empty id');
  }
  const seconds = (performance.now() - started) / 1000;
  gc();
  const growth = (process.memoryUsage().heapUsed - before) / 1e6;
  t.diagnostic(`${count} messages in ${seconds.toFixed(1)} s = ${Math.round(count / seconds).toLocaleString('en-US')} messages/s; heap growth ${growth.toFixed(1)} MB, peak +${((peak - before) / 1e6).toFixed(0)} MB`);
  assert.ok(count > 200_000 * 15);
  assert.ok(growth < 100, `heap grew ${growth} MB`);
});
