/**
 * Request bodies of the ingest APIs → canonical events, validated whole (one bad message rejects
 * the payload). A request is checked when it comes (`checkRequest`: key, event count or problems,
 * run by the decoder's worker threads); the inbox keeps its body as it came with its kind and
 * arrival time, and the drainer (or the next start) decodes it again to the same events
 * (`decodeStoredBatch`). Callers without a request body store the events serialised (`canonical`).
 */
import secureJson from 'secure-json-parse';
import type { CanonicalEvent } from '../domain/event.js';
import { formatPath, InvalidInputError, type Problem } from '../domain/errors.js';
import { asObject, firstString } from './fields.js';
import type { RawRequest } from '../store/inbox.js';
import type { IngestLimits } from './limits.js';
import { PostHogEventSchema, posthogToCanonical } from './posthog.js';
import { SEGMENT_SCHEMAS, SegmentBatchSchema, SegmentMessageSchema, segmentToCanonical } from './segment.js';
import { posthogSurelyValid } from './posthog-precheck.js';
import { segmentSurelyValid } from './segment-precheck.js';
import { validateBatch } from './validate-batch.js';

export const SEGMENT_TYPES = Object.keys(SEGMENT_SCHEMAS) as Array<keyof typeof SEGMENT_SCHEMAS>;

/** `segment:track` … `segment:alias` (one message), `segment:batch`, `posthog` (one event or a batch). */
export type IngestKind = `segment:${(typeof SEGMENT_TYPES)[number]}` | 'segment:batch' | 'posthog';

export function isIngestKind(k: string): k is IngestKind {
  return k === 'segment:batch' || k === 'posthog' || (k.startsWith('segment:') && (SEGMENT_TYPES as string[]).includes(k.slice(8)));
}

export function requireObject(body: unknown): Record<string, unknown> {
  const o = asObject(body);
  if (!o) throw new InvalidInputError('the body must be a JSON object', [{ where: '(body)', message: 'expected a JSON object' }]);
  return o;
}

/** A PostHog body as posthog-node and posthog-js send it: one event, `{ batch: [...] }`, or a bare array. */
export function posthogItems(body: unknown): { body: Record<string, unknown>; items: unknown[]; path: string } {
  const o = Array.isArray(body) ? { batch: body } : asObject(body);
  if (!o) throw new InvalidInputError('the body must be a JSON object or array', [{ where: '(body)', message: 'expected JSON' }]);
  if (o.batch !== undefined && !Array.isArray(o.batch)) throw new InvalidInputError('invalid batch', [{ where: 'batch', message: 'must be an array' }]);
  return { body: o, items: Array.isArray(o.batch) ? o.batch : [o], path: o.batch === undefined ? '' : 'batch' };
}

export function decodeIngest(kind: IngestKind, body: unknown, receivedAt: Date, limits: IngestLimits): CanonicalEvent[] {
  if (kind === 'posthog') {
    const { items, path } = posthogItems(body);
    return validateBatch(items, () => PostHogEventSchema, (m, raw) => posthogToCanonical(m, raw, { receivedAt }), { limits, path });
  }
  const o = requireObject(body);
  if (kind !== 'segment:batch') {
    const type = kind.slice(8);
    return validateBatch([{ ...o, type }], () => SegmentMessageSchema, (m, raw) => segmentToCanonical(m, raw, { receivedAt }), { limits, path: '' });
  }
  const parsed = SegmentBatchSchema.safeParse(o);
  if (!parsed.success) throw new InvalidInputError('invalid batch', parsed.error.issues.map((i) => ({ where: formatPath(i.path), message: i.message })));
  const batchContext = parsed.data.context;
  return validateBatch(
    parsed.data.batch,
    (raw) => {
      const t = asObject(raw)?.type;
      return typeof t === 'string' && (SEGMENT_TYPES as string[]).includes(t) ? SegmentMessageSchema : `must be one of ${SEGMENT_TYPES.join(', ')}`;
    },
    (m, raw) => segmentToCanonical(batchContext ? { ...m, context: { ...batchContext, ...(m.context ?? {}) } } : m, raw, { receivedAt, batchSentAt: parsed.data.sentAt }),
    { limits, path: 'batch' },
  );
}

/**
 * A request body's text → its JSON value, refusing what Fastify's own parser refuses (`__proto__`
 * and `constructor.prototype` keys, which could poison objects built from it later).
 */
export function parseBody(text: string): unknown {
  try {
    // Text that cannot spell either key (not even through \u escapes) needs no scan for them:
    // `includes` is far cheaper than secure-json-parse's two regular expressions over the text.
    if (!text.includes('proto') && !text.includes('constructor') && !text.includes('\\u')) return JSON.parse(text);
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    throw new InvalidInputError('the body is not valid JSON', [{ where: '(body)', message: (err as Error).message }]);
  }
}

/** The write key a body carries: Segment's `writeKey`, PostHog's `api_key`/`token` (null when none). */
export function bodyKey(kind: IngestKind, body: unknown): string | null {
  if (kind !== 'posthog') return firstString(asObject(body)?.writeKey);
  const o = Array.isArray(body) ? null : asObject(body);
  const items = Array.isArray(body) ? body : Array.isArray(o?.batch) ? o.batch : [o];
  const first = asObject(items[0]);
  return firstString(o?.api_key, o?.token, first?.api_key, asObject(first?.properties)?.token);
}

/**
 * What the acknowledging side needs of a request: its key and how many events it holds, or what
 * is wrong with it. The events themselves are decoded again from the stored text when resolved,
 * so nothing but the text is held (and copied between threads) in between.
 */
export type CheckedRequest = { key: string | null; events: number } | { key: string | null; error: { message: string; problems: Problem[] } };

export function checkRequest(kind: IngestKind, text: string, receivedAt: Date, limits: IngestLimits): CheckedRequest {
  let key: string | null = null;
  try {
    const body = parseBody(text);
    key = bodyKey(kind, body);
    const surely = kind === 'posthog' ? posthogSurelyValid(body, limits) : segmentSurelyValid(kind, body, limits);
    return { key, events: surely ?? decodeIngest(kind, body, receivedAt, limits).length };
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    return { key, error: { message: err.summary, problems: err.problems } };
  }
}

/** The kind of a batch stored as its canonical events (callers without a request body). */
export const CANONICAL = 'canonical';

/** Canonical events → the inbox's JSON text (dates as ISO strings). */
export function serialiseBatch(events: readonly CanonicalEvent[]): string {
  return JSON.stringify(events);
}

/** The inbox's JSON text of canonical events → events (top-level dates revived; nested values untouched). */
export function parseBatch(body: string): CanonicalEvent[] {
  const events = JSON.parse(body) as Array<CanonicalEvent & { timestamp: string | Date; receivedAt: string | Date }>;
  for (const e of events) {
    e.timestamp = new Date(e.timestamp);
    e.receivedAt = new Date(e.receivedAt);
  }
  return events;
}

/** A batch the inbox kept → the events it was acknowledged with (throws when it cannot be read). */
export function decodeStoredBatch(b: RawRequest, limits: IngestLimits): CanonicalEvent[] {
  if (b.kind === CANONICAL) return parseBatch(b.body);
  if (!isIngestKind(b.kind)) throw new Error(`unknown inbox batch kind "${b.kind}"`);
  return decodeIngest(b.kind, parseBody(b.body), b.receivedAt, limits);
}
