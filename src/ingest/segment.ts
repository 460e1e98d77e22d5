/**
 * Segment spec (track, identify, page, screen, group, alias, batch) → canonical events.
 * The schemas here are the single source for validation and for the OpenAPI document.
 * https://segment.com/docs/connections/spec/ — timestamps follow Segment's rules: `timestamp`
 * wins; otherwise `originalTimestamp` corrected for the client's clock skew using `sentAt`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type CanonicalEvent, type EventType, normaliseEmail } from '../domain/event.js';
import { asObject, DateSchema, firstString, IdSchema, JsonObjectSchema } from './fields.js';

const base = {
  messageId: IdSchema.optional(),
  anonymousId: IdSchema.nullish(),
  userId: IdSchema.nullish(),
  timestamp: DateSchema.optional(),
  originalTimestamp: DateSchema.optional(),
  sentAt: DateSchema.optional(),
  context: JsonObjectSchema.optional(),
  integrations: JsonObjectSchema.optional(),
  channel: z.string().max(100).optional(),
};

export const SegmentTrackSchema = z.looseObject({ ...base, type: z.literal('track').optional(), event: z.string().trim().min(1, 'must not be empty').max(200), properties: JsonObjectSchema.optional() });
export const SegmentPageSchema = z.looseObject({ ...base, type: z.literal('page').optional(), name: z.string().max(200).nullish(), category: z.string().max(200).nullish(), properties: JsonObjectSchema.optional() });
export const SegmentScreenSchema = z.looseObject({ ...base, type: z.literal('screen').optional(), name: z.string().max(200).nullish(), category: z.string().max(200).nullish(), properties: JsonObjectSchema.optional() });
export const SegmentIdentifySchema = z.looseObject({ ...base, type: z.literal('identify').optional(), traits: JsonObjectSchema.optional() });
export const SegmentGroupSchema = z.looseObject({ ...base, type: z.literal('group').optional(), groupId: IdSchema, traits: JsonObjectSchema.optional() });
export const SegmentAliasSchema = z.looseObject({ ...base, type: z.literal('alias').optional(), previousId: IdSchema });

export const SEGMENT_SCHEMAS = {
  track: SegmentTrackSchema,
  page: SegmentPageSchema,
  screen: SegmentScreenSchema,
  identify: SegmentIdentifySchema,
  group: SegmentGroupSchema,
  alias: SegmentAliasSchema,
} as const;

export const SegmentMessageSchema = z.discriminatedUnion('type', [
  SegmentTrackSchema.extend({ type: z.literal('track') }),
  SegmentPageSchema.extend({ type: z.literal('page') }),
  SegmentScreenSchema.extend({ type: z.literal('screen') }),
  SegmentIdentifySchema.extend({ type: z.literal('identify') }),
  SegmentGroupSchema.extend({ type: z.literal('group') }),
  SegmentAliasSchema.extend({ type: z.literal('alias') }),
]);

export const SegmentBatchSchema = z.looseObject({
  batch: z.array(z.unknown()).min(1, 'must hold at least one message'),
  sentAt: DateSchema.optional(),
  context: JsonObjectSchema.optional(),
  writeKey: z.string().optional(),
});

type Parsed = z.infer<typeof SegmentMessageSchema>;

/** Stable id for a message that came without one, so a resend is still stored once. */
export function contentMessageId(raw: unknown): string {
  return 'sha256:' + createHash('sha256').update(JSON.stringify(raw)).digest('hex').slice(0, 40);
}

function eventTime(m: Parsed, batchSentAt: Date | undefined, receivedAt: Date): Date {
  if (m.timestamp) return m.timestamp;
  const sentAt = m.sentAt ?? batchSentAt;
  if (m.originalTimestamp && sentAt) return new Date(receivedAt.getTime() - (sentAt.getTime() - m.originalTimestamp.getTime()));
  return m.originalTimestamp ?? receivedAt;
}

function eventName(m: Parsed): string {
  switch (m.type) {
    case 'track':
      return m.event;
    case 'page':
      return m.name?.trim() || 'Page Viewed';
    case 'screen':
      return m.name?.trim() || 'Screen Viewed';
    case 'identify':
      return 'Identify';
    case 'group':
      return 'Group';
    case 'alias':
      return 'Alias';
  }
}

/**
 * A validated Segment message → canonical event. `source` names the silo (default "segment").
 * Returns a problem string instead when the message has no identity at all.
 */
export function segmentToCanonical(
  m: Parsed,
  raw: unknown,
  opts: { receivedAt: Date; batchSentAt?: Date; source?: string },
): CanonicalEvent | string {
  const userId = m.userId ?? null;
  const anonymousId = m.anonymousId ?? null;
  const context = m.context ?? null;
  const contextTraits = asObject(context?.traits);
  const traits = m.type === 'identify' || m.type === 'group' ? { ...(contextTraits ?? {}), ...(m.traits ?? {}) } : contextTraits;
  const properties = m.type === 'track' || m.type === 'page' || m.type === 'screen' ? { ...(m.properties ?? {}) } : {};
  if ((m.type === 'page' || m.type === 'screen') && m.category && properties.category === undefined) properties.category = m.category;
  const email = normaliseEmail(firstString(traits?.email, properties.email));
  if (m.type === 'alias') {
    if (!userId) return 'alias needs userId (the identifier previousId is merged into)';
  } else if (!userId && !anonymousId && !email) {
    return 'either userId or anonymousId is required';
  }
  return {
    messageId: m.messageId ?? contentMessageId(raw),
    type: m.type as EventType,
    name: eventName(m),
    anonymousId,
    userId,
    email,
    previousId: m.type === 'alias' ? m.previousId : null,
    groupId: m.type === 'group' ? m.groupId : null,
    channel: m.channel ?? firstString(context?.channel) ?? null,
    source: opts.source ?? 'segment',
    timestamp: eventTime(m, opts.batchSentAt, opts.receivedAt),
    receivedAt: opts.receivedAt,
    properties,
    traits: traits && Object.keys(traits).length ? traits : null,
    context,
  };
}
