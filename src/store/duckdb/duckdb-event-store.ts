/**
 * EventStore on the embedded DuckDB file. Writes stage rows and commit them through
 * commit-staged.ts under the database's write lock; reads are plain parameterised queries.
 */
import { listValue } from '@duckdb/node-api';
import type { CanonicalEvent } from '../../domain/event.js';
import type { Catalogue } from '../../domain/touchpoint.js';
import type { MappingProfile } from '../event-store.js';
import { mappingProfile } from './mapping-profile.js';
import type { ImportReport, CommitResult, CustomerProfile, CustomerQuery, CustomerSummary, EventStore, TimelineEvent, WorkspaceStats } from '../event-store.js';
import { commitStaged, loadTouchpoints } from './commit-staged.js';
import type { DuckDatabase, Row } from './database.js';
import { recomputeCustomers } from './refresh-customers.js';
import { SqlParams } from './sql-builder.js';
import { stageEvents } from './staging.js';
import { loadFileIntoStaging } from './import-file.js';
import type { ImportSpec } from '../../ingest/import/spec.js';
import { libraryChannelSql, loadComboMap, touchpointCaseSql } from './touchpoint-sql.js';
import { loadChannelGroups } from './acquisition-sql.js';
import { deleteJourney, rebuildJourneys } from './journeys.js';

function json(v: unknown): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  return typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown>);
}

