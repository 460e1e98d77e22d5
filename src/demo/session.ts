/**
 * One visit: an online session on the web site or app (the touch that started it, page/screen
 * views, search, product views, cart and checkout) or a store visit. The checkout funnel is where
 * three planted truths live: the Checkout Started → Payment Info Entered drop-off, the Payment
 * Failed ⇄ Payment Info Entered loop and the app's weaker conversion (see effects.ts).
 */
import { onlineAftercare, storeAftercare } from './aftercare.js';
import type { Campaign, Device } from './emitter.js';
import type { Entry } from './personas.js';
import { drawProduct, drawQuery, type Product } from './products.js';
import { MINUTE, type Shopper } from './shopper.js';

const SEC = 1000;
const AD_CAMPAIGNS = ['fall-trail-sale', 'brand-search', 'boots-generic', 'tent-clearance', 'retargeting-viewed'];
const SOCIAL_CAMPAIGNS = ['eco-travel-kits', 'summit-stories', 'kids-outdoors', 'gear-guide-reels'];
const SEARCH_ENGINES = ['https://www.google.com/', 'https://www.google.com/', 'https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/'];

type Landing = 'home' | 'category' | 'product' | 'eco' | 'journal';

/** Seconds spent on a page/screen. */
function dwell(s: Shopper, device: Device): number {
  const x = s.rng.lognormal(device.kind === 'app' ? 22 : 38, 0.9);
  return Math.max(3, Math.min(900, Math.round(x)));
}

function emailType(s: Shopper): string {
  if (s.orders === 0) return 'newsletter';
  return s.rng.bernoulli(0.5) ? 'loyalty_offer' : 'newsletter';
}

