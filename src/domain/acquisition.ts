/**
 * Acquisition: where an event says its visitor came from, and the GA4 default channel group of
 * that. The signals are read from Segment's `context.campaign` and `context.page` (url, referrer),
 * `utm_*` and click ids (gclid, gbraid, wbraid, dclid) in the page URL, and the properties PostHog
 * and GA4 exports carry (`utm_*`, `$current_url`, `$referrer`, `$referring_domain`,
 * `page_location`, `page_referrer`). Then, as GA4 does: campaign parameters win, then a Google
 * Ads click id (google / cpc), then an external referrer (search engines → organic, others →
 * referral); a page or screen with none of these is Direct; a referrer on the page's own site is
 * internal navigation (no acquisition); an event without any of this has no channel group.
 *
 * The raw strings are read by path (CONTEXT_PATHS, PROPERTY_PATHS), here or in SQL
 * (store/duckdb/acquisition-sql.ts: the distinct raw tuples of a batch are few); everything after
 * that — URL parameters, hosts, the classification — runs here, once per distinct tuple.
 * Bad input (a campaign that is not an object, a URL that does not parse) never throws: it
 * classifies as GA4 would (Unassigned, or Direct).
 */
import { type ChannelGroup, channelGroup, type TrafficSource } from './channel-group.js';
import { propertyString } from './touchpoint.js';
import { sourceCategories } from './traffic-source.js';

/** Paths read from `context`, in order: campaign source, medium, name; page url, referrer. */
export const CONTEXT_PATHS = ['campaign.source', 'campaign.medium', 'campaign.name', 'page.url', 'page.referrer'] as const;
/** Paths read from `properties`, in order: utm source, medium, campaign; url ×3; referrer ×3; referring domain. */
export const PROPERTY_PATHS = ['utm_source', 'utm_medium', 'utm_campaign', 'url', '$current_url', 'page_location', 'referrer', '$referrer', 'page_referrer', '$referring_domain'] as const;

/** The host of an absolute URL (group 1). */
export const URL_HOST_RE = '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]*)';
/** A bare host name (`google.com`), as some sources send for a referrer. Full match. */
export const BARE_HOST_RE = '[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+';
/** A query parameter's raw value (group 1), name matched ignoring case. */
export const urlParamRe = (name: string): string => `[?&#]${name}=([^&#]*)`;
/** A Google Ads click id in a URL (ignoring case). */
export const CLICK_ID_RE = '[?&#](?:gclid|gbraid|wbraid|dclid)=[^&#]';

/** What one event says about acquisition: raw strings, as the SQL extraction gives them. */
export interface AcquisitionSignals {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  /** utm_* values as they appear in the URL (percent-encoded). */
  urlSource: string | null;
  urlMedium: string | null;
  urlCampaign: string | null;
  urlHost: string | null;
  referrerHost: string | null;
  clickId: boolean;
  /** A page or screen, or an event with a page URL: with nothing else it is a Direct visit. */
  pageLike: boolean;
}

function extract(value: string | null, re: RegExp): string | null {
  if (value === null) return null;
  return re.exec(value)?.[1] || null;
}

const hostRe = new RegExp(URL_HOST_RE);
const bareRe = new RegExp(`^(?:${BARE_HOST_RE})$`);
const paramRes = { source: new RegExp(urlParamRe('utm_source'), 'i'), medium: new RegExp(urlParamRe('utm_medium'), 'i'), campaign: new RegExp(urlParamRe('utm_campaign'), 'i') };
const clickRe = new RegExp(CLICK_ID_RE, 'i');

function hostOf(v: string | null): string | null {
  if (v === null) return null;
  return extract(v, hostRe) ?? (bareRe.test(v) ? v : null);
}

/** The raw strings an event carries about acquisition, as the SQL extraction reads them. */
export interface RawAcquisition {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  url: string | null;
  referrer: string | null;
  referringDomain: string | null;
  pageOrScreen: boolean;
}

