/**
 * Template: SaaS subscription journey of a small team, from searching for a tool through trial,
 * onboarding and the first paid plan to renewal and recommendation.
 */
import type { JourneyMap } from '../../domain/journey-map.js';
import { buildTemplateMap } from './template-builder.js';

export function saasSubscriptionMap(): JourneyMap {
  return buildTemplateMap({
    name: 'SaaS subscription journey',
    description:
      'A team lead looks for a tool, trials it, onboards the team, subscribes, renews and recommends it. ' +
      'Bind steps to your product’s touchpoints (sign-up, activation, subscription, renewal) to fill the KPI lanes.',
    scenario: 'A team lead replaces spreadsheets with a project tool for a team of eight.',
    metrics: ['volume', 'conversion', 'time_in_stage', 'nps'],
    stages: [
      {
        id: 'st_awareness',
        name: 'Discover',
        stage: 'awareness',
        steps: [
          {
            id: 'sp_search',
            name: 'Searches for a tool',
            goal: 'Stop losing track of work in spreadsheets',
            action: 'Searches “project tool for small teams”, reads comparison articles',
            touchpoints: [
              ['Search ad', 'ads'],
              ['Comparison article', 'web'],
            ],
            thought: '“They all look the same. Which one will my team actually use?”',
            emotion: -0.5,
            owners: 'Marketing (demand generation)',
            backstage: 'SEO content; paid search campaigns',
          },
          {
            id: 'sp_reviews',
            name: 'Reads peer reviews',
            goal: 'Hear from teams like mine',
            action: 'Reads ratings on review sites and asks peers on LinkedIn',
            touchpoints: [
              ['Review site profile', 'web'],
              ['LinkedIn post', 'social'],
            ],
            thought: '“Good reviews for onboarding, a few complaints about pricing.”',
            emotion: 0.5,
            opportunities: [
              {
                id: 'op_review_program',
                text: 'Invite happy admins to review after their third month',
                owner: 'Customer marketing manager',
                department: 'Marketing',
                status: 'planned',
              },
            ],
            owners: 'Customer marketing',
            backstage: 'Review site management',
          },
        ],
      },
      {
        id: 'st_consideration',
        name: 'Evaluate & trial',
        stage: 'consideration',
        steps: [
          {
            id: 'sp_pricing',
            name: 'Compares plans',
            goal: 'Understand what it will cost for the whole team',
            action: 'Opens the pricing page and the plan comparison',
            touchpoints: [['Pricing page', 'web']],
            thought: '“Which features are in the cheaper plan?”',
            emotion: -0.5,
            painpoints: [{ id: 'pp_pricing_unclear', text: 'Per-seat pricing and add-ons are hard to total up', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_price_calculator',
                text: 'Price calculator by team size on the pricing page',
                owner: 'Pricing manager',
                department: 'Product marketing',
                status: 'idea',
              },
            ],
            owners: 'Product marketing',
            backstage: 'Pricing & packaging',
          },
          {
            id: 'sp_signup',
            name: 'Starts a free trial',
            goal: 'Try it without talking to sales',
            action: 'Signs up with a work e-mail, picks a template',
            touchpoints: [
              ['Sign-up form', 'web'],
              ['Welcome e-mail', 'email'],
            ],
            thought: '“Quick, no credit card needed.”',
            emotion: 1,
            kpiNotes: { conversion: 'Share of sign-ups that activate' },
            owners: 'Growth team',
            backstage: 'Identity provider; lead scoring in CRM',
          },
          {
            id: 'sp_activation',
            name: 'Sets up the workspace',
            goal: 'Get the first project running this week',
            action: 'Imports a spreadsheet, invites two colleagues',
            touchpoints: [
              ['Onboarding checklist', 'app'],
              ['In-app guide', 'app'],
              ['Help centre', 'web'],
            ],
            thought: '“The import mangled our dates.”',
            emotion: -1,
            painpoints: [
              { id: 'pp_import', text: 'Spreadsheet import fails on local date formats', severity: 'high' },
              { id: 'pp_invites', text: 'Invited colleagues land in an empty workspace', severity: 'medium' },
            ],
            opportunities: [
              {
                id: 'op_import_preview',
                text: 'Import preview that detects date formats before importing',
                owner: 'Onboarding squad PM',
                department: 'Product',
                status: 'in_progress',
              },
            ],
            kpiNotes: { time_in_stage: 'Target: first project within 2 days' },
            owners: 'Product (onboarding squad)',
            backstage: 'Import service; product analytics',
          },
        ],
      },
      {
        id: 'st_purchase',
        name: 'Subscribe',
        stage: 'purchase',
        steps: [
          {
            id: 'sp_upgrade',
            name: 'Chooses a paid plan',
            goal: 'Keep the team’s work when the trial ends',
            action: 'Gets the trial-ending e-mail, asks finance for approval',
            touchpoints: [
              ['Trial ending e-mail', 'email'],
              ['Upgrade dialog', 'app'],
            ],
            thought: '“I need to justify this to finance.”',
            emotion: 0,
            painpoints: [{ id: 'pp_approval', text: 'No material to make the case to a budget holder', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_business_case',
                text: 'One-page business case export with the team’s trial usage',
                owner: 'Lifecycle marketing manager',
                department: 'Marketing',
                status: 'idea',
              },
            ],
            owners: 'Lifecycle marketing; Sales (assist)',
            backstage: 'Trial expiry automation; product-qualified lead alerts',
          },
          {
            id: 'sp_billing',
            name: 'Enters billing details',
            goal: 'Pay by invoice with the company’s VAT number',
            action: 'Enters card or requests an invoice',
            touchpoints: [
              ['Checkout', 'web'],
              ['Invoice e-mail', 'email'],
            ],
            thought: '“Finally, invoice payment is possible.”',
            emotion: 0.5,
            kpiNotes: { conversion: 'Trial-to-paid target: 18%' },
            owners: 'Finance (billing)',
            backstage: 'Subscription billing; tax calculation',
          },
        ],
      },
      {
        id: 'st_retention',
        name: 'Adopt & renew',
        stage: 'retention',
        steps: [
          {
            id: 'sp_adopt',
            name: 'Rolls out to the team',
            goal: 'Everyone works in the tool, not around it',
            action: 'Sets up recurring projects, connects Slack and calendar',
            touchpoints: [
              ['Integrations page', 'app'],
              ['Webinar', 'web'],
            ],
            thought: '“Status meetings got shorter.”',
            emotion: 1.5,
            owners: 'Customer success',
            backstage: 'Integration platform; health scoring',
          },
          {
            id: 'sp_support',
            name: 'Gets help',
            goal: 'Fix a permissions problem quickly',
            action: 'Searches the help centre, then opens a ticket',
            touchpoints: [
              ['Help centre', 'web'],
              ['Support ticket', 'support'],
              ['Chat', 'chat'],
            ],
            thought: '“The article describes a menu that no longer exists.”',
            emotion: -1,
            painpoints: [{ id: 'pp_outdated_docs', text: 'Help articles lag behind the UI', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_docs_ownership',
                text: 'Release checklist includes updating affected help articles',
                owner: 'Support operations lead',
                department: 'Support',
                status: 'planned',
              },
            ],
            owners: 'Support',
            backstage: 'Help desk; knowledge base',
          },
          {
            id: 'sp_renew',
            name: 'Renews',
            goal: 'Renew only if the team still uses it',
            action: 'Reviews usage before the annual renewal',
            touchpoints: [
              ['Renewal reminder', 'email'],
              ['Account review call', 'phone'],
            ],
            thought: '“Worth it, but can we drop unused seats?”',
            emotion: 0.5,
            opportunities: [
              {
                id: 'op_seat_review',
                text: 'Proactive seat review 60 days before renewal',
                owner: 'Customer success manager',
                department: 'Customer success',
                status: 'in_progress',
              },
            ],
            kpiNotes: { conversion: 'Gross renewal target: 90%' },
            owners: 'Customer success; Finance',
            backstage: 'Renewal forecasting in CRM',
          },
        ],
      },
      {
        id: 'st_advocacy',
        name: 'Advocate',
        stage: 'advocacy',
        steps: [
          {
            id: 'sp_nps',
            name: 'Answers the NPS survey',
            goal: 'Be heard on what to improve',
            action: 'Scores 9 and asks for better reporting',
            touchpoints: [['NPS survey', 'survey']],
            thought: '“Would recommend, reporting could be better.”',
            emotion: 1,
            kpiNotes: { nps: 'Quarterly in-app survey' },
            owners: 'Product; Customer success',
            backstage: 'Survey tool; feedback tagging',
          },
          {
            id: 'sp_refer',
            name: 'Recommends to peers',
            goal: 'Help a peer team solve the same problem',
            action: 'Shares an invite link with another team lead',
            touchpoints: [
              ['Referral link', 'web'],
              ['LinkedIn post', 'social'],
            ],
            thought: '“They should try it too.”',
            emotion: 1.5,
            owners: 'Growth team',
            backstage: 'Referral credits in billing',
          },
        ],
      },
    ],
  });
}
