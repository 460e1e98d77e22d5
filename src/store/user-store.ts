/**
 * The people of a workspace and their sign-in sessions (part of the StateStore).
 */
import type { NewUser, User, UserPatch } from '../domain/user.js';
import type { Workspace } from './state-store.js';

export interface SignedIn {
  user: User;
  workspace: Workspace;
}

export interface UserStore {
  create(ws: string, user: NewUser): Promise<User>;
  list(ws: string): Promise<User[]>;
  get(ws: string, id: string): Promise<User | null>;
  update(ws: string, id: string, patch: UserPatch): Promise<User>;
  /** Removes the user and ends their sessions. */
  remove(ws: string, id: string): Promise<void>;
  /** The user with that e-mail and password, or null; `workspace` picks one when several match. */
  checkPassword(email: string, password: string, workspace?: string): Promise<SignedIn | null>;
  /** A new session token (shown once; only its hash is stored). */
  startSession(ws: string, userId: string, ttlMs: number): Promise<string>;
  session(token: string): Promise<SignedIn | null>;
  endSession(token: string): Promise<void>;
}
