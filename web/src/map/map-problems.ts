/**
 * Where a problem of an invalid map is shown. The API names fields as `body.doc.stages.0.name`
 * and local validation as `doc.…`; both become a `where` relative to the document
 * (`stages.0.name`, `cells.lane_x/step_y.text`) and are looked up by the element they belong to.
 */
import type { ZodError } from 'zod';
import type { ApiProblem } from '../api';
import type { JourneyMap } from '../../../src/domain/journey-map.js';

export interface MapProblem {
  /** Relative to the document: `name`, `stages.0.steps.1.name`, `cells.<lane>/<step>.text`, … */
  where: string;
  message: string;
}

export function fromApiProblems(problems: readonly ApiProblem[]): MapProblem[] {
  return problems.map((p) => ({ where: p.where.replace(/^body\./, '').replace(/^doc\.?/, ''), message: p.message }));
}

export function fromZodError(error: ZodError): MapProblem[] {
  return error.issues.map((i) => ({ where: i.path.map(String).join('.'), message: i.message }));
}

/** The problems indexed by the element they belong to: map fields, stages/steps/lanes by id, cells by key. */
export interface ProblemIndex {
  field: Record<string, string>;
  stage: Record<string, string>;
  step: Record<string, string>;
  lane: Record<string, string>;
  cell: Record<string, string>;
  other: string[];
}

export function indexProblems(doc: JourneyMap, problems: readonly MapProblem[]): ProblemIndex {
  const out: ProblemIndex = { field: {}, stage: {}, step: {}, lane: {}, cell: {}, other: [] };
  const add = (bucket: Record<string, string>, key: string, message: string) => {
    bucket[key] = bucket[key] ? `${bucket[key]}; ${message}` : message;
  };
  for (const p of problems) {
    const parts = p.where.split('.');
    const [head, a, b, c] = parts;
    if (head === 'stages' && a !== undefined) {
      const stage = doc.stages[Number(a)];
      if (stage && b === 'steps' && c !== undefined) {
        const step = stage.steps[Number(c)];
        if (step) add(out.step, step.id, p.message);
        else add(out.stage, stage.id, p.message);
      } else if (stage) add(out.stage, stage.id, p.message);
      else out.other.push(`${p.where}: ${p.message}`);
    } else if (head === 'lanes' && a !== undefined) {
      const lane = doc.lanes[Number(a)];
      if (lane) add(out.lane, lane.id, p.message);
      else out.other.push(`${p.where}: ${p.message}`);
    } else if (head === 'cells' && a !== undefined) {
      // a cell key holds a "/", never a "."; ids are [A-Za-z0-9_-]
      add(out.cell, a, p.message);
    } else if (head === 'timeRange' || head === 'name' || head === 'persona' || head === 'scenario' || head === 'description') {
      add(out.field, head, p.message);
    } else if (head === 'stages' || head === 'lanes') {
      add(out.field, head, p.message);
    } else {
      out.other.push(p.where ? `${p.where}: ${p.message}` : p.message);
    }
  }
  return out;
}
