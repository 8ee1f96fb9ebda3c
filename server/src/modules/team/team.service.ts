// The team of a tenant: who may invite, remove and re-role whom. Inviting creates the member with
// a one-time temporary password (shown once, no e-mail is sent) that they must replace at first
// login; admins manage agents and viewers, only owners manage admins and owners. Removing a member
// or changing a role ends that member's access on the very next request and closes their sockets.
// Each change writes its audit entry in its own transaction (a failing entry undoes the change).
import type { Db } from '../../db/client.js'
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js'
import { actorOf } from '../../shared/actor.js'
import type { AuditService } from '../audit/audit.service.js'
import { roleAtLeast, type Role } from '../../plugins/auth.js'
import { badRequest, conflict, forbidden, notFound } from '../../shared/errors.js'
import { randomToken } from '../../shared/ids.js'
import { toUserDto, type AuthService, type UserRow } from '../auth/auth.service.js'
import type { PasswordResetService } from '../auth/auth.password-reset.service.js'
import type { SessionGuard } from '../auth/auth.session-guard.service.js'

export interface TeamDeps {
  db: Db
  audit: Pick<AuditService, 'record'>
  members: Pick<AuthService, 'listMembers' | 'member' | 'countOwners' | 'setMemberRole' | 'removeMember' | 'addMember'>
  guard: Pick<SessionGuard, 'announceUser'>
  passwordResets: Pick<PasswordResetService, 'createLink'>
}

/** Who is asking: their tenant, id and role (and the API key, when one acts). */
export interface Caller { tenantId: string; userId: string; role: Role; apiKey?: { id: string } | undefined }

const memberDto = (u: UserRow) => {
  const { mustChangePassword: _m, ...user } = toUserDto(u)
  return { ...user, createdAt: u.createdAt.toISOString() }
}
export type MemberDto = ReturnType<typeof memberDto>

export class TeamService {
  constructor(private readonly deps: TeamDeps) {}

  async list(tenantId: string): Promise<{ items: MemberDto[] }> {
    return { items: (await this.deps.members.listMembers(tenantId)).map(memberDto) }
  }

  async invite(caller: Caller, body: { email: string; name?: string | undefined; role: 'admin' | 'agent' | 'viewer' }): Promise<{ member: MemberDto; temporaryPassword: string }> {
    if (body.role === 'admin' && !roleAtLeast(caller.role, 'owner')) throw forbidden('auth.forbidden', 'Only an owner can add admins.')
    const temporaryPassword = randomToken(9)
    try {
      const user = await this.deps.db.transaction(async (tx) => {
        const added = await this.deps.members.addMember(caller.tenantId, {
          email: body.email.toLowerCase(), name: body.name ?? body.email.split('@')[0]!, role: body.role, password: temporaryPassword,
        }, tx)
        await this.deps.audit.record(caller.tenantId, actorOf(caller), [{ action: 'team.invited', targetType: 'user', targetId: added.id, details: { role: body.role } }], tx)
        return added
      })
      return { member: memberDto(user), temporaryPassword }
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('team.email_taken', 'Someone with this e-mail already has an account.')
      throw err
    }
  }

  async remove(caller: Caller, id: string): Promise<void> {
    const target = await this.manageable(caller, id, 'remove')
    if (target.role === 'owner' && (await this.deps.members.countOwners(caller.tenantId)) <= 1) throw conflict('team.last_owner', 'A business needs at least one owner.')
    await this.deps.db.transaction(async (tx) => {
      await this.deps.members.removeMember(caller.tenantId, id, tx)
      await this.deps.audit.record(caller.tenantId, actorOf(caller), [{ action: 'team.removed', targetType: 'user', targetId: id }], tx)
    })
    // Their refresh tokens went with the row; their access tokens and sockets end now.
    await this.deps.guard.announceUser(caller.tenantId, id)
  }

  async changeRole(caller: Caller, id: string, role: Role): Promise<MemberDto> {
    const target = await this.manageable(caller, id, 'change')
    if (roleAtLeast(role, 'admin') && !roleAtLeast(caller.role, 'owner')) throw forbidden('auth.forbidden', 'Only an owner can make admins and owners.')
    if (target.role === 'owner' && role !== 'owner' && (await this.deps.members.countOwners(caller.tenantId)) <= 1) throw conflict('team.last_owner', 'A business needs at least one owner.')
    if (target.role === role) return memberDto(target)
    const updated = await this.deps.db.transaction(async (tx) => {
      const changed = await this.deps.members.setMemberRole(caller.tenantId, id, role, tx)
      if (!changed) throw notFound('team.not_found', 'No such member.')
      await this.deps.audit.record(caller.tenantId, actorOf(caller), [{ action: 'team.role_changed', targetType: 'user', targetId: id, details: { role } }], tx)
      return changed
    })
    // The version moved on: tokens with the old role stop working; the member refreshes to get the new one.
    await this.deps.guard.announceUser(caller.tenantId, id)
    return memberDto(updated)
  }

  async passwordResetLink(caller: Caller, id: string): Promise<{ token: string; path: string; expiresAt: string }> {
    const target = await this.manageable(caller, id, 'reset')
    // Removed by a concurrent request after the check above: the link has no one to point at.
    const link = await this.deps.passwordResets.createLink(caller.tenantId, target.id, caller.userId).catch((err: unknown) => {
      throw isForeignKeyViolation(err) ? notFound('team.not_found', 'No such member.') : err
    })
    return { token: link.token, path: link.path, expiresAt: link.expiresAt.toISOString() }
  }

  /** The member the caller may manage (not themselves; admins and owners only by an owner). */
  private async manageable(caller: Caller, id: string, what: string): Promise<UserRow> {
    if (id === caller.userId) throw badRequest(`team.cannot_${what}_self`, `You cannot ${what} yourself.`)
    const target = await this.deps.members.member(caller.tenantId, id)
    if (!target) throw notFound('team.not_found', 'No such member.')
    if (roleAtLeast(target.role, 'admin') && !roleAtLeast(caller.role, 'owner')) throw forbidden('auth.forbidden', 'Only an owner can manage admins and owners.')
    return target
  }
}
