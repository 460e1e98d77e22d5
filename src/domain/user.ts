/**
 * People who sign in to a workspace, and what their role lets them do: viewers read, editors
 * also change maps, personas, comments and findings' triage, admins also manage people, keys
 * and the touchpoint catalogue. A workspace secret key acts as an admin.
 */
import { z } from 'zod';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

export interface User {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

const Email = z.string().trim().toLowerCase().max(200).pipe(z.email('not an e-mail address'));
/** At least 8 characters; the only rule NIST SP 800-63B asks for besides a breach list. */
const Password = z.string().min(8, 'a password has at least 8 characters').max(200, 'at most 200 characters');

export const NewUserSchema = z
  .object({
    email: Email,
    name: z.string().trim().min(1, 'a name cannot be empty').max(120),
    role: z.enum(ROLES),
    password: Password,
  })
  .strict();
export type NewUser = z.infer<typeof NewUserSchema>;

export const UserPatchSchema = z
  .object({
    name: z.string().trim().min(1, 'a name cannot be empty').max(120).optional(),
    role: z.enum(ROLES).optional(),
    password: Password.optional(),
  })
  .strict();
export type UserPatch = z.infer<typeof UserPatchSchema>;

export const SignInSchema = z
  .object({
    email: Email,
    password: z.string().min(1, 'enter your password').max(200),
    /** Needed only when the same e-mail is a user of several workspaces. */
    workspace: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
