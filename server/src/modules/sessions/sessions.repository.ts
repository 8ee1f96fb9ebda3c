// wa_sessions: the state the dashboard shows and what restore-on-start reads. Tenant id first.
import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { waSessions } from './sessions.tables.js'
import type { SessionState } from '../../adapters/whatsapp/whatsapp.port.js'

export type SessionRow = typeof waSessions.$inferSelect
export type SessionPatch = Partial<Omit<SessionRow, 'tenantId' | 'fence'>>

export const sessionsRepository = {
  async get(db: DbOrTx, tenantId: string): Promise<SessionRow | undefined> {
    const [row] = await db.select().from(waSessions).where(eq(waSessions.tenantId, tenantId))
    return row
  },

  async upsert(db: DbOrTx, tenantId: string, patch: SessionPatch): Promise<SessionRow> {
    const values = { ...patch, updatedAt: new Date() }
    const [row] = await db.insert(waSessions).values({ tenantId, ...values })
      .onConflictDoUpdate({ target: waSessions.tenantId, set: values }).returning()
    return row!
  },

  /** Records the fencing token of a new lease holder; tokens only ever grow. */
  async raiseFence(db: DbOrTx, tenantId: string, fence: number): Promise<void> {
    await db.insert(waSessions).values({ tenantId, fence })
      .onConflictDoUpdate({ target: waSessions.tenantId, set: { fence: sql`greatest(${waSessions.fence}, ${fence})` } })
  },

  /** Sessions the owners want connected: what a gateway restores on start or takes over. */
  async listWanted(db: DbOrTx): Promise<string[]> {
    const rows = await db.select({ tenantId: waSessions.tenantId }).from(waSessions).where(eq(waSessions.wanted, true))
    return rows.map((r) => r.tenantId)
  },

  async setState(db: DbOrTx, tenantId: string, state: SessionState, extra: SessionPatch = {}): Promise<SessionRow> {
    return sessionsRepository.upsert(db, tenantId, { ...extra, state })
  },
}
