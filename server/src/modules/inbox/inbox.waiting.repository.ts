// The "customer is waiting for the shop" state of conversations, for the owner's alert. Every
// function takes the tenant id first, except the sweep, which is the system looking at its own work.
import { and, asc, eq, gte, isNotNull, lte, or, isNull, ne, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { conversations } from './inbox.tables.js'

export const waitingRepository = {
  /**
   * Marks the wait that began at `since` as alerted, if the chat still waits since then, is neither
   * resolved nor snoozed at `now`, and nobody alerted it yet. True for exactly one caller per wait.
   * (A snoozed chat's wait stays unalerted: once it wakes, the sweep arms it again.)
   */
  async claimAlert(db: DbOrTx, tenantId: string, conversationId: string, since: Date, now: Date): Promise<boolean> {
    const rows = await db.update(conversations).set({ waitingAlertedFor: since })
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId), eq(conversations.waitingSince, since),
        or(isNull(conversations.waitingAlertedFor), ne(conversations.waitingAlertedFor, since)),
        ne(conversations.status, 'resolved'),
        or(isNull(conversations.snoozedUntil), lte(conversations.snoozedUntil, sql`${now.toISOString()}::timestamptz`))))
      .returning({ id: conversations.id })
    return rows.length > 0
  },

  /**
   * Waits that began between `after` and `before` and were not alerted yet, oldest first (across
   * tenants). The lower bound keeps waits nobody will be alerted about (alerts off, days old) from
   * filling the batch.
   */
  async unalerted(db: DbOrTx, after: Date, before: Date, limit = 1000): Promise<Array<{ tenantId: string; conversationId: string; since: Date }>> {
    const rows = await db.select({ tenantId: conversations.tenantId, conversationId: conversations.id, since: conversations.waitingSince })
      .from(conversations)
      .where(and(isNotNull(conversations.waitingSince), gte(conversations.waitingSince, after), lte(conversations.waitingSince, before),
        sql`${conversations.waitingAlertedFor} is distinct from ${conversations.waitingSince}`))
      .orderBy(asc(conversations.waitingSince)).limit(limit)
    return rows.map((r) => ({ tenantId: r.tenantId, conversationId: r.conversationId, since: r.since! }))
  },
}
