// API keys. Every function but the lookup by hash takes the tenant id first and scopes by it; the
// hash lookup is how a request finds its tenant in the first place.
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { apiKeys } from './api-keys.tables.js'

export type ApiKeyRow = typeof apiKeys.$inferSelect

export const apiKeysRepository = {
  async insert(db: DbOrTx, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
    const [inserted] = await db.insert(apiKeys).values(row).returning()
    return inserted!
  },

  async list(db: DbOrTx, tenantId: string): Promise<ApiKeyRow[]> {
    return db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt))
  },

  async revoke(db: DbOrTx, tenantId: string, id: string, at: Date): Promise<ApiKeyRow | undefined> {
    const [row] = await db.update(apiKeys).set({ revokedAt: at })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning()
    if (row) return row
    const [existing] = await db.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)))
    return existing
  },

  async findByHash(db: DbOrTx, keyHash: string): Promise<ApiKeyRow | undefined> {
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash))
    return row
  },

  /** Writes last-used at most once per `everyMs` per key, so a busy key is not a write per request. */
  async touch(db: DbOrTx, tenantId: string, id: string, at: Date, everyMs: number): Promise<void> {
    await db.update(apiKeys).set({ lastUsedAt: at }).where(and(
      eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id),
      or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(at.getTime() - everyMs))),
    ))
  },
}
