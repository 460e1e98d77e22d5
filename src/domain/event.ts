/**
 * The canonical event: one thing a customer did or had done to them, whatever silo it came from.
 * Every ingest path (Segment, PostHog, CSV/NDJSON import, demo generator) produces this shape.
 */

export const EVENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type JsonObject = Record<string, unknown>;

export interface CanonicalEvent {
  /** Idempotency key: the same messageId in a workspace is stored once. */
  messageId: string;
  type: EventType;
  /** Event name for track; page/screen name; `Identify`, `Group`, `Alias` for the others. */
  name: string;
  anonymousId: string | null;
  userId: string | null;
  /** Lower-cased e-mail, taken from traits/properties/context when present. */
  email: string | null;
  /** alias: the identifier being merged into userId. */
  previousId: string | null;
  groupId: string | null;
  /** The channel the source reported (e.g. "email", "web"); the resolved channel may differ. */
  channel: string | null;
  /** Which silo it came from: "segment", "posthog", "hubspot", "zendesk", … */
  source: string;
  timestamp: Date;
  receivedAt: Date;
  properties: JsonObject;
  /** identify/group traits (also Segment's context.traits), null when none. */
  traits: JsonObject | null;
  context: JsonObject | null;
}

/** The identifiers of an event, as the identity graph sees them. */
export function eventIdentifiers(e: Pick<CanonicalEvent, 'anonymousId' | 'userId' | 'email' | 'previousId'>): string[] {
  const ids: string[] = [];
  if (e.userId) ids.push(identifier('user', e.userId));
  if (e.anonymousId) ids.push(identifier('anon', e.anonymousId));
  if (e.email) ids.push(identifier('email', e.email));
  return ids;
}

export type IdentifierKind = 'user' | 'anon' | 'email';

/** `user:42`, `anon:ab-12`, `email:ann@example.com` — one namespace per kind. */
export function identifier(kind: IdentifierKind, value: string): string {
  return `${kind}:${value}`;
}

export function identifierKind(id: string): IdentifierKind {
  return id.slice(0, id.indexOf(':')) as IdentifierKind;
}

export function normaliseEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const e = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}
