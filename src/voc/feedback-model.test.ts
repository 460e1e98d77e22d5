/**
 * The feedback model without a database: scores checked against their scale (NPS 0–10, CSAT 1–5,
 * CES 1–7), responses read the same from the demo's events and the SurveyMonkey/Qualtrics
 * presets' properties, negative themes with quotes, and the emotion curve in stage order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_STAGES } from '../domain/stage.js';
import { emotionCurve } from './emotion-curve.js';
import { readResponse } from './feedback-response.js';
import { groupFromRow } from './feedback-group.js';
import { checkScore } from './survey-scale.js';
import { negativeThemes } from './themes.js';

test('scores outside their scale are errors that say why, never values', () => {
  assert.deepEqual(checkScore('nps', 10), { score: 10, error: null });
  assert.deepEqual(checkScore('nps', 0), { score: 0, error: null });
  assert.match(checkScore('nps', 11).error!, /NPS score 11 is outside its scale \(whole numbers 0–10\)/);
  assert.match(checkScore('csat', 0).error!, /CSAT score 0 is outside/);
  assert.match(checkScore('ces', 8).error!, /CES score 8/);
  assert.match(checkScore('csat', 4.5).error!, /outside its scale/);
  assert.match(checkScore('nps', 'very').error!, /not a number/);
  assert.match(checkScore(null, 5).error!, /without a survey kind/);
  assert.deepEqual(checkScore('csat', undefined), { score: null, error: null });
  assert.deepEqual(checkScore('nps', '9 - Very likely'), { score: 9, error: null });
  assert.equal(checkScore('nps', Number.NaN).score, null);
});

test('a response reads the same from the demo, SurveyMonkey and Qualtrics properties', () => {
  const demo = readResponse({ survey: 'csat', score: 1, comment: 'Parcel arrived four days late and the box was crushed.', touchpoint_ref: 'Home Delivery' });
  assert.equal(demo.survey, 'csat');
  assert.equal(demo.score, 1);
  assert.equal(demo.touchpointRef, 'Home Delivery');
  assert.equal(demo.text.polarity, 'negative');
  const monkey = readResponse({ survey: 'nps', score: 10, comment: 'Fast, friendly support', respondent_id: '114000001' });
  assert.equal(monkey.score, 10);
  assert.equal(monkey.text.polarity, 'positive');
  const qualtrics = readResponse({ score: 4, nps_group: 'Detractor', comment: 'Crashes, still', response_id: 'R_1' });
  assert.equal(qualtrics.survey, 'nps');
  assert.equal(qualtrics.score, 4);
  const bad = readResponse({ survey: 'NPS', score: 11, comment: '' });
  assert.equal(bad.survey, 'nps');
  assert.equal(bad.score, null);
  assert.match(bad.scoreError!, /NPS score 11/);
  assert.equal(bad.comment, null);
  const unknownKind = readResponse({ survey: 'stars', score: 3 });
  assert.match(unknownKind.scoreError!, /unknown survey kind "stars"/);
  assert.doesNotThrow(() => readResponse({ survey: 7, score: { x: 1 }, comment: ['a'] }));
});

test('negative themes: frequent phrases over negative comments, with the most negative quotes', () => {
  const c = (i: number, text: string, sentiment = -0.5) => ({ messageId: `m${i}`, customerId: `c${i}`, text, sentiment });
  const themes = negativeThemes([
    c(1, 'Parcel arrived four days late.', -0.6),
    c(2, 'Four days late again, box crushed.', -0.8),
    c(3, 'Box crushed and late.'),
    c(4, 'Four days late!'),
    c(5, 'Nobody answered.'),
  ]);
  assert.equal(themes[0]!.phrase, 'four days late');
  assert.equal(themes[0]!.responses, 3);
  assert.equal(themes[0]!.quotes[0]!.customerId, 'c2');
  assert.ok(themes.some((t) => t.phrase === 'box crushed'));
  assert.ok(themes.every((t) => t.responses >= 2));
  assert.deepEqual(negativeThemes([]), []);
});

test('emotion curve: stages in model order, −2…+2, null where nothing was said', () => {
  const g = (key: string, sentiment: number, texts: number) => ({ ...groupFromRow({ key, responses: texts, texts, sentiment_mean: sentiment }), emotions: { frustration: 2 } });
  const curve = emotionCurve(DEFAULT_STAGES, [g('retention', -0.25, 10), g('purchase', 0.5, 4), g('nowhere', 0.1, 3)]);
  assert.deepEqual(
    curve.points.map((p) => [p.stage, p.score, p.texts]),
    [
      ['awareness', null, 0],
      ['consideration', null, 0],
      ['purchase', 1, 4],
      ['retention', -0.5, 10],
      ['advocacy', null, 0],
    ],
  );
  assert.equal(curve.points[3]!.topEmotion, 'frustration');
  assert.equal(curve.unstagedTexts, 3);
});

test('a Qualtrics open-text answer in a question-id column is the comment', () => {
  const r = readResponse({ q2: 'Support is great', survey: 'nps', score: 9, nps_group: 'Promoter', q3: '7' });
  assert.equal(r.comment, 'Support is great');
  assert.equal(r.text.polarity, 'positive');
});
