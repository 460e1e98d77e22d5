/**
 * The in-memory event log: the reference semantics every analysis is tested against. A log is a
 * list of events with their customer's traits; `journeys` applies a scope and a granularity and
 * returns each customer's ordered activities, exactly as the SQL compilers must.
 */
import { type BehaviourCondition, behaviourHolds } from './behaviour.js';
import { conditionHolds, type Condition, fieldRef, readPath, valueText } from './condition.js';
import { ACTIVITY_COLUMN, type Granularity, NON_BEHAVIOURAL_TYPES } from './granularity.js';
import type { Scope } from './scope.js';
import type { Step } from './step.js';

export interface LogEvent {
  messageId: string;
  customerId: string;
  /** Epoch milliseconds. */
  timestamp: number;
  type: string;
  name: string;
  source: string;
  channel: string | null;
  touchpoint: string | null;
  stage: string | null;
  properties: Record<string, unknown>;
}

export interface EventLog {
  events: LogEvent[];
  traits: Map<string, Record<string, unknown>>;
}

export interface JourneyEvent {
  event: LogEvent;
  activity: string;
}

/** The stored text of an event field (what SQL compares against). */
export function eventFieldText(e: LogEvent, field: string, traits?: Record<string, unknown>): string | null {
  const ref = fieldRef(field);
  if (ref.kind === 'property') return valueText(readPath(e.properties, ref.path));
  if (ref.kind === 'trait') return valueText(readPath(traits, ref.path));
  return e[ref.column];
}

export function eventMatches(e: LogEvent, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => conditionHolds(c, eventFieldText(e, c.field)));
}

export function traitsMatch(traits: Record<string, unknown> | undefined, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => conditionHolds(c, valueText(readPath(traits, c.field.slice('traits.'.length)))));
}

export function stepMatches(e: LogEvent, step: Step): boolean {
  return e[ACTIVITY_COLUMN[step.by]] === step.value && eventMatches(e, step.where);
}

/**
 * The customers meeting every behaviour condition, counted over all their behavioural events
 * (no time range or event filter narrows it); null when there are no conditions (everyone).
 */
export function behaviourMembers(log: EventLog, conditions: readonly BehaviourCondition[]): Set<string> | null {
  if (conditions.length === 0) return null;
  const counts = new Map<string, number[]>();
  for (const e of log.events) {
    if (NON_BEHAVIOURAL_TYPES.includes(e.type)) continue;
    let c = counts.get(e.customerId);
    if (!c) counts.set(e.customerId, (c = conditions.map(() => 0)));
    conditions.forEach((b, i) => {
      if (stepMatches(e, b.step)) c[i]!++;
    });
  }
  const customers = new Set([...log.events.map((e) => e.customerId), ...log.traits.keys()]);
  const out = new Set<string>();
  for (const id of customers) {
    const c = counts.get(id);
    if (conditions.every((b, i) => behaviourHolds(b, c?.[i] ?? 0))) out.add(id);
  }
  return out;
}

/** Total order of a customer's events: time, then messageId (ties are common in real logs). */
export function compareEvents(a: LogEvent, b: LogEvent): number {
  return a.timestamp - b.timestamp || byteCompare(a.messageId, b.messageId);
}

/** Events in scope (behavioural only), with the persona's conditions already folded into `segment` and `behaviour`. */
export function scopedEvents(log: EventLog, scope: Scope): LogEvent[] {
  const members = behaviourMembers(log, scope.behaviour);
  const from = scope.from?.getTime() ?? -Infinity;
  const to = scope.to?.getTime() ?? Infinity;
  return log.events.filter(
    (e) =>
      !NON_BEHAVIOURAL_TYPES.includes(e.type) &&
      e.timestamp >= from &&
      e.timestamp < to &&
      (!scope.sources || scope.sources.includes(e.source)) &&
      eventMatches(e, scope.where) &&
      traitsMatch(log.traits.get(e.customerId), scope.segment) &&
      (members === null || members.has(e.customerId)),
  );
}

/** Each customer's ordered journey at a granularity (events without that activity are left out). */
export function journeys(log: EventLog, scope: Scope, by: Granularity): Map<string, JourneyEvent[]> {
  const col = ACTIVITY_COLUMN[by];
  const out = new Map<string, JourneyEvent[]>();
  for (const e of scopedEvents(log, scope)) {
    const activity = e[col];
    if (activity === null) continue;
    let list = out.get(e.customerId);
    if (!list) out.set(e.customerId, (list = []));
    list.push({ event: e, activity });
  }
  for (const list of out.values()) list.sort((a, b) => compareEvents(a.event, b.event));
  return out;
}

/** Drop an activity that repeats the one before it. */
export function collapseRepeats(list: JourneyEvent[]): JourneyEvent[] {
  return list.filter((x, i) => i === 0 || list[i - 1]!.activity !== x.activity);
}

/** Linear-interpolated quantile, as DuckDB's quantile_cont and ClickHouse's quantileExact-interpolated. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Byte-wise UTF-8 order: what DuckDB's and ClickHouse's default string comparison gives. */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
