/**
 * The built-in journey map templates a new map can start from (GET /v1/map-templates,
 * POST /v1/maps {template}). Each `build()` returns a fresh, validated map with fixed ids.
 */
import type { JourneyMap } from '../domain/journey-map.js';
import { b2bLeadToDealMap } from './map-templates/b2b-lead-to-deal.js';
import { eCommerceMap } from './map-templates/e-commerce.js';
import { saasSubscriptionMap } from './map-templates/saas-subscription.js';
import { telecomSupportMap } from './map-templates/telecom-support.js';

export interface MapTemplate {
  key: string;
  name: string;
  description: string;
  build(): JourneyMap;
}

export const MAP_TEMPLATES: readonly MapTemplate[] = Object.freeze([
  {
    key: 'e-commerce',
    name: 'E-commerce purchase',
    description: 'Ad to order to repeat purchase for an online shop with stores; steps bound to the demo’s web-shop touchpoints.',
    build: eCommerceMap,
  },
  {
    key: 'saas-subscription',
    name: 'SaaS subscription',
    description: 'Search, free trial, onboarding, paid plan, renewal and referral for a team tool.',
    build: saasSubscriptionMap,
  },
  {
    key: 'b2b-lead-to-deal',
    name: 'B2B lead to deal',
    description: 'From a content download through qualification, pilot and procurement to a signed contract and rollout.',
    build: b2bLeadToDealMap,
  },
  {
    key: 'telecom-support',
    name: 'Telecom support',
    description: 'A broadband fault from status check and call centre to technician visit, follow-up and renewal.',
    build: telecomSupportMap,
  },
]);

/** The template with this key, or undefined. */
export function findMapTemplate(key: string): MapTemplate | undefined {
  return MAP_TEMPLATES.find((t) => t.key === key);
}