/** Runs an online session from `t`; returns the time it ends. `resume` = back from a cart reminder. */
export function onlineSession(s: Shopper, t: number, device: Device, entry: Entry, resume = false): number {
  const { rng, emit, persona } = s;
  const sid = s.id('s');
  let campaign: Campaign | undefined;
  let referrer: string | undefined;
  let landing: Landing;
  const cat = s.category();

  switch (entry) {
    case 'ad': {
      const google = rng.bernoulli(0.6);
      campaign = { source: google ? 'google' : 'meta', medium: google ? 'cpc' : 'paid_social', name: rng.pick(AD_CAMPAIGNS) };
      emit.ad(t, device, 'Ad Clicked', 'ads', { ad_id: `ad-${rng.int(1000, 1099)}`, network: campaign.source, campaign_name: campaign.name, placement: google ? 'search' : 'feed' }, campaign);
      landing = rng.bernoulli(0.5) ? 'product' : 'category';
      break;
    }
    case 'social': {
      const platform = rng.pick(['instagram', 'tiktok', 'facebook']);
      campaign = { source: platform, medium: 'social', name: rng.pick(SOCIAL_CAMPAIGNS) };
      emit.ad(t, device, 'Social Post Engaged', 'social', { platform, post_id: `post-${rng.int(200, 260)}`, action: 'link_click' }, campaign);
      landing = persona.key === 'eco_traveller' && rng.bernoulli(0.6) ? 'eco' : rng.pick<Landing>(['product', 'journal', 'category']);
      break;
    }
    case 'email': {
      const type = resume ? 'cart_reminder' : emailType(s);
      const name = `${type.replace('_', '-')}-${new Date(t).toISOString().slice(0, 7)}`;
      campaign = { source: 'hubspot', medium: 'email', name };
      const opened = t - rng.float(2, 240) * MINUTE;
      emit.byEmail(opened, 'hubspot', 'Email Opened', 'email', { email_type: type, campaign_name: name, email_id: `em-${name}` });
      emit.byEmail(t - rng.float(0.2, 1) * MINUTE, 'hubspot', 'Email Link Clicked', 'email', { email_type: type, campaign_name: name, email_id: `em-${name}`, link_id: resume ? 'cart' : 'hero' }, campaign);
      landing = rng.bernoulli(0.5) ? 'category' : 'product';
      break;
    }
    case 'sms': {
      const name = `sms-promo-${new Date(t).toISOString().slice(0, 7)}`;
      campaign = { source: 'hubspot', medium: 'sms', name };
      emit.byEmail(t - rng.float(0.1, 1) * MINUTE, 'hubspot', 'SMS Link Clicked', 'sms', { sms_type: 'promo', campaign_name: name }, campaign);
      landing = rng.bernoulli(0.6) ? 'product' : 'category';
      break;
    }
    case 'push':
      emit.track(t - 2 * SEC, device, 'Push Notification Opened', { campaign_name: rng.pick(['back-in-stock', 'weekend-deal', 'order-update']), session_id: sid });
      landing = rng.bernoulli(0.5) ? 'product' : 'home';
      break;
    case 'organic':
      referrer = rng.pick(SEARCH_ENGINES);
      landing = rng.pick<Landing>(persona.key === 'gear_enthusiast' ? ['journal', 'product', 'category'] : ['product', 'category', 'home']);
      break;
    default:
      landing = 'home';
  }
  if (device.kind === 'app') referrer = undefined; // no search-engine referrer in an app
  if (device.kind === 'app' && !device.installed) {
    device.installed = true;
    emit.track(t - 30 * SEC, device, 'Application Installed', { version: '4.12.0', build: '4120', session_id: sid });
  }

  if (resume) {
    return checkout(s, t + rng.float(2, 10) * SEC, device, sid, [drawProduct(rng, cat)], true);
  }

  // landing page
  const added: Product[] = [];
  let product: Product | null = null;
  let d = dwell(s, device);
  switch (landing) {
    case 'product':
      product = drawProduct(rng, cat);
      emit.view(t, device, 'Product', product.path, sid, d, campaign, referrer);
      emit.track(t + SEC, device, 'Product Viewed', { ...product, session_id: sid });
      break;
    case 'category':
      emit.view(t, device, 'Category', `/c/${cat}`, sid, d, campaign, referrer);
      break;
    case 'eco':
      emit.view(t, device, 'Eco Collection', '/eco', sid, d, campaign, referrer);
      break;
    case 'journal':
      emit.view(t, device, 'Trail Journal', `/journal/${rng.pick(['best-rain-jackets', 'first-backpacking-trip', 'low-impact-travel', 'boot-fitting-guide'])}`, sid, d, campaign, referrer);
      break;
    default:
      emit.view(t, device, 'Home', '/', sid, d, campaign, referrer);
  }
  t += d * SEC;

  // returning account holders often log in on this device
  if (s.hasAccount && !device.identified && rng.bernoulli(0.5)) s.ensureIdentified(t, device);

  const wantsToBuy = rng.bernoulli(persona.cartPropensity * (s.orders > 0 ? 1.15 : 1));
  let pages = rng.geometric(1 / persona.browseDepth);
  while (pages-- > 0) {
    d = dwell(s, device);
    const r = rng.next();
    if (r < 0.62) {
      product = drawProduct(rng, rng.bernoulli(0.7) ? cat : s.category());
      emit.view(t, device, 'Product', product.path, sid, d);
      emit.track(t + SEC, device, 'Product Viewed', { ...product, session_id: sid });
      if (rng.bernoulli(0.06)) emit.track(t + 0.5 * d * SEC, device, 'Product Added to Wishlist', { product_id: product.product_id, name: product.name, session_id: sid });
      if (!wantsToBuy && rng.bernoulli(0.012)) emit.track(t + 0.7 * d * SEC, device, 'Product Shared', { product_id: product.product_id, share_via: rng.pick(['instagram', 'facebook', 'pinterest']), session_id: sid });
      if (wantsToBuy && added.length < 3 && (pages === 0 || rng.bernoulli(0.3))) {
        added.push(product);
        emit.track(t + rng.float(0.6, 0.9) * d * SEC, device, 'Product Added', { ...product, quantity: 1, cart_id: `cart-${sid}`, session_id: sid });
      }
    } else if (r < 0.77) {
      emit.view(t, device, 'Category', `/c/${cat}`, sid, d);
    } else if (r < 0.87) {
      const query = drawQuery(rng, cat);
      emit.track(t, device, 'Products Searched', { query, session_id: sid });
      emit.view(t + SEC, device, 'Search Results', `/search?q=${encodeURIComponent(query)}`, sid, d);
    } else if (r < 0.93) {
      if (persona.key === 'eco_traveller' || rng.bernoulli(0.2)) emit.view(t, device, 'Eco Collection', '/eco', sid, d);
      else emit.view(t, device, 'Home', '/', sid, d);
    } else if (r < 0.96) {
      if (persona.key === 'store_regular' && device.kind === 'web') emit.view(t, device, 'Store Locator', '/stores', sid, d);
      else if (device.kind === 'web') emit.view(t, device, 'Trail Journal', '/journal/gear-care-101', sid, d);
      else emit.view(t, device, 'Category', `/c/${cat}`, sid, d);
    } else if (r < 0.98) {
      emit.view(t, device, 'Help Center', `/help/${rng.pick(['sizing', 'delivery', 'returns'])}`, sid, d);
    } else if (device.identified) {
      emit.view(t, device, 'Account', '/account', sid, d);
    } else {
      emit.view(t, device, 'Home', '/', sid, d);
    }
    t += d * SEC;
  }
  if (wantsToBuy && added.length === 0) {
    // back to the product they settled on, and into the cart
    d = dwell(s, device);
    product ??= drawProduct(rng, cat);
    emit.view(t, device, 'Product', product.path, sid, d);
    emit.track(t + SEC, device, 'Product Viewed', { ...product, session_id: sid });
    added.push(product);
    emit.track(t + rng.float(0.6, 0.9) * d * SEC, device, 'Product Added', { ...product, quantity: 1, cart_id: `cart-${sid}`, session_id: sid });
    t += d * SEC;
  }
  if (s.emailKnown && rng.bernoulli(persona.key === 'gear_enthusiast' ? 0.08 : 0.03)) {
    emit.byEmail(t, 'zendesk', 'Chat Started', 'chat', { chat_id: s.id('chat'), topic: rng.pick(['sizing', 'product_question', 'stock']), wait_seconds: Math.round(rng.lognormal(40, 0.6)) });
    t += rng.float(2, 8) * MINUTE;
  }
  if (added.length > 0) return checkout(s, t + rng.float(2, 10) * SEC, device, sid, added, false);

  if (!s.hasAccount && rng.bernoulli(persona.signUp * 0.5)) {
    s.ensureIdentified(t, device);
    emit.track(t + SEC, device, 'Signed Up', { method: rng.pick(['email', 'google', 'apple']), newsletter_opt_in: true, session_id: sid });
  }
  return t;
}

