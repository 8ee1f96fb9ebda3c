// Idempotency keys of send requests, scoped by tenant.
import { and, eq, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { idempotencyKeys } from './messages.tables.js'

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect
const WINDOW = sql`interval '24 hours'`

export const messagesRepository = {
  /**
   * Claims `key` for this request: true when it was free or its 24 h are over. A concurrent claim
   * of the same key waits on the primary key until the first transaction ends, then gets false.
   */
  async claim(db: DbOrTx, tenantId: string, key: string, requestHash: string, at: Date): Promise<boolean> {
    const rows = await db.insert(idempotencyKeys).values({ tenantId, key, requestHash, createdAt: at })
      .onConflictDoUpdate({
        target: [idempotencyKeys.tenantId, idempotencyKeys.key],
        set: { requestHash, messageId: null, createdAt: at },
        setWhere: sql`${idempotencyKeys.createdAt} < ${at.toISOString()}::timestamptz - ${WINDOW}`,
      }).returning({ key: idempotencyKeys.key })
    return rows.length > 0
  },

  async setMessage(db: DbOrTx, tenantId: string, key: string, messageId: string): Promise<void> {
    await db.update(idempotencyKeys).set({ messageId }).where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)))
  },

  /** Drops keys past their window (plus a day of slack); returns how many. Runs across tenants. */
  async prune(db: DbOrTx, before: Date): Promise<number> {
    const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ key: idempotencyKeys.key })
    return rows.length
  },

  async get(db: DbOrTx, tenantId: string, key: string): Promise<IdempotencyRow | undefined> {
    const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)))
    return row
  },
}
