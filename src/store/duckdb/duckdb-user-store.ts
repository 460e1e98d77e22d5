/**
 * UserStore on the embedded DuckDB file: users with scrypt password hashes, and sessions kept
 * as the SHA-256 of their token with an expiry.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { hashKey } from '../../domain/keys.js';
import { hashPassword, verifyPassword } from '../../domain/password.js';
import type { NewUser, Role, User, UserPatch } from '../../domain/user.js';
import type { Workspace } from '../state-store.js';
import type { SignedIn, UserStore } from '../user-store.js';
import type { DuckDatabase, Row } from './database.js';
import { isoFromDuck } from './timestamp.js';

function toUser(r: Row): User {
  return { id: String(r.id), workspaceId: String(r.workspace_id), email: String(r.email), name: String(r.name), role: String(r.role) as Role, createdAt: isoFromDuck(r.created_at) };
}

export class DuckUserStore implements UserStore {
  constructor(
    private readonly db: DuckDatabase,
    private readonly workspace: (id: string) => Promise<Workspace | null>,
  ) {}

  async create(ws: string, u: NewUser): Promise<User> {
    const [taken] = await this.db.all(`SELECT id FROM users WHERE workspace_id = $1 AND email = $2`, [ws, u.email]);
    if (taken) throw new InvalidInputError('user exists', [{ where: 'email', message: `${u.email} is already a user of this workspace` }]);
    const id = 'usr_' + randomUUID().replace(/-/g, '').slice(0, 12);
    const hash = await hashPassword(u.password);
    await this.db.transaction((c) =>
      c.run(`INSERT INTO users VALUES ($1, $2, $3, $4, $5, $6, now()::TIMESTAMP)`, [ws, id, u.email, u.name, u.role, hash]),
    );
    return (await this.get(ws, id))!;
  }

  async list(ws: string): Promise<User[]> {
    return (await this.db.all(`SELECT * FROM users WHERE workspace_id = $1 ORDER BY name, email`, [ws])).map(toUser);
  }

  async get(ws: string, id: string): Promise<User | null> {
    const [r] = await this.db.all(`SELECT * FROM users WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? toUser(r) : null;
  }

  async update(ws: string, id: string, patch: UserPatch): Promise<User> {
    const user = await this.get(ws, id);
    if (!user) throw new NotFoundError(`no user ${id}`);
    const hash = patch.password ? await hashPassword(patch.password) : null;
    await this.db.transaction(async (c) => {
      await c.run(
        `UPDATE users SET name = coalesce($3, name), role = coalesce($4, role), password_hash = coalesce($5, password_hash) WHERE workspace_id = $1 AND id = $2`,
        [ws, id, patch.name ?? null, patch.role ?? null, hash],
      );
      // A new password or a lower role ends the user's other sessions.
      if (hash || patch.role) await c.run(`DELETE FROM sessions WHERE workspace_id = $1 AND user_id = $2`, [ws, id]);
    });
    return (await this.get(ws, id))!;
  }

  async remove(ws: string, id: string): Promise<void> {
    if (!(await this.get(ws, id))) throw new NotFoundError(`no user ${id}`);
    await this.db.transaction(async (c) => {
      await c.run(`DELETE FROM sessions WHERE workspace_id = $1 AND user_id = $2`, [ws, id]);
      await c.run(`DELETE FROM users WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    });
  }

  async checkPassword(email: string, password: string, workspace?: string): Promise<SignedIn | null> {
    const rows = await this.db.all(
      `SELECT * FROM users WHERE email = $1 AND ($2::VARCHAR IS NULL OR workspace_id = $2) ORDER BY created_at`,
      [email.trim().toLowerCase(), workspace ?? null],
    );
    for (const r of rows) {
      if (await verifyPassword(password, String(r.password_hash))) {
        const ws = await this.workspace(String(r.workspace_id));
        if (ws) return { user: toUser(r), workspace: ws };
      }
    }
    // Spend the same time when no such user exists, so sign-in does not reveal who has an account.
    if (rows.length === 0) await verifyPassword(password, 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    return null;
  }

  async startSession(ws: string, userId: string, ttlMs: number): Promise<string> {
    const token = 'ses_' + randomBytes(24).toString('base64url');
    const expires = new Date(Date.now() + ttlMs).toISOString();
    await this.db.transaction(async (c) => {
      await c.run(`DELETE FROM sessions WHERE expires_at < now()::TIMESTAMP`);
      await c.run(`INSERT INTO sessions VALUES ($1, $2, $3, now()::TIMESTAMP, $4::TIMESTAMP)`, [hashKey(token), ws, userId, expires]);
    });
    return token;
  }

  async session(token: string): Promise<SignedIn | null> {
    const [r] = await this.db.all(
      `SELECT u.* FROM sessions s JOIN users u ON u.workspace_id = s.workspace_id AND u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now()::TIMESTAMP`,
      [hashKey(token)],
    );
    if (!r) return null;
    const ws = await this.workspace(String(r.workspace_id));
    return ws ? { user: toUser(r), workspace: ws } : null;
  }

  async endSession(token: string): Promise<void> {
    await this.db.transaction((c) => c.run(`DELETE FROM sessions WHERE token_hash = $1`, [hashKey(token)]));
  }
}
