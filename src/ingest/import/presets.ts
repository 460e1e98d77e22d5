/**
 * Import presets: ready-made specs for the exports people actually have. Exports differ by
 * account, version and locale, so every column lists the names seen in the wild; `--map` covers
 * the rest. Event names are shared across silos where the meaning is shared (`Call Logged` from
 * HubSpot and from Salesforce), so one touchpoint rule can match both.
 */
import type { Condition, EventMapping, ImportSpec } from './spec.js';

const TRUE = ['true', '1', 'yes', 'y'];

/** Segment envelope keys that are not properties. */
const SEGMENT_ENVELOPE = ['integrations', 'sentAt', 'receivedAt', 'originalTimestamp', 'writeKey', 'version', '_metadata', 'projectId', 'request_id', 'requestId', 'api_key'];

const events: ImportSpec = {
  source: 'import',
  description:
    'Generic events, CSV or NDJSON: messageId|message_id|id, type, event|name|event_name, userId|user_id, anonymousId|anonymous_id|user_pseudo_id, email, timestamp|time|created_at|event_timestamp, channel|platform; every other column → properties. NDJSON lines in Segment shape (type, event, name, userId, anonymousId, messageId, timestamp, properties, traits, context) work as they are.',
  events: [
    {
      messageId: { column: ['messageId', 'message_id', 'id'] },
      type: { column: ['type'] },
      name: { column: ['event', 'name', 'event_name'] },
      userId: { column: ['userId', 'user_id'] },
      anonymousId: { column: ['anonymousId', 'anonymous_id', 'user_pseudo_id'] },
      email: { column: ['email', 'traits.email', 'context.traits.email', 'properties.email'] },
      timestamp: { column: ['timestamp', 'time', 'created_at', 'originalTimestamp', 'event_timestamp'] },
      // GA4 exports name the platform (WEB, IOS, ANDROID) instead of the library channel.
      channel: { column: ['channel', 'context.channel', 'platform'], values: { ios: 'mobile', android: 'mobile' } },
      previousId: { column: ['previousId', 'previous_id'] },
      groupId: { column: ['groupId', 'group_id'] },
      context: { column: 'context' },
      traits: { merge: ['context.traits', 'traits'] },
      properties: { rest: true, merge: ['properties'], exclude: SEGMENT_ENVELOPE },
    },
  ],
};

const hubspotContacts: ImportSpec = {
  source: 'hubspot',
  description:
    "HubSpot contacts export → one identify per contact at 'Create Date' (identity: 'Email'), every other column a snake_case trait ('First Name' → first_name, 'Lifecycle Stage' → lifecycle_stage, 'Original Source' → original_source, …).",
  events: [
    {
      type: { const: 'identify' },
      timestamp: { column: ['Create Date', 'Created Date', 'Create date', 'createdate', 'Became a Lead Date'], coalesce: true },
      email: { column: ['Email', 'Email Address', 'email'] },
      traits: {
        rest: true,
        keys: 'snake',
        columns: [
          { key: 'email', column: ['Email', 'Email Address', 'email'] },
          { key: 'hubspot_contact_id', column: ['Record ID', 'Contact ID', 'Record Id', 'hs_object_id'] },
          { key: 'company', column: ['Company Name', 'Associated Company', 'Company'] },
          { key: 'phone', column: ['Phone Number', 'Phone', 'Mobile Phone Number'] },
        ],
        exclude: ['Create Date', 'Created Date', 'createdate'],
      },
    },
  ],
};

const HUBSPOT_ACTIVITY_NAMES: Record<string, string> = {
  email: 'Email Logged',
  incoming_email: 'Email Received',
  forwarded_email: 'Email Logged',
  call: 'Call Logged',
  meeting: 'Meeting Logged',
  note: 'Note Logged',
  task: 'Task Logged',
  linkedin_message: 'LinkedIn Message Logged',
  sms: 'SMS Logged',
  whats_app: 'WhatsApp Message Logged',
  postal_mail: 'Postal Mail Logged',
};
const HUBSPOT_ACTIVITY_CHANNELS: Record<string, string> = {
  email: 'email',
  incoming_email: 'email',
  forwarded_email: 'email',
  call: 'phone',
  meeting: 'meeting',
  linkedin_message: 'social',
  sms: 'sms',
  whats_app: 'chat',
  '*': '',
};

