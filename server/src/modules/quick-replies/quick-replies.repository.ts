// Quick replies. Every function takes the tenant id first and scopes by it.
import { and, asc, count, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { quickReplies } from './quick-replies.tables.js'

export type QuickReplyRow = typeof quickReplies.$inferSelect

export const quickRepliesRepository = {
  /** Serialises this tenant's creates until the transaction ends (the limit check then holds). */
  async lockTenant(tx: DbOrTx, tenantId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`quick_replies:${tenantId}`}))`)
  },

  async list(db: DbOrTx, tenantId: string): Promise<QuickReplyRow[]> {
    return db.select().from(quickReplies).where(eq(quickReplies.tenantId, tenantId)).orderBy(asc(quickReplies.shortcut))
  },

  async count(db: DbOrTx, tenantId: string): Promise<number> {
    const [row] = await db.select({ n: count() }).from(quickReplies).where(eq(quickReplies.tenantId, tenantId))
    return row?.n ?? 0
  },

  async insert(db: DbOrTx, tenantId: string, values: { shortcut: string; text: string }): Promise<QuickReplyRow> {
    const [row] = await db.insert(quickReplies).values({ id: newId(), tenantId, ...values }).returning()
    return row!
  },

  async update(db: DbOrTx, tenantId: string, id: string, patch: { shortcut?: string; text?: string }): Promise<QuickReplyRow | undefined> {
    const [row] = await db.update(quickReplies).set({ ...patch, updatedAt: new Date() })
      .where(and(eq(quickReplies.tenantId, tenantId), eq(quickReplies.id, id))).returning()
    return row
  },

  async remove(db: DbOrTx, tenantId: string, id: string): Promise<boolean> {
    const rows = await db.delete(quickReplies).where(and(eq(quickReplies.tenantId, tenantId), eq(quickReplies.id, id))).returning({ id: quickReplies.id })
    return rows.length > 0
  },
}
