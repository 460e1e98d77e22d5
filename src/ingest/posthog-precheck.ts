/**
 * A quick yes for ordinary PostHog capture bodies (one event, `{ batch: [...] }` or a bare array),
 * as segment-precheck.ts is for Segment: never looser than PostHogEventSchema and the conversion
 * (posthog-precheck.test.ts checks it on generated events), so a body it passes decodes whole; one
 * it does not pass goes through the full decode, which names the problems.
 */
import { asObject } from './fields.js';
import type { IngestLimits } from './limits.js';
import { isEventName, isId, optionalDate, optionalObject } from './precheck-fields.js';
import { jsonBytesUpperBound } from './validate-batch.js';

/** True when the event surely passes the schema and converts (a distinct_id of its own; an alias has its target). */
export function posthogEventSurelyValid(raw: unknown): boolean {
  const m = asObject(raw);
  if (!m || !isEventName(m.event) || !isId(m.distinct_id)) return false;
  if (!optionalObject(m.properties) || !optionalDate(m.timestamp) || !(m.uuid === undefined || isId(m.uuid))) return false;
  if (!(m.api_key === undefined || typeof m.api_key === 'string') || !optionalObject(m.$set) || !optionalObject(m.$set_once)) return false;
  return m.event !== '$create_alias'; // needs properties.alias: the full decode judges it
}

/** The number of events when a PostHog body (already parsed) surely decodes whole; null when the full decode must judge it. */
export function posthogSurelyValid(body: unknown, limits: IngestLimits): number | null {
  const o = Array.isArray(body) ? { batch: body } : asObject(body);
  if (!o) return null;
  const items = o.batch === undefined ? [o] : o.batch;
  if (!Array.isArray(items) || items.length > limits.maxBatchEvents) return null;
  for (const m of items) if (jsonBytesUpperBound(m) > limits.maxEventBytes || !posthogEventSurelyValid(m)) return null;
  return items.length;
}