function toSummary(r: Row): CustomerSummary {
  return {
    customerId: String(r.customer_id),
    userId: (r.user_id as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    stage: (r.stage as string | null) ?? null,
    firstSeen: (r.first_seen as string | null) ?? null,
    lastSeen: (r.last_seen as string | null) ?? null,
    eventCount: Number(r.event_count ?? 0),
    firstChannelGroup: (r.first_channel_group as string | null) ?? null,
    traits: json(r.traits),
  };
}

export class DuckEventStore implements EventStore {
  constructor(readonly db: DuckDatabase) {}

  append(ws: string, events: readonly CanonicalEvent[], catalogue: Catalogue, settle: readonly number[] = []): Promise<CommitResult> {
    if (events.length === 0 && settle.length === 0) return Promise.resolve({ received: 0, inserted: 0, duplicates: 0, newCustomers: 0, merges: 0 });
    return this.db.transaction(async (c) => {
      await stageEvents(c, events);
      const r = await commitStaged(c, ws, catalogue, events.length);
      if (settle.length) await c.run(`DELETE FROM inbox WHERE seq IN (SELECT unnest($1::BIGINT[]))`, [listValue(settle.map((s) => BigInt(s)))]);
      return r;
    });
  }

  importFile(ws: string, file: string, spec: ImportSpec, catalogue: Catalogue, onProgress?: (fraction: number, phase: string) => void): Promise<ImportReport> {
    return this.db.transaction(async (c) => {
      const load = await loadFileIntoStaging(c, file, spec, { onProgress: onProgress && ((f, phase) => onProgress(f * 0.9, phase)) });
      onProgress?.(0.9, 'commit');
      const r = await commitStaged(c, ws, catalogue, load.staged);
      onProgress?.(1, 'done');
      return { ...r, rows: load.rows, rejected: load.rejects.map((x) => ({ where: `line ${x.line}${x.column ? `, column "${x.column}"` : ''}`, message: x.reason })) };
    });
  }

  reapplyCatalogue(ws: string, catalogue: Catalogue): Promise<{ events: number }> {
    return this.db.transaction(async (c) => {
      await loadComboMap(c, catalogue, `SELECT DISTINCT name, type, source, raw_channel FROM events WHERE workspace_id = $1`, [ws]);
      await loadTouchpoints(c, catalogue);
      const p = new SqlParams();
      const wsp = p.add(ws);
      const tpCase = touchpointCaseSql(catalogue, p);
      const updated = await c.run(
        `UPDATE events AS s SET touchpoint = ${tpCase}
           FROM combo_map c
          WHERE s.workspace_id = ${wsp} AND c.name = s.name AND c.type = s.type AND c.source = s.source AND c.raw_channel IS NOT DISTINCT FROM s.raw_channel`,
        p.values,
      );
      await c.run(
        `UPDATE events SET channel = coalesce(t.channel, ${libraryChannelSql('raw_channel')}), stage = t.stage
           FROM tp_catalogue t WHERE events.workspace_id = $1 AND events.touchpoint = t.name`,
        [ws],
      );
      await c.run(`UPDATE events SET channel = ${libraryChannelSql('raw_channel')}, stage = NULL WHERE workspace_id = $1 AND touchpoint IS NULL`, [ws]);
      // Scored and pending feedback keep their event's touchpoint, stage and channel (feedback-scoring.ts).
      for (const [table, name] of [['feedback', 'event_name'], ['feedback_pending', 'name']] as const) {
        await c.run(
          `UPDATE ${table} SET touchpoint = e.touchpoint, stage = e.stage, channel = e.channel
             FROM events e WHERE ${table}.workspace_id = $1 AND e.workspace_id = $1 AND e.name = ${table}.${name} AND e.message_id = ${table}.message_id`,
          [ws],
        );
      }
      // Channel groups too: a full re-map also classifies events stored before they existed (schema v1).
      await loadChannelGroups(c, `(SELECT message_id, type, properties, context FROM events WHERE workspace_id = $1)`, 'message_id', [ws]);
      await c.run(
        `UPDATE events SET channel_group = acq.channel_group FROM acq
          WHERE events.workspace_id = $1 AND events.message_id = acq.k AND events.channel_group IS DISTINCT FROM acq.channel_group`,
        [ws],
      );
      await recomputeCustomers(c, ws, null);
      await rebuildJourneys(c, ws);
      return { events: Number(updated.rowsChanged) };
    });
  }

  async findCustomer(ws: string, idOrIdentifier: string): Promise<CustomerProfile | null> {
    const v = idOrIdentifier.trim();
    const [idRow] = await this.db.all(
      `SELECT customer_id FROM customers WHERE workspace_id = $1 AND customer_id = $2
       UNION ALL
       SELECT customer_id FROM identities WHERE workspace_id = $1 AND identifier IN ($2, 'user:' || $2, 'anon:' || $2, 'email:' || lower($2))
       LIMIT 1`,
      [ws, v],
    );
    if (!idRow) return null;
    const id = String(idRow.customer_id);
    const [c] = await this.db.all(`SELECT * FROM customers WHERE workspace_id = $1 AND customer_id = $2`, [ws, id]);
    if (!c) return null;
    const identifiers = await this.db.all(`SELECT identifier, first_seen FROM identities WHERE workspace_id = $1 AND customer_id = $2 ORDER BY first_seen, identifier`, [ws, id]);
    const history = await this.db.all(
      `SELECT trait, value, timestamp, message_id FROM trait_history WHERE workspace_id = $1 AND customer_id = $2 ORDER BY timestamp DESC, trait LIMIT 500`,
      [ws, id],
    );
    const merged = await this.db.all(`SELECT from_customer FROM identity_merges WHERE workspace_id = $1 AND into_customer = $2 ORDER BY merged_at`, [ws, id]);
    const sources = await this.db.all(`SELECT DISTINCT source FROM events WHERE workspace_id = $1 AND customer_id = $2 ORDER BY source`, [ws, id]);
    return {
      ...toSummary(c),
      identifiers: identifiers.map((r) => ({ identifier: String(r.identifier), firstSeen: String(r.first_seen) })),
      traitHistory: history.map((r) => ({ trait: String(r.trait), value: r.value === null ? null : JSON.parse(String(r.value)), timestamp: String(r.timestamp), messageId: String(r.message_id) })),
      mergedFrom: merged.map((r) => String(r.from_customer)),
      sources: sources.map((r) => String(r.source)),
    };
  }

  async timeline(ws: string, customerId: string, opts: { limit: number; before?: Date }): Promise<TimelineEvent[]> {
    const rows = await this.db.all(
      `SELECT message_id, timestamp, type, name, source, channel, channel_group, touchpoint, stage, properties FROM events
        WHERE workspace_id = $1 AND customer_id = $2 AND ($3::TIMESTAMP IS NULL OR timestamp < $3::TIMESTAMP)
        ORDER BY timestamp DESC, message_id DESC LIMIT $4`,
      [ws, customerId, opts.before ? opts.before.toISOString() : null, opts.limit],
    );
    return rows.reverse().map((r) => ({
      messageId: String(r.message_id),
      timestamp: String(r.timestamp),
      type: String(r.type),
      name: String(r.name),
      source: String(r.source),
      channel: (r.channel as string | null) ?? null,
      channelGroup: (r.channel_group as string | null) ?? null,
      touchpoint: (r.touchpoint as string | null) ?? null,
      stage: (r.stage as string | null) ?? null,
      properties: json(r.properties),
    }));
  }

  async listCustomers(ws: string, q: CustomerQuery): Promise<{ total: number; customers: CustomerSummary[] }> {
    const where = `workspace_id = $1 AND ($2::VARCHAR IS NULL OR stage = $2) AND ($3::VARCHAR IS NULL OR customer_id = $3 OR email ILIKE '%' || $3 || '%' OR user_id = $3)`;
    const params = [ws, q.stage ?? null, q.search ?? null];
    const [t] = await this.db.all(`SELECT count(*) AS n FROM customers WHERE ${where}`, params);
    const rows = await this.db.all(`SELECT * FROM customers WHERE ${where} ORDER BY last_seen DESC NULLS LAST, customer_id LIMIT $4 OFFSET $5`, [...params, q.limit, q.offset]);
    return { total: Number(t?.n ?? 0), customers: rows.map(toSummary) };
  }

  async stats(ws: string): Promise<WorkspaceStats> {
    const [totals] = await this.db.all(
      `SELECT (SELECT count(*) FROM events WHERE workspace_id = $1) AS events,
              (SELECT count(*) FROM events WHERE workspace_id = $1 AND touchpoint IS NULL AND type NOT IN ('identify', 'alias', 'group')) AS unmapped,
              (SELECT count(*) FROM customers WHERE workspace_id = $1) AS customers`,
      [ws],
    );
    const byStage = await this.db.all(`SELECT stage, count(*) AS customers FROM customers WHERE workspace_id = $1 GROUP BY stage ORDER BY customers DESC`, [ws]);
    const bySource = await this.db.all(`SELECT source, count(*) AS events FROM events WHERE workspace_id = $1 GROUP BY source ORDER BY events DESC`, [ws]);
    const byTouchpoint = await this.db.all(
      `SELECT touchpoint, channel, stage, count(*) AS events FROM events
        WHERE workspace_id = $1 AND type NOT IN ('identify', 'alias', 'group') GROUP BY ALL ORDER BY events DESC LIMIT 200`,
      [ws],
    );
    const reached = await this.db.all(
      `SELECT stage, count(DISTINCT customer_id) AS customers FROM events WHERE workspace_id = $1 AND stage IS NOT NULL GROUP BY stage ORDER BY customers DESC, stage`,
      [ws],
    );
    const byGroup = await this.db.all(
      `SELECT g AS channel_group, sum(events)::BIGINT AS events, sum(customers)::BIGINT AS customers FROM (
         SELECT channel_group AS g, count(*) AS events, 0 AS customers FROM events WHERE workspace_id = $1 GROUP BY ALL
         UNION ALL
         SELECT first_channel_group, 0, count(*) FROM customers WHERE workspace_id = $1 GROUP BY ALL
       ) GROUP BY g ORDER BY events DESC, g NULLS LAST`,
      [ws],
    );
    return {
      events: Number(totals?.events ?? 0),
      customers: Number(totals?.customers ?? 0),
      unmappedEvents: Number(totals?.unmapped ?? 0),
      byStage: byStage.map((r) => ({ stage: (r.stage as string | null) ?? null, customers: Number(r.customers) })),
      reachedStage: reached.map((r) => ({ stage: String(r.stage), customers: Number(r.customers) })),
      byChannelGroup: byGroup.map((r) => ({ channelGroup: (r.channel_group as string | null) ?? null, events: Number(r.events), firstTouchCustomers: Number(r.customers) })),
      bySource: bySource.map((r) => ({ source: String(r.source), events: Number(r.events) })),
      byTouchpoint: byTouchpoint.map((r) => ({
        touchpoint: (r.touchpoint as string | null) ?? null,
        channel: (r.channel as string | null) ?? null,
        stage: (r.stage as string | null) ?? null,
        events: Number(r.events),
      })),
    };
  }

  mappingProfile(ws: string): Promise<MappingProfile> {
    return mappingProfile(this.db, ws);
  }

  eraseCustomer(ws: string, customerId: string): Promise<{ events: number }> {
    return this.db.transaction(async (c) => {
      // Remember what was erased (by hash only), so a resend of those events is not stored again.
      await c.run(`INSERT INTO erased_messages SELECT workspace_id, message_hash, now()::TIMESTAMP FROM events WHERE workspace_id = $1 AND customer_id = $2`, [ws, customerId]);
      const removed = await c.run(`DELETE FROM events WHERE workspace_id = $1 AND customer_id = $2`, [ws, customerId]);
      for (const table of ['identities', 'trait_history', 'customers', 'feedback', 'feedback_pending']) {
        await c.run(`DELETE FROM ${table} WHERE workspace_id = $1 AND customer_id = $2`, [ws, customerId]);
      }
      await c.run(`DELETE FROM identity_merges WHERE workspace_id = $1 AND (into_customer = $2 OR from_customer = $2)`, [ws, customerId]);
      await deleteJourney(c, ws, customerId);
      return { events: Number(removed.rowsChanged) };
    });
  }

  async close(): Promise<void> {
    await this.db.writeLock.run(async () => this.db.close());
  }
}
