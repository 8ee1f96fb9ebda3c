// Users and refresh tokens. Every function takes the tenant id first, except the two lookups that
// by nature happen before the tenant is known (login by e-mail).
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { refreshTokens, users } from './auth.tables.js'
import type { Role } from '../../plugins/auth.js'

export type UserRow = typeof users.$inferSelect
export type RefreshTokenRow = typeof refreshTokens.$inferSelect

export const usersRepository = {
  async insert(db: DbOrTx, tenantId: string, row: { id: string; email: string; name: string; role: Role; passwordHash: string; mustChangePassword?: boolean }): Promise<UserRow> {
    const [user] = await db.insert(users).values({ ...row, tenantId }).returning()
    return user!
  },

  /** Unscoped on purpose: login happens before the tenant is known. E-mail is globally unique. */
  async findByEmailForLogin(db: DbOrTx, email: string): Promise<UserRow | undefined> {
    const [user] = await db.select().from(users).where(eq(users.email, email))
    return user
  },

  async emailExists(db: DbOrTx, email: string): Promise<boolean> {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
    return Boolean(row)
  },

  async get(db: DbOrTx, tenantId: string, userId: string): Promise<UserRow | undefined> {
    const [user] = await db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId)))
    return user
  },

  /** The user's session version (claim `ver`), or undefined when the user no longer exists. */
  async sessionVersion(db: DbOrTx, tenantId: string, userId: string): Promise<number | undefined> {
    const [row] = await db.select({ v: users.sessionVersion }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId)))
    return row?.v
  },

  /** A new role ends the access tokens that carry the old one (the version moves on). */
  async setRole(db: DbOrTx, tenantId: string, userId: string, role: Role): Promise<UserRow | undefined> {
    const [row] = await db.update(users).set({ role, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).returning()
    return row
  },

  /** A new password ends every access token issued before it and clears "must change". */
  async setPassword(db: DbOrTx, tenantId: string, userId: string, passwordHash: string): Promise<UserRow | undefined> {
    const [row] = await db.update(users).set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).returning()
    return row
  },

  async list(db: DbOrTx, tenantId: string): Promise<UserRow[]> {
    return db.select().from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.createdAt))
  },

  async delete(db: DbOrTx, tenantId: string, userId: string): Promise<boolean> {
    const rows = await db.delete(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).returning({ id: users.id })
    return rows.length > 0
  },

  async countOwners(db: DbOrTx, tenantId: string): Promise<number> {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.role, 'owner')))
    return row?.n ?? 0
  },
}

export const refreshTokensRepository = {
  async insert(db: DbOrTx, tenantId: string, row: { id: string; userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await db.insert(refreshTokens).values({ ...row, tenantId })
  },

  async get(db: DbOrTx, tenantId: string, id: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await db.select().from(refreshTokens).where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.id, id)))
    return row
  },

  /**
   * Marks a token as rotated only if nobody rotated or revoked it first. Returns false when it lost
   * that race, which the service treats as reuse.
   */
  async claimForRotation(db: DbOrTx, tenantId: string, id: string, at: Date): Promise<boolean> {
    const rows = await db.update(refreshTokens).set({ rotatedAt: at })
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.id, id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id })
    return rows.length > 0
  },

  async revokeFamily(db: DbOrTx, tenantId: string, familyId: string, at: Date): Promise<void> {
    await db.update(refreshTokens).set({ revokedAt: at })
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
  },

  /** True once the family (one signed-in session) was revoked: logout, reuse, password reset. */
  async familyRevoked(db: DbOrTx, tenantId: string, familyId: string): Promise<boolean> {
    const [row] = await db.select({ id: refreshTokens.id }).from(refreshTokens)
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.familyId, familyId), isNotNull(refreshTokens.revokedAt))).limit(1)
    return Boolean(row)
  },

  async revokeAllForUser(db: DbOrTx, tenantId: string, userId: string, at: Date): Promise<void> {
    await db.update(refreshTokens).set({ revokedAt: at })
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
  },
}
