/**
 * The demo workspace's people (one per role, so a visitor can see what each may do) and a first
 * journey map from the e-commerce template bound to the demo's data. Created once; re-running
 * the demo keeps passwords and maps people changed.
 */
import type { Role } from '../domain/user.js';
import { MAP_TEMPLATES } from '../maps/templates.js';
import type { StateStore } from '../store/state-store.js';

export const DEMO_PASSWORD_DEFAULT = 'waymark-demo';

export const DEMO_TEAM: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: 'admin@northwind.example', name: 'Alex Morgan', role: 'admin' },
  { email: 'ana@northwind.example', name: 'Ana Ruiz', role: 'editor' },
  { email: 'sam@northwind.example', name: 'Sam Lee', role: 'viewer' },
];

export async function ensureDemoTeam(state: StateStore, ws: string, password: string): Promise<{ created: string[] }> {
  const existing = new Set((await state.users.list(ws)).map((u) => u.email));
  const created: string[] = [];
  for (const member of DEMO_TEAM) {
    if (existing.has(member.email)) continue;
    await state.users.create(ws, { ...member, password });
    created.push(member.email);
  }
  if ((await state.maps.list(ws)).length === 0) {
    const template = MAP_TEMPLATES.find((t) => t.key === 'e-commerce');
    if (template) await state.maps.create(ws, { ...template.build(), name: 'Northwind online purchase journey' }, 'demo');
  }
  return { created };
}
