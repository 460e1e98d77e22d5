/**
 * Stage heuristics for events no rule covers: by name (keywords of the default stage model, in
 * order of precedence) and by position (the stages of the events around it, or failing those,
 * where in the journey it typically comes). Pure.
 */
import { DEFAULT_STAGES, type Stage } from '../domain/stage.js';

/** Keyword → default stage key, first match wins; matched on the name split into lower-case words. */
export const STAGE_KEYWORDS: ReadonlyArray<{ stage: string; words: readonly string[] }> = [
  { stage: 'advocacy', words: ['review', 'reviewed', 'rating', 'rated', 'refer', 'referral', 'referred', 'share', 'shared', 'invite', 'invited', 'recommend', 'recommended', 'testimonial', 'nps', 'ugc'] },
  {
    stage: 'retention',
    words: ['loyalty', 'points', 'reward', 'rewards', 'renew', 'renewal', 'renewed', 'reorder', 'return', 'returned', 'refund', 'support', 'ticket', 'help', 'churn', 'cancel', 'cancelled', 'canceled', 'unsubscribe', 'unsubscribed', 'delivery', 'delivered', 'shipped', 'tracking', 'membership', 'login', 'logged', 'csat', 'feedback'],
  },
  {
    stage: 'purchase',
    words: ['cart', 'basket', 'checkout', 'payment', 'pay', 'paid', 'order', 'purchase', 'purchased', 'buy', 'bought', 'subscribe', 'subscribed', 'subscription', 'upgrade', 'upgraded', 'coupon', 'voucher', 'discount', 'gift', 'wrap', 'shipping', 'invoice', 'contract', 'quote'],
  },
  {
    stage: 'consideration',
    words: ['product', 'item', 'view', 'viewed', 'search', 'searched', 'compare', 'browse', 'guide', 'size', 'wishlist', 'demo', 'trial', 'signup', 'signed', 'register', 'registered', 'pricing', 'price', 'catalog', 'catalogue', 'filter', 'filtered', 'detail', 'details', 'faq', 'question', 'chat', 'configurator'],
  },
  { stage: 'awareness', words: ['ad', 'ads', 'campaign', 'impression', 'landing', 'visit', 'visited', 'popup', 'banner', 'newsletter', 'social', 'video', 'blog', 'article', 'content', 'promo', 'promotion', 'install', 'installed', 'open', 'opened', 'first'] },
];

/** `newsletter_popup_closed` / `NewsletterPopupClosed` / `Newsletter Popup Closed` → its words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The stage a name suggests, among the stages of the model (null when no keyword matches). */
export function stageByName(name: string, stages: readonly Stage[] = DEFAULT_STAGES): { stage: string; keyword: string } | null {
  const keys = new Set(stages.map((s) => s.key));
  const words = nameWords(name);
  for (const { stage, words: kws } of STAGE_KEYWORDS) {
    if (!keys.has(stage)) continue;
    const hit = words.find((w) => kws.includes(w));
    if (hit) return { stage, keyword: hit };
  }
  return null;
}

/**
 * The stage a position suggests: the stage of the nearest earlier event with one (the journey is
 * still in it), else that of the next one, else the stage at that fraction of the stage model.
 */
export function stageByPosition(p: { stageBefore: string | null; stageAfter: string | null; medianRelativePosition: number }, stages: readonly Stage[] = DEFAULT_STAGES): string | null {
  const keys = new Set(stages.map((s) => s.key));
  if (p.stageBefore !== null && keys.has(p.stageBefore)) return p.stageBefore;
  if (p.stageAfter !== null && keys.has(p.stageAfter)) return p.stageAfter;
  if (stages.length === 0 || !Number.isFinite(p.medianRelativePosition)) return null;
  const i = Math.min(stages.length - 1, Math.max(0, Math.floor(p.medianRelativePosition * stages.length)));
  return stages[i]!.key;
}
