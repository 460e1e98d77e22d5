/**
 * Mermaid journey export: the exact text for a template, scores and actors, and names that would
 * break Mermaid's journey grammar. The grammar check runs a model of Mermaid's journey lexer
 * (mermaid-js/mermaid packages/mermaid/src/diagrams/user-journey/parser/journey.jison, rules as
 * jison compiles them: first matching rule wins, case-insensitive) and its statement grammar.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { JourneyMapSchema, mapColumns, type JourneyMapInput } from '../domain/journey-map.js';
import { exportMapMermaid, journeyScore, mermaidText } from './export-mermaid.js';
import { findMapTemplate } from './templates.js';

if (process.env.FC_SEED || process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261201) });

const LEXER: Array<[RegExp, string | null]> = [
  [/^%(?!\{)[^\n]*/i, null],
  [/^[^}]%%[^\n]*/i, null],
  [/^[\n]+/i, 'NEWLINE'],
  [/^\s+/i, null],
  [/^#[^\n]*/i, null],
  [/^journey\b/i, 'journey'],
  [/^title\s[^#\n;]+/i, 'title'],
  [/^accTitle\s*:\s*/i, 'acc_title'],
  [/^accDescr\s*:\s*/i, 'acc_descr'],
  [/^accDescr\s*\{\s*/i, 'acc_descr_multiline'],
  [/^section\s[^#:\n;]+/i, 'section'],
  [/^[^#:\n;]+/i, 'taskName'],
  [/^:[^#\n;]+/i, 'taskData'],
  [/^:/i, ':'],
  [/^./i, 'INVALID'],
];

interface Parsed {
  title: string | null;
  sections: string[];
  tasks: Array<{ section: string; task: string; score: number; people: string[] }>;
}

/** Mermaid's journey parser, modelled: throws where Mermaid would fail to parse. */
function parseJourney(text: string): Parsed {
  const tokens: Array<[string, string]> = [];
  let rest = text;
  while (rest.length) {
    const rule = LEXER.find(([re]) => re.test(rest))!;
    const match = rule[0].exec(rest)![0];
    if (rule[1]) tokens.push([rule[1], match]);
    rest = rest.slice(match.length);
  }
  const out: Parsed = { title: null, sections: [], tasks: [] };
  if (tokens.shift()?.[0] !== 'journey') throw new Error('expected journey');
  let section = '';
  for (let i = 0; i < tokens.length; i++) {
    const [type, value] = tokens[i]!;
    if (type === 'NEWLINE') continue;
    if (type === 'title') out.title = value.slice(6);
    else if (type === 'section') out.sections.push((section = value.slice(8)));
    else if (type === 'taskName' && tokens[i + 1]?.[0] === 'taskData') {
      const pieces = tokens[++i]![1].slice(1).split(':');
      out.tasks.push({ section, task: value, score: Number(pieces[0]), people: pieces.length > 1 ? pieces[1]!.split(',').map((s) => s.trim()) : [] });
    } else throw new Error(`parse error at ${type} ${JSON.stringify(value)}`);
  }
  return out;
}

test('the lexer model fails where Mermaid fails', () => {
  assert.throws(() => parseJourney('journey\n  section S\n    Section review: 3: a\n'));
  assert.throws(() => parseJourney('journey\n  section S\n    Journey start: 3: a\n'));
  assert.ok(Number.isNaN(parseJourney('journey\n  section S\n    Step: with colon: 3: a\n').tasks[0]!.score));
  assert.deepEqual(parseJourney('journey\n  section S\n    Title check: 3: a\n').tasks, []);
  assert.deepEqual(parseJourney('journey\n  section S\n    %x: 3: a\n').tasks, []);
  assert.deepEqual(parseJourney('journey\n  title My day\n  section Go\n    Make tea: 5: Me, Cat\n').tasks, [{ section: 'Go', task: 'Make tea', score: 5, people: ['Me', 'Cat'] }]);
});

test('the e-commerce template as Mermaid, exactly', () => {
  const text = exportMapMermaid(findMapTemplate('e-commerce')!.build());
  assert.equal(
    text,
    [
      'journey',
      '  title E-commerce purchase journey',
      '  section Discover',
      '    Clicks an ad: 4: ads, social',
      '    Reads a buying guide: 5: web',
      '  section Research',
      '    Browses the category: 3: web, app',
      '    Compares products: 4: web, chat',
      '  section Buy',
      '    Adds to cart: 4: web, email',
      '    Checks out and pays: 1: web',
      '    Order placed: 4: web, app',
      '  section Receive',
      '    Follows the shipment: 4: email, web, sms',
      '    Receives the parcel: 4: email, survey',
      '  section Use & return',
      '    Returns an item: 1: web, support, store',
      '    Buys again: 5: email, app',
      '  section Recommend',
      '    Writes a review: 5: email, web',
      '    Refers a friend: 5: web, social, survey',
      '',
    ].join('\n'),
  );
  const parsed = parseJourney(text);
  assert.equal(parsed.title, 'E-commerce purchase journey');
  assert.equal(parsed.tasks.length, 13);
});

test('scores: emotion −2…+2 to 1…5, 3 when unset; first visible emotion lane; feedback values from metrics', () => {
  assert.deepEqual([-2, -1.5, -1, -0.5, -0.2, 0, 0.2, 0.5, 1, 1.5, 2].map(journeyScore), [1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5]);
  assert.equal(journeyScore(undefined), 3);
  const map = JourneyMapSchema.parse({
    name: 'Scores',
    persona: 'weekend_hiker',
    stages: [{ id: 's', name: 'S', steps: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }, { id: 'c', name: 'C' }] }],
    lanes: [
      { id: 'hidden', kind: 'emotion', name: 'Hidden', hidden: true, source: 'manual' },
      { id: 'fb', kind: 'emotion', name: 'Feedback', source: 'feedback' },
      { id: 'own', kind: 'owners', name: 'Owners' },
    ],
    cells: { 'hidden/a': { emotion: -2 }, 'fb/b': { emotion: 2 }, 'own/c': { text: 'Care team; Billing, Ops\nField: north' } },
  } satisfies JourneyMapInput);
  assert.equal(
    exportMapMermaid(map, { metrics: { emotion: { fb: { a: -1.2, b: -2, c: null } } } }),
    'journey\n  title Scores\n  section S\n    A: 2: weekend_hiker\n    B: 5: weekend_hiker\n    C: 3: Care team, Billing, Ops, Field - north\n',
  );
  assert.equal(exportMapMermaid(map, { personaName: 'Weekend Hiker' }).split('\n')[3], '    A: 3: Weekend Hiker');
  assert.equal(exportMapMermaid({ ...map, persona: null }).split('\n')[3], '    A: 3: Customer');
});

test('mermaidText: the characters that break the grammar are replaced', () => {
  assert.equal(mermaidText('Order #5: paid; ok', 'task'), 'Order 5 - paid, ok');
  assert.equal(mermaidText('Two\nlines\r\n', 'section'), 'Two lines');
  assert.equal(mermaidText('Q3: review; #1', 'title'), 'Q3: review, 1');
  assert.equal(mermaidText('Sales, EMEA: north', 'actor'), 'Sales EMEA - north');
  assert.equal(mermaidText('100%% sure', 'task'), '100% sure');
  assert.equal(mermaidText('Journey start', 'task'), '\u200BJourney start');
  assert.equal(mermaidText('Journeyman', 'task'), 'Journeyman');
  assert.equal(mermaidText('section 2 review', 'task'), '\u200Bsection 2 review');
  assert.equal(mermaidText('% done', 'task'), '\u200B% done');
  assert.equal(mermaidText(' # ; ', 'task'), ',');
  assert.equal(mermaidText(' # ', 'task'), '');
});

const awkward = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('Journey', 'journey-map', 'Title check', 'section 2', 'accDescr {x}', 'accTitle: x', 'a %% b', '%%{init}%%', 'x#y', 'a;b', 'c:d', 'Order #5: paid; ok', '}%%x', 'x%%', '%'),
);
const nameOf = (fallback: string) => awkward.map((s) => s.trim().slice(0, 100).trim() || fallback);

test('any names: the text parses to one section per stage and one task per step, names kept, actors present', () => {
  const stagesArb = fc.array(fc.tuple(nameOf('S'), fc.array(fc.tuple(nameOf('P'), awkward, fc.integer({ min: -2, max: 2 })), { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 3 });
  fc.assert(
    fc.property(stagesArb, nameOf('N'), awkward, (stages, title, persona) => {
      let n = 0;
      const cells: Record<string, unknown> = {};
      const input: JourneyMapInput = {
        name: title,
        stages: stages.map(([name, steps], i) => ({
          id: `s${i}`,
          name,
          steps: steps.map(([stepName, channel, emotion]) => {
            const id = `p${n++}`;
            cells[`e/${id}`] = { emotion };
            if (channel.trim()) cells[`t/${id}`] = { touchpoints: [{ name: 'x', channel: channel.trim().slice(0, 60) }] };
            return { id, name: stepName };
          }),
        })),
        lanes: [
          { id: 'e', kind: 'emotion', name: 'E' },
          { id: 't', kind: 'touchpoints', name: 'T' },
        ],
        cells: cells as JourneyMapInput['cells'],
      };
      const map = JourneyMapSchema.parse(input);
      const text = exportMapMermaid(map, { personaName: persona });
      const parsed = parseJourney(text);
      const columns = mapColumns(map);
      assert.equal(parsed.title?.trim(), mermaidText(map.name, 'title') || 'Journey');
      assert.equal(parsed.sections.length, map.stages.length);
      assert.equal(parsed.tasks.length, columns.length);
      parsed.tasks.forEach((task, i) => {
        const { stage, step } = columns[i]!;
        assert.equal(task.task, mermaidText(step.name, 'task') || 'Step');
        assert.equal(task.section.trim(), mermaidText(stage.name, 'section') || 'Stage');
        assert.equal(task.score, journeyScore(map.cells[`e/${step.id}`]?.emotion));
        assert.ok(task.people.length > 0 && task.people.every((p) => p.length > 0), text);
      });
    }),
    { numRuns: 500 },
  );
});
