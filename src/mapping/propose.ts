/**
 * Propose a map from what was imported: for each event name no rule covers, a suggested
 * touchpoint and stage (by name, then by position) and the rule that would map it; and a first
 * journey map as plain data — the stage columns with their touchpoints in journey order (mapped
 * and proposed), and suggested KPI lanes — that the journey-map object (issue 5) can be built
 * from. `applyProposal` turns the suggestions into a catalogue. Pure: the figures come from
 * EventStore.mappingProfile.
 */
import { BUILTIN_TOUCHPOINTS } from '../domain/builtin-catalogue.js';
import { usesBuiltins } from '../domain/catalogue-layers.js';
import type { Stage } from '../domain/stage.js';
import type { Catalogue, Touchpoint, TouchpointRule } from '../domain/touchpoint.js';
import type { MappingProfile, UnmappedEventStats } from '../store/event-store.js';
import { stageByName, stageByPosition } from './stage-heuristics.js';

export const PROPOSAL_VERSION = 1;

export interface UnmappedSuggestion extends UnmappedEventStats {
  suggestion: {
    touchpoint: string;
    stage: string | null;
    /** Why: `name: "gift"`, `position: after purchase`, … */
    reason: string;
    stageByName: string | null;
    stageByPosition: string | null;
    /** True when the touchpoint already exists (workspace or built-in) and the rule just maps to it. */
    existingTouchpoint: boolean;
  };
}

export interface MapTouchpoint {
  name: string;
  channel: string | null;
  stage: string | null;
  origin: 'workspace' | 'builtin' | 'proposed';
  events: number;
  customers: number;
  /** Median rank of customers' first occurrence (1 = their first event); the map's order. */
  medianFirstRank: number;
  /** The same as a fraction of the journey: 0 = first event, 1 = last. */
  medianRelativePosition: number;
}

/** A lane of the proposed map bound to a metric (issue 5 renders it). */
export interface KpiLane {
  key: string;
  label: string;
  metric: 'customers_reached' | 'stage_conversion' | 'median_time_to_next_stage' | 'touchpoint_events' | 'channel_mix' | 'satisfaction';
  description: string;
}

export interface MapProposal {
  version: number;
  /** Behavioural events and customers looked at. */
  events: number;
  customers: number;
  builtins: boolean;
  unmapped: UnmappedSuggestion[];
  /** The first journey map: stage columns with their touchpoints in journey order, and KPI lanes. */
  map: {
    stages: Array<Stage & { touchpoints: string[] }>;
    /** Touchpoints seen in the data without a stage (e-mail delivery, sessions, …). */
    unstaged: string[];
    touchpoints: MapTouchpoint[];
    lanes: KpiLane[];
  };
  /** What `--apply` adds to the workspace catalogue. */
  catalogue: { touchpoints: Touchpoint[]; rules: TouchpointRule[] };
}

/** `newsletter_popup_closed` → `Newsletter Popup Closed`; names already in words keep their case. */
export function touchpointName(eventName: string): string {
  const spaced = eventName.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/\s+/g, ' ').trim();
  return spaced.replace(/\b[a-z]/g, (c) => c.toUpperCase()).slice(0, 200) || eventName.slice(0, 200);
}

/** A rule pattern matching exactly this name: plain unless the name has glob characters or slashes at both ends. */
export function exactNamePattern(name: string): string {
  if (!/[*?]/.test(name) && !(name.startsWith('/') && name.endsWith('/'))) return name;
  return `/${name.replace(/[.+*?^${}()|[\]\\/]/g, '\\$&')}/`;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'event';
}

export const KPI_LANES: readonly KpiLane[] = [
  { key: 'reached', label: 'Customers reaching the stage', metric: 'customers_reached', description: 'Distinct customers with at least one event in the stage.' },
  { key: 'conversion', label: 'Conversion to the next stage', metric: 'stage_conversion', description: 'Share of the customers reaching the stage who reach the next one.' },
  { key: 'time', label: 'Time to the next stage', metric: 'median_time_to_next_stage', description: 'Median time from first entering the stage to first entering the next one.' },
  { key: 'touchpoints', label: 'Touchpoint volume', metric: 'touchpoint_events', description: 'Events per touchpoint of the stage.' },
  { key: 'channels', label: 'Channels', metric: 'channel_mix', description: 'Events by channel, and customers by first-touch channel group (GA4 default grouping).' },
  { key: 'satisfaction', label: 'Satisfaction', metric: 'satisfaction', description: 'NPS / CSAT / CES answers attributed to the stage (Survey Responded).' },
];

