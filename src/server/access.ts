/**
 * Who may do what on the read and admin API: a signed-in person (session cookie) with their role,
 * or a workspace secret key (Bearer), which acts as an admin. Routes name the least role they need.
 */
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { type Role, roleAtLeast, type User } from '../domain/user.js';
import type { Workspace } from '../store/state-store.js';
import { requireSecretKey } from './auth.js';
import type { ServerContext } from './context.js';
import { HttpError } from './http-error.js';

export const SESSION_COOKIE = 'waymark_session';

export interface Access {
  workspace: Workspace;
  role: Role;
  /** The signed-in person; null for a secret key. */
  user: User | null;
  /** Who to record as the author of a change. */
  actor: string;
}

export async function authorise(ctx: ServerContext, req: FastifyRequest, need: Role): Promise<Access> {
  let access: Access;
  const token = req.cookies?.[SESSION_COOKIE];
  if (req.headers.authorization || !token) {
    const workspace = await requireSecretKey(ctx.state, req);
    access = { workspace, role: 'admin', user: null, actor: 'secret key' };
  } else {
    const signedIn = await ctx.state.users.session(token);
    if (!signedIn) throw new HttpError(401, 'unauthorized', 'your session has ended; sign in again');
    access = { workspace: signedIn.workspace, role: signedIn.user.role, user: signedIn.user, actor: signedIn.user.name };
  }
  if (!roleAtLeast(access.role, need)) throw new HttpError(403, 'forbidden', `this needs the ${need} role; you are a ${access.role}`);
  return access;
}
