// The away settings and the record of away messages sent. Every function takes the tenant id first.
import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { awaySends, awaySettings } from './away.tables.js'

export type AwaySettingsRow = typeof awaySettings.$inferSelect

export const awayRepository = {
  async get(db: DbOrTx, tenantId: string): Promise<AwaySettingsRow | undefined> {
    const [row] = await db.select().from(awaySettings).where(eq(awaySettings.tenantId, tenantId))
    return row
  },

  async save(db: DbOrTx, tenantId: string, s: Pick<AwaySettingsRow, 'enabled' | 'message' | 'week' | 'holidays'>): Promise<AwaySettingsRow> {
    const now = new Date()
    const [row] = await db.insert(awaySettings).values({ tenantId, ...s, updatedAt: now })
      .onConflictDoUpdate({ target: awaySettings.tenantId, set: { ...s, updatedAt: now } }).returning()
    return row!
  },

  /** Claims the period for this chat; false when an away message already went (or is going) out. */
  async claim(db: DbOrTx, tenantId: string, conversationId: string, periodKey: string): Promise<boolean> {
    const rows = await db.insert(awaySends).values({ tenantId, conversationId, periodKey }).onConflictDoNothing().returning({ key: awaySends.periodKey })
    return rows.length > 0
  },

}
