/**
 * The decode pool on real worker threads answers as the inline decoder does: the same verdicts on
 * good and bad request bodies, stored batches decoded in order across chunks, and a worker that
 * dies fails only what it held and is replaced.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredBatch } from '../../store/inbox.js';
import { OverloadedError } from '../ingest-service.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { DecodePool } from './decode-pool.js';
import { InlineDecoder } from './request-decoder.js';

const at = new Date('2026-11-02T10:00:05Z');
const bodies: Array<[Parameters<InlineDecoder['check']>[0], string]> = [
  ['segment:batch', JSON.stringify({ writeKey: 'wk_1', batch: [{ type: 'track', userId: 'u1', event: 'Signed Up' }, { type: 'identify', anonymousId: 'a1', traits: { email: 'A@x.io' } }] })],
  ['segment:batch', JSON.stringify({ batch: [{ type: 'track', userId: 'u1', event: '  ' }] })],
  ['segment:track', JSON.stringify({ userId: 'u2', event: 'Order Completed', timestamp: 'yesterday' })],
  ['segment:page', '{"userId": "u3", "name": "Pricing"'],
  ['segment:batch', '{"batch": [{"type": "track", "userId": "u", "event": "E", "__proto__": {"admin": true}}]}'],
  ['posthog', JSON.stringify({ api_key: 'phc_1', batch: [{ event: '$pageview', distinct_id: 'd1', properties: { $current_url: 'https://x.io/' } }] })],
  ['posthog', JSON.stringify({ api_key: 'phc_1', batch: [{ event: '', distinct_id: 'd1' }] })],
];

test('checks on worker threads give the inline verdicts: key, count, or the problems', async () => {
  const pool = new DecodePool(DEFAULT_LIMITS, 2);
  const inline = new InlineDecoder(DEFAULT_LIMITS);
  try {
    await pool.warm();
    const viaPool = await Promise.all(bodies.map(([kind, text]) => pool.check(kind, text, at)));
    const direct = await Promise.all(bodies.map(([kind, text]) => inline.check(kind, text, at)));
    assert.deepEqual(viaPool, direct);
    assert.deepEqual(viaPool[0], { key: 'wk_1', events: 2 });
    assert.ok('error' in viaPool[1]! && viaPool[1].error.problems.some((p) => p.where === 'batch[0].event'));
    assert.ok('error' in viaPool[3]! && /not valid JSON/.test(viaPool[3].error.message));
    assert.ok('error' in viaPool[4]!, 'a __proto__ key is refused as Fastify refuses it');
    assert.deepEqual(viaPool[5], { key: 'phc_1', events: 1 });
    const escaped = '{"batch": [{"type": "track", "userId": "u", "event": "E", "__pr\\u006fto__": {"admin": true}}]}';
    assert.ok('error' in (await pool.check('segment:batch', escaped, at)), 'also when the key is spelled with \\u escapes');
  } finally {
    await pool.close();
  }
});

test('stored batches decode in order across chunks, dates intact; an undecodable one says which', async () => {
  const pool = new DecodePool(DEFAULT_LIMITS, 2);
  try {
    const padding = 'p'.repeat(200_000); // a few batches per decode chunk
    const stored: StoredBatch[] = Array.from({ length: 9 }, (_, i) => ({
      seq: i + 1,
      workspaceId: 'ws',
      events: 1,
      kind: 'segment:batch',
      receivedAt: at,
      body: JSON.stringify({ batch: [{ type: 'track', messageId: `m${i}`, userId: 'u', event: 'E', timestamp: '2026-11-01T00:00:00Z' }], padding }),
    }));
    const decoded = await pool.decode(stored);
    assert.deepEqual(decoded.map((events) => events[0]!.messageId), stored.map((_, i) => `m${i}`));
    assert.ok(decoded[0]![0]!.timestamp instanceof Date);
    assert.equal(decoded[0]![0]!.timestamp.toISOString(), '2026-11-01T00:00:00.000Z');
    await assert.rejects(pool.decode([{ ...stored[0]!, seq: 42, body: '{"batch": []}' }]), /batch 42 could not be decoded.*at least one message/);
  } finally {
    await pool.close();
  }
});

test('a worker that dies fails what it held; the next request gets a new worker; a closed pool refuses', async () => {
  const pool = new DecodePool(DEFAULT_LIMITS, 1);
  await pool.warm();
  const slot = (pool as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } }> }).slots[0]!;
  const held = pool.check(...bodies[0]!, at);
  await slot.worker.terminate();
  await assert.rejects(held, /exited/);
  assert.deepEqual(await pool.check(...bodies[0]!, at), { key: 'wk_1', events: 2 });
  await pool.close();
  await assert.rejects(pool.check(...bodies[0]!, at), /closed/);
});

test('requests beyond the pending limit are refused as overloaded (a 503 over HTTP), not queued without bound', async () => {
  const pool = new DecodePool(DEFAULT_LIMITS, 1, 150_000);
  try {
    await pool.warm();
    const big = JSON.stringify({ batch: Array.from({ length: 400 }, (_, i) => ({ type: 'track', userId: `u${i}`, event: 'Signed Up', properties: { note: 'x'.repeat(200) } })) });
    const answers = await Promise.allSettled([pool.check('segment:batch', big, at), pool.check('segment:batch', big, at), pool.check('segment:batch', big, at)]);
    assert.equal(answers[0]!.status, 'fulfilled', 'the first is taken even when alone above the limit');
    const refused = answers.filter((a) => a.status === 'rejected');
    assert.ok(refused.length >= 1);
    assert.ok(refused.every((a) => a.status === 'rejected' && a.reason instanceof OverloadedError && /waiting to be checked/.test(a.reason.message)));
    assert.deepEqual(await pool.check('segment:batch', big, at), { key: null, events: 400 }, 'taken again once the workers caught up');
  } finally {
    await pool.close();
  }
});
