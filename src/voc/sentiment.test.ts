/**
 * Sentiment and emotion of comments: polarity accuracy on the labelled set (≥ 0.8, confusion
 * matrix printed), negation, sarcasm, emotions, and bad input (empty, other languages, emoji only,
 * huge text, not a string) that gets a neutral answer and never a crash.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { analyseText } from './analyse-text.js';
import { evaluatePolarity, formatConfusion, readLabelledCsv, splitHalves } from './polarity-evaluation.js';

const LABELLED = fileURLToPath(new URL('../../test/fixtures/sentiment/labelled.csv', import.meta.url));

test('polarity accuracy on the labelled comments is at least 0.8 (whole set and held-out half)', () => {
  const rows = readLabelledCsv(LABELLED);
  assert.ok(rows.length >= 200, `${rows.length} labelled comments`);
  for (const l of ['positive', 'neutral', 'negative']) assert.ok(rows.filter((r) => r.label === l).length >= 40, l);
  const all = evaluatePolarity(rows);
  const heldOut = evaluatePolarity(splitHalves(rows).heldOut);
  console.log(`all\n${formatConfusion(all)}\nheld-out half\n${formatConfusion(heldOut)}`);
  assert.ok(all.accuracy >= 0.8, `accuracy ${all.accuracy}\n${formatConfusion(all)}`);
  assert.ok(heldOut.accuracy >= 0.8, `held-out accuracy ${heldOut.accuracy}\n${formatConfusion(heldOut)}`);
});

test('negation: negated praise is negative, negated complaints are positive', () => {
  assert.equal(analyseText('Not happy at all.').polarity, 'negative');
  assert.equal(analyseText('Not impressed').polarity, 'negative');
  assert.equal(analyseText('Not bad at all, actually pretty good.').polarity, 'positive');
  assert.equal(analyseText('No problems whatsoever.').polarity, 'positive');
  assert.equal(analyseText('Never again.').polarity, 'negative');
  assert.equal(analyseText('The parcel was not late.').polarity, 'positive');
});

test('sarcasm: praise about a failure is negative and flagged; plain praise is not', () => {
  for (const t of ['Great, another delay.', 'Oh great, only took two weeks to arrive. Love that for me.', 'Thanks for nothing.', 'Sure, waiting 40 minutes on hold is exactly how I wanted to spend my lunch.']) {
    const a = analyseText(t);
    assert.equal(a.polarity, 'negative', t);
    assert.equal(a.sarcasm, true, t);
  }
  const plain = analyseText('Great, it arrived early!');
  assert.equal(plain.polarity, 'positive');
  assert.equal(plain.sarcasm, false);
});

test('emotions are told where the words say so, and only with a fitting polarity', () => {
  assert.equal(analyseText('Still waiting for my refund, days after sending it back.').emotion, 'frustration');
  assert.equal(analyseText('Onboarding was confusing and the docs are out of date.').emotion, 'confusion');
  assert.equal(analyseText('Disappointing.').emotion, 'disappointment');
  assert.equal(analyseText('Rude at the till, not going back to that store.').emotion, 'anger');
  assert.equal(analyseText('Thanks so much for sorting this out!').emotion, 'gratitude');
  assert.equal(analyseText('Love it ❤️').emotion, 'delight');
  assert.equal(analyseText('Ordered a size 9.').emotion, null);
  assert.equal(analyseText('Not happy at all.').emotion === 'delight', false);
});

test('bad input: empty, other languages, emoji only, numbers, huge or non-string text never crash', () => {
  for (const t of ['', '   ', '\n\t']) assert.deepEqual(analyseText(t), { compound: 0, polarity: 'neutral', emotion: null, language: 'none', sarcasm: false });
  for (const t of ['Das Paket ist angekommen, aber zu spät.', 'Pedido llegó tarde y roto.', 'Livraison reçue, très bien.', '配送が遅かった', 'Доставка опоздала']) {
    const a = analyseText(t);
    assert.equal(a.language, 'unknown', t);
    assert.equal(a.polarity, 'neutral', t);
    assert.equal(a.emotion, null, t);
  }
  assert.equal(analyseText('😡').polarity, 'negative');
  assert.equal(analyseText('👍').polarity, 'positive');
  assert.equal(analyseText('12345').polarity, 'neutral');
  assert.equal(analyseText('late '.repeat(50_000)).polarity, 'negative');
  assert.equal(analyseText(null).polarity, 'neutral');
  assert.equal(analyseText(undefined).polarity, 'neutral');
  assert.equal(analyseText(42 as unknown as string).polarity, 'neutral');
  for (const t of ['???', '!!!', '"', "'", '\\', '\u0000', '\uD800', 'a'.repeat(10_001)]) assert.doesNotThrow(() => analyseText(t), t);
});
