/**
 * Builds one customer's messages the way each silo would send them: web/app analytics carry the
 * device's anonymousId (and userId once that device has identified), CRM, help-desk and survey
 * tools carry only the e-mail in context.traits, the tills carry the loyalty userId or the e-mail.
 * Messages are collected with numeric times and finished (sorted, stamped, numbered) at the end.
 */
import type { DemoMessage, DemoMessageType } from './message.js';
import type { Person } from './people.js';

export interface Device {
  kind: 'web' | 'app';
  anonymousId: string;
  /** Has this device sent an identify (so its messages now carry the userId)? */
  identified: boolean;
  /** app only: has the install been recorded? */
  installed: boolean;
  /** Sessions so far on this device. */
  sessions: number;
}

export interface Campaign {
  source: string;
  medium: string;
  name: string;
}

type Message = DemoMessage['message'];
interface Item {
  t: number;
  d: DemoMessage;
}

const SITE = 'https://www.northwind-outfitters.com';
const WEB_LIBRARY = { name: 'analytics.js', version: '2.11.1' } as const;
const APP_LIBRARY = { name: 'analytics-react-native', version: '2.19.0' } as const;

const DAY_MS = 86_400_000;
const DAY_PREFIX = new Map<number, string>();
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `new Date(t).toISOString()` for ms since epoch, several times faster (the date part is cached per day). */
export function isoTime(t: number): string {
  const ms = Math.floor(t);
  const day = Math.floor(ms / DAY_MS);
  let prefix = DAY_PREFIX.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (DAY_PREFIX.size < 100_000) DAY_PREFIX.set(day, prefix);
  }
  let rest = ms - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const sec = rest % 60;
  rest = (rest - sec) / 60;
  const min = rest % 60;
  const hour = (rest - min) / 60;
  return `${prefix}${PAD2[hour]}:${PAD2[min]}:${PAD2[sec]}.${PAD3[milli]}Z`;
}

export class Emitter {
  private items: Item[] = [];

  constructor(
    private readonly person: Person,
    private readonly start: number,
    private readonly end: number,
  ) {}

  private push(t: number, source: string, message: Message): void {
    if (t >= this.start && t < this.end) this.items.push({ t, d: { source, message } });
  }

  /** A page (web) or screen (app) view. */
  view(t: number, device: Device, name: string, path: string, sessionId: string, seconds: number, campaign?: Campaign, referrer?: string): void {
    if (device.kind === 'web') {
      const url = SITE + path + (campaign ? `?utm_source=${campaign.source}&utm_medium=${campaign.medium}&utm_campaign=${campaign.name}` : '');
      const properties: Record<string, unknown> = { path, url, title: `${name} | Northwind Outfitters`, referrer: referrer ?? '', time_on_page: seconds, session_id: sessionId };
      if (campaign) properties['search'] = url.slice(url.indexOf('?'));
      this.push(t, 'web', this.online(device, 'page', name, properties, campaign));
    } else {
      this.push(t, 'app', this.online(device, 'screen', name, { path, title: name, time_on_page: seconds, session_id: sessionId }, campaign));
    }
  }

  /** A track call from the web site or app. */
  track(t: number, device: Device, event: string, properties: Record<string, unknown>, campaign?: Campaign): void {
    this.push(t, device.kind, this.online(device, 'track', event, properties, campaign));
  }

  /** Identify from a device: links its anonymousId to the userId. */
  identify(t: number, device: Device, traits: Record<string, unknown>): void {
    device.identified = true;
    const message: Message = {
      type: 'identify',
      messageId: '',
      timestamp: '',
      anonymousId: device.anonymousId,
      userId: this.person.userId,
      channel: device.kind,
      traits,
      context: { library: device.kind === 'web' ? { ...WEB_LIBRARY } : { ...APP_LIBRARY } },
    };
    this.push(t, device.kind, message);
  }

  /** An ad-platform event, tied to the browser/app by the platform's pixel. */
  ad(t: number, device: Device, event: string, channel: 'ads' | 'social', properties: Record<string, unknown>, campaign: Campaign): void {
    const message: Message = { type: 'track', messageId: '', timestamp: '', anonymousId: device.anonymousId, event, channel, properties, context: { campaign: { ...campaign } } };
    this.push(t, 'ads', message);
  }

  /** A CRM (hubspot), help-desk (zendesk) or survey tool event: identified by e-mail only. */
  byEmail(t: number, source: 'hubspot' | 'zendesk' | 'surveys', event: string, channel: string, properties: Record<string, unknown>, campaign?: Campaign): void {
    const context: Record<string, unknown> = { traits: { email: this.person.email } };
    if (campaign) context['campaign'] = { ...campaign };
    this.push(t, source, { type: 'track', messageId: '', timestamp: '', event, channel, properties, context });
  }

  /** A till / store system event: the loyalty card's userId when known, else the e-receipt e-mail. */
  pos(t: number, event: string, properties: Record<string, unknown>, loyalty: boolean): void {
    const message: Message = { type: 'track', messageId: '', timestamp: '', event, channel: 'store', properties };
    if (loyalty) message.userId = this.person.userId;
    else message.context = { traits: { email: this.person.email } };
    this.push(t, 'pos', message);
  }

  /** Loyalty enrolment at a till: the store system identifies the card holder. */
  posIdentify(t: number, traits: Record<string, unknown>): void {
    this.push(t, 'pos', { type: 'identify', messageId: '', timestamp: '', userId: this.person.userId, channel: 'store', traits });
  }

  /** A server-side event (billing): userId only. */
  server(t: number, event: string, properties: Record<string, unknown>): void {
    this.push(t, 'web', { type: 'track', messageId: '', timestamp: '', userId: this.person.userId, event, channel: 'web', properties });
  }

  private online(device: Device, type: DemoMessageType, nameOrEvent: string, properties: Record<string, unknown>, campaign?: Campaign): Message {
    const message: Message = { type, messageId: '', timestamp: '', anonymousId: device.anonymousId, channel: device.kind, properties };
    if (device.identified) message.userId = this.person.userId;
    if (type === 'track') message.event = nameOrEvent;
    else message.name = nameOrEvent;
    const context: Record<string, unknown> = { library: device.kind === 'web' ? { ...WEB_LIBRARY } : { ...APP_LIBRARY } };
    if (campaign) context['campaign'] = { ...campaign };
    message.context = context;
    return message;
  }

  /** Time-ordered messages (stable for equal times), stamped and numbered `${seed}-${index}-${n}`. */
  finish(seed: number, index: number): DemoMessage[] {
    const items = this.items;
    items.sort((a, b) => a.t - b.t);
    const prefix = `${seed}-${index}-`;
    const out: DemoMessage[] = new Array<DemoMessage>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as Item;
      item.d.message.messageId = prefix + i;
      item.d.message.timestamp = isoTime(item.t);
      out[i] = item.d;
    }
    this.items = [];
    return out;
  }
}
