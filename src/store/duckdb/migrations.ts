/**
 * Versioned schema of the embedded store. Each migration runs once, in order, inside a
 * transaction, and is recorded in schema_migrations. Never edit a shipped migration: add one.
 * All timestamps are UTC (TIMESTAMP without zone). events.properties/traits/context hold JSON text
 * written only by Waymark's own serialisers (valid by construction); DuckDB's JSON functions read
 * them directly, so they are not re-validated on every commit.
 */

import { gapListSql, insertJourneysFromEventsSql, JOURNEY_CODES_TABLE_SQL, JOURNEYS_TABLE_SQL } from './journeys.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'spine: workspaces, events, identities, customers, traits',
    sql: `
CREATE TABLE workspaces (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  write_key VARCHAR NOT NULL UNIQUE,
  secret_key_hash VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE workspace_settings (
  workspace_id VARCHAR NOT NULL,
  key VARCHAR NOT NULL,
  value JSON NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (workspace_id, key)
);
CREATE TABLE events (
  workspace_id VARCHAR NOT NULL,
  message_id VARCHAR NOT NULL,
  message_hash UBIGINT NOT NULL,
  customer_id VARCHAR,
  type VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  anonymous_id VARCHAR,
  user_id VARCHAR,
  email VARCHAR,
  previous_id VARCHAR,
  group_id VARCHAR,
  raw_channel VARCHAR,
  channel VARCHAR,
  source VARCHAR NOT NULL,
  touchpoint VARCHAR,
  stage VARCHAR,
  timestamp TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL,
  properties VARCHAR,
  traits VARCHAR,
  context VARCHAR
);
CREATE TABLE identities (
  workspace_id VARCHAR NOT NULL,
  identifier VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  first_seen TIMESTAMP NOT NULL
);
CREATE TABLE customers (
  workspace_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  first_seen TIMESTAMP,
  last_seen TIMESTAMP,
  event_count BIGINT NOT NULL DEFAULT 0,
  user_id VARCHAR,
  email VARCHAR,
  traits JSON,
  stage VARCHAR,
  stage_at TIMESTAMP
);
CREATE TABLE trait_history (
  workspace_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  message_id VARCHAR NOT NULL,
  timestamp TIMESTAMP NOT NULL,
  trait VARCHAR NOT NULL,
  value JSON
);
CREATE TABLE identity_merges (
  workspace_id VARCHAR NOT NULL,
  from_customer VARCHAR NOT NULL,
  into_customer VARCHAR NOT NULL,
  merged_at TIMESTAMP NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'acquisition: channel group per event, first-touch channel group per customer',
    sql: `
ALTER TABLE events ADD COLUMN channel_group VARCHAR;
ALTER TABLE customers ADD COLUMN first_channel_group VARCHAR;
ALTER TABLE customers ADD COLUMN first_channel_group_at TIMESTAMP;
`,
  },
  {
    version: 3,
    name: 'feedback: one scored row per survey response event (score checked against its scale, sentiment, emotion)',
    sql: `
CREATE TABLE feedback (
  workspace_id VARCHAR NOT NULL,
  message_id VARCHAR NOT NULL,
  survey VARCHAR,
  score DOUBLE,
  score_raw VARCHAR,
  score_error VARCHAR,
  comment VARCHAR,
  touchpoint_ref VARCHAR,
  sentiment DOUBLE NOT NULL,
  polarity VARCHAR NOT NULL,
  emotion VARCHAR,
  language VARCHAR NOT NULL,
  sarcasm BOOLEAN NOT NULL,
  analyser_version INTEGER NOT NULL,
  scored_at TIMESTAMP NOT NULL,
  PRIMARY KEY (workspace_id, message_id)
);
`,
  },
  {
    version: 4,
    name: 'insight: findings with identity per kind + where, their run history, triage',
    sql: `
CREATE TABLE findings (
  workspace_id VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  where_key VARCHAR NOT NULL,
  "where" JSON NOT NULL,
  active BOOLEAN NOT NULL,
  status VARCHAR NOT NULL DEFAULT 'open',
  owner VARCHAR,
  opportunity_status VARCHAR,
  note VARCHAR,
  latest JSON NOT NULL,
  first_seen TIMESTAMP NOT NULL,
  last_seen TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE TABLE finding_runs (
  workspace_id VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  run_at TIMESTAMP NOT NULL,
  tested INTEGER NOT NULL,
  found INTEGER NOT NULL,
  took_ms INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, run_id)
);
CREATE TABLE finding_history (
  workspace_id VARCHAR NOT NULL,
  finding_id VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  run_at TIMESTAMP NOT NULL,
  magnitude DOUBLE NOT NULL,
  q DOUBLE NOT NULL,
  customers BIGINT NOT NULL
);
`,
  },
  {
    version: 5,
    name: 'people and maps: users with roles, sign-in sessions, journey maps with versions and comments',
    sql: `
CREATE TABLE users (
  workspace_id VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  email VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  password_hash VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, email)
);
CREATE TABLE sessions (
  token_hash VARCHAR PRIMARY KEY,
  workspace_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL
);
CREATE TABLE maps (
  workspace_id VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  doc JSON NOT NULL,
  revision INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  updated_by VARCHAR,
  PRIMARY KEY (workspace_id, id)
);
CREATE TABLE map_versions (
  workspace_id VARCHAR NOT NULL,
  map_id VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  label VARCHAR NOT NULL,
  doc JSON NOT NULL,
  metrics JSON,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR,
  PRIMARY KEY (workspace_id, map_id, version)
);
CREATE TABLE map_comments (
  workspace_id VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  map_id VARCHAR NOT NULL,
  cell VARCHAR NOT NULL,
  author_id VARCHAR,
  author_name VARCHAR NOT NULL,
  body VARCHAR NOT NULL,
  mentions JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  resolved BOOLEAN NOT NULL DEFAULT false,
  PRIMARY KEY (workspace_id, id)
);
`,
  },
  {
    version: 6,
    name: 'journeys: each customer\'s behavioural events in journey order, as lists (journeys.ts)',
    sql: `${JOURNEYS_TABLE_SQL}
