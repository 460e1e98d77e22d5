/**
 * A small inline SVG icon per channel (ads, web, email, social, store, phone, sms, app, chat,
 * support, survey; anything else gets a dot), drawn with currentColor so it follows the theme.
 */
import type { ReactElement } from 'react';
import { StrokeIcon } from './icons';

const PATHS: Record<string, ReactElement> = {
  ads: <path d="M4 10v4h3l6 4V6L7 10H4zm12-1.5a4 4 0 0 1 0 7M18.5 6a7 7 0 0 1 0 12" />,
  web: (
    <>
      <circle cx="12" cy="12" r="8" />
      <path d="M4 12h16M12 4c2.5 2.6 2.5 13.4 0 16M12 4c-2.5 2.6-2.5 13.4 0 16" />
    </>
  ),
  email: (
    <>
      <rect x="3.5" y="6" width="17" height="12" rx="1.5" />
      <path d="M4 7l8 6 8-6" />
    </>
  ),
  social: (
    <>
      <circle cx="7" cy="12" r="2.5" />
      <circle cx="17" cy="6.5" r="2.5" />
      <circle cx="17" cy="17.5" r="2.5" />
      <path d="M9.2 10.8l5.6-3M9.2 13.2l5.6 3" />
    </>
  ),
  store: <path d="M4 9l1.5-4h13L20 9M4 9h16M4 9c0 1.7 1.3 2.5 2.7 2.5S9.3 10.7 9.3 9c0 1.7 1.3 2.5 2.7 2.5s2.7-.8 2.7-2.5c0 1.7 1.3 2.5 2.6 2.5S20 10.7 20 9M5.5 11.5V19h13v-7.5M10 19v-4h4v4" />,
  phone: <path d="M6.5 4h3l1.5 4-2 1.3a10 10 0 0 0 5.7 5.7L16 13l4 1.5v3a2 2 0 0 1-2.2 2A15.5 15.5 0 0 1 4.5 6.2 2 2 0 0 1 6.5 4z" />,
  sms: (
    <>
      <path d="M4 5.5h16v10H10l-4 3.5v-3.5H4z" />
      <path d="M8 10.5h.01M12 10.5h.01M16 10.5h.01" strokeWidth="2.4" />
    </>
  ),
  app: (
    <>
      <rect x="7" y="3" width="10" height="18" rx="2" />
      <path d="M11 18h2" />
    </>
  ),
  chat: (
    <>
      <path d="M4 6h11v8H9l-3 2.5V14H4z" />
      <path d="M15 9h5v8h-2v2.5L15 17h-4v-3" />
    </>
  ),
  support: (
    <>
      <path d="M5 13v-1a7 7 0 0 1 14 0v1" />
      <rect x="3.5" y="12.5" width="3.5" height="5.5" rx="1" />
      <rect x="17" y="12.5" width="3.5" height="5.5" rx="1" />
      <path d="M19 18c0 1.5-1.5 2.5-4 2.5h-2" />
    </>
  ),
  survey: (
    <>
      <rect x="5" y="3.5" width="14" height="17" rx="1.5" />
      <path d="M8.5 9l1.2 1.2L12 8M8.5 14.5l1.2 1.2L12 13.5M14 9.5h2.5M14 15h2.5" />
    </>
  ),
  other: <circle cx="12" cy="12" r="4" />,
};

/** The icon family of a channel name ("paid_search" → ads, "e-mail" → email, …). */
export function channelFamily(channel: string | null | undefined): string {
  const c = (channel ?? '').toLowerCase();
  if (!c) return 'other';
  if (c in PATHS) return c;
  if (/ad|paid|display|cpc/.test(c)) return 'ads';
  if (/mail|newsletter/.test(c)) return 'email';
  if (/social|facebook|instagram|tiktok|twitter|linkedin/.test(c)) return 'social';
  if (/store|shop|pos|retail/.test(c)) return 'store';
  if (/phone|call|voice/.test(c)) return 'phone';
  if (/sms|text|whatsapp/.test(c)) return 'sms';
  if (/app|mobile|ios|android|push/.test(c)) return 'app';
  if (/chat/.test(c)) return 'chat';
  if (/support|help|ticket|desk/.test(c)) return 'support';
  if (/survey|nps|csat|feedback/.test(c)) return 'survey';
  if (/web|site|browser|search|seo/.test(c)) return 'web';
  return 'other';
}

export function ChannelIcon({ channel, size = 16, title }: { channel: string | null | undefined; size?: number; title?: string }): ReactElement {
  const family = channelFamily(channel);
  return (
    <StrokeIcon className={`channel-icon channel-${family}`} size={size} strokeWidth={1.7} title={title}>
      {PATHS[family]}
    </StrokeIcon>
  );
}
