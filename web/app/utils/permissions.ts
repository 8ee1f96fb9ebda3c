// What each role may do (docs/API.md "Roles"). The UI hides what the role cannot do; the server
// enforces the same rules with 403 auth.forbidden.
import type { Role } from '../types/api'

const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 }

export type Action =
  | 'reply' | 'takeover' | 'markRead' | 'correctTags' | 'cancelFollowUp'
  | 'device' | 'settings' | 'team' | 'integrations' | 'demoScan' | 'onboard' | 'deleteCustomer'

const MIN_ROLE: Record<Action, Role> = {
  reply: 'agent',
  takeover: 'agent',
  markRead: 'agent',
  correctTags: 'agent',
  cancelFollowUp: 'agent',
  device: 'admin',
  settings: 'admin',
  team: 'admin',
  integrations: 'admin',
  demoScan: 'admin',
  onboard: 'admin',
  deleteCustomer: 'admin',
}

export function roleAtLeast(role: Role | null | undefined, min: Role): boolean {
  if (!role) return false
  return RANK[role] >= RANK[min]
}

export function roleCan(role: Role | null | undefined, action: Action): boolean {
  return roleAtLeast(role, MIN_ROLE[action])
}

/** Roles an inviter may hand out: admins invite admin/agent/viewer, never owners (API: team POST). */
export function invitableRoles(role: Role | null | undefined): Role[] {
  return roleAtLeast(role, 'admin') ? ['admin', 'agent', 'viewer'] : []
}