const hubspotActivities: ImportSpec = {
  source: 'hubspot',
  description:
    "HubSpot activities (engagements) export: 'Activity date', 'Activity type' (EMAIL, CALL, MEETING, NOTE, TASK… → 'Email Logged', 'Call Logged', 'Meeting Logged', …; channel email/phone/meeting), contact e-mail from 'Associated Contact email'|'Associated Email'|'Contact email'|'Associated Contact' ('Ann Lee (ann@x.com)' works), 'Subject'|'Call title'|'Meeting name', id 'Activity ID'|'Record ID'; other columns → snake_case properties.",
  events: [
    {
      messageId: { column: ['Activity ID', 'Engagement ID', 'Record ID'], prefix: 'hubspot-activity-' },
      name: { column: ['Activity type', 'Activity Type', 'Engagement type', 'Type'], values: HUBSPOT_ACTIVITY_NAMES },
      timestamp: { column: ['Activity date', 'Activity Date', 'Timestamp', 'Create date', 'Created at'], coalesce: true },
      email: { column: ['Associated Contact email', 'Associated Contact Email', 'Associated Email', 'Contact email', 'Contact Email', 'Email', 'Associated Contact'], coalesce: true },
      channel: { column: ['Activity type', 'Activity Type', 'Engagement type', 'Type'], values: HUBSPOT_ACTIVITY_CHANNELS },
      properties: {
        rest: true,
        keys: 'snake',
        columns: [
          { key: 'activity_type', column: ['Activity type', 'Activity Type', 'Engagement type', 'Type'] },
          { key: 'subject', column: ['Subject', 'Call title', 'Meeting name', 'Email subject', 'Title'], coalesce: true },
          { key: 'outcome', column: ['Call outcome', 'Meeting outcome', 'Outcome'], coalesce: true },
          { key: 'direction', column: ['Email direction', 'Call direction', 'Direction'], coalesce: true },
        ],
        exclude: ['Associated Contact', 'Associated Contact email', 'Associated Contact Email', 'Associated Email', 'Contact email', 'Contact Email', 'Email', 'Body', 'Email body', 'Call notes', 'Meeting description', 'Note body'],
      },
    },
  ],
};

const SALESFORCE_TASK_NAMES: Record<string, string> = {
  call: 'Call Logged',
  email: 'Email Logged',
  listemail: 'Email Logged',
  'list email': 'Email Logged',
  meeting: 'Meeting Logged',
  linkedin: 'LinkedIn Message Logged',
  cadence: 'Task Logged',
  task: 'Task Logged',
  other: 'Task Logged',
  '*': 'Task Logged',
};
const SALESFORCE_TASK_CHANNELS: Record<string, string> = { call: 'phone', email: 'email', listemail: 'email', 'list email': 'email', meeting: 'meeting', linkedin: 'social', '*': '' };

