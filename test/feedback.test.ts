/**
 * Feedback as a user reaches it, on demo data: the HTTP API (the planted badly rated Home Delivery
 * shows in CSAT and in comment sentiment, themes with quotes, the emotion curve, invalid scores
 * reported and never counted, idempotent scoring, secret key, 400s, tenant isolation) and
 * `waymark feedback` as a subprocess on SurveyMonkey and Qualtrics imports.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { openDemoTestApp, type DemoTestApp } from '../src/testing/test-app.js';
import type { NewWorkspace } from '../src/store/state-store.js';
import type { FeedbackGroup } from '../src/voc/feedback-group.js';

let t: DemoTestApp;
let app: FastifyInstance;
let ws: NewWorkspace;
let other: NewWorkspace;

before(async () => {
  t = await openDemoTestApp('feedback', { customers: 500, seed: 11 });
  ({ app, ws, other } = t);
});

after(() => t.close());

const auth = (w: NewWorkspace) => ({ authorization: `Bearer ${w.secretKey}` });
const get = (url: string, w: NewWorkspace = ws) => app.inject({ method: 'GET', url, headers: auth(w) });
const basic = (key: string) => 'Basic ' + Buffer.from(`${key}:`).toString('base64');

test('the planted badly rated Home Delivery shows in CSAT and in comment sentiment, with themes and quotes', async () => {
  const r = await get('/v1/feedback/summary?by=touchpoint');
  assert.equal(r.statusCode, 200, r.body);
  const s = r.json() as { overall: FeedbackGroup; groups: FeedbackGroup[] };
  const hd = s.groups.find((g) => g.key === 'Home Delivery');
  assert.ok(hd, JSON.stringify(s.groups.map((g) => g.key)));
  const others = s.groups.filter((g) => g.key !== 'Home Delivery' && g.csatResponses > 0);
  const otherCsat = others.reduce((n, g) => n + g.csatMean! * g.csatResponses, 0) / others.reduce((n, g) => n + g.csatResponses, 0);
  console.log(`Home Delivery CSAT ${hd.csatMean} (${hd.csatResponses}) vs other touchpoints ${otherCsat.toFixed(2)}; sentiment ${hd.sentiment} (${hd.texts}) vs overall ${s.overall.sentiment}`);
  assert.ok(hd.csatResponses >= 20, `${hd.csatResponses} CSAT responses`);
  assert.ok(hd.csatMean! < 2.8 && otherCsat > 3.6, `CSAT ${hd.csatMean} vs ${otherCsat}`);
  assert.ok(hd.sentiment! < 0 && hd.sentiment! < s.overall.sentiment! - 0.2, `sentiment ${hd.sentiment} vs ${s.overall.sentiment}`);
  // Most negative first: Home Delivery leads among touchpoints with a fair number of comments.
  assert.equal(s.groups.filter((g) => g.texts >= 20)[0]!.key, 'Home Delivery');
  assert.ok(hd.polarity.negative > hd.polarity.positive);
  assert.ok(hd.themes.length > 0);
  for (const t of hd.themes) {
    assert.ok(t.responses >= 2);
    assert.ok(t.quotes.length > 0 && t.quotes.every((q) => q.customerId?.startsWith('cus_') && q.text.toLowerCase().includes(t.phrase.split(' ')[0]!)), JSON.stringify(t));
  }
  assert.ok(Object.keys(hd.emotions).length > 0);
  assert.equal(s.overall.invalidScores, 0);
});

test('by stage, channel and persona; the emotion curve follows the stage model with counts', async () => {
  for (const by of ['stage', 'channel', 'persona']) {
    const r = await get(`/v1/feedback/summary?by=${by}&themes=0`);
    assert.equal(r.statusCode, 200, r.body);
    const s = r.json() as { groups: FeedbackGroup[]; overall: FeedbackGroup };
    assert.ok(s.groups.length >= 2, by);
    assert.equal(s.groups.reduce((n, g) => n + g.responses, 0), s.overall.responses, by);
    assert.ok(s.groups.every((g) => g.themes.length === 0));
  }
  const personas = (await get('/v1/feedback/summary?by=persona')).json().groups as FeedbackGroup[];
  assert.ok(personas.some((g) => g.key === 'busy_parent'));
  const curve = (await get('/v1/feedback/curve')).json();
  assert.deepEqual(curve.points.map((p: { stage: string }) => p.stage), ['awareness', 'consideration', 'purchase', 'retention', 'advocacy']);
  const retention = curve.points.find((p: { stage: string }) => p.stage === 'retention');
  assert.ok(retention.texts > 0 && retention.score >= -2 && retention.score <= 2);
  // Home Delivery is a retention touchpoint: retention reads worse than purchase.
  const purchase = curve.points.find((p: { stage: string }) => p.stage === 'purchase');
  assert.ok(retention.score < purchase.score, `retention ${retention.score} vs purchase ${purchase.score}`);
  const list = await get('/v1/feedback?touchpoint=Home%20Delivery&polarity=negative&limit=5');
  assert.equal(list.statusCode, 200);
  const rows = list.json().responses as Array<Record<string, unknown>>;
  assert.equal(rows.length, 5);
  assert.ok(rows.every((x) => x.touchpoint === 'Home Delivery' && x.polarity === 'negative' && x.stage === 'retention' && typeof x.customer_id === 'string'));
});

test('a score outside its scale is reported with its message id and never counted; scoring is idempotent', async () => {
  const before = (await get('/v1/feedback/summary?by=touchpoint&themes=0')).json().overall as FeedbackGroup;
  const send = (messageId: string, survey: string, score: unknown, comment: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { authorization: basic(ws.writeKey) },
      payload: { messageId, userId: 'survey-tester', event: 'Survey Responded', timestamp: '2026-09-01T10:00:00Z', properties: { survey, score, comment, touchpoint_ref: 'Home Delivery' } },
    });
  for (const [id, kind, score] of [['bad-nps-11', 'nps', 11], ['bad-csat-0', 'csat', 0], ['good-csat-5', 'csat', 5]] as const) assert.equal((await send(id, kind, score, 'Arrived on time.')).statusCode, 200);
  const scored = await app.inject({ method: 'POST', url: '/v1/feedback/score', headers: auth(ws) });
  assert.equal(scored.statusCode, 200);
  assert.deepEqual(scored.json(), { scored: 3, invalidScores: 2, removed: 0 });
  const again = await app.inject({ method: 'POST', url: '/v1/feedback/score', headers: auth(ws) });
  assert.deepEqual(again.json(), { scored: 0, invalidScores: 0, removed: 0 });
  const invalid = (await get('/v1/feedback/invalid')).json().invalid as Array<{ message_id: string; error: string }>;
  assert.deepEqual(invalid.map((i) => i.message_id).sort(), ['bad-csat-0', 'bad-nps-11']);
  assert.match(invalid.find((i) => i.message_id === 'bad-nps-11')!.error, /NPS score 11 is outside its scale/);
  const after = (await get('/v1/feedback/summary?by=touchpoint&themes=0')).json().overall as FeedbackGroup;
  assert.equal(after.responses, before.responses + 3);
  assert.equal(after.invalidScores, 2);
  assert.equal(after.npsResponses, before.npsResponses);
  assert.equal(after.csatResponses, before.csatResponses + 1);
});

test('secret key, 400s that name the field, tenant isolation, and text analysis over HTTP', async () => {
  assert.equal((await app.inject({ method: 'GET', url: '/v1/feedback/summary' })).statusCode, 401);
  for (const [url, where] of [
    ['/v1/feedback/summary?by=page', 'query.by'],
    ['/v1/feedback/summary?themes=99', 'query.themes'],
    ['/v1/feedback?polarity=furious', 'query.polarity'],
    ['/v1/feedback?limit=0', 'query.limit'],
  ] as const) {
    const r = await get(url);
    assert.equal(r.statusCode, 400, `${url} → ${r.body}`);
    assert.ok(r.json().error.problems.some((p: { where: string }) => p.where === where), r.body);
  }
  const theirs = (await get('/v1/feedback/summary', other)).json();
  assert.equal(theirs.overall.responses, 0);
  assert.deepEqual(theirs.groups, []);
  const a = await app.inject({ method: 'POST', url: '/v1/feedback/analyse', headers: auth(ws), payload: { texts: ['', 'Das Paket ist nie angekommen.', 'Great, another delay.'] } });
  assert.equal(a.statusCode, 200, a.body);
  const [empty, german, sarcastic] = a.json().results;
  assert.equal(empty.polarity, 'neutral');
  assert.equal(german.language, 'unknown');
  assert.equal(german.polarity, 'neutral');
  assert.equal(sarcastic.polarity, 'negative');
  assert.equal((await app.inject({ method: 'POST', url: '/v1/feedback/analyse', headers: auth(ws), payload: { texts: [] } })).statusCode, 400);
});

const exec = promisify(execFile);
const cli = (args: string[]) => exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, WAYMARK_DB: join(t.dir, 'cli.duckdb') } });

test('waymark feedback on SurveyMonkey and Qualtrics imports: one model, invalid scores listed by message id', async () => {
  await cli(['workspace', 'create', 'Acme']);
  const monkey = readFileSync('test/fixtures/import/surveymonkey-responses.csv', 'utf8');
  // One more respondent with an NPS of 11: imported, reported, not counted.
  const bad = monkey.trimEnd() + '\n114000099,431000002,03/07/2024 10:00:00 AM,03/07/2024 10:01:00 AM,198.51.100.99,zed@example.com,Zed,Q,,11,Never again.\n';
  writeFileSync(join(t.dir, 'monkey.csv'), bad);
  await cli(['import', join(t.dir, 'monkey.csv'), '--source', 'surveymonkey-responses']);
  await cli(['import', 'test/fixtures/import/qualtrics-responses.csv', '--source', 'qualtrics-responses']);
  const list = JSON.parse((await cli(['feedback', 'list', '--json', '--limit', '100'])).stdout) as Array<Record<string, unknown>>;
  assert.equal(list.length, 19);
  const carla = list.find((r) => r.message_id === 'surveymonkey-114000003')!;
  assert.equal(carla.survey, 'nps');
  assert.equal(carla.score, 3);
  assert.equal(carla.polarity, 'negative');
  const q = list.find((r) => r.message_id === 'qualtrics-R_1aaaaaaaaaaaaa1')!;
  assert.equal(q.survey, 'nps');
  assert.equal(q.score, 9);
  assert.equal(q.polarity, 'positive');
  const summary = JSON.parse((await cli(['feedback', '--json'])).stdout);
  assert.equal(summary.overall.npsResponses, 18);
  assert.equal(summary.overall.invalidScores, 1);
  const invalid = (await cli(['feedback', 'invalid'])).stdout;
  assert.match(invalid, /surveymonkey-114000099/);
  assert.match(invalid, /NPS score 11 is outside its scale/);
  const table = (await cli(['feedback', '--by', 'channel'])).stdout;
  assert.match(table, /channel\s+responses\s+nps/);
  assert.match(table, /survey/);
  const analysed = JSON.parse((await cli(['feedback', 'analyse', '--json', 'Not bad at all', 'Never again.'])).stdout);
  assert.deepEqual(analysed.map((a: { polarity: string }) => a.polarity), ['positive', 'negative']);
});
