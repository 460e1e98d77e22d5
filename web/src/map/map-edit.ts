/**
 * Pure edits of a journey map document: each takes a map and returns a new one (never mutates),
 * keeping the invariants of src/domain/journey-map.ts — ids never reused, at least one stage and
 * one step per stage, no cell left for a deleted lane or step, one cell field per lane kind.
 */
import {
  CELL_FIELD,
  cellKey,
  newMapId,
  type Cell,
  type JourneyMap,
  type Lane,
  type LaneKind,
  type MapMetric,
  type MapStage,
} from '../../../src/domain/journey-map.js';

export type Direction = -1 | 1;

function move<T>(list: readonly T[], index: number, dir: Direction): T[] {
  const to = index + dir;
  if (index < 0 || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

function dropCells(map: JourneyMap, keep: (laneId: string, stepId: string) => boolean): JourneyMap['cells'] {
  const cells: JourneyMap['cells'] = {};
  for (const [key, cell] of Object.entries(map.cells)) {
    const [laneId = '', stepId = ''] = key.split('/');
    if (keep(laneId, stepId)) cells[key] = cell;
  }
  return cells;
}

export function setMapFields(map: JourneyMap, fields: Partial<Pick<JourneyMap, 'name' | 'description' | 'persona' | 'scenario' | 'timeRange'>>): JourneyMap {
  return { ...map, ...fields };
}

// ---- stages ----

export function addStage(map: JourneyMap, afterIndex = map.stages.length - 1, name = 'New stage'): JourneyMap {
  const stage: MapStage = { id: newMapId('stage'), name, stage: null, steps: [{ id: newMapId('step'), name, touchpoint: null }] };
  const stages = [...map.stages];
  stages.splice(afterIndex + 1, 0, stage);
  return { ...map, stages };
}

export function updateStage(map: JourneyMap, stageId: string, fields: Partial<Pick<MapStage, 'name' | 'stage'>>): JourneyMap {
  return { ...map, stages: map.stages.map((s) => (s.id === stageId ? { ...s, ...fields } : s)) };
}

export function moveStage(map: JourneyMap, stageId: string, dir: Direction): JourneyMap {
  return { ...map, stages: move(map.stages, map.stages.findIndex((s) => s.id === stageId), dir) };
}

/** Removes a stage and the cells of its steps; the last stage stays (a map has at least one). */
export function deleteStage(map: JourneyMap, stageId: string): JourneyMap {
  if (map.stages.length <= 1) return map;
  const stage = map.stages.find((s) => s.id === stageId);
  if (!stage) return map;
  const gone = new Set(stage.steps.map((s) => s.id));
  return { ...map, stages: map.stages.filter((s) => s.id !== stageId), cells: dropCells(map, (_l, step) => !gone.has(step)) };
}

// ---- steps ----

export function addStep(map: JourneyMap, stageId: string, afterStepId?: string, name = 'New step'): JourneyMap {
  return {
    ...map,
    stages: map.stages.map((s) => {
      if (s.id !== stageId) return s;
      const steps = [...s.steps];
      const at = afterStepId ? steps.findIndex((p) => p.id === afterStepId) + 1 : steps.length;
      steps.splice(at <= 0 ? steps.length : at, 0, { id: newMapId('step'), name, touchpoint: null });
      return { ...s, steps };
    }),
  };
}

export function updateStep(map: JourneyMap, stepId: string, fields: { name?: string; touchpoint?: string | null }): JourneyMap {
  return { ...map, stages: map.stages.map((s) => ({ ...s, steps: s.steps.map((p) => (p.id === stepId ? { ...p, ...fields } : p)) })) };
}

export function moveStep(map: JourneyMap, stepId: string, dir: Direction): JourneyMap {
  return {
    ...map,
    stages: map.stages.map((s) => {
      const i = s.steps.findIndex((p) => p.id === stepId);
      return i < 0 ? s : { ...s, steps: move(s.steps, i, dir) };
    }),
  };
}

/** Removes a step and its cells; a stage's last step stays (delete the stage instead). */
export function deleteStep(map: JourneyMap, stepId: string): JourneyMap {
  const stage = map.stages.find((s) => s.steps.some((p) => p.id === stepId));
  if (!stage || stage.steps.length <= 1) return map;
  return {
    ...map,
    stages: map.stages.map((s) => (s.id === stage.id ? { ...s, steps: s.steps.filter((p) => p.id !== stepId) } : s)),
    cells: dropCells(map, (_l, step) => step !== stepId),
  };
}

// ---- lanes ----

export const LANE_KIND_LABELS: Record<LaneKind, string> = {
  text: 'Text',
  touchpoints: 'Touchpoints',
  emotion: 'Emotion curve',
  painpoints: 'Pain points',
  opportunities: 'Opportunities',
  kpi: 'KPI (live data)',
  owners: 'Owners',
};

export function newLane(kind: LaneKind, name = LANE_KIND_LABELS[kind], metric: MapMetric = 'volume'): Lane {
  const lane: Lane = { id: newMapId('lane'), kind, name, hidden: false };
  if (kind === 'kpi') lane.metric = metric;
  if (kind === 'emotion') lane.source = 'manual';
  return lane;
}

export function addLane(map: JourneyMap, lane: Lane, afterIndex = map.lanes.length - 1): JourneyMap {
  const lanes = [...map.lanes];
  lanes.splice(afterIndex + 1, 0, lane);
  return { ...map, lanes };
}

export function updateLane(map: JourneyMap, laneId: string, fields: Partial<Pick<Lane, 'name' | 'hidden' | 'metric' | 'source'>>): JourneyMap {
  return { ...map, lanes: map.lanes.map((l) => (l.id === laneId ? { ...l, ...fields } : l)) };
}

export function moveLane(map: JourneyMap, laneId: string, dir: Direction): JourneyMap {
  return { ...map, lanes: move(map.lanes, map.lanes.findIndex((l) => l.id === laneId), dir) };
}

export function deleteLane(map: JourneyMap, laneId: string): JourneyMap {
  return { ...map, lanes: map.lanes.filter((l) => l.id !== laneId), cells: dropCells(map, (lane) => lane !== laneId) };
}

// ---- cells ----

export function getCell(map: JourneyMap, laneId: string, stepId: string): Cell {
  return map.cells[cellKey(laneId, stepId)] ?? {};
}

function isEmpty(value: Cell[keyof Cell]): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Sets the one field a cell of the lane's kind holds; an empty value removes the cell. */
export function setCellValue<K extends keyof Cell>(map: JourneyMap, lane: Lane, stepId: string, field: K, value: Cell[K] | undefined): JourneyMap {
  if (CELL_FIELD[lane.kind] !== field) throw new Error(`a ${lane.kind} lane holds ${CELL_FIELD[lane.kind]}, not ${field}`);
  const key = cellKey(lane.id, stepId);
  const cells = { ...map.cells };
  if (isEmpty(value)) delete cells[key];
  else cells[key] = { [field]: value } as Cell;
  return { ...map, cells };
}

/** The ids of the map's steps in order, for navigation. */
export function stepIds(map: JourneyMap): string[] {
  return map.stages.flatMap((s) => s.steps.map((p) => p.id));
}