export function proposeMap(profile: MappingProfile, catalogue: Catalogue, stages: readonly Stage[]): MapProposal {
  const builtins = usesBuiltins(catalogue);
  const known = new Map<string, { t: Touchpoint; origin: 'workspace' | 'builtin' }>();
  if (builtins) for (const t of BUILTIN_TOUCHPOINTS) known.set(t.name.toLowerCase(), { t, origin: 'builtin' });
  for (const t of catalogue.touchpoints) known.set(t.name.toLowerCase(), { t, origin: 'workspace' });
  const stageKeys = new Set(stages.map((s) => s.key));
  const ruleIds = new Set(catalogue.rules.map((r) => r.id));

  const newTouchpoints = new Map<string, Touchpoint>();
  const rules: TouchpointRule[] = [];
  const unmapped: UnmappedSuggestion[] = profile.unmapped.map((u) => {
    const byName = stageByName(u.name, stages);
    const byPosition = stageByPosition(u, stages);
    const name = touchpointName(u.name);
    const existing = known.get(name.toLowerCase());
    const stage = existing ? existing.t.stage : (byName?.stage ?? byPosition);
    const reason = existing
      ? `a touchpoint "${existing.t.name}" already exists`
      : byName
        ? `name: "${byName.keyword}"${byPosition && byPosition !== byName.stage ? ` (position suggests ${byPosition})` : ''}`
        : byPosition
          ? `position: ${u.stageBefore ? `after ${u.stageBefore}` : u.stageAfter ? `before ${u.stageAfter}` : `${Math.round(u.medianRelativePosition * 100)}% into the journey`}`
          : 'no clue';
    const tpName = existing ? existing.t.name : name;
    if (!existing && !newTouchpoints.has(tpName)) {
      newTouchpoints.set(tpName, { name: tpName, channel: null, stage: stage !== null && stageKeys.has(stage) ? stage : null, description: `Proposed from the event "${u.name}" (${u.events} events, ${u.customers} customers).` });
    }
    let id = `proposed/${slug(u.name)}`;
    for (let k = 2; ruleIds.has(id); k++) id = `proposed/${slug(u.name)}-${k}`;
    ruleIds.add(id);
    rules.push({ id, priority: 100, match: { name: exactNamePattern(u.name) }, touchpoint: tpName });
    return { ...u, suggestion: { touchpoint: tpName, stage, reason, stageByName: byName?.stage ?? null, stageByPosition: byPosition, existingTouchpoint: existing !== undefined } };
  });

  // The map: every touchpoint seen in the data, and every proposed one, ordered by typical position.
  const mapTouchpoints: MapTouchpoint[] = profile.touchpoints.map((t) => {
    const k = known.get(t.touchpoint.toLowerCase());
    return { name: t.touchpoint, channel: k?.t.channel ?? t.channel, stage: t.stage, origin: k?.origin ?? 'workspace', events: t.events, customers: t.customers, medianFirstRank: t.medianFirstRank, medianRelativePosition: t.medianRelativePosition };
  });
  for (const u of unmapped) {
    if (u.suggestion.existingTouchpoint) continue;
    const tp = newTouchpoints.get(u.suggestion.touchpoint)!;
    const already = mapTouchpoints.find((m) => m.name === tp.name);
    if (already) {
      already.events += u.events;
      continue;
    }
    mapTouchpoints.push({ name: tp.name, channel: null, stage: tp.stage, origin: 'proposed', events: u.events, customers: u.customers, medianFirstRank: u.medianFirstRank, medianRelativePosition: u.medianRelativePosition });
  }
  mapTouchpoints.sort((a, b) => a.medianFirstRank - b.medianFirstRank || a.medianRelativePosition - b.medianRelativePosition || b.customers - a.customers || (a.name < b.name ? -1 : 1));
  return {
    version: PROPOSAL_VERSION,
    events: profile.events,
    customers: profile.customers,
    builtins,
    unmapped,
    map: {
      stages: stages.map((s) => ({ ...s, touchpoints: mapTouchpoints.filter((t) => t.stage === s.key).map((t) => t.name) })),
      unstaged: mapTouchpoints.filter((t) => t.stage === null || !stageKeys.has(t.stage)).map((t) => t.name),
      touchpoints: mapTouchpoints,
      lanes: [...KPI_LANES],
    },
    catalogue: { touchpoints: [...newTouchpoints.values()], rules },
  };
}

/** The workspace catalogue with the proposal's touchpoints and rules added (existing ones by the same name/id are kept). */
export function applyProposal(catalogue: Catalogue, proposal: MapProposal): Catalogue {
  const names = new Set(catalogue.touchpoints.map((t) => t.name));
  const ids = new Set(catalogue.rules.map((r) => r.id));
  const touchpoints = [...catalogue.touchpoints, ...proposal.catalogue.touchpoints.filter((t) => !names.has(t.name))];
  // A rule to a built-in touchpoint needs that touchpoint in the workspace catalogue too.
  const have = new Set(touchpoints.map((t) => t.name));
  for (const r of proposal.catalogue.rules) {
    if (have.has(r.touchpoint)) continue;
    const b = BUILTIN_TOUCHPOINTS.find((t) => t.name === r.touchpoint);
    if (b) {
      touchpoints.push({ ...b });
      have.add(b.name);
    }
  }
  return { ...catalogue, touchpoints, rules: [...catalogue.rules, ...proposal.catalogue.rules.filter((r) => !ids.has(r.id))] };
}
