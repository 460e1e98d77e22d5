/**
 * `waymark findings`: list the kept findings (kind, where, magnitude, confidence, customers),
 * `findings run` to recompute them, `findings show ID` with history, `findings dismiss ID`,
 * `findings link ID --owner … --status …`, and `findings health` (journey health score).
 */
import type { Command } from 'commander';
import { type FindingEvidence, whereText } from '../../insight/finding.js';
import { confidenceText, magnitudeText } from '../../insight/format.js';
import { InsightService } from '../../insight/service.js';
import type { Runtime } from '../../runtime.js';
import { insightDb, type StoredFinding } from '../../store/duckdb/insight-store.js';
import { CliError, dataOptions, print, resolveWorkspace, table, withRuntime } from '../shared.js';

const service = (rt: Runtime) => new InsightService({ db: insightDb(rt.events), analytics: rt.analytics, state: rt.state });

function rows(list: StoredFinding[]) {
  return list.map((f) => ({
    id: f.id,
    kind: f.kind,
    where: whereText(f.where),
    magnitude: magnitudeText(f),
    confidence: confidenceText(f.confidence),
    customers: f.customers,
    status: f.active ? f.status : `${f.status} (not found in last run)`,
  }));
}

const COLUMNS = ['id', 'kind', 'where', 'magnitude', 'confidence', 'customers', 'status'];

export function findingsCommand(program: Command): void {
  const cmd = program.command('findings').description('pain points found in the journeys: drop-offs, slow steps, loops, negative touchpoints, channel gaps, churn');
  dataOptions(cmd.command('list', { isDefault: true }))
    .description('the findings of the last run, most severe first (dismissed ones hidden unless --all)')
    .option('--all', 'include dismissed findings and those the last run no longer found')
    .option('--kind <kind>', 'only this kind')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const s = service(rt);
        const list = await s.store.list(ws.id, { all: opts.all, kind: opts.kind });
        const last = await s.store.lastRun(ws.id);
        print(opts.json, { lastRun: last, findings: list }, () =>
          (last ? `last run ${last.at}: ${last.found} findings from ${last.tested} tests\n` : 'no findings run yet: `waymark findings run`\n') + table(rows(list), COLUMNS),
        );
      }),
    );
  dataOptions(cmd.command('run'))
    .description('recompute the findings now and keep them (a re-run updates findings with the same kind and place)')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const r = await service(rt).run(ws.id);
        print(opts.json, r, () => `${r.run.found} findings from ${r.run.tested} tests in ${r.run.tookMs} ms\n` + table(rows(r.findings), COLUMNS));
      }),
    );
  dataOptions(cmd.command('show <id>'))
    .description('one finding: figures, test, example customers, opportunity and history')
    .option('--json', 'print JSON')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const s = service(rt);
        const f = await s.store.get(ws.id, id);
        if (!f) throw new CliError(`no finding "${id}"; \`waymark findings --all\` lists them`);
        const history = await s.store.history(ws.id, id);
        print(opts.json, { ...f, history }, () =>
          [
            `${f.id}  ${f.kind}  ${whereText(f.where)}  [${f.status}${f.owner ? `, owner ${f.owner}` : ''}${f.opportunityStatus ? `, ${f.opportunityStatus}` : ''}]`,
            f.title,
            `magnitude: ${magnitudeText(f)} (${f.magnitudeUnit}); observed ${f.observed.toPrecision(3)}, expected ${f.expected.toPrecision(3)}`,
            `confidence: ${f.confidence.test}, statistic ${f.confidence.statistic.toFixed(2)}, p ${f.confidence.p.toPrecision(2)}, q ${f.confidence.q.toPrecision(2)}`,
            `customers affected: ${f.customers}; examples: ${f.exampleCustomers.join(', ')}`,
            `opportunity: ${f.opportunity}`,
            ...evidenceLines(f.evidence),
            `history: ${history.map((h) => `${h.at} ${h.magnitude.toPrecision(3)}`).join('; ')}`,
          ].join('\n'),
        );
      }),
    );
  dataOptions(cmd.command('dismiss <id>'))
    .description('dismiss a finding (it stays dismissed when later runs find it again)')
    .option('--note <text>', 'why')
    .option('--json', 'print JSON')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const f = await service(rt).store.triage(ws.id, id, { status: 'dismissed', note: opts.note });
        if (!f) throw new CliError(`no finding "${id}"`);
        print(opts.json, f, () => `dismissed ${f.id} (${f.kind}, ${whereText(f.where)})`);
      }),
    );
  dataOptions(cmd.command('link <id>'))
    .description('link a finding to an opportunity with an owner and a status')
    .requiredOption('--owner <name>', 'who owns the opportunity')
    .option('--status <status>', 'the opportunity status (free text, e.g. planned, in progress, done)', 'planned')
    .option('--note <text>', 'the opportunity in your words')
    .option('--json', 'print JSON')
    .action(async (id: string, opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const f = await service(rt).store.triage(ws.id, id, { status: 'linked', owner: opts.owner, opportunityStatus: opts.status, note: opts.note });
        if (!f) throw new CliError(`no finding "${id}"`);
        print(opts.json, f, () => `linked ${f.id} to an opportunity: owner ${f.owner}, status ${f.opportunityStatus}`);
      }),
    );
  dataOptions(cmd.command('health'))
    .description('journey health score (0–100) per stage and overall, with the findings and KPIs that move it')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withRuntime(opts, async (rt) => {
        const ws = await resolveWorkspace(rt, opts.workspace);
        const h = await service(rt).health(ws.id);
        print(opts.json, h, () =>
          [
            `overall: ${h.overall ?? '-'}   (${h.formula})`,
            ...h.stages.map((s) =>
              [`${s.stage.padEnd(14)} ${String(s.score).padStart(5)}  customers ${s.kpis.customers}${s.kpis.csat !== null ? `, CSAT ${(s.kpis.csat * 100).toFixed(0)}%` : ''}`, ...s.movedBy.map((m) => `    −${m.points}  ${m.kind}: ${m.title}`)].join('\n'),
            ),
            h.lastRun ? `from the findings run of ${h.lastRun.at}` : 'no findings run yet: `waymark findings run`',
          ].join('\n'),
        );
      }),
    );
}

