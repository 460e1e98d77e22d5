/**
 * Who is calling: a write key (ingest only: HTTP Basic with the key as user name, as Segment
 * does, or `writeKey`/`api_key` in the body), a secret key (read and admin API: Bearer), or the
 * deployment's admin token (creating workspaces).
 */
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { StateStore, Workspace } from '../store/state-store.js';
import { HttpError } from './http-error.js';

export function basicUser(header: string | undefined): string | null {
  if (!header || !header.toLowerCase().startsWith('basic ')) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user ? user : null;
}

export function bearer(header: string | undefined): string | null {
  if (!header || !header.toLowerCase().startsWith('bearer ')) return null;
  return header.slice(7).trim() || null;
}

export class KeyCache {
  private writeKeys = new Map<string, { ws: Workspace | null; at: number }>();
  constructor(
    private readonly state: StateStore,
    private readonly ttlMs = 30_000,
  ) {}

  async byWriteKey(key: string): Promise<Workspace | null> {
    const hit = this.writeKeys.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.ws;
    const ws = await this.state.workspaceByWriteKey(key);
    if (this.writeKeys.size > 10_000) this.writeKeys.clear();
    this.writeKeys.set(key, { ws, at: Date.now() });
    return ws;
  }
}

export async function requireWriteKey(keys: KeyCache, key: string | null): Promise<Workspace> {
  if (!key) throw new HttpError(401, 'unauthorized', 'missing write key: send it as the HTTP Basic user name (Segment) or as api_key in the body (PostHog)');
  const ws = await keys.byWriteKey(key);
  if (!ws && key.startsWith('sk_')) throw new HttpError(401, 'unauthorized', 'that is a secret key; ingest takes the workspace write key (wk_…)');
  if (!ws) throw new HttpError(401, 'unauthorized', 'unknown write key');
  return ws;
}

export async function requireSecretKey(state: StateStore, req: FastifyRequest): Promise<Workspace> {
  const key = bearer(req.headers.authorization);
  if (!key) throw new HttpError(401, 'unauthorized', 'sign in, or send the workspace secret key as "Authorization: Bearer sk_…"');
  if (key.startsWith('wk_')) throw new HttpError(403, 'forbidden', 'a write key can only send events; use the workspace secret key');
  const ws = await state.workspaceBySecretKey(key);
  if (!ws) throw new HttpError(401, 'unauthorized', 'unknown secret key');
  return ws;
}

export function requireAdmin(adminToken: string | null, req: FastifyRequest): void {
  if (!adminToken) throw new HttpError(403, 'forbidden', 'creating workspaces over HTTP is disabled; set WAYMARK_ADMIN_TOKEN or use `waymark workspace create`');
  const given = Buffer.from(bearer(req.headers.authorization) ?? '');
  const want = Buffer.from(adminToken);
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw new HttpError(401, 'unauthorized', 'admin token required');
}
