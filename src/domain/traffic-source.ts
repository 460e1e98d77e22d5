/**
 * Traffic-source categories used by GA4's default channel grouping: which sources are search
 * engines, social networks, video sites and shopping sites. GA4 publishes long lists of source
 * names; this is the widely seen subset, matched on the exact source (`t.co`, `shopping.google.com`)
 * or on its brand — the host's first label after `www.`, `m.`, `l.`, `lm.`, `mobile.`, `search.`
 * (`m.facebook.com`, `www.google.co.uk`, `search.yahoo.com` → facebook, google, yahoo).
 */

export type SourceCategory = 'search' | 'social' | 'video' | 'shopping';

const BRANDS: Record<SourceCategory, readonly string[]> = {
  search: [
    'google', 'bing', 'yahoo', 'baidu', 'duckduckgo', 'yandex', 'ecosia', 'naver', 'ask', 'aol', 'startpage', 'qwant', 'seznam',
    'sogou', 'so', 'daum', 'brave', 'msn', 'dogpile', 'onet', 'avg', 'rakuten', 'coccoc', 'searx', 'perplexity',
  ],
  social: [
    'facebook', 'fb', 'instagram', 'ig', 'twitter', 'x', 'linkedin', 'lnkd', 'pinterest', 'reddit', 'tiktok', 'snapchat', 'tumblr',
    'quora', 'vk', 'weibo', 'whatsapp', 'telegram', 'discord', 'threads', 'mastodon', 'meetup', 'messenger', 'line', 'wechat',
    'xing', 'nextdoor', 'bsky', 'bluesky', 'medium', 'slack', 'yammer', 'flickr', 'disqus',
  ],
  video: ['youtube', 'vimeo', 'twitch', 'dailymotion', 'wistia', 'youku', 'netflix', 'hulu', 'ted', 'rumble', 'bilibili'],
  shopping: ['amazon', 'ebay', 'etsy', 'shopify', 'walmart', 'alibaba', 'aliexpress', 'target', 'mercadolibre', 'rakuten-shopping', 'zalando', 'bestbuy', 'wayfair', 'temu', 'shopee'],
};

/** Whole source values (after lower-casing and trimming) that are not host names or need care. */
const EXACT: Record<SourceCategory, readonly string[]> = {
  search: ['google search', 'bing.com', 'search.brave.com'],
  social: ['t.co', 'x.com', 'lnkd.in', 'youtube community', 'fb.me', 'ig.me', 'linktr.ee'],
  video: ['youtu.be', 'youtube.com'],
  shopping: ['shopping.google.com', 'google shopping', 'igshopping', 'shopping.yahoo.com', 'shop.app'],
};

const ORDER: readonly SourceCategory[] = ['shopping', 'video', 'social', 'search'];
const PREFIXES = new Set(['www', 'm', 'l', 'lm', 'mobile', 'search', 'web', 'news', 'images', 'video']);

/** The brand of a source: the host's first label after common prefixes (`www.google.co.uk` → `google`), or the whole value. */
export function sourceBrand(source: string): string {
  const labels = source.split('.');
  if (labels.length === 1) return source;
  let i = 0;
  while (i < labels.length - 2 && PREFIXES.has(labels[i]!)) i++;
  return labels[i]!;
}

/** The categories a source (any case) belongs to: exact names first, then brands. */
export function sourceCategories(rawSource: string): Set<SourceCategory> {
  const source = rawSource.trim().toLowerCase();
  const out = new Set<SourceCategory>();
  for (const c of ORDER) if (EXACT[c].includes(source)) out.add(c);
  if (out.size) return out;
  const brand = sourceBrand(source);
  for (const c of ORDER) if (BRANDS[c].includes(brand)) out.add(c);
  return out;
}
