/**
 * A quick yes for ordinary Segment messages, so acknowledging a request does not run the full
 * schema (segment.ts, zod) and canonical conversion per message. It is stricter than the schema,
 * never looser: every message it passes, the schema accepts and converts to an event
 * (segment-precheck.test.ts checks this on generated messages). A message it does not pass is
 * not judged here: the caller runs the full decode, which says what is wrong, or accepts it.
 */
import { normaliseEmail } from '../domain/event.js';
import { asObject, firstString } from './fields.js';
import type { IngestLimits } from './limits.js';
import { isEventName, isId, optionalDate, optionalObject } from './precheck-fields.js';
import { jsonBytesUpperBound } from './validate-batch.js';

const TYPES = new Set(['track', 'page', 'screen', 'identify', 'group', 'alias']);
const optionalName = (v: unknown): boolean => v == null || (typeof v === 'string' && v.length <= 200);

/** The message names an email as segmentToCanonical reads one (traits, else properties). */
function hasEmail(m: Record<string, unknown>, type: string): boolean {
  const contextTraits = asObject(asObject(m.context)?.traits);
  const traits = type === 'identify' || type === 'group' ? { ...contextTraits, ...asObject(m.traits) } : contextTraits;
  const properties = type === 'track' || type === 'page' || type === 'screen' ? asObject(m.properties) : null;
  return normaliseEmail(firstString(traits?.email, properties?.email)) !== null;
}

/** True when the message surely passes the schema of its `type` and has an identity (userId, anonymousId or email). */
export function segmentMessageSurelyValid(raw: unknown, type: string): boolean {
  const m = asObject(raw);
  if (!m || !TYPES.has(type) || (m.type !== undefined && m.type !== type)) return false;
  if (!(m.messageId === undefined || isId(m.messageId))) return false;
  if (!(m.userId == null || isId(m.userId)) || !(m.anonymousId == null || isId(m.anonymousId))) return false;
  if (m.userId == null && (type === 'alias' || (m.anonymousId == null && !hasEmail(m, type)))) return false;
  if (!optionalDate(m.timestamp) || !optionalDate(m.originalTimestamp) || !optionalDate(m.sentAt)) return false;
  if (!optionalObject(m.context) || !optionalObject(m.integrations)) return false;
  if (!(m.channel === undefined || (typeof m.channel === 'string' && m.channel.length <= 100))) return false;
  switch (type) {
    case 'track':
      return isEventName(m.event) && optionalObject(m.properties);
    case 'page':
    case 'screen':
      return optionalName(m.name) && optionalName(m.category) && optionalObject(m.properties);
    case 'identify':
      return optionalObject(m.traits);
    case 'group':
      return isId(m.groupId) && optionalObject(m.traits);
    default:
      return isId(m.previousId);
  }
}

/**
 * The number of messages when a Segment request body (already parsed) surely decodes whole, each
 * within the size limit; null when the full decode must judge it.
 */
export function segmentSurelyValid(kind: string, body: unknown, limits: IngestLimits): number | null {
  const o = asObject(body);
  if (!o) return null;
  if (kind !== 'segment:batch') {
    const type = kind.slice('segment:'.length);
    const m = { ...o, type };
    return jsonBytesUpperBound(m) <= limits.maxEventBytes && segmentMessageSurelyValid(m, type) ? 1 : null;
  }
  const batch = o.batch;
  if (!Array.isArray(batch) || batch.length === 0 || batch.length > limits.maxBatchEvents) return null;
  if (!optionalDate(o.sentAt) || !optionalObject(o.context) || !(o.writeKey === undefined || typeof o.writeKey === 'string')) return null;
  for (const m of batch) {
    const type = asObject(m)?.type;
    if (typeof type !== 'string' || jsonBytesUpperBound(m) > limits.maxEventBytes || !segmentMessageSurelyValid(m, type)) return null;
  }
  return batch.length;
}
