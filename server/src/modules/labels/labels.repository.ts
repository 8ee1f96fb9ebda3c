// Label definitions. Every function takes the tenant id first and scopes by it.
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { labels, type LabelColour } from './labels.tables.js'

export type LabelRow = typeof labels.$inferSelect

export const labelsRepository = {
  async list(db: DbOrTx, tenantId: string): Promise<LabelRow[]> {
    return db.select().from(labels).where(eq(labels.tenantId, tenantId)).orderBy(asc(sql`lower(${labels.name})`))
  },

  /** Serialises this tenant's creates until the transaction ends (the limit check then holds). */
  async lockTenant(tx: DbOrTx, tenantId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`labels:${tenantId}`}))`)
  },

  async count(db: DbOrTx, tenantId: string): Promise<number> {
    const [row] = await db.select({ n: count() }).from(labels).where(eq(labels.tenantId, tenantId))
    return row?.n ?? 0
  },

  /**
   * The ids among `ids` that exist, locked FOR SHARE until the transaction ends, so a label
   * cannot be deleted between this check and its assignment.
   */
  async lockExisting(tx: DbOrTx, tenantId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set()
    const rows = await tx.select({ id: labels.id }).from(labels).where(and(eq(labels.tenantId, tenantId), inArray(labels.id, ids))).for('share')
    return new Set(rows.map((r) => r.id))
  },

  async insert(db: DbOrTx, tenantId: string, values: { name: string; colour: LabelColour }): Promise<LabelRow> {
    const [row] = await db.insert(labels).values({ id: newId(), tenantId, ...values }).returning()
    return row!
  },

  async update(db: DbOrTx, tenantId: string, id: string, patch: { name?: string; colour?: LabelColour }): Promise<LabelRow | undefined> {
    const [row] = await db.update(labels).set({ ...patch, updatedAt: new Date() }).where(and(eq(labels.tenantId, tenantId), eq(labels.id, id))).returning()
    return row
  },

  async remove(db: DbOrTx, tenantId: string, id: string): Promise<boolean> {
    const rows = await db.delete(labels).where(and(eq(labels.tenantId, tenantId), eq(labels.id, id))).returning({ id: labels.id })
    return rows.length > 0
  },
}