const salesforceTasks: ImportSpec = {
  source: 'salesforce',
  description:
    "Salesforce Task export (Data Loader or report): Id, Subject, ActivityDate|CreatedDate (first non-empty), TaskSubtype|Type (Call/Email/Meeting → 'Call Logged'/'Email Logged'/'Meeting Logged', else 'Task Logged'), Status, Priority, contact e-mail from Who.Email|Email|Contact Email.",
  events: [
    {
      messageId: { column: ['Id', 'Activity ID', 'Task ID'], prefix: 'salesforce-task-' },
      name: { column: ['TaskSubtype', 'Task Subtype', 'Type', 'Task Type'], values: SALESFORCE_TASK_NAMES, default: 'Task Logged' },
      timestamp: { column: ['ActivityDate', 'Activity Date', 'CompletedDateTime', 'CreatedDate', 'Created Date', 'Date', 'Due Date'], coalesce: true },
      email: { column: ['Who.Email', 'Who Email', 'Email', 'Contact Email', 'Contact: Email', 'Lead Email', 'Name: Email'], coalesce: true },
      channel: { column: ['TaskSubtype', 'Task Subtype', 'Type', 'Task Type'], values: SALESFORCE_TASK_CHANNELS },
      properties: [
        { key: 'task_id', column: ['Id', 'Activity ID', 'Task ID'] },
        { key: 'subject', column: ['Subject'] },
        { key: 'type', column: ['Type', 'Task Type', 'TaskSubtype', 'Task Subtype'] },
        { key: 'status', column: ['Status'] },
        { key: 'priority', column: ['Priority'] },
        { key: 'call_duration_seconds', column: ['CallDurationInSeconds', 'Call Duration'], number: true },
        { key: 'call_result', column: ['CallDisposition', 'Call Result'] },
        { key: 'owner', column: ['Owner.Name', 'Assigned', 'Assigned To', 'OwnerId'] },
        { key: 'related_to', column: ['What.Name', 'Related To', 'WhatId'] },
      ],
    },
  ],
};

const OPP_EMAIL = ['Contact Email', 'Contact.Email', 'Email', 'Primary Contact Email', 'Contact: Email', 'ContactEmail'];
const OPP_PROPERTIES = [
  { key: 'opportunity_id', column: ['Id', 'Opportunity ID'] },
  { key: 'opportunity', column: ['Name', 'Opportunity Name'] },
  { key: 'stage', column: ['StageName', 'Stage'] },
  { key: 'amount', column: ['Amount'], number: true },
  { key: 'currency', column: ['CurrencyIsoCode', 'Amount Currency', 'Currency'] },
  { key: 'account', column: ['Account.Name', 'Account Name', 'AccountId'] },
  { key: 'lead_source', column: ['LeadSource', 'Lead Source'] },
  { key: 'type', column: ['Type', 'Opportunity Type'] },
  { key: 'probability', column: ['Probability', 'Probability (%)'], number: true },
];
const isWon: Condition = { anyOf: [{ column: ['IsWon', 'Won'], in: TRUE }, { column: ['StageName', 'Stage'], in: ['closed won'] }] };
const isLost: Condition = {
  anyOf: [
    { allOf: [{ column: ['IsClosed', 'Closed'], in: TRUE }, { column: ['IsWon', 'Won'], in: ['false', '0', 'no', 'n'] }] },
    { column: ['StageName', 'Stage'], in: ['closed lost'] },
  ],
};
function opportunity(name: string, ts: string[], suffix: string, when?: Condition): EventMapping {
  const m: EventMapping = {
    name: { const: name },
    messageId: { column: ['Id', 'Opportunity ID'], prefix: 'salesforce-opportunity-', suffix },
    timestamp: { column: ts, coalesce: true },
    email: { column: OPP_EMAIL, coalesce: true },
    properties: OPP_PROPERTIES,
  };
  if (when) m.when = when;
  return m;
}

const salesforceOpportunities: ImportSpec = {
  source: 'salesforce',
  description:
    "Salesforce Opportunity export: Id, Name, StageName, Amount, CreatedDate, CloseDate, IsWon, IsClosed, contact e-mail (Contact Email|Contact.Email|Email) → 'Opportunity Created' at CreatedDate, and 'Opportunity Won'/'Opportunity Lost' at CloseDate when IsWon/IsClosed (or StageName 'Closed Won'/'Closed Lost').",
  events: [
    opportunity('Opportunity Created', ['CreatedDate', 'Created Date'], '-created'),
    opportunity('Opportunity Won', ['CloseDate', 'Close Date'], '-won', isWon),
    opportunity('Opportunity Lost', ['CloseDate', 'Close Date'], '-lost', isLost),
  ],
};

