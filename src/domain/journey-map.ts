/**
 * The journey map: for a persona and a scenario, a grid of stages (columns, each split into one
 * or more steps) × lanes (rows). A lane is authored by hand (text, touchpoints, emotion points,
 * pain points, opportunities, owners) or bound to live data (a KPI lane's metric; an emotion lane
 * fed by feedback sentiment; pain points pinned from findings). Cells are keyed `laneId/stepId`.
 *
 * Pure data and validation: the document is what is stored, versioned, exported as JSON and
 * imported back unchanged. Every id is chosen by the client or by `newMapId`, never by position,
 * so reordering stages or lanes moves whole columns and rows.
 */
import { z } from 'zod';

export const MAP_SCHEMA = 'waymark.map/1';

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'an id is 1–40 letters, digits, "_" or "-"');
const Name = z.string().trim().min(1, 'a name cannot be empty').max(120, 'at most 120 characters');
const Text = z.string().max(4000, 'at most 4000 characters');

export const LANE_KINDS = ['text', 'touchpoints', 'emotion', 'painpoints', 'opportunities', 'kpi', 'owners'] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

/** What a KPI lane shows per step, computed live for the map's persona and time range. */
export const MAP_METRICS = ['volume', 'conversion', 'dropoff', 'time_in_stage', 'nps', 'csat', 'sentiment'] as const;
export type MapMetric = (typeof MAP_METRICS)[number];
export const MAP_METRIC_LABELS: Record<MapMetric, string> = {
  volume: 'Customers reached',
  conversion: 'Conversion to next step',
  dropoff: 'Drop-off before next step',
  time_in_stage: 'Median time to next step',
  nps: 'NPS',
  csat: 'CSAT',
  sentiment: 'Feedback sentiment',
};