/** The checkout funnel for one cart; returns the time the session ends. */
function checkout(s: Shopper, t: number, device: Device, sid: string, items: Product[], resumed: boolean): number {
  const { rng, emit, effects: e } = s;
  const f = e.funnel;
  const k = device.kind === 'app' ? e.appStepFactor : 1;
  const value = Math.round(items.reduce((sum, p) => sum + p.price, 0) * 100) / 100;
  const step = (lo: number, hi: number) => (t += rng.float(lo, hi) * SEC);
  const abandon = () => {
    s.pendingCart = true;
    return t;
  };
  if (!resumed && !rng.bernoulli(f.cart * k)) return abandon();
  step(3, 20);
  emit.track(t, device, 'Cart Viewed', { cart_id: `cart-${sid}`, value, products: items.length, session_id: sid });
  if (!rng.bernoulli(f.checkout * k)) return abandon();
  step(5, 40);
  const checkoutId = s.id('co');
  const props = { checkout_id: checkoutId, session_id: sid };
  emit.track(t, device, 'Checkout Started', { ...props, value, currency: 'USD', products: items.length });
  step(10, 40);
  s.ensureIdentified(t, device); // the checkout asks for an e-mail / login
  step(20, 90);
  if (!rng.bernoulli(f.payment * k)) return abandon();
  const method = rng.pick(['card', 'card', 'card', 'paypal', 'apple_pay']);
  const failed = (reason: string) => emit.track(step(4, 15), device, 'Payment Failed', { ...props, payment_method: method, reason });
  let success: boolean;
  if (rng.bernoulli(e.loopChance)) {
    const attempts = rng.int(e.loopAttempts[0], e.loopAttempts[1]);
    for (let i = 0; i < attempts; i++) {
      if (i > 0) {
        failed(rng.pick(['card_declined', '3ds_timeout', 'processing_error']));
        step(10, 60);
      }
      emit.track(t, device, 'Payment Info Entered', { ...props, payment_method: method, attempt: i + 1 });
    }
    success = rng.bernoulli(e.loopRecovery * k);
    if (!success) failed('card_declined');
  } else {
    emit.track(t, device, 'Payment Info Entered', { ...props, payment_method: method, attempt: 1 });
    // now and then a card is declined and re-entered (rarely twice): retries that succeed like a first attempt
    for (let attempt = 2; attempt <= 3 && rng.bernoulli(attempt === 2 ? e.paymentFailure : e.paymentRetryFailure); attempt++) {
      failed('card_declined');
      emit.track(step(10, 60), device, 'Payment Info Entered', { ...props, payment_method: method, attempt });
    }
    success = rng.bernoulli(f.order * k);
  }
  if (!success) return abandon();
  step(3, 12);
  s.pendingCart = false;
  const repeat = s.orders > 0;
  s.orders++;
  const orderId = s.id('ord');
  const shipping = s.club || value >= 99 ? 0 : 7.95;
  emit.track(t, device, 'Order Completed', {
    ...props,
    order_id: orderId,
    revenue: value,
    shipping,
    total: Math.round((value + shipping) * 100) / 100,
    currency: 'USD',
    products: items.map((p) => ({ product_id: p.product_id, sku: p.sku, name: p.name, category: p.category, price: p.price, quantity: 1 })),
    repeat_customer: repeat,
  });
  onlineAftercare(s, t, device, orderId, repeat, items);
  return t + rng.float(5, 30) * SEC;
}