const ZENDESK_VIA: Record<string, string> = {
  mail: 'email',
  email: 'email',
  'web form': 'web',
  web: 'web',
  'web widget': 'web',
  'web service': 'web',
  'help center': 'web',
  'closed ticket': 'web',
  'phone call (incoming)': 'phone',
  'phone call (outgoing)': 'phone',
  'phone call (inbound)': 'phone',
  'phone call (outbound)': 'phone',
  voicemail: 'phone',
  voice: 'phone',
  phone: 'phone',
  chat: 'chat',
  'native messaging': 'chat',
  messaging: 'chat',
  sms: 'sms',
  'facebook post': 'social',
  'facebook message': 'social',
  twitter: 'social',
  'x corp': 'social',
  api: 'api',
};
const ZENDESK_PROPERTIES = [
  { key: 'ticket_id', column: ['Id', 'ID', 'Ticket ID'] },
  { key: 'subject', column: ['Subject'] },
  { key: 'status', column: ['Status'] },
  { key: 'priority', column: ['Priority'] },
  { key: 'ticket_type', column: ['Ticket type', 'Type'] },
  { key: 'via', column: ['Via'] },
  { key: 'group', column: ['Group'] },
  { key: 'tags', column: ['Tags'] },
  { key: 'satisfaction', column: ['Satisfaction Score', 'Satisfaction score', 'Satisfaction'] },
  { key: 'organization', column: ['Organization'] },
];
function zendesk(name: string, ts: string[], suffix: string, extra: Array<{ key: string; column: string[]; number?: boolean }>, when?: Condition): EventMapping {
  const m: EventMapping = {
    name: { const: name },
    messageId: { column: ['Id', 'ID', 'Ticket ID'], prefix: 'zendesk-ticket-', suffix },
    timestamp: { column: ts },
    userId: { column: ['Requester external id', 'Requester external ID', 'External id'] },
    email: { column: ['Requester email', 'Requester Email', 'Requester'], coalesce: true },
    channel: { column: ['Via', 'Channel'], values: ZENDESK_VIA },
    properties: [...ZENDESK_PROPERTIES, ...extra],
  };
  if (when) m.when = when;
  return m;
}

const zendeskTickets: ImportSpec = {
  source: 'zendesk',
  description:
    "Zendesk ticket export: Id, Subject, Requester email|Requester, Requester external id (→ userId), Created at, Solved at, Status, Priority, Via (→ channel email/phone/web/chat), Satisfaction Score → 'Ticket Opened' at Created at, and 'Ticket Solved' at Solved at when set.",
  events: [
    zendesk('Ticket Opened', ['Created at', 'Created At', 'Created'], '-opened', []),
    zendesk(
      'Ticket Solved',
      ['Solved at', 'Solved At', 'Solved'],
      '-solved',
      [
        { key: 'resolution_minutes', column: ['Full resolution time in minutes', 'Full Resolution Time in Minutes', 'Resolution time'], number: true },
        { key: 'replies', column: ['Replies'], number: true },
      ],
      { column: ['Solved at', 'Solved At', 'Solved'] },
    ),
  ],
};

const NPS_Q = ['/recommend/i', '/\\bnps\\b/i'];
const CSAT_Q = ['/satisf/i', '/\\bcsat\\b/i'];
const CES_Q = ['/\\beasy\\b|\\beffort/i', '/\\bces\\b/i'];
const COMMENT_Q = ['/\\bwhy\\b|comment|feedback|tell us|anything else|reason|improve/i'];

const surveymonkeyResponses: ImportSpec = {
  source: 'surveymonkey',
  description:
    "SurveyMonkey 'All individual responses' CSV: Respondent ID, Email Address, Start Date, End Date (MM/DD/YYYY hh:mm:ss AM, account time zone — UTC assumed), the score question ('How likely … recommend' → survey nps, '… satisfied' → csat, '… easy/effort' → ces; '9 - Very likely' → 9) and a comment question ('Why…', '…feedback') → 'Survey Responded'. The second header row is skipped.",
  csv: { extraHeaderRows: 1 },
  events: [
    {
      name: { const: 'Survey Responded' },
      messageId: { column: ['Respondent ID', 'RespondentID', 'Response ID'], prefix: 'surveymonkey-' },
      timestamp: { column: ['End Date', 'EndDate', 'Date Modified', 'Start Date', 'StartDate'], coalesce: true },
      email: { column: ['Email Address', 'Email', 'email'], coalesce: true },
      channel: { const: 'survey' },
      properties: [
        { key: 'survey', cases: [{ column: NPS_Q, const: 'nps' }, { column: CSAT_Q, const: 'csat' }, { column: CES_Q, const: 'ces' }] },
        { key: 'score', column: [...NPS_Q, ...CSAT_Q, ...CES_Q], number: true },
        { key: 'comment', column: COMMENT_Q },
        { key: 'respondent_id', column: ['Respondent ID', 'RespondentID'] },
        { key: 'collector_id', column: ['Collector ID', 'CollectorID'] },
        { key: 'started_at', column: ['Start Date', 'StartDate'] },
      ],
      traits: [
        { key: 'first_name', column: ['First Name'] },
        { key: 'last_name', column: ['Last Name'] },
      ],
    },
  ],
};

