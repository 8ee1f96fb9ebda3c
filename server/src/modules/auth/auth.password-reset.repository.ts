// One-time password reset links (hashed secrets). Every function takes the tenant id first.
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { passwordResetTokens } from './auth.tables.js'

export type PasswordResetRow = typeof passwordResetTokens.$inferSelect

export const passwordResetRepository = {
  async insert(db: DbOrTx, tenantId: string, row: { id: string; userId: string; tokenHash: string; expiresAt: Date; createdBy: string | null }): Promise<void> {
    await db.insert(passwordResetTokens).values({ ...row, tenantId })
  },

  async get(db: DbOrTx, tenantId: string, id: string): Promise<PasswordResetRow | undefined> {
    const [row] = await db.select().from(passwordResetTokens).where(and(eq(passwordResetTokens.tenantId, tenantId), eq(passwordResetTokens.id, id)))
    return row
  },

  /** Uses the link once: false when it was used (or expired) first, e.g. by a concurrent request. */
  async claim(db: DbOrTx, tenantId: string, id: string, now: Date): Promise<boolean> {
    const rows = await db.update(passwordResetTokens).set({ usedAt: now })
      .where(and(eq(passwordResetTokens.tenantId, tenantId), eq(passwordResetTokens.id, id), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
      .returning({ id: passwordResetTokens.id })
    return rows.length > 0
  },

  /** Every other open link of the user stops working (a newer one was made, or one was used). */
  async closeAllForUser(db: DbOrTx, tenantId: string, userId: string, now: Date): Promise<void> {
    await db.update(passwordResetTokens).set({ usedAt: now })
      .where(and(eq(passwordResetTokens.tenantId, tenantId), eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
  },
}
