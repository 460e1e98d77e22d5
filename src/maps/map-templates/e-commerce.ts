/**
 * Template: e-commerce purchase journey of an online retailer with stores, from the first ad to
 * a review and a referral. Steps are bound to touchpoints of the demo catalogue
 * (src/demo/catalogue.ts), so its KPI lanes fill from the demo data as they are.
 */
import type { JourneyMap } from '../../domain/journey-map.js';
import { buildTemplateMap } from './template-builder.js';

export function eCommerceMap(): JourneyMap {
  return buildTemplateMap({
    name: 'E-commerce purchase journey',
    description:
      'A first-time shopper discovers the shop, researches, buys online, receives the parcel, returns or re-buys and recommends. ' +
      'Steps are bound to web-shop touchpoints (ad click, product page, checkout, order, delivery, returns, review).',
    scenario: 'A first-time customer buys outdoor gear online for an upcoming trip and comes back for more.',
    metrics: ['volume', 'conversion', 'time_in_stage', 'csat'],
    feedbackSentimentLane: true,
    stages: [
      {
        id: 'st_awareness',
        name: 'Discover',
        stage: 'awareness',
        steps: [
          {
            id: 'sp_ad',
            name: 'Clicks an ad',
            touchpoint: 'Paid Ad Click',
            goal: 'Find the right gear for a trip without hours of searching',
            action: 'Sees a search ad for a rain jacket and clicks through',
            touchpoints: [
              ['Paid Ad Click', 'ads'],
              ['Social Post', 'social'],
            ],
            thought: '“That jacket looks right. Is this shop any good?”',
            emotion: 1,
            painpoints: [{ id: 'pp_ad_landing', text: 'Ad lands on the home page, not on the advertised jacket', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_ad_deeplink',
                text: 'Deep-link every ad to its product page with the advertised colour preselected',
                owner: 'Performance marketing lead',
                department: 'Marketing',
                status: 'planned',
              },
            ],
            owners: 'Marketing (performance team)',
            backstage: 'Ad bidding; product feed synced to ad platforms every 6 h',
          },
          {
            id: 'sp_organic',
            name: 'Reads a buying guide',
            touchpoint: 'Organic Search',
            goal: 'Learn what to look for before buying',
            action: 'Searches “best waterproof jacket” and reads a guide on the shop’s blog',
            touchpoints: [
              ['Organic Search', 'web'],
              ['Trail Journal', 'web'],
            ],
            thought: '“Helpful, and they seem to know their stuff.”',
            emotion: 1.5,
            opportunities: [
              {
                id: 'op_guide_links',
                text: 'Link guides to in-stock products with live prices',
                owner: 'Content editor',
                department: 'Marketing',
                status: 'idea',
              },
            ],
            owners: 'Content & SEO',
            backstage: 'CMS; SEO monitoring',
          },
        ],
      },
      {
        id: 'st_consideration',
        name: 'Research',
        stage: 'consideration',
        steps: [
          {
            id: 'sp_browse',
            name: 'Browses the category',
            touchpoint: 'Category Page',
            goal: 'See the options in budget',
            action: 'Filters jackets by size, price and rating',
            touchpoints: [
              ['Category Page', 'web'],
              ['Site Search', 'web'],
              ['Category Page', 'app'],
            ],
            thought: '“Too many similar jackets. Which one is for hiking?”',
            emotion: 0,
            painpoints: [{ id: 'pp_filters', text: 'Filters reset when going back from a product', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_filter_state',
                text: 'Keep filters and scroll position on back navigation',
                owner: 'Web squad PM',
                department: 'Digital product',
                status: 'in_progress',
              },
            ],
            owners: 'Digital product (web & app squads)',
            backstage: 'Search index; product information management',
          },
          {
            id: 'sp_product',
            name: 'Compares products',
            touchpoint: 'Product Page',
            goal: 'Be sure of fit, quality and delivery date',
            action: 'Reads reviews, checks the size chart, asks a question in chat',
            touchpoints: [
              ['Product Page', 'web'],
              ['Live Chat', 'chat'],
              ['Store Locator', 'web'],
            ],
            thought: '“Will a medium fit over a fleece? When would it arrive?”',
            emotion: 0.5,
            painpoints: [{ id: 'pp_delivery_date', text: 'Delivery date only shown at checkout', severity: 'low' }],
            opportunities: [
              {
                id: 'op_delivery_promise',
                text: 'Show the delivery promise on the product page',
                owner: 'Head of e-commerce',
                department: 'E-commerce',
                status: 'planned',
              },
            ],
            owners: 'E-commerce; Customer service (chat)',
            backstage: 'Stock per store and warehouse; chat routing',
          },
        ],
      },
      {
        id: 'st_purchase',
        name: 'Buy',
        stage: 'purchase',
        steps: [
          {
            id: 'sp_cart',
            name: 'Adds to cart',
            touchpoint: 'Add to Cart',
            goal: 'Get the right size at the right price',
            action: 'Adds the jacket, looks for a discount code',
            touchpoints: [
              ['Add to Cart', 'web'],
              ['Cart', 'web'],
              ['Cart Reminder Email', 'email'],
            ],
            thought: '“Is there a code somewhere?”',
            emotion: 0.5,
            kpiNotes: { conversion: 'Target: 45% of carts reach checkout' },
            owners: 'E-commerce',
            backstage: 'Pricing & promotions engine; cart reminder automation',
          },
          {
            id: 'sp_checkout',
            name: 'Checks out and pays',
            touchpoint: 'Checkout Started',
            goal: 'Pay quickly and safely',
            action: 'Enters address and card; payment is declined and retried',
            touchpoints: [
              ['Checkout Started', 'web'],
              ['Payment Info Entered', 'web'],
              ['Payment Failed', 'web'],
            ],
            thought: '“Declined again? My card works everywhere else.”',
            emotion: -2,
            painpoints: [
              { id: 'pp_payment_loop', text: 'Payment fails and customers retry the same card several times', severity: 'high' },
              { id: 'pp_checkout_dropoff', text: 'Many checkouts never reach the payment step', severity: 'high' },
            ],
            opportunities: [
              {
                id: 'op_wallets',
                text: 'Offer wallets (Apple Pay, Google Pay, PayPal) and explain declines',
                owner: 'Payments product owner',
                department: 'Digital product',
                status: 'in_progress',
              },
              {
                id: 'op_guest_checkout',
                text: 'One-page guest checkout with address lookup',
                owner: 'Head of e-commerce',
                department: 'E-commerce',
                status: 'idea',
              },
            ],
            kpiNotes: { conversion: 'Target: 70% of checkouts end in an order' },
            owners: 'Digital product (payments)',
            backstage: 'Payment service provider; fraud screening; 3-D Secure',
          },
          {
            id: 'sp_order',
            name: 'Order placed',
            touchpoint: 'Order Completed',
            goal: 'Know the order went through',
            action: 'Reads the confirmation page and e-mail',
            touchpoints: [
              ['Order Completed', 'web'],
              ['Order Completed', 'app'],
            ],
            thought: '“Done. Now when will it come?”',
            emotion: 1,
            owners: 'E-commerce; CRM',
            backstage: 'Order management system; ERP; confirmation e-mail',
          },
        ],
      },
      {
        id: 'st_delivery',
        name: 'Receive',
        stage: 'retention',
        steps: [
          {
            id: 'sp_shipped',
            name: 'Follows the shipment',
            touchpoint: 'Shipping Confirmation',
            goal: 'Have it before the trip',
            action: 'Opens the shipping e-mail and tracks the parcel',
            touchpoints: [
              ['Shipping Confirmation', 'email'],
              ['Order Tracking', 'web'],
              ['Delivery Update SMS', 'sms'],
            ],
            thought: '“Good, it ships today.”',
            emotion: 1,
            owners: 'Logistics; CRM',
            backstage: 'Warehouse picking; carrier API',
          },
          {
            id: 'sp_delivered',
            name: 'Receives the parcel',
            touchpoint: 'Home Delivery',
            goal: 'Get the parcel without waiting at home',
            action: 'Receives the parcel and tries the jacket on',
            touchpoints: [
              ['Home Delivery', 'email'],
              ['CSAT Survey', 'survey'],
            ],
            thought: '“Nice quality, but the sleeves are short.”',
            emotion: 0.5,
            painpoints: [{ id: 'pp_delivery_window', text: 'No delivery time window; parcel left with a neighbour', severity: 'low' }],
            kpiNotes: { csat: 'Post-delivery survey, 1–5' },
            owners: 'Logistics (carrier management)',
            backstage: 'Carrier network; delivery survey',
          },
        ],
      },
      {
        id: 'st_retention',
        name: 'Use & return',
        stage: 'retention',
        steps: [
          {
            id: 'sp_return',
            name: 'Returns an item',
            touchpoint: 'Returns Request',
            goal: 'Swap for a larger size with no hassle',
            action: 'Opens a returns ticket, waits for a label',
            touchpoints: [
              ['Help Center', 'web'],
              ['Returns Request', 'support'],
              ['Returns Desk', 'store'],
            ],
            thought: '“Two days and still no return label?”',
            emotion: -1.5,
            painpoints: [{ id: 'pp_returns_slow', text: 'Returns tickets take far longer to solve than other tickets', severity: 'high' }],
            opportunities: [
              {
                id: 'op_self_service_returns',
                text: 'Self-service returns portal with an instant label or QR code',
                owner: 'Customer service manager',
                department: 'Customer service',
                status: 'planned',
              },
            ],
            kpiNotes: { time_in_stage: 'Target: returns solved within 24 h' },
            owners: 'Customer service; Stores (returns desk)',
            backstage: 'Help desk queues; returns warehouse; refunds in ERP',
          },
          {
            id: 'sp_repeat',
            name: 'Buys again',
            touchpoint: 'Repeat Purchase',
            goal: 'Complete the kit for the next trip',
            action: 'Clicks a loyalty offer and orders in the app',
            touchpoints: [
              ['Loyalty Offer Email', 'email'],
              ['Push Notification', 'app'],
              ['Repeat Purchase', 'app'],
            ],
            thought: '“Member prices make it worth it.”',
            emotion: 1.5,
            opportunities: [
              {
                id: 'op_next_trip',
                text: 'Personalised “complete your kit” offers from past orders',
                owner: 'CRM manager',
                department: 'Marketing',
                status: 'idea',
              },
            ],
            owners: 'CRM & loyalty',
            backstage: 'Customer data platform; segmentation; loyalty programme',
          },
        ],
      },
      {
        id: 'st_advocacy',
        name: 'Recommend',
        stage: 'advocacy',
        steps: [
          {
            id: 'sp_review',
            name: 'Writes a review',
            touchpoint: 'Product Review',
            goal: 'Help other hikers choose',
            action: 'Rates the jacket after the trip',
            touchpoints: [
              ['Review Request Email', 'email'],
              ['Product Review', 'web'],
            ],
            thought: '“Kept me dry for three days straight.”',
            emotion: 1.5,
            owners: 'E-commerce (reviews)',
            backstage: 'Review moderation',
          },
          {
            id: 'sp_referral',
            name: 'Refers a friend',
            touchpoint: 'Referral',
            goal: 'Share a good find',
            action: 'Sends a referral code to a hiking friend',
            touchpoints: [
              ['Referral', 'web'],
              ['Social Share', 'social'],
              ['NPS Survey', 'survey'],
            ],
            thought: '“We both get 10% off.”',
            emotion: 2,
            opportunities: [
              {
                id: 'op_referral_app',
                text: 'Referral sharing from the app after a 5-star review',
                owner: 'Growth marketing lead',
                department: 'Marketing',
                status: 'idea',
              },
            ],
            owners: 'Marketing (growth)',
            backstage: 'Referral programme; NPS survey tool',
          },
        ],
      },
    ],
  });
}