const qualtricsResponses: ImportSpec = {
  source: 'qualtrics',
  description:
    "Qualtrics responses CSV (the 2 extra header rows are skipped): ResponseId, RecipientEmail, ExternalReference (→ userId), RecordedDate|EndDate, the score question (NPS|Q_NPS|'… recommend …'|Q1 → score; NPS_GROUP → nps_group; survey nps/csat/ces guessed from the header) → 'Survey Responded'; other columns → snake_case properties.",
  csv: { extraHeaderRows: 2 },
  events: [
    {
      name: { const: 'Survey Responded' },
      messageId: { column: ['ResponseId', 'Response ID', 'ResponseID', '_recordId'], prefix: 'qualtrics-' },
      timestamp: { column: ['RecordedDate', 'Recorded Date', 'EndDate', 'End Date', 'StartDate', 'Start Date'], coalesce: true },
      email: { column: ['RecipientEmail', 'Recipient Email', 'Email', 'email'], coalesce: true },
      userId: { column: ['ExternalReference', 'External Data Reference', 'ExternalDataReference'] },
      channel: { const: 'survey' },
      traits: [
        { key: 'first_name', column: ['RecipientFirstName', 'Recipient First Name'] },
        { key: 'last_name', column: ['RecipientLastName', 'Recipient Last Name'] },
      ],
      properties: {
        rest: true,
        keys: 'snake',
        columns: [
          {
            key: 'survey',
            cases: [
              { column: ['/nps/i', '/recommend/i'], const: 'nps' },
              { column: CSAT_Q, const: 'csat' },
              { column: CES_Q, const: 'ces' },
            ],
          },
          { key: 'score', column: ['NPS', 'NPS Score', 'Q_NPS', '/^nps$/i', '/^Q\\d+_NPS$/', '/recommend/i', 'Score', 'Q1'], number: true },
          { key: 'nps_group', column: ['NPS_GROUP', '/^Q?\\w*_NPS_GROUP$/', 'NPS Group'] },
          { key: 'comment', column: ['Comment', 'Feedback', '/comment|feedback|why|reason/i'] },
          { key: 'response_id', column: ['ResponseId', 'Response ID', 'ResponseID'] },
        ],
        exclude: ['IPAddress', 'IP Address', 'LocationLatitude', 'LocationLongitude', 'Location Latitude', 'Location Longitude', 'RecipientFirstName', 'RecipientLastName', 'Recipient First Name', 'Recipient Last Name', 'Q_RecaptchaScore', 'Q_RelevantIDDuplicate'],
      },
    },
  ],
};

export const PRESETS: Record<string, ImportSpec> = {
  events,
  'hubspot-contacts': hubspotContacts,
  'hubspot-activities': hubspotActivities,
  'salesforce-tasks': salesforceTasks,
  'salesforce-opportunities': salesforceOpportunities,
  'zendesk-tickets': zendeskTickets,
  'surveymonkey-responses': surveymonkeyResponses,
  'qualtrics-responses': qualtricsResponses,
};

/** The name of the preset a spec is (or was made from with --map, which keeps the description), if any. */
export function presetNameOf(spec: ImportSpec): string | undefined {
  if (spec.description === undefined) return undefined;
  return Object.entries(PRESETS).find(([, p]) => p.description === spec.description)?.[0];
}
