// Registration, login and the refresh-token life cycle. Access tokens are signed by the HTTP layer
// (it owns the JWT key); this service decides who may have one. Every revocation commits on its
// own before it is announced to the session guard, so no request can use a session after its
// revocation was answered.
import type { Db, DbOrTx } from '../../db/client.js'
import { isUniqueViolation } from '../../db/errors.js'
import type { Clock } from '../../shared/clock.js'
import { DUMMY_PASSWORD_HASH, hashPassword, safeEqual, sha256, verifyPassword } from '../../shared/crypto.js'
import { conflict, unauthorized } from '../../shared/errors.js'
import { newId, randomToken } from '../../shared/ids.js'
import type { AuthContext, Role } from '../../plugins/auth.js'
import { toTenantDto, type TenantDto, type TenantsService } from '../tenants/tenants.service.js'
import { refreshTokensRepository, usersRepository, type RefreshTokenRow, type UserRow } from './auth.repository.js'
import type { SessionGuard } from './auth.session-guard.service.js'

export type { UserRow }

export interface UserDto { id: string; email: string; name: string; role: Role; mustChangePassword: boolean }
export const toUserDto = (u: UserRow): UserDto => ({ id: u.id, email: u.email, name: u.name, role: u.role, mustChangePassword: u.mustChangePassword })

export interface IssuedSession {
  auth: AuthContext
  refreshToken: string
  refreshExpiresAt: Date
  user: UserDto
  tenant: TenantDto
}

const invalidCredentials = () => unauthorized('auth.invalid_credentials', 'The e-mail or password is wrong.')
const invalidRefresh = () => unauthorized('auth.invalid_refresh', 'The session ended. Log in again.')
const reused = () => unauthorized('auth.refresh_reused', 'This session was used twice, so it was ended for safety. Log in again.')

// Refresh tokens are `rt1.<tenant>.<id>.<secret>`: the ids let us look the row up tenant-scoped,
// the secret is only ever stored as a SHA-256 hash.
const formatToken = (tenantId: string, id: string, secret: string) => `rt1.${tenantId}.${id}.${secret}`
export function parseToken(token: string, version = 'rt1'): { tenantId: string; id: string; secret: string } | undefined {
  const [v, tenantId, id, secret, extra] = token.split('.')
  const uuid = /^[0-9a-f-]{36}$/
  if (v !== version || !tenantId || !id || !secret || extra !== undefined || !uuid.test(tenantId) || !uuid.test(id)) return undefined
  return { tenantId, id, secret }
}

export type AuthGuard = Pick<SessionGuard, 'announceUser' | 'announceSessions'>

export class AuthService {
  constructor(
    private readonly db: Db, private readonly clock: Clock, private readonly refreshTtlDays: number, private readonly guard: AuthGuard,
    private readonly tenants: Pick<TenantsService, 'create' | 'get'>,
  ) {}

