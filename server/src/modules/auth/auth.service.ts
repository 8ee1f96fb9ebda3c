// Registration, login and the refresh-token life cycle. Access tokens are signed by the HTTP layer
// (it owns the JWT key); this service decides who may have one.
import type { Db } from '../../db/client.js'
import { isUniqueViolation } from '../../db/errors.js'
import type { Clock } from '../../shared/clock.js'
import { DUMMY_PASSWORD_HASH, hashPassword, safeEqual, sha256, verifyPassword } from '../../shared/crypto.js'
import { conflict, unauthorized } from '../../shared/errors.js'
import { newId, randomToken } from '../../shared/ids.js'
import type { AuthContext, Role } from '../../plugins/auth.js'
import { tenantsRepository, toTenantDto, type TenantDto } from '../tenants/tenants.repository.js'
import { refreshTokensRepository, usersRepository, type UserRow } from './auth.repository.js'

export interface UserDto { id: string; email: string; name: string; role: Role }
export const toUserDto = (u: UserRow): UserDto => ({ id: u.id, email: u.email, name: u.name, role: u.role })

export interface IssuedSession {
  auth: AuthContext
  refreshToken: string
  refreshExpiresAt: Date
  user: UserDto
  tenant: TenantDto
}

const invalidCredentials = () => unauthorized('auth.invalid_credentials', 'The e-mail or password is wrong.')
const invalidRefresh = () => unauthorized('auth.invalid_refresh', 'The session ended. Log in again.')

// Refresh tokens are `rt1.<tenant>.<id>.<secret>`: the ids let us look the row up tenant-scoped,
// the secret is only ever stored as a SHA-256 hash.
const formatToken = (tenantId: string, id: string, secret: string) => `rt1.${tenantId}.${id}.${secret}`
function parseToken(token: string): { tenantId: string; id: string; secret: string } | undefined {
  const [v, tenantId, id, secret] = token.split('.')
  const uuid = /^[0-9a-f-]{36}$/
  if (v !== 'rt1' || !tenantId || !id || !secret || !uuid.test(tenantId) || !uuid.test(id)) return undefined
  return { tenantId, id, secret }
}

export class AuthService {
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly refreshTtlDays: number) {}

  async register(input: { businessName: string; email: string; password: string; name?: string | undefined }): Promise<IssuedSession> {
    const email = input.email.toLowerCase()
    if (await usersRepository.emailExists(this.db, email)) throw conflict('auth.email_taken', 'An account with this e-mail already exists.')
    const passwordHash = await hashPassword(input.password)
    try {
      return await this.db.transaction(async (tx) => {
        const tenant = await tenantsRepository.create(tx, { id: newId(), name: input.businessName })
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

  async login(input: { email: string; password: string }): Promise<IssuedSession> {
    const user = await usersRepository.findByEmailForLogin(this.db, input.email.toLowerCase())
    // Hash even for unknown e-mails so response time does not reveal which accounts exist.
    const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH)
    if (!user || !ok) throw invalidCredentials()
    const tenant = await tenantsRepository.get(this.db, user.tenantId)
    if (!tenant) throw invalidCredentials()
    return this.issue(this.db, user, toTenantDto(tenant), newId())
  }

  /** Rotates a refresh token. Presenting one that was already rotated revokes its whole family. */
  async refresh(token: string): Promise<IssuedSession> {
    const parsed = parseToken(token)
    if (!parsed) throw invalidRefresh()
    const row = await refreshTokensRepository.get(this.db, parsed.tenantId, parsed.id)
    if (!row || !safeEqual(row.tokenHash, sha256(parsed.secret))) throw invalidRefresh()
    const now = this.clock.now()
    if (row.revokedAt || row.expiresAt <= now) throw invalidRefresh()
    if (row.rotatedAt) {
      await refreshTokensRepository.revokeFamily(this.db, row.tenantId, row.familyId, now)
      throw unauthorized('auth.refresh_reused', 'This session was used twice, so it was ended for safety. Log in again.')
    }
    return this.db.transaction(async (tx) => {
      if (!(await refreshTokensRepository.claimForRotation(tx, row.tenantId, row.id, now))) {
        await refreshTokensRepository.revokeFamily(tx, row.tenantId, row.familyId, now)
        throw unauthorized('auth.refresh_reused', 'This session was used twice, so it was ended for safety. Log in again.')
      }
      const user = await usersRepository.get(tx, row.tenantId, row.userId)
      const tenant = await tenantsRepository.get(tx, row.tenantId)
      if (!user || !tenant) throw invalidRefresh()
      return this.issue(tx as unknown as Db, user, toTenantDto(tenant), row.familyId)
    })
  }

  async logout(token: string | undefined): Promise<void> {
    const parsed = token ? parseToken(token) : undefined
    if (!parsed) return
    const row = await refreshTokensRepository.get(this.db, parsed.tenantId, parsed.id)
    if (row && safeEqual(row.tokenHash, sha256(parsed.secret))) {
      await refreshTokensRepository.revokeFamily(this.db, row.tenantId, row.familyId, this.clock.now())
    }
  }

  async me(auth: AuthContext): Promise<{ user: UserDto; tenant: TenantDto }> {
    const user = await usersRepository.get(this.db, auth.tenantId, auth.userId)
    const tenant = await tenantsRepository.get(this.db, auth.tenantId)
    if (!user || !tenant) throw unauthorized('auth.unauthenticated', 'This account no longer exists.')
    return { user: toUserDto(user), tenant: toTenantDto(tenant) }
  }

  private async issue(db: Db, user: UserRow, tenant: TenantDto, familyId: string): Promise<IssuedSession> {
    const id = newId()
    const secret = randomToken(32)
    const refreshExpiresAt = new Date(this.clock.now().getTime() + this.refreshTtlDays * 86_400_000)
    await refreshTokensRepository.insert(db, user.tenantId, { id, userId: user.id, familyId, tokenHash: sha256(secret), expiresAt: refreshExpiresAt })
    return {
      auth: { userId: user.id, tenantId: user.tenantId, role: user.role },
      refreshToken: formatToken(user.tenantId, id, secret),
      refreshExpiresAt,
      user: toUserDto(user),
      tenant,
    }
  }
}