${insertJourneysFromEventsSql('TRUE', { schema: 6 })};
`,
  },
  {
    version: 7,
    name: "feedback: the response event's name, so reads join only the survey events (feedback-queries.ts)",
    sql: `
ALTER TABLE feedback ADD COLUMN event_name VARCHAR;
UPDATE feedback SET event_name = e.name FROM events e WHERE e.workspace_id = feedback.workspace_id AND e.message_id = feedback.message_id;
`,
  },
  {
    version: 8,
    name: 'journeys: the gap to the previous element of each journey, in microseconds (journeys.ts)',
    sql: `
ALTER TABLE journeys ADD COLUMN gap BIGINT[];
UPDATE journeys SET gap = ${gapListSql('ts', (x) => x)};
`,
  },
  {
    version: 9,
    name: "journeys: each element's event type, so KPIs count sessions and page views off the lists (journeys.ts)",
    sql: `
ALTER TABLE journeys ADD COLUMN type VARCHAR[];
DELETE FROM journeys;
${insertJourneysFromEventsSql('TRUE', { schema: 9 })};
`,
  },
  {
    version: 10,
    name: 'inbox: acknowledged ingest batches waiting to be resolved into events (duckdb-inbox.ts)',
    sql: `
CREATE TABLE inbox (
  seq BIGINT NOT NULL,
  workspace_id VARCHAR NOT NULL,
  -- how to decode body: segment:batch, segment:track, …, posthog (the request body as it came), canonical (serialised events)
  kind VARCHAR NOT NULL,
  received_at TIMESTAMP NOT NULL,
  event_count INTEGER NOT NULL,
  body VARCHAR NOT NULL,
  -- set when the drainer could not store the batch: kept, never dropped
  failed VARCHAR
);
`,
  },
  {
    version: 11,
    name: "journeys: each element's touchpoint as an integer code of a per-workspace dictionary, so funnels compare integers (journeys.ts)",
    sql: `${JOURNEY_CODES_TABLE_SQL}
INSERT INTO journey_codes
  SELECT workspace_id, value, row_number() OVER (PARTITION BY workspace_id ORDER BY value)
    FROM (SELECT DISTINCT workspace_id, unnest(touchpoint) AS value FROM journeys) WHERE value IS NOT NULL;
ALTER TABLE journeys ADD COLUMN touchpoint_code INTEGER[];
UPDATE journeys SET touchpoint_code = c.codes
  FROM (SELECT rid, list(coalesce(jc.code, 0) ORDER BY i) AS codes
          FROM (SELECT rowid AS rid, workspace_id, unnest(touchpoint) AS value, generate_subscripts(touchpoint, 1) AS i FROM journeys) u
          LEFT JOIN journey_codes jc ON jc.workspace_id = u.workspace_id AND jc.value = u.value
         GROUP BY rid) c
 WHERE journeys.rowid = c.rid;
`,
  },
  {
    version: 12,
    name: "feedback: the response event's customer, time, source, touchpoint, stage and channel, kept in step like the journeys, so feedback reads scan no events (feedback-scoring.ts)",
    sql: `
ALTER TABLE feedback ADD COLUMN customer_id VARCHAR;
ALTER TABLE feedback ADD COLUMN timestamp TIMESTAMP;
ALTER TABLE feedback ADD COLUMN source VARCHAR;
ALTER TABLE feedback ADD COLUMN touchpoint VARCHAR;
ALTER TABLE feedback ADD COLUMN stage VARCHAR;
ALTER TABLE feedback ADD COLUMN channel VARCHAR;
UPDATE feedback SET customer_id = e.customer_id, timestamp = e.timestamp, source = e.source, touchpoint = e.touchpoint, stage = e.stage, channel = e.channel
  FROM events e WHERE e.workspace_id = feedback.workspace_id AND e.name = feedback.event_name AND e.message_id = feedback.message_id;
`,
  },
  {
    version: 13,
    name: "erased_messages: the messageId hashes of erased customers' events, so a client's resend after an erasure is not stored again (duckdb-event-store.ts, commit-staged.ts)",
    sql: `
CREATE TABLE erased_messages (
  workspace_id VARCHAR NOT NULL,
  -- hash(message_id), as events.message_hash: the ids themselves are not kept
  message_hash UBIGINT NOT NULL,
  erased_at TIMESTAMP NOT NULL
);
`,
  },
  {
    version: 14,
    name: 'feedback_pending: survey response events committed and not yet scored, so a scoring pass reads them instead of every event; feedback_state: the analyser version a workspace was last fully scored with (feedback-scoring.ts)',
    sql: `
CREATE TABLE feedback_pending (
  workspace_id VARCHAR NOT NULL,
  message_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  properties VARCHAR,
  customer_id VARCHAR,
  timestamp TIMESTAMP,
  source VARCHAR,
  touchpoint VARCHAR,
  stage VARCHAR,
  channel VARCHAR
);
CREATE TABLE feedback_state (
  workspace_id VARCHAR PRIMARY KEY,
  analyser_version INTEGER NOT NULL
);
`,
  },
];