  async register(input: { businessName: string; email: string; password: string; name?: string | undefined }): Promise<IssuedSession> {
    const email = input.email.toLowerCase()
    if (await usersRepository.emailExists(this.db, email)) throw conflict('auth.email_taken', 'An account with this e-mail already exists.')
    const passwordHash = await hashPassword(input.password)
    try {
      return await this.db.transaction(async (tx) => {
        const tenant = await this.tenants.create(input.businessName, tx)
        const user = await usersRepository.insert(tx, tenant.id, {
          id: newId(), email, name: input.name ?? input.businessName, role: 'owner', passwordHash,
        })
        return this.issue(tx as unknown as Db, user, toTenantDto(tenant), newId())
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('auth.email_taken', 'An account with this e-mail already exists.')
      throw err
    }
  }

  /** The user an e-mail belongs to, for the login limiter's known-device check (no password involved). */
  async userIdForEmail(email: string): Promise<string | undefined> {
    return (await usersRepository.findByEmailForLogin(this.db, email.toLowerCase()))?.id
  }

  async login(input: { email: string; password: string }): Promise<IssuedSession> {
    const user = await usersRepository.findByEmailForLogin(this.db, input.email.toLowerCase())
    // Hash even for unknown e-mails so response time does not reveal which accounts exist.
    const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH)
    if (!user || !ok) throw invalidCredentials()
    return this.startSession(user)
  }

  /** A new signed-in session (refresh family) for a user whose identity was just proven. */
  async startSession(user: UserRow): Promise<IssuedSession> {
    const tenant = await this.tenants.get(user.tenantId)
    if (!tenant) throw invalidCredentials()
    return this.issue(this.db, user, toTenantDto(tenant), newId())
  }

  /**
   * Rotates a refresh token. Presenting one that was already rotated revokes its whole family,
   * including the member the other presenter just received. `beforeRotate` sees the family first
   * (the per-session refresh budget).
   */
  async refresh(token: string, opts: { beforeRotate?: (familyId: string) => Promise<void> } = {}): Promise<IssuedSession> {
    const parsed = parseToken(token)
    if (!parsed) throw invalidRefresh()
    const row = await refreshTokensRepository.get(this.db, parsed.tenantId, parsed.id)
    if (!row || !safeEqual(row.tokenHash, sha256(parsed.secret))) throw invalidRefresh()
    const now = this.clock.now()
    if (row.revokedAt || row.expiresAt <= now) throw invalidRefresh()
    if (row.rotatedAt) return this.reuseDetected(row)
    await opts.beforeRotate?.(row.familyId)
    const outcome = await this.db.transaction(async (tx) => {
      // Losing this race means someone else rotated the same token first: reuse. The revocation
      // must not happen here — this transaction rolls back when we throw — so it happens after.
      if (!(await refreshTokensRepository.claimForRotation(tx, row.tenantId, row.id, now))) return 'reused' as const
      const user = await usersRepository.get(tx, row.tenantId, row.userId)
      const tenant = await this.tenants.get(row.tenantId, tx)
      if (!user || !tenant) return 'gone' as const
      return this.issue(tx as unknown as Db, user, toTenantDto(tenant), row.familyId)
    })
    if (outcome === 'reused') return this.reuseDetected(row)
    if (outcome === 'gone') throw invalidRefresh()
    return outcome
  }

  /** Ends the session of this refresh token (its family); returns the family id if there was one. */
  async logout(token: string | undefined): Promise<void> {
    const parsed = token ? parseToken(token) : undefined
    if (!parsed) return
    const row = await refreshTokensRepository.get(this.db, parsed.tenantId, parsed.id)
    if (row && safeEqual(row.tokenHash, sha256(parsed.secret))) await this.endSessions(row.tenantId, [row.familyId])
  }

  /** Ends one signed-in session (logout by access token, e.g. from another device's list). */
  async endSessions(tenantId: string, familyIds: string[]): Promise<void> {
    const now = this.clock.now()
    for (const familyId of familyIds) await refreshTokensRepository.revokeFamily(this.db, tenantId, familyId, now)
    await this.guard.announceSessions(tenantId, familyIds)
  }

  /** Every session of the user ends and every access token dies (the version moved on in `change`). */
  async endAllSessionsOf(tenantId: string, userId: string): Promise<void> {
    await refreshTokensRepository.revokeAllForUser(this.db, tenantId, userId, this.clock.now())
    await this.guard.announceUser(tenantId, userId)
  }

  async me(auth: AuthContext): Promise<{ user: UserDto; tenant: TenantDto }> {
    const user = await usersRepository.get(this.db, auth.tenantId, auth.userId)
    const tenant = await this.tenants.get(auth.tenantId)
    if (!user || !tenant) throw unauthorized('auth.unauthenticated', 'This account no longer exists.')
    return { user: toUserDto(user), tenant: toTenantDto(tenant) }
  }

  /**
   * Sets a new password. A voluntary change needs the current one; replacing a temporary password
   * right after signing in with it does not. Every other session ends; the caller gets a new one.
   */
  async changePassword(auth: AuthContext, input: { currentPassword?: string | undefined; newPassword: string }): Promise<IssuedSession> {
    const user = await usersRepository.get(this.db, auth.tenantId, auth.userId)
    if (!user) throw unauthorized('auth.unauthenticated', 'This account no longer exists.')
    if (!user.mustChangePassword) {
      const ok = await verifyPassword(input.currentPassword ?? '', user.passwordHash)
      if (!ok) throw unauthorized('auth.invalid_credentials', 'The current password is wrong.')
    }
    return this.replacePassword(user.tenantId, user.id, input.newPassword)
  }

  /** New password, every session ended, and a fresh session for the person who set it. */
  async replacePassword(tenantId: string, userId: string, newPassword: string): Promise<IssuedSession> {
    const updated = await usersRepository.setPassword(this.db, tenantId, userId, await hashPassword(newPassword))
    if (!updated) throw unauthorized('auth.unauthenticated', 'This account no longer exists.')
    await this.endAllSessionsOf(tenantId, userId)
    return this.startSession(updated)
  }

  private async reuseDetected(row: RefreshTokenRow): Promise<never> {
    await this.endSessions(row.tenantId, [row.familyId])
    throw reused()
  }

  private async issue(db: Db, user: UserRow, tenant: TenantDto, familyId: string): Promise<IssuedSession> {
    const id = newId()
    const secret = randomToken(32)
    const refreshExpiresAt = new Date(this.clock.now().getTime() + this.refreshTtlDays * 86_400_000)
    await refreshTokensRepository.insert(db, user.tenantId, { id, userId: user.id, familyId, tokenHash: sha256(secret), expiresAt: refreshExpiresAt })
    return {
      auth: { userId: user.id, tenantId: user.tenantId, role: user.role, sessionId: familyId, version: user.sessionVersion, mustChangePassword: user.mustChangePassword },
      refreshToken: formatToken(user.tenantId, id, secret),
      refreshExpiresAt,
      user: toUserDto(user),
      tenant,
    }
  }

  // The tenant's members, for the team module (which owns the rules of who may manage whom).
  listMembers(tenantId: string): Promise<UserRow[]> { return usersRepository.list(this.db, tenantId) }
  /** With `db`, inside the caller's transaction (PGlite runs one statement at a time: a lookup beside it would wait forever). */
  member(tenantId: string, userId: string, db: DbOrTx = this.db): Promise<UserRow | undefined> { return usersRepository.get(db, tenantId, userId) }
  countOwners(tenantId: string, db: DbOrTx = this.db): Promise<number> { return usersRepository.countOwners(db, tenantId) }
  setMemberRole(tenantId: string, userId: string, role: Role, db: DbOrTx = this.db): Promise<UserRow | undefined> { return usersRepository.setRole(db, tenantId, userId, role) }
  removeMember(tenantId: string, userId: string, db: DbOrTx = this.db): Promise<boolean> { return usersRepository.delete(db, tenantId, userId) }
  /** Adds a member who must replace `password` at first login. */
  async addMember(tenantId: string, m: { email: string; name: string; role: Role; password: string }, db: DbOrTx = this.db): Promise<UserRow> {
    return usersRepository.insert(db, tenantId, {
      id: newId(), email: m.email, name: m.name, role: m.role, passwordHash: await hashPassword(m.password), mustChangePassword: true,
    })
  }
}
