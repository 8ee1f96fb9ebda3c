// Every SQL statement of the audit module.
import { and, desc, eq, gte, lt, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { auditEvents } from './audit.tables.js'

export type AuditRow = typeof auditEvents.$inferSelect
export type AuditInsert = Omit<typeof auditEvents.$inferInsert, 'id'>

export interface AuditFilter {
  actorId?: string | undefined
  action?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  cursor?: { at: Date; id: string } | undefined
  limit: number
}

export const auditRepository = {
  async insert(db: DbOrTx, rows: AuditInsert[]): Promise<void> {
    if (rows.length) await db.insert(auditEvents).values(rows.map((r) => ({ id: newId(), ...r })))
  },

  /** Newest first, keyset-paginated on (created_at, id). */
  list(db: DbOrTx, tenantId: string, f: AuditFilter): Promise<AuditRow[]> {
    const at = (d: Date) => sql`${d.toISOString()}::timestamptz`
    return db.select().from(auditEvents).where(and(
      eq(auditEvents.tenantId, tenantId),
      f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
      f.action ? eq(auditEvents.action, f.action) : undefined,
      f.from ? gte(auditEvents.createdAt, at(f.from)) : undefined,
      f.to ? lt(auditEvents.createdAt, at(f.to)) : undefined,
      f.cursor ? or(lt(auditEvents.createdAt, at(f.cursor.at)), and(eq(auditEvents.createdAt, at(f.cursor.at)), lt(auditEvents.id, f.cursor.id))) : undefined,
    )).orderBy(desc(auditEvents.createdAt), desc(auditEvents.id)).limit(f.limit)
  },
}
