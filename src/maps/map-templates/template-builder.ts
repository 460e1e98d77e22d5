/**
 * Shared shape of the built-in map templates: the standard lanes (goals, actions, touchpoints,
 * thoughts, emotion, pain points, opportunities, KPIs, owners, backstage) with fixed ids, and a
 * builder that turns a compact per-step description into a validated JourneyMap. Fixed ids keep
 * templates stable across releases and tests.
 */
import {
  JourneyMapSchema,
  MAP_METRIC_LABELS,
  cellKey,
  type Cell,
  type JourneyMap,
  type JourneyMapInput,
  type LaneKind,
  type MapMetric,
  type OpportunityStatus,
} from '../../domain/journey-map.js';

/** Lane ids every template uses for the same lane. */
export const LANE_IDS = {
  goals: 'ln_goals',
  actions: 'ln_actions',
  touchpoints: 'ln_touchpoints',
  thoughts: 'ln_thoughts',
  emotion: 'ln_emotion',
  sentiment: 'ln_sentiment',
  painpoints: 'ln_painpoints',
  opportunities: 'ln_opportunities',
  owners: 'ln_owners',
  backstage: 'ln_backstage',
} as const;

/** The id of the KPI lane bound to a metric, e.g. `ln_kpi_conversion`. */
export function kpiLaneId(metric: MapMetric): string {
  return `ln_kpi_${metric}`;
}

export interface TemplatePainPoint {
  id: string;
  text: string;
  severity: 'low' | 'medium' | 'high';
}

export interface TemplateOpportunity {
  id: string;
  text: string;
  owner: string;
  department: string;
  status: OpportunityStatus;
}

/** What one step (column) of a template says in each standard lane. */
export interface TemplateStep {
  id: string;
  name: string;
  /** The catalogue touchpoint the step stands for (its KPIs), or null for the stage's. */
  touchpoint?: string | null;
  goal?: string;
  action?: string;
  touchpoints?: Array<[name: string, channel: string | null]>;
  thought?: string;
  /** −2 … +2 */
  emotion?: number;
  painpoints?: TemplatePainPoint[];
  opportunities?: TemplateOpportunity[];
  /** Notes in KPI lanes (targets, definitions), by metric. */
  kpiNotes?: Partial<Record<MapMetric, string>>;
  owners?: string;
  backstage?: string;
}

export interface TemplateStage {
  id: string;
  name: string;
  /** Stage key of the default stage model, or null where none fits. */
  stage: string | null;
  steps: TemplateStep[];
}

export interface TemplateSpec {
  name: string;
  description: string;
  scenario: string;
  /** KPI lanes, in order. */
  metrics: MapMetric[];
  /** Add a second emotion lane fed by feedback sentiment next to the hand-set one. */
  feedbackSentimentLane?: boolean;
  stages: TemplateStage[];
}

interface LaneDef {
  id: string;
  kind: LaneKind;
  name: string;
  metric?: MapMetric;
  source?: 'manual' | 'feedback';
}

function lanesFor(spec: TemplateSpec): LaneDef[] {
  const lanes: LaneDef[] = [
    { id: LANE_IDS.goals, kind: 'text', name: 'Customer goals' },
    { id: LANE_IDS.actions, kind: 'text', name: 'Actions' },
    { id: LANE_IDS.touchpoints, kind: 'touchpoints', name: 'Touchpoints & channels' },
    { id: LANE_IDS.thoughts, kind: 'text', name: 'Thoughts' },
    { id: LANE_IDS.emotion, kind: 'emotion', name: 'Emotion', source: 'manual' },
  ];
  if (spec.feedbackSentimentLane) lanes.push({ id: LANE_IDS.sentiment, kind: 'emotion', name: 'Sentiment from feedback', source: 'feedback' });
  lanes.push(
    { id: LANE_IDS.painpoints, kind: 'painpoints', name: 'Pain points' },
    { id: LANE_IDS.opportunities, kind: 'opportunities', name: 'Opportunities' },
  );
  for (const metric of spec.metrics) lanes.push({ id: kpiLaneId(metric), kind: 'kpi', name: MAP_METRIC_LABELS[metric], metric });
  lanes.push(
    { id: LANE_IDS.owners, kind: 'owners', name: 'Owners & departments' },
    { id: LANE_IDS.backstage, kind: 'text', name: 'Backstage' },
  );
  return lanes;
}

function cellsFor(step: TemplateStep): Array<[laneId: string, cell: Cell]> {
  const out: Array<[string, Cell]> = [];
  if (step.goal) out.push([LANE_IDS.goals, { text: step.goal }]);
  if (step.action) out.push([LANE_IDS.actions, { text: step.action }]);
  if (step.touchpoints?.length) out.push([LANE_IDS.touchpoints, { touchpoints: step.touchpoints.map(([name, channel]) => ({ name, channel })) }]);
  if (step.thought) out.push([LANE_IDS.thoughts, { text: step.thought }]);
  if (step.emotion !== undefined) out.push([LANE_IDS.emotion, { emotion: step.emotion }]);
  if (step.painpoints?.length) out.push([LANE_IDS.painpoints, { painpoints: step.painpoints.map((p) => ({ ...p, findingId: null })) }]);
  if (step.opportunities?.length) out.push([LANE_IDS.opportunities, { opportunities: step.opportunities.map((o) => ({ ...o, findingId: null })) }]);
  for (const [metric, note] of Object.entries(step.kpiNotes ?? {}) as Array<[MapMetric, string]>) out.push([kpiLaneId(metric), { text: note }]);
  if (step.owners) out.push([LANE_IDS.owners, { text: step.owners }]);
  if (step.backstage) out.push([LANE_IDS.backstage, { text: step.backstage }]);
  return out;
}

/** A validated map from a template description (throws if the template itself is invalid). */
export function buildTemplateMap(spec: TemplateSpec): JourneyMap {
  const cells: Record<string, Cell> = {};
  for (const stage of spec.stages) {
    for (const step of stage.steps) {
      for (const [laneId, cell] of cellsFor(step)) cells[cellKey(laneId, step.id)] = cell;
    }
  }
  const input: JourneyMapInput = {
    name: spec.name,
    description: spec.description,
    persona: null,
    scenario: spec.scenario,
    stages: spec.stages.map((stage) => ({
      id: stage.id,
      name: stage.name,
      stage: stage.stage,
      steps: stage.steps.map((step) => ({ id: step.id, name: step.name, touchpoint: step.touchpoint ?? null })),
    })),
    lanes: lanesFor(spec).map((lane) => ({ ...lane, hidden: false })),
    cells,
  };
  return JourneyMapSchema.parse(input);
}
