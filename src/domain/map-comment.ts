/**
 * Comments on a map cell, with @mentions of the workspace's people: `@ana` matches a user whose
 * e-mail's local part or first name is "ana" (case-insensitive), `@ana@example.com` the address.
 */
import { z } from 'zod';
import type { User } from './user.js';

export interface MapComment {
  id: string;
  mapId: string;
  /** `laneId/stepId`, or `stage:STAGEID` for a stage header, or `map` for the map as a whole. */
  cell: string;
  author: { id: string | null; name: string };
  body: string;
  mentions: string[];
  createdAt: string;
  resolved: boolean;
}

export const NewCommentSchema = z
  .object({
    cell: z.string().regex(/^(map|stage:[A-Za-z0-9_-]{1,40}|[A-Za-z0-9_-]{1,40}\/[A-Za-z0-9_-]{1,40})$/, 'a comment is on "map", "stage:ID" or a cell "laneId/stepId"'),
    body: z.string().trim().min(1, 'a comment cannot be empty').max(4000, 'at most 4000 characters'),
  })
  .strict();

/** The ids of the users a comment mentions, in the order first mentioned. */
export function mentionedUsers(body: string, users: readonly User[]): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/(?:^|[^\w@.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)/g)) {
    const handle = (m[1] ?? '').toLowerCase().replace(/[.]+$/, '');
    const user = users.find((u) => u.email === handle || u.email.split('@')[0] === handle || u.name.split(/\s+/)[0]?.toLowerCase() === handle);
    if (user && !out.includes(user.id)) out.push(user.id);
  }
  return out;
}
