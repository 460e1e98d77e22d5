/**
 * Mermaid `journey` text of a map, which GitHub renders in a ```mermaid block: a section per
 * stage, a task per step with a 1–5 score from the first visible emotion lane (−2…+2 → 1…5,
 * 3 when unset) and actors (the step's channels, else its owners, else the persona).
 *
 * Mermaid's journey lexer (user-journey/parser/journey.jison) ends a title at "#" ";" or a line
 * break, a section or task name also at ":", and splits actors at ","; "%%" starts a comment
 * anywhere, and a task name that starts with "%" or a keyword (journey, title, section,
 * accTitle, accDescr) is read as a comment or that keyword. So those characters are replaced
 * ("#" → " ", ";" → ",", ":" → " - ", "%%" → "%") and such names get a zero-width space in front.
 */
import { cellKey, mapColumns, type JourneyMap, type Lane } from '../domain/journey-map.js';
import { emotionAt, type MapMetricValues } from './export-csv.js';

export interface MapMermaidOptions {
  metrics?: MapMetricValues;
  /** Actor of steps without channels or owners; default the map's persona key, else "Customer". */
  personaName?: string;
}

type Part = 'title' | 'section' | 'task' | 'actor';

/** Text made safe for one part of a journey diagram; '' when nothing is left. */
export function mermaidText(text: string, part: Part): string {
  let out = text
    .replace(/[\r\n\t\f\v\u2028\u2029]+/g, ' ')
    .replace(/%{2,}/g, '%')
    .replace(/#/g, ' ')
    .replace(/;/g, ',');
  if (part !== 'title') out = out.replace(/\s*:\s*/g, ' - ');
  if (part === 'actor') out = out.replace(/,/g, ' ');
  out = out.replace(/\s+/g, ' ').trim();
  if (part === 'task' && /^(journey\b|title\s|section\s|acctitle\s*:|accdescr\s*[:{]|%)/i.test(out)) out = `\u200B${out}`;
  return out;
}

/** −2…+2 → 1…5 (rounded half away from neutral, so −0.5 → 2 and +0.5 → 4), 3 when unset. */
export function journeyScore(emotion: number | undefined): number {
  if (emotion === undefined || !Number.isFinite(emotion)) return 3;
  const clamped = Math.min(2, Math.max(-2, emotion));
  return 3 + Math.sign(clamped) * Math.round(Math.abs(clamped));
}

function visible(map: JourneyMap, kind: Lane['kind']): Lane[] {
  return map.lanes.filter((l) => l.kind === kind && !l.hidden);
}

/** The map as Mermaid `journey` text. */
export function exportMapMermaid(map: JourneyMap, options: MapMermaidOptions = {}): string {
  const emotionLane = visible(map, 'emotion')[0];
  const touchpointLanes = visible(map, 'touchpoints');
  const ownerLanes = visible(map, 'owners');
  const fallbackActor = mermaidText(options.personaName ?? map.persona ?? '', 'actor') || 'Customer';

  const actorsOf = (stepId: string): string[] => {
    const channels = touchpointLanes.flatMap((lane) => (map.cells[cellKey(lane.id, stepId)]?.touchpoints ?? []).map((t) => t.channel ?? ''));
    const owners = ownerLanes.flatMap((lane) => (map.cells[cellKey(lane.id, stepId)]?.text ?? '').split(/[;,\n]/));
    for (const candidates of [channels, owners]) {
      const actors = [...new Set(candidates.map((c) => mermaidText(c, 'actor')).filter(Boolean))];
      if (actors.length) return actors;
    }
    return [fallbackActor];
  };

  const lines = ['journey', `  title ${mermaidText(map.name, 'title') || 'Journey'}`];
  let stageId: string | null = null;
  for (const { stage, step } of mapColumns(map)) {
    if (stage.id !== stageId) {
      lines.push(`  section ${mermaidText(stage.name, 'section') || 'Stage'}`);
      stageId = stage.id;
    }
    const emotion = emotionLane ? emotionAt(emotionLane, map.cells[cellKey(emotionLane.id, step.id)], step.id, options.metrics) : undefined;
    lines.push(`    ${mermaidText(step.name, 'task') || 'Step'}: ${journeyScore(emotion)}: ${actorsOf(step.id).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
