/**
 * Template: B2B lead-to-deal journey of a buying committee, from first content download through
 * qualification, evaluation and procurement to a signed contract and onboarding.
 */
import type { JourneyMap } from '../../domain/journey-map.js';
import { buildTemplateMap } from './template-builder.js';

export function b2bLeadToDealMap(): JourneyMap {
  return buildTemplateMap({
    name: 'B2B lead-to-deal journey',
    description:
      'How a mid-size company’s buying committee goes from a first download to a signed contract and a live rollout. ' +
      'Marketing, sales, pre-sales, legal and customer success each own part of it.',
    scenario: 'An operations director at a 500-person manufacturer buys a fleet management platform.',
    metrics: ['volume', 'conversion', 'time_in_stage'],
    stages: [
      {
        id: 'st_awareness',
        name: 'Attract',
        stage: 'awareness',
        steps: [
          {
            id: 'sp_content',
            name: 'Downloads a report',
            goal: 'Understand how peers cut fleet costs',
            action: 'Downloads an industry benchmark report from a LinkedIn ad',
            touchpoints: [
              ['Sponsored post', 'social'],
              ['Gated report', 'web'],
            ],
            thought: '“Useful numbers. Not ready to talk to sales.”',
            emotion: 0.5,
            painpoints: [{ id: 'pp_instant_call', text: 'A sales rep calls within the hour of the download', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_nurture',
                text: 'Nurture track by role before handing over to sales',
                owner: 'Marketing operations manager',
                department: 'Marketing',
                status: 'in_progress',
              },
            ],
            owners: 'Marketing (demand generation)',
            backstage: 'Marketing automation; lead scoring',
          },
          {
            id: 'sp_event',
            name: 'Meets at a trade show',
            goal: 'See the product and meet the people behind it',
            action: 'Visits the booth, scans badge for a follow-up',
            touchpoints: [
              ['Trade show booth', 'event'],
              ['Follow-up e-mail', 'email'],
            ],
            thought: '“They understand our depot set-up.”',
            emotion: 1,
            owners: 'Field marketing',
            backstage: 'Event lead capture; CRM import',
          },
        ],
      },
      {
        id: 'st_consideration',
        name: 'Qualify',
        stage: 'consideration',
        steps: [
          {
            id: 'sp_mql',
            name: 'Becomes a qualified lead',
            goal: 'Get answers without a long sales process',
            action: 'Books a call through the website',
            touchpoints: [
              ['Book-a-demo form', 'web'],
              ['Calendar invite', 'email'],
            ],
            thought: '“Let’s see if it fits our budget cycle.”',
            emotion: 0.5,
            kpiNotes: { conversion: 'MQL → SQL target: 35%' },
            owners: 'Sales development',
            backstage: 'Lead routing; SDR capacity',
          },
          {
            id: 'sp_discovery',
            name: 'Discovery call',
            goal: 'Explain our fleet and constraints once',
            action: 'Talks through fleet size, depots and current tools',
            touchpoints: [
              ['Video call', 'phone'],
              ['Recap e-mail', 'email'],
            ],
            thought: '“I had to repeat what I told the SDR.”',
            emotion: -0.5,
            painpoints: [{ id: 'pp_repeat_context', text: 'Context from the first call is not passed to the account executive', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_handover_notes',
                text: 'Structured handover notes from SDR to AE in the CRM',
                owner: 'Sales operations lead',
                department: 'Sales',
                status: 'planned',
              },
            ],
            owners: 'Sales (account executives)',
            backstage: 'CRM opportunity; call recording',
          },
        ],
      },
      {
        id: 'st_evaluate',
        name: 'Evaluate',
        stage: 'consideration',
        steps: [
          {
            id: 'sp_demo',
            name: 'Tailored demo',
            goal: 'Convince the committee it works for us',
            action: 'Brings IT, finance and depot managers to a demo',
            touchpoints: [
              ['Demo session', 'phone'],
              ['Demo recording', 'email'],
            ],
            thought: '“Finance wants a clear ROI.”',
            emotion: 1,
            owners: 'Pre-sales (solution engineers)',
            backstage: 'Demo environment with sample fleet data',
          },
          {
            id: 'sp_pilot',
            name: 'Runs a pilot',
            goal: 'Prove savings on 20 vehicles',
            action: 'Installs trackers in one depot for 30 days',
            touchpoints: [
              ['Pilot workspace', 'app'],
              ['Weekly check-in', 'phone'],
            ],
            thought: '“Setup took two weeks longer than promised.”',
            emotion: -1,
            painpoints: [{ id: 'pp_pilot_delay', text: 'Pilot hardware ships late and delays the evaluation', severity: 'high' }],
            opportunities: [
              {
                id: 'op_pilot_kit',
                text: 'Pre-configured pilot kit shipped within 3 days of approval',
                owner: 'Solutions director',
                department: 'Pre-sales',
                status: 'idea',
              },
            ],
            kpiNotes: { time_in_stage: 'Target: pilot decision within 45 days' },
            owners: 'Pre-sales; Logistics',
            backstage: 'Hardware inventory; pilot success criteria',
          },
          {
            id: 'sp_proposal',
            name: 'Receives the proposal',
            goal: 'A price finance can approve',
            action: 'Reviews the proposal and ROI model with finance',
            touchpoints: [
              ['Proposal document', 'email'],
              ['Pricing call', 'phone'],
            ],
            thought: '“The ROI model uses our pilot data. Good.”',
            emotion: 0.5,
            owners: 'Sales; Deal desk',
            backstage: 'CPQ tool; discount approval',
          },
        ],
      },
      {
        id: 'st_purchase',
        name: 'Decide',
        stage: 'purchase',
        steps: [
          {
            id: 'sp_procurement',
            name: 'Security & procurement review',
            goal: 'Pass IT security and vendor onboarding',
            action: 'Sends a 200-question security questionnaire',
            touchpoints: [
              ['Security questionnaire', 'email'],
              ['Trust centre', 'web'],
            ],
            thought: '“This is where deals go to die.”',
            emotion: -1.5,
            painpoints: [{ id: 'pp_security_review', text: 'Security reviews take weeks and stall the deal', severity: 'high' }],
            opportunities: [
              {
                id: 'op_trust_centre',
                text: 'Public trust centre with pre-filled standard questionnaires',
                owner: 'Security compliance manager',
                department: 'IT security',
                status: 'planned',
              },
            ],
            kpiNotes: { time_in_stage: 'Median today: 5 weeks' },
            owners: 'Legal; IT security',
            backstage: 'Contract templates; security documentation',
          },
          {
            id: 'sp_contract',
            name: 'Signs the contract',
            goal: 'Sign before the budget year closes',
            action: 'Signs electronically after redlines',
            touchpoints: [['E-signature', 'email']],
            thought: '“Finally signed.”',
            emotion: 1.5,
            kpiNotes: { conversion: 'Win rate target: 25% of qualified opportunities' },
            owners: 'Sales; Legal',
            backstage: 'E-signature; order form to billing',
          },
        ],
      },
      {
        id: 'st_retention',
        name: 'Onboard & expand',
        stage: 'retention',
        steps: [
          {
            id: 'sp_kickoff',
            name: 'Kick-off and rollout',
            goal: 'All depots live without disrupting operations',
            action: 'Plans the rollout with a customer success manager',
            touchpoints: [
              ['Kick-off meeting', 'phone'],
              ['Onboarding portal', 'web'],
            ],
            thought: '“The sales promises need to hold now.”',
            emotion: 0,
            painpoints: [{ id: 'pp_handover_cs', text: 'Customer success learns the deal terms from the customer', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_deal_handover',
                text: 'Sales-to-CS handover meeting before kick-off',
                owner: 'VP customer success',
                department: 'Customer success',
                status: 'done',
              },
            ],
            owners: 'Customer success; Professional services',
            backstage: 'Project plan; installer network',
          },
          {
            id: 'sp_qbr',
            name: 'Business review',
            goal: 'Show the board the savings',
            action: 'Reviews fuel and maintenance savings each quarter',
            touchpoints: [
              ['Quarterly business review', 'phone'],
              ['Savings dashboard', 'app'],
            ],
            thought: '“8% less fuel. Let’s add the second region.”',
            emotion: 1.5,
            owners: 'Customer success; Account management',
            backstage: 'Usage analytics; expansion pipeline',
          },
        ],
      },
    ],
  });
}