/** Read the raw strings of an event (the JavaScript twin of the SQL extraction: first path found wins). */
export function rawAcquisition(e: { type: string; properties: Record<string, unknown>; context: Record<string, unknown> | null }): RawAcquisition {
  const ctx = e.context !== null && typeof e.context === 'object' && !Array.isArray(e.context) ? e.context : {};
  const c = CONTEXT_PATHS.map((p) => propertyString(ctx, p));
  const p = PROPERTY_PATHS.map((x) => propertyString(e.properties, x));
  return {
    source: c[0] ?? p[0] ?? null,
    medium: c[1] ?? p[1] ?? null,
    campaign: c[2] ?? p[2] ?? null,
    url: c[3] ?? p[3] ?? p[4] ?? p[5] ?? null,
    referrer: c[4] ?? p[6] ?? p[7] ?? p[8] ?? null,
    referringDomain: p[9] ?? null,
    pageOrScreen: e.type === 'page' || e.type === 'screen',
  };
}

/** The signals in the raw strings: campaign parameters and click ids in the URL, hosts. */
export function signalsOf(r: RawAcquisition): AcquisitionSignals {
  return {
    source: r.source,
    medium: r.medium,
    campaign: r.campaign,
    urlSource: extract(r.url, paramRes.source),
    urlMedium: extract(r.url, paramRes.medium),
    urlCampaign: extract(r.url, paramRes.campaign),
    urlHost: extract(r.url, hostRe),
    referrerHost: hostOf(r.referrer) ?? hostOf(r.referringDomain),
    clickId: r.url !== null && clickRe.test(r.url),
    pageLike: r.pageOrScreen || r.url !== null,
  };
}

/** The signals of an event. */
export function acquisitionSignals(e: { type: string; properties: Record<string, unknown>; context: Record<string, unknown> | null }): AcquisitionSignals {
  return signalsOf(rawAcquisition(e));
}

/** The order of the raw strings in the SQL signature (a JSON array; pageOrScreen as "true"/"false"). */
export const SIGNATURE_FIELDS = ['source', 'medium', 'campaign', 'url', 'referrer', 'referringDomain', 'pageOrScreen'] as const;

/** Raw strings from the SQL signature. */
export function rawFromSignature(sig: string): RawAcquisition {
  const v = JSON.parse(sig) as Array<string | null>;
  const at = (i: number) => v[i] ?? null;
  return { source: at(0), medium: at(1), campaign: at(2), url: at(3), referrer: at(4), referringDomain: at(5), pageOrScreen: at(6) === 'true' };
}

function decode(v: string | null): string | null {
  if (v === null) return null;
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

const present = (v: string | null): string | null => (v !== null && v.trim() !== '' ? v : null);
const bareHost = (h: string) => h.toLowerCase().replace(/^www\./, '');

/** The traffic source the signals describe, or null when the event says nothing about acquisition. */
export function trafficSource(s: AcquisitionSignals): TrafficSource | null {
  const source = present(s.source) ?? present(decode(s.urlSource));
  const medium = present(s.medium) ?? present(decode(s.urlMedium));
  const campaign = present(s.campaign) ?? present(decode(s.urlCampaign));
  if (source !== null || medium !== null || campaign !== null) {
    return { source: source ?? (s.clickId ? 'google' : '(not set)'), medium: medium ?? (s.clickId ? 'cpc' : '(not set)'), campaign: campaign ?? '(not set)' };
  }
  if (s.clickId) return { source: 'google', medium: 'cpc', campaign: '(not set)' };
  const ref = present(s.referrerHost);
  if (ref !== null) {
    const host = bareHost(ref);
    const own = present(s.urlHost);
    if (own !== null && bareHost(own) === host) return null;
    const search = sourceCategories(host).has('search');
    return { source: host, medium: search ? 'organic' : 'referral', campaign: search ? '(organic)' : '(referral)' };
  }
  if (s.pageLike) return { source: '(direct)', medium: '(none)', campaign: '(direct)' };
  return null;
}

/** The GA4 default channel group of what an event says about acquisition (null: it says nothing). */
export function channelGroupOfSignals(s: AcquisitionSignals): ChannelGroup | null {
  const t = trafficSource(s);
  return t === null ? null : channelGroup(t);
}
