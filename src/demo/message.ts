/**
 * The demo generator's output: one Segment-spec message plus the silo it came from. Also the
 * schema that checks one, and the view of it the touchpoint rules match against.
 */
import { z } from 'zod';

export type DemoSource = 'web' | 'app' | 'hubspot' | 'zendesk' | 'pos' | 'surveys' | 'ads';
export type DemoMessageType = 'track' | 'page' | 'screen' | 'identify' | 'alias';

export interface DemoMessage {
  /** Which silo: 'web' (site analytics via Segment), 'app', 'hubspot', 'zendesk', 'pos', 'surveys', 'ads'. */
  source: string;
  /** A Segment-spec message, as a Segment client would send it. */
  message: {
    type: DemoMessageType;
    messageId: string;
    timestamp: string;
    anonymousId?: string;
    userId?: string;
    previousId?: string;
    event?: string;
    name?: string;
    /** The medium: 'web' | 'app' | 'email' | 'sms' | 'store' | 'phone' | 'ads' | 'social' | 'support' | 'survey' | 'chat'. */
    channel?: string;
    properties?: Record<string, unknown>;
    traits?: Record<string, unknown>;
    context?: Record<string, unknown>;
  };
}

const SOURCES = ['web', 'app', 'hubspot', 'zendesk', 'pos', 'surveys', 'ads'] as const;
const MEDIA = ['web', 'app', 'email', 'sms', 'store', 'phone', 'ads', 'social', 'support', 'survey', 'chat'] as const;
const record = z.record(z.string(), z.unknown());

export const DemoMessageSchema = z
  .object({
    source: z.enum(SOURCES),
    message: z
      .object({
        type: z.enum(['track', 'page', 'screen', 'identify', 'alias']),
        messageId: z.string().min(1),
        timestamp: z.iso.datetime(),
        anonymousId: z.string().min(1).optional(),
        userId: z.string().min(1).optional(),
        previousId: z.string().min(1).optional(),
        event: z.string().min(1).optional(),
        name: z.string().min(1).optional(),
        channel: z.enum(MEDIA).optional(),
        properties: record.optional(),
        traits: record.optional(),
        context: record.optional(),
      })
      .strict()
      .superRefine((m, ctx) => {
        const need = (ok: boolean, message: string) => {
          if (!ok) ctx.addIssue({ code: 'custom', message });
        };
        need(m.anonymousId !== undefined || m.userId !== undefined || contextEmail(m.context) !== null, 'no identifier: anonymousId, userId or context.traits.email');
        if (m.type === 'track') need(m.event !== undefined, 'track without event');
        if (m.type === 'page' || m.type === 'screen') need(m.name !== undefined, `${m.type} without name`);
        if (m.type === 'identify') need(m.userId !== undefined && m.traits !== undefined, 'identify without userId and traits');
        if (m.type === 'alias') need(m.previousId !== undefined && m.userId !== undefined, 'alias without previousId and userId');
      }),
  })
  .strict();

/** context.traits.email, or null. */
export function contextEmail(context: Record<string, unknown> | undefined): string | null {
  const traits = context?.['traits'];
  if (traits === null || typeof traits !== 'object') return null;
  const email = (traits as Record<string, unknown>)['email'];
  return typeof email === 'string' ? email : null;
}

/** The name a canonical event gets: event for track, page/screen name, `Identify`/`Alias` otherwise. */
export function demoEventName(m: DemoMessage['message']): string {
  if (m.type === 'track') return m.event ?? '';
  if (m.type === 'page' || m.type === 'screen') return m.name ?? '';
  return m.type === 'identify' ? 'Identify' : 'Alias';
}

/** What the touchpoint rules look at (the `Matchable` of domain/touchpoint.ts). */
export function demoMatchable(d: DemoMessage): {
  name: string;
  type: DemoMessageType;
  source: string;
  channel: string | null;
  properties: Record<string, unknown>;
} {
  return {
    name: demoEventName(d.message),
    type: d.message.type,
    source: d.source,
    channel: d.message.channel ?? null,
    properties: d.message.properties ?? {},
  };
}
