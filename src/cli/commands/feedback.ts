/**
 * `waymark feedback`: survey responses and their comments — summary per touchpoint, stage,
 * channel or persona (NPS, CSAT, CES, sentiment, emotions, top negative themes with quotes), the
 * list of responses, the emotion curve across stages, responses with invalid scores, the scoring
 * pass, and `analyse` for any text.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { analyseText } from '../../voc/analyse-text.js';
import { ensureScored, feedbackEmotionCurve, feedbackSummary, invalidFeedbackScores, listFeedback, type FeedbackSource } from '../../voc/feedback-reports.js';
import type { FeedbackGroup } from '../../voc/feedback-group.js';
import { FEEDBACK_GROUPS, type FeedbackFilter, type FeedbackGroupBy } from '../../store/duckdb/feedback-queries.js';
import type { Runtime } from '../../runtime.js';
import { dataOptions, intOption, print, resolveWorkspace, table, withRuntime } from '../shared.js';

type FilterOpts = Omit<FeedbackFilter, 'customerId'>;

function filterOptions(cmd: Command): Command {
  return cmd
    .option('--touchpoint <name>', 'only responses about this touchpoint')
    .option('--stage <key>', 'only responses about touchpoints of this stage')
    .option('--channel <name>', 'only responses about touchpoints of this channel')
    .option('--persona <name>', 'only responses of customers with this persona trait');
}

function filterOf(o: FilterOpts): FeedbackFilter {
  const f: FeedbackFilter = {};
  for (const k of ['touchpoint', 'stage', 'channel', 'persona', 'polarity', 'emotion', 'survey'] as const) if (o[k] !== undefined) f[k] = o[k];
  return f;
}

const src = (rt: Runtime): FeedbackSource => ({ db: rt.db, state: rt.state });
const fmt = (v: number | null, digits = 2) => (v === null ? '' : v.toFixed(digits));
const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : '');

function summaryTable(by: FeedbackGroupBy, groups: FeedbackGroup[], overall: FeedbackGroup): string {
  const row = (g: FeedbackGroup, name: string) => ({
    [by]: name,
    responses: g.responses,
    nps: g.nps === null ? '' : `${g.nps} (${g.npsResponses})`,
    csat: g.csatMean === null ? '' : `${fmt(g.csatMean)} (${g.csatResponses})`,
    ces: g.cesMean === null ? '' : `${fmt(g.cesMean)} (${g.cesResponses})`,
    sentiment: g.sentiment === null ? '' : `${fmt(g.sentiment)} (${g.texts})`,
    negative: pct(g.polarity.negative, g.texts),
    emotion: Object.entries(g.emotions).sort(([, a], [, b]) => b - a)[0]?.[0] ?? '',
    invalid: g.invalidScores || '',
  });
  const lines = [table([...groups.map((g) => row(g, g.key ?? '(none)')), row(overall, 'ALL')])];
  for (const g of groups.filter((x) => x.themes.length)) {
    lines.push('', `${g.key ?? '(none)'} — top negative themes:`);
    for (const t of g.themes) {
      lines.push(`  "${t.phrase}" in ${t.responses} responses`);
      for (const q of t.quotes) lines.push(`      ${q.customerId ?? '?'}: ${q.text.replace(/\s+/g, ' ')}`);
    }
  }
  return lines.join('\n');
}

export function feedbackCommand(program: Command): void {
  const feedback = program.command('feedback').description('feedback: survey scores (NPS, CSAT, CES) and comments with sentiment, emotion and negative themes');

  filterOptions(dataOptions(feedback.command('summary', { isDefault: true })))
    .description('per touchpoint (or --by stage|channel|persona): NPS, CSAT, CES, mean sentiment, emotions and the top negative themes with quotes')
    .addOption(new Option('--by <group>', 'group by').choices(FEEDBACK_GROUPS).default('touchpoint'))
    .option('--themes <n>', 'negative themes per group', intOption(0, 20), 3)
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const s = await feedbackSummary(src(rt), ws.id, { by: opts.by, filter: filterOf(opts), themes: opts.themes });
        print(opts.json, s, () => summaryTable(s.by, s.groups, s.overall));
      }),
    );

  filterOptions(dataOptions(feedback.command('list')))
    .description('responses, newest first, with score, sentiment, emotion and where they are about')
    .addOption(new Option('--polarity <p>', 'only this polarity').choices(['positive', 'neutral', 'negative']))
    .option('--emotion <e>', 'only this emotion (frustration, confusion, delight, disappointment, anger, gratitude)')
    .addOption(new Option('--survey <kind>', 'only this survey kind').choices(['nps', 'csat', 'ces']))
    .option('--limit <n>', 'rows', intOption(1, 10_000), 20)
    .option('--offset <n>', 'skip rows', intOption(0, 10_000_000), 0)
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const rows = await listFeedback(src(rt), ws.id, filterOf(opts), opts.limit, opts.offset);
        print(opts.json, rows, () =>
          table(
            rows.map((r) => ({ ...r, sentiment: Number(r.sentiment).toFixed(2) })),
            ['timestamp', 'customer_id', 'survey', 'score', 'touchpoint', 'stage', 'sentiment', 'polarity', 'emotion', 'comment'],
          ),
        );
      }),
    );

  filterOptions(dataOptions(feedback.command('curve')))
    .description('the emotion curve: mean comment sentiment per stage, scaled −2…+2, with counts')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const curve = await feedbackEmotionCurve(src(rt), ws.id, filterOf(opts));
        print(opts.json, curve, () => {
          const bar = (s: number | null) => (s === null ? '' : s < 0 ? `${'▇'.repeat(Math.round(-s * 10)).padStart(20)}|` : `${' '.repeat(20)}|${'▇'.repeat(Math.round(s * 10))}`);
          return table(curve.points.map((p) => ({ stage: p.label, score: p.score === null ? '' : p.score.toFixed(2), comments: p.texts, responses: p.responses, emotion: p.topEmotion ?? '', '-2 … +2': bar(p.score) })));
        });
      }),
    );

  dataOptions(feedback.command('invalid'))
    .description('responses whose score is outside its scale (left out of every aggregate), with their message ids')
    .option('--limit <n>', 'rows', intOption(1, 10_000), 100)
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const rows = await invalidFeedbackScores(src(rt), ws.id, opts.limit);
        print(opts.json, rows, () => table(rows, ['message_id', 'source', 'timestamp', 'survey', 'score', 'error']));
      }),
    );

  dataOptions(feedback.command('score'))
    .description('score survey responses not scored yet (incremental, idempotent; reads do it too)')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const r = await ensureScored(src(rt), ws.id);
        print(opts.json, r, () => `${r.scored} responses scored (${r.invalidScores} with a score outside its scale), ${r.removed} stale rows removed`);
      }),
    );

  feedback
    .command('analyse')
    .description('sentiment, emotion and language of the given texts (no database needed)')
    .argument('<text...>', 'one or more texts')
    .option('--json', 'print JSON')
    .action((texts: string[], opts) => {
      if (texts.some((t) => t.length > 10_000)) throw new InvalidArgumentError('texts are limited to 10,000 characters');
      const rows = texts.map((text) => ({ text, ...analyseText(text) }));
      print(opts.json, rows, () => table(rows, ['compound', 'polarity', 'emotion', 'language', 'sarcasm', 'text']));
    });
}