/** A visit to the customer's local store; `first` = how they first met Northwind. */
export function storeSession(s: Shopper, t: number, first: boolean): number {
  const { rng, emit, persona } = s;
  const storeId = s.person.storeId;
  s.emailKnown = true; // e-receipt / Wi-Fi sign-in
  emit.pos(t, 'Store Visited', { store_id: storeId, visit_type: first ? 'walk_in' : 'browse' }, s.loyalty);
  t += rng.float(8, 45) * MINUTE;
  if (!rng.bernoulli(persona.storeConversion)) return t;
  if (!s.loyalty && rng.bernoulli(0.55)) {
    s.loyalty = true;
    s.hasAccount = true;
    emit.posIdentify(t - MINUTE, s.traits());
  }
  const repeat = s.orders > 0;
  s.orders++;
  const items = [drawProduct(rng, s.category())];
  if (rng.bernoulli(0.35)) items.push(drawProduct(rng, s.category()));
  const revenue = items.reduce((sum, p) => sum + p.price, 0);
  const orderId = s.id('pos');
  emit.pos(t, 'Order Completed', {
    order_id: orderId,
    store_id: storeId,
    revenue,
    total: revenue,
    currency: 'USD',
    payment_method: rng.pick(['card', 'card', 'cash', 'apple_pay']),
    products: items.map((p) => ({ product_id: p.product_id, sku: p.sku, name: p.name, category: p.category, price: p.price, quantity: 1 })),
    repeat_customer: repeat,
  }, s.loyalty);
  storeAftercare(s, t, orderId, repeat, items);
  return t + rng.float(1, 5) * MINUTE;
}
