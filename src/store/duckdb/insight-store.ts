/**
 * Findings kept with history: a run upserts each finding by its id (kind + where), marks the
 * ones no longer found inactive, and records the run and every finding's figures in it. Triage
 * (dismiss, link to an opportunity with owner and status) survives re-runs.
 */
import type { EventStore } from '../event-store.js';
import type { DuckDatabase, Row } from './database.js';
import { DuckEventStore } from './duckdb-event-store.js';
import { findingId, findingKey, type Finding } from '../../insight/finding.js';

export const FINDING_STATUSES = ['open', 'dismissed', 'linked'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface StoredFinding extends Finding {
  id: string;
  /** Found by the latest run. */
  active: boolean;
  status: FindingStatus;
  owner: string | null;
  opportunityStatus: string | null;
  note: string | null;
  firstSeen: string;
  lastSeen: string;
  updatedAt: string;
}

export interface RunRecord {
  runId: string;
  at: string;
  tested: number;
  found: number;
  tookMs: number;
}

/** The DuckDB database behind a runtime's event store (the findings live beside the events). */
export function insightDb(events: EventStore): DuckDatabase {
  if (!(events instanceof DuckEventStore)) throw new Error('findings need the embedded DuckDB store');
  return events.db;
}

const iso = (v: unknown) => new Date(String(v).replace(' ', 'T') + (String(v).endsWith('Z') ? '' : 'Z')).toISOString();

function toFinding(r: Row): StoredFinding {
  const latest = JSON.parse(String(r.latest)) as Finding;
  return {
    id: String(r.id),
    ...latest,
    active: Boolean(r.active),
    status: String(r.status) as FindingStatus,
    owner: r.owner === null ? null : String(r.owner),
    opportunityStatus: r.opportunity_status === null ? null : String(r.opportunity_status),
    note: r.note === null ? null : String(r.note),
    firstSeen: iso(r.first_seen),
    lastSeen: iso(r.last_seen),
    updatedAt: iso(r.updated_at),
  };
}

export class FindingsStore {
  constructor(private readonly db: DuckDatabase) {}

  async saveRun(ws: string, run: { findings: Finding[]; tested: number; tookMs: number }, at = new Date()): Promise<RunRecord> {
    const runId = `run_${at.getTime().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const ts = at.toISOString().replace('T', ' ').replace('Z', '');
    await this.db.transaction(async (c) => {
      await c.run(`UPDATE findings SET active = false WHERE workspace_id = $1`, [ws]);
      for (const f of run.findings) {
        const id = findingId(ws, f.kind, f.where);
        const latest = JSON.stringify(f);
        await c.run(
          `INSERT INTO findings (workspace_id, id, kind, where_key, "where", active, status, latest, first_seen, last_seen, updated_at)
           VALUES ($1, $2, $3, $4, $5, true, 'open', $6, $7::TIMESTAMP, $7::TIMESTAMP, $7::TIMESTAMP)
           ON CONFLICT (workspace_id, id) DO UPDATE SET active = true, latest = excluded.latest, "where" = excluded."where", last_seen = excluded.last_seen`,
          [ws, id, f.kind, findingKey(f.kind, f.where), JSON.stringify(f.where), latest, ts],
        );
        await c.run(`INSERT INTO finding_history VALUES ($1, $2, $3, $4::TIMESTAMP, $5, $6, $7)`, [ws, id, runId, ts, f.magnitude, f.confidence.q, f.customers]);
      }
      await c.run(`INSERT INTO finding_runs VALUES ($1, $2, $3::TIMESTAMP, $4, $5, $6)`, [ws, runId, ts, run.tested, run.findings.length, run.tookMs]);
    });
    return { runId, at: at.toISOString(), tested: run.tested, found: run.findings.length, tookMs: run.tookMs };
  }

  /** Findings, most severe first; by default the active ones that are not dismissed. */
  async list(ws: string, opts: { all?: boolean; kind?: string } = {}): Promise<StoredFinding[]> {
    const params: string[] = [ws];
    let where = `workspace_id = $1`;
    if (!opts.all) where += ` AND active AND status <> 'dismissed'`;
    if (opts.kind) {
      params.push(opts.kind);
      where += ` AND kind = $${params.length}`;
    }
    const rows = await this.db.all(`SELECT * FROM findings WHERE ${where}`, params);
    return rows.map(toFinding).sort((a, b) => Number(b.active) - Number(a.active) || b.severity - a.severity || a.id.localeCompare(b.id));
  }

  async get(ws: string, id: string): Promise<StoredFinding | null> {
    const [r] = await this.db.all(`SELECT * FROM findings WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? toFinding(r) : null;
  }

  async history(ws: string, id: string): Promise<Array<{ runId: string; at: string; magnitude: number; q: number; customers: number }>> {
    const rows = await this.db.all(`SELECT run_id, run_at, magnitude, q, customers FROM finding_history WHERE workspace_id = $1 AND finding_id = $2 ORDER BY run_at, run_id`, [ws, id]);
    return rows.map((r) => ({ runId: String(r.run_id), at: iso(r.run_at), magnitude: Number(r.magnitude), q: Number(r.q), customers: Number(r.customers) }));
  }

  async lastRun(ws: string): Promise<RunRecord | null> {
    const [r] = await this.db.all(`SELECT * FROM finding_runs WHERE workspace_id = $1 ORDER BY run_at DESC, run_id DESC LIMIT 1`, [ws]);
    return r ? { runId: String(r.run_id), at: iso(r.run_at), tested: Number(r.tested), found: Number(r.found), tookMs: Number(r.took_ms) } : null;
  }

  /** Set triage fields; returns the updated finding or null when there is none with that id. */
  async triage(ws: string, id: string, t: { status: FindingStatus; owner?: string | null; opportunityStatus?: string | null; note?: string | null }): Promise<StoredFinding | null> {
    const ts = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await this.db.transaction(async (c) => {
      await c.run(
        `UPDATE findings SET status = $3, owner = coalesce($4, owner), opportunity_status = coalesce($5, opportunity_status), note = coalesce($6, note), updated_at = $7::TIMESTAMP
         WHERE workspace_id = $1 AND id = $2`,
        [ws, id, t.status, t.owner ?? null, t.opportunityStatus ?? null, t.note ?? null, ts],
      );
    });
    return this.get(ws, id);
  }
}
