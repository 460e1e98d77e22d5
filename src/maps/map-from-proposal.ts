/**
 * A first journey map built from the mapping proposal (issue 6): one column per stage that has
 * touchpoints in the data, the stage's touchpoints in journey order with their channels, the
 * suggested KPI lanes bound to their metrics, an emotion lane fed by feedback, and empty pain
 * point and opportunity lanes to fill. The person accepts it by saving it, or edits it first.
 */
import { cellKey, type JourneyMap, JourneyMapSchema, type MapMetric } from '../domain/journey-map.js';
import type { KpiLane, MapProposal } from '../mapping/propose.js';

const METRIC_OF: Partial<Record<KpiLane['metric'], MapMetric>> = {
  customers_reached: 'volume',
  stage_conversion: 'conversion',
  median_time_to_next_stage: 'time_in_stage',
  satisfaction: 'csat',
};

/** At most this many touchpoints per stage cell; the rest are listed in the step's note. */
const TOUCHPOINTS_PER_CELL = 8;

export function mapFromProposal(proposal: MapProposal, name = 'Journey from your data'): JourneyMap {
  const staged = proposal.map.stages.filter((s) => s.touchpoints.length > 0);
  const stages = (staged.length ? staged : proposal.map.stages).map((s) => ({
    id: `st_${s.key}`.slice(0, 40),
    name: s.label,
    stage: s.key,
    steps: [{ id: `sp_${s.key}`.slice(0, 40), name: s.label, touchpoint: null }],
  }));
  const lanes: JourneyMap['lanes'] = [
    { id: 'ln_goals', kind: 'text', name: 'Customer goals', hidden: false },
    { id: 'ln_touchpoints', kind: 'touchpoints', name: 'Touchpoints', hidden: false },
    ...proposal.map.lanes.flatMap((l) => {
      const metric = METRIC_OF[l.metric];
      return metric ? [{ id: `ln_${l.key}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40), kind: 'kpi' as const, name: l.label, hidden: false, metric }] : [];
    }),
    { id: 'ln_emotion', kind: 'emotion', name: 'Emotion (from feedback)', hidden: false, source: 'feedback' },
    { id: 'ln_pain', kind: 'painpoints', name: 'Pain points', hidden: false },
    { id: 'ln_opps', kind: 'opportunities', name: 'Opportunities', hidden: false },
    { id: 'ln_owners', kind: 'owners', name: 'Owners', hidden: false },
  ];
  const channel = new Map(proposal.map.touchpoints.map((t) => [t.name, t.channel]));
  const cells: JourneyMap['cells'] = {};
  for (const s of staged) {
    const stepId = `sp_${s.key}`.slice(0, 40);
    cells[cellKey('ln_touchpoints', stepId)] = { touchpoints: s.touchpoints.slice(0, TOUCHPOINTS_PER_CELL).map((n) => ({ name: n, channel: channel.get(n) ?? null })) };
  }
  return JourneyMapSchema.parse({
    name,
    description: `Proposed from ${proposal.events.toLocaleString('en-US')} events of ${proposal.customers.toLocaleString('en-US')} customers.`,
    scenario: 'What customers actually do, from first touch to advocacy',
    stages,
    lanes,
    cells,
  });
}