export const OPPORTUNITY_STATUSES = ['idea', 'planned', 'in_progress', 'done', 'dropped'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

export const CHANNELS_FOR_ICONS = ['ads', 'web', 'email', 'social', 'store', 'phone', 'sms', 'app', 'chat', 'support', 'survey', 'other'] as const;

export const StepSchema = z
  .object({
    id: Id,
    name: Name,
    /** The touchpoint this step stands for (its KPIs are the touchpoint's); null = the stage's. */
    touchpoint: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .strict();
export type MapStep = z.infer<typeof StepSchema>;

export const MapStageSchema = z
  .object({
    id: Id,
    name: Name,
    /** The stage of the workspace's stage model whose data this column shows; null = none. */
    stage: z.string().trim().min(1).max(100).nullable().default(null),
    steps: z.array(StepSchema).min(1, 'a stage has at least one step').max(20, 'at most 20 steps per stage'),
  })
  .strict();
export type MapStage = z.infer<typeof MapStageSchema>;

export const LaneSchema = z
  .object({
    id: Id,
    kind: z.enum(LANE_KINDS),
    name: Name,
    hidden: z.boolean().default(false),
    /** kpi lanes: the metric they are bound to. */
    metric: z.enum(MAP_METRICS).optional(),
    /** emotion lanes: points set by hand, or taken from feedback sentiment per step. */
    source: z.enum(['manual', 'feedback']).optional(),
  })
  .strict()
  .superRefine((lane, ctx) => {
    if (lane.kind === 'kpi' && !lane.metric) ctx.addIssue({ code: 'custom', path: ['metric'], message: `a KPI lane is bound to a metric: one of ${MAP_METRICS.join(', ')}` });
    if (lane.kind !== 'kpi' && lane.metric) ctx.addIssue({ code: 'custom', path: ['metric'], message: 'only a KPI lane has a metric' });
    if (lane.kind !== 'emotion' && lane.source) ctx.addIssue({ code: 'custom', path: ['source'], message: 'only an emotion lane has a source' });
  });
export type Lane = z.infer<typeof LaneSchema>;

export const MapTouchpointSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    channel: z.string().trim().min(1).max(60).nullable().default(null),
  })
  .strict();

export const PainPointSchema = z
  .object({
    id: Id,
    text: z.string().trim().min(1, 'a pain point needs a text').max(1000),
    /** Set when pinned from the findings list; the finding's evidence stays with the finding. */
    findingId: z.string().max(100).nullable().default(null),
    severity: z.enum(['low', 'medium', 'high']).default('medium'),
  })
  .strict();

export const OpportunitySchema = z
  .object({
    id: Id,
    text: z.string().trim().min(1, 'an opportunity needs a text').max(1000),
    owner: z.string().trim().max(120).default(''),
    department: z.string().trim().max(120).default(''),
    status: z.enum(OPPORTUNITY_STATUSES).default('idea'),
    findingId: z.string().max(100).nullable().default(null),
  })
  .strict();

/** One cell. Which field it may hold depends on its lane's kind (checked by JourneyMapSchema). */
export const CellSchema = z
  .object({
    text: Text.optional(),
    touchpoints: z.array(MapTouchpointSchema).max(30).optional(),
    /** −2 (very negative) … +2 (very positive); with a feedback-fed lane this overrides the data. */
    emotion: z.number().min(-2, 'emotion is from −2 to +2').max(2, 'emotion is from −2 to +2').optional(),
    painpoints: z.array(PainPointSchema).max(50).optional(),
    opportunities: z.array(OpportunitySchema).max(50).optional(),
  })
  .strict();
export type Cell = z.infer<typeof CellSchema>;

/** The one field a cell of each lane kind holds (kpi lanes hold a note as text). */
export const CELL_FIELD: Record<LaneKind, keyof Cell> = {
  text: 'text',
  owners: 'text',
  kpi: 'text',
  touchpoints: 'touchpoints',
  emotion: 'emotion',
  painpoints: 'painpoints',
  opportunities: 'opportunities',
};

export const TimeRangeSchema = z
  .object({
    from: z.iso.datetime({ offset: true }).nullable().default(null),
    to: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .strict()
  .refine((r) => !r.from || !r.to || Date.parse(r.from) < Date.parse(r.to), { message: 'the time range ends before it starts', path: ['to'] });

export const JourneyMapSchema = z
  .object({
    schema: z.literal(MAP_SCHEMA).default(MAP_SCHEMA),
    name: Name,
    description: Text.default(''),
    /** The persona key whose customers the bound lanes count; null = all customers. */
    persona: z.string().trim().min(1).max(50).nullable().default(null),
    scenario: z.string().trim().max(500).default(''),
    timeRange: TimeRangeSchema.default({ from: null, to: null }),
    stages: z.array(MapStageSchema).min(1, 'a map has at least one stage').max(30, 'at most 30 stages'),
    lanes: z.array(LaneSchema).max(40, 'at most 40 lanes'),
    cells: z.record(z.string(), CellSchema).default({}),
  })
  .strict()
  .superRefine((map, ctx) => {
    const stepIds = new Set<string>();
    map.stages.forEach((stage, si) => {
      if (map.stages.findIndex((s) => s.id === stage.id) !== si) ctx.addIssue({ code: 'custom', path: ['stages', si, 'id'], message: `duplicate stage id "${stage.id}"` });
      stage.steps.forEach((step, pi) => {
        if (stepIds.has(step.id)) ctx.addIssue({ code: 'custom', path: ['stages', si, 'steps', pi, 'id'], message: `duplicate step id "${step.id}"` });
        stepIds.add(step.id);
      });
    });
    const lanes = new Map<string, Lane>();
    map.lanes.forEach((lane, li) => {
      if (lanes.has(lane.id)) ctx.addIssue({ code: 'custom', path: ['lanes', li, 'id'], message: `duplicate lane id "${lane.id}"` });
      lanes.set(lane.id, lane);
    });
    for (const [key, cell] of Object.entries(map.cells)) {
      const [laneId, stepId, extra] = key.split('/');
      const lane = laneId ? lanes.get(laneId) : undefined;
      if (!lane || !stepId || extra !== undefined || !stepIds.has(stepId)) {
        ctx.addIssue({ code: 'custom', path: ['cells', key], message: `a cell key is "laneId/stepId" of an existing lane and step; "${key}" is not` });
        continue;
      }
      const allowed = CELL_FIELD[lane.kind];
      for (const field of Object.keys(cell)) {
        if (field !== allowed) ctx.addIssue({ code: 'custom', path: ['cells', key, field], message: `a cell of a ${lane.kind} lane holds ${allowed}, not ${field}` });
      }
    }
  });
/** A map as stored and exchanged (after defaults). */
export type JourneyMap = z.infer<typeof JourneyMapSchema>;
/** A map as written by hand or by a client (defaults may be left out). */
export type JourneyMapInput = z.input<typeof JourneyMapSchema>;

/** A map with its identity and bookkeeping, as the API returns it. */
export interface StoredMap {
  id: string;
  workspaceId: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  doc: JourneyMap;
}

export function cellKey(laneId: string, stepId: string): string {
  return `${laneId}/${stepId}`;
}

/** Steps left to right, each with its stage. */
export function mapColumns(map: Pick<JourneyMap, 'stages'>): { stage: MapStage; step: MapStep; stageIndex: number }[] {
  return map.stages.flatMap((stage, stageIndex) => stage.steps.map((step) => ({ stage, step, stageIndex })));
}

/** A short random id for new stages, steps, lanes and items. */
export function newMapId(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(10));
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return `${prefix}_${out}`;
}
