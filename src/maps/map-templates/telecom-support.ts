/**
 * Template: telecom support journey of a broadband customer whose connection fails, from noticing
 * the problem through self-service, the call centre and a technician visit to the decision to
 * stay or leave.
 */
import type { JourneyMap } from '../../domain/journey-map.js';
import { buildTemplateMap } from './template-builder.js';

export function telecomSupportMap(): JourneyMap {
  return buildTemplateMap({
    name: 'Telecom support journey',
    description:
      'A home broadband customer loses the connection and needs it fixed: status check, self-service, call centre, ' +
      'technician visit, follow-up and the renewal decision.',
    scenario: 'A customer working from home loses the internet connection on a weekday morning.',
    metrics: ['volume', 'conversion', 'time_in_stage', 'csat'],
    stages: [
      {
        id: 'st_problem',
        name: 'Problem',
        stage: 'retention',
        steps: [
          {
            id: 'sp_outage',
            name: 'Connection drops',
            goal: 'Get back online for a 10 o’clock call',
            action: 'Restarts the router, switches to mobile data',
            touchpoints: [['Router lights', 'other']],
            thought: '“Not now. Is it me or them?”',
            emotion: -1.5,
            owners: 'Network operations',
            backstage: 'Network monitoring; fault detection',
          },
          {
            id: 'sp_status',
            name: 'Checks service status',
            goal: 'Know whether it is a known outage',
            action: 'Opens the app’s service status page',
            touchpoints: [
              ['Service status', 'app'],
              ['Outage SMS', 'sms'],
            ],
            thought: '“It says everything is fine. It isn’t.”',
            emotion: -1.5,
            painpoints: [{ id: 'pp_status_stale', text: 'Status page shows no outage while the area is down', severity: 'high' }],
            opportunities: [
              {
                id: 'op_live_status',
                text: 'Live area status from network monitoring, with proactive SMS',
                owner: 'Network operations manager',
                department: 'Network operations',
                status: 'planned',
              },
            ],
            owners: 'Digital channels; Network operations',
            backstage: 'Outage management system',
          },
        ],
      },
      {
        id: 'st_contact',
        name: 'Seek help',
        stage: 'retention',
        steps: [
          {
            id: 'sp_selfservice',
            name: 'Tries self-service',
            goal: 'Fix it without calling',
            action: 'Runs the line test in the app, asks the chatbot',
            touchpoints: [
              ['Line test', 'app'],
              ['Chatbot', 'chat'],
              ['Help articles', 'web'],
            ],
            thought: '“The bot keeps sending me the same article.”',
            emotion: -1,
            painpoints: [{ id: 'pp_bot_loop', text: 'Chatbot loops without a path to a person', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_bot_handoff',
                text: 'Hand over to a live agent with the line test result attached',
                owner: 'Digital care product owner',
                department: 'Customer care',
                status: 'in_progress',
              },
            ],
            owners: 'Digital care',
            backstage: 'Line test API; bot intent model',
          },
          {
            id: 'sp_call',
            name: 'Calls support',
            goal: 'Talk to someone who can fix it',
            action: 'Calls, navigates the IVR, waits in the queue',
            touchpoints: [
              ['IVR', 'phone'],
              ['Call centre agent', 'phone'],
            ],
            thought: '“40 minutes on hold, and I have to repeat my account number.”',
            emotion: -2,
            painpoints: [
              { id: 'pp_wait', text: 'Long queues on weekday mornings', severity: 'high' },
              { id: 'pp_reidentify', text: 'Customer re-identifies after the IVR', severity: 'medium' },
            ],
            opportunities: [
              {
                id: 'op_callback',
                text: 'Offer a call-back slot instead of holding',
                owner: 'Contact centre manager',
                department: 'Customer care',
                status: 'planned',
              },
            ],
            kpiNotes: { time_in_stage: 'Target: answer within 3 min' },
            owners: 'Customer care (contact centre)',
            backstage: 'Workforce management; CTI passes caller ID to the agent',
          },
        ],
      },
      {
        id: 'st_resolve',
        name: 'Resolution',
        stage: 'retention',
        steps: [
          {
            id: 'sp_diagnosis',
            name: 'Remote diagnosis',
            goal: 'Hear what is wrong and when it will be fixed',
            action: 'Agent tests the line and books an engineer',
            touchpoints: [
              ['Call centre agent', 'phone'],
              ['Booking confirmation', 'sms'],
            ],
            thought: '“At least there is a date. Three days is long.”',
            emotion: -0.5,
            kpiNotes: { conversion: 'First-contact resolution target: 70%' },
            owners: 'Technical support (2nd line)',
            backstage: 'Line diagnostics; field scheduling',
          },
          {
            id: 'sp_technician',
            name: 'Technician visit',
            goal: 'Fixed in one visit',
            action: 'Stays home for the time slot; the engineer replaces the router',
            touchpoints: [
              ['Engineer visit', 'field'],
              ['On-my-way SMS', 'sms'],
            ],
            thought: '“Friendly and quick, but I lost half a day waiting.”',
            emotion: 0.5,
            painpoints: [{ id: 'pp_slot', text: 'Four-hour appointment windows', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_live_tracking',
                text: 'Live engineer tracking with a 30-minute arrival window',
                owner: 'Field operations lead',
                department: 'Field service',
                status: 'idea',
              },
            ],
            owners: 'Field service',
            backstage: 'Dispatch optimisation; spare parts',
          },
        ],
      },
      {
        id: 'st_followup',
        name: 'Follow-up',
        stage: 'retention',
        steps: [
          {
            id: 'sp_confirm',
            name: 'Confirms the fix',
            goal: 'Be sure it stays fixed',
            action: 'Gets a text asking whether the service is working',
            touchpoints: [['Fix confirmation', 'sms']],
            thought: '“Stable for two days now.”',
            emotion: 1,
            owners: 'Customer care',
            backstage: 'Ticket closure rules; repeat-fault monitoring',
          },
          {
            id: 'sp_survey',
            name: 'Rates the service',
            goal: 'Say what went wrong and what went well',
            action: 'Answers a short CSAT survey',
            touchpoints: [['CSAT survey', 'survey']],
            thought: '“The engineer was great, the hotline was not.”',
            emotion: 0,
            kpiNotes: { csat: 'Survey after ticket closure, 1–5' },
            owners: 'Customer experience team',
            backstage: 'Survey platform; closed-loop call-backs for scores ≤ 2',
          },
        ],
      },
      {
        id: 'st_advocacy',
        name: 'Stay or leave',
        stage: 'advocacy',
        steps: [
          {
            id: 'sp_credit',
            name: 'Gets a service credit',
            goal: 'Be compensated for the days offline',
            action: 'Asks for compensation in chat',
            touchpoints: [
              ['Live chat', 'chat'],
              ['Bill', 'email'],
            ],
            thought: '“I had to ask for it.”',
            emotion: -0.5,
            painpoints: [{ id: 'pp_credit_manual', text: 'Compensation only on request', severity: 'medium' }],
            opportunities: [
              {
                id: 'op_auto_credit',
                text: 'Automatic credit for outages longer than 24 h',
                owner: 'Billing product owner',
                department: 'Billing',
                status: 'idea',
              },
            ],
            owners: 'Billing; Customer care',
            backstage: 'Billing adjustments',
          },
          {
            id: 'sp_renewal',
            name: 'Decides at renewal',
            goal: 'Reliable internet at a fair price',
            action: 'Compares offers when the contract ends',
            touchpoints: [
              ['Renewal offer', 'email'],
              ['Retention team', 'phone'],
            ],
            thought: '“They fixed it, but a competitor is cheaper.”',
            emotion: 0,
            kpiNotes: { conversion: 'Renewal rate after a fault vs. without' },
            owners: 'Retention team; Marketing',
            backstage: 'Churn model; retention offers',
          },
        ],
      },
    ],
  });
}
