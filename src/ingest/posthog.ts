/**
 * PostHog capture (`/capture/`, `/batch/`, `/i/v0/e/`) → canonical events, so `posthog-node` and
 * `posthog-js` work unchanged. `uuid` is the idempotency key. `$identify` (with `$anon_distinct_id`)
 * and `$create_alias` link identities; `$set`/`$set_once` are traits.
 */
import { z } from 'zod';
import { type CanonicalEvent, normaliseEmail } from '../domain/event.js';
import { asObject, DateSchema, firstString, IdSchema, JsonObjectSchema } from './fields.js';
import { contentMessageId } from './segment.js';

export const PostHogEventSchema = z.looseObject({
  event: z.string().trim().min(1, 'must not be empty').max(200),
  distinct_id: IdSchema.optional(),
  properties: JsonObjectSchema.optional(),
  timestamp: DateSchema.optional(),
  uuid: IdSchema.optional(),
  api_key: z.string().optional(),
  $set: JsonObjectSchema.optional(),
  $set_once: JsonObjectSchema.optional(),
});

export const PostHogBatchSchema = z.looseObject({
  api_key: z.string().optional(),
  batch: z.array(z.unknown()).min(1, 'must hold at least one event'),
  sent_at: DateSchema.optional(),
});

type Parsed = z.infer<typeof PostHogEventSchema>;

const PAGE_EVENTS = new Set(['$pageview', '$screen']);

export function posthogToCanonical(m: Parsed, raw: unknown, opts: { receivedAt: Date }): CanonicalEvent | string {
  const props = { ...(m.properties ?? {}) };
  const distinctId = m.distinct_id ?? firstString(props.distinct_id) ?? null;
  if (!distinctId) return 'distinct_id is required';
  delete props.distinct_id;
  const set = { ...(asObject(props.$set_once) ?? {}), ...(m.$set_once ?? {}), ...(asObject(props.$set) ?? {}), ...(m.$set ?? {}) };
  delete props.$set;
  delete props.$set_once;
  // posthog-js marks events sent before identification; those distinct ids are device ids.
  const anonymous = props.$is_identified === false;
  let userId: string | null = anonymous ? null : distinctId;
  let anonymousId: string | null = anonymous ? distinctId : null;
  let previousId: string | null = null;
  let type: CanonicalEvent['type'] = 'track';
  let name = m.event;
  if (m.event === '$identify') {
    type = 'identify';
    name = 'Identify';
    userId = distinctId;
    anonymousId = firstString(props.$anon_distinct_id);
  } else if (m.event === '$create_alias') {
    type = 'alias';
    name = 'Alias';
    userId = distinctId;
    previousId = firstString(props.alias);
    if (!previousId) return 'properties.alias is required for $create_alias';
  } else if (PAGE_EVENTS.has(m.event)) {
    type = m.event === '$pageview' ? 'page' : 'screen';
    name = firstString(props.$screen_name, props.title, props.$pathname) ?? (type === 'page' ? 'Page Viewed' : 'Screen Viewed');
  }
  const traits = Object.keys(set).length ? set : null;
  return {
    messageId: m.uuid ?? contentMessageId(raw),
    type,
    name,
    anonymousId,
    userId,
    email: normaliseEmail(firstString(set.email, props.email)),
    previousId,
    groupId: null,
    channel: firstString(props.channel) ?? (typeof props.$lib === 'string' && /web|js/.test(props.$lib) ? 'browser' : null),
    source: 'posthog',
    timestamp: m.timestamp ?? opts.receivedAt,
    receivedAt: opts.receivedAt,
    properties: props,
    traits,
    context: null,
  };
}
