/**
 * The signed-in user's role for the map pages, from the shell's auth context (GET /v1/auth/me):
 * editors and admins edit maps; viewers (and anyone before the session is known) read only.
 */
import { useAuth } from '../auth';
import type { Role, UserSummary } from './map-api-types';

export interface MapRole {
  role: Role | undefined;
  user: UserSummary | undefined;
  canEdit: boolean;
}

export function useMapRole(): MapRole {
  const { session, can } = useAuth();
  return { role: session?.user.role, user: session?.user, canEdit: can('editor') };
}