/** The evidence a finding carries beyond its figures: comment sentiment, themes with quotes, the persona contrast, support measures. */
function evidenceLines(e: FindingEvidence | undefined): string[] {
  if (!e) return [];
  const out: string[] = [];
  if (e.sentiment) {
    const t = e.sentiment.test ? `; ${e.sentiment.test}, p ${e.sentiment.p?.toPrecision(2)}, q ${e.sentiment.q?.toPrecision(2)}` : '';
    out.push(`comment sentiment: ${e.sentiment.mean.toFixed(2)} vs ${e.sentiment.baseline.toFixed(2)} elsewhere over ${e.sentiment.comments} comments (${e.sentiment.negativeComments} negative)${t}`);
  }
  for (const theme of e.themes ?? []) {
    out.push(`theme "${theme.phrase}" in ${theme.responses} negative responses${theme.quotes.length ? `, e.g. “${theme.quotes[0]!.text}”` : ''}`);
  }
  if (e.persona) {
    out.push(`persona ${e.persona.persona}: ${e.persona.contrast.toPrecision(3)} (${e.persona.contrastUnit}) against everyone else; within: ${e.persona.withinTest.test} p ${e.persona.withinTest.p.toPrecision(2)}; contrast: ${e.persona.contrastTest.test} p ${e.persona.contrastTest.p.toPrecision(2)}`);
  }
  if (e.support) out.push(`support: ${e.support.measure.replace(/_/g, ' ')} over ${e.support.contacts} contacts (${e.support.unit}), compared with ${e.support.comparedTo.join(', ')}`);
  return out;
}
