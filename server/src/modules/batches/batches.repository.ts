// Batches and the progress of their messages. Every function takes the tenant id first.
import { and, desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { messageBatches } from './batches.tables.js'

export type BatchRow = typeof messageBatches.$inferSelect

export const batchesRepository = {
  async insert(db: DbOrTx, row: typeof messageBatches.$inferInsert): Promise<BatchRow> {
    const [inserted] = await db.insert(messageBatches).values(row).returning()
    return inserted!
  },

  async get(db: DbOrTx, tenantId: string, id: string): Promise<BatchRow | undefined> {
    const [row] = await db.select().from(messageBatches).where(and(eq(messageBatches.tenantId, tenantId), eq(messageBatches.id, id)))
    return row
  },

  async list(db: DbOrTx, tenantId: string, limit: number): Promise<BatchRow[]> {
    return db.select().from(messageBatches).where(eq(messageBatches.tenantId, tenantId)).orderBy(desc(messageBatches.createdAt)).limit(limit)
  },

  async setStatus(db: DbOrTx, tenantId: string, id: string, status: BatchRow['status']): Promise<BatchRow | undefined> {
    const [row] = await db.update(messageBatches).set({ status, updatedAt: new Date() })
      .where(and(eq(messageBatches.tenantId, tenantId), eq(messageBatches.id, id))).returning()
    return row
  },
}
