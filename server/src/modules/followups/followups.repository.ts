// follow_ups rows. Every function takes the tenant id first, except the sweep (the system looking
// at its own work) and the claims by row id inside a transaction that read the row first.
import { and, asc, desc, eq, lt, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { followUps } from './followups.tables.js'

export type FollowUpRow = typeof followUps.$inferSelect
const ofTenant = (tenantId: string, id: string) => and(eq(followUps.tenantId, tenantId), eq(followUps.id, id))

export const followUpsRepository = {
  /** The nudge for (trigger, attempt), inserted unless it exists; `inserted` false when it did. */
  async planOnce(db: DbOrTx, tenantId: string, p: { conversationId: string; triggerMessageId: string; attempt: number; dueAt: Date; reason: string }): Promise<{ row: FollowUpRow | undefined; inserted: boolean }> {
    const [row] = await db.insert(followUps).values({ id: newId(), tenantId, ...p, status: 'scheduled' }).onConflictDoNothing().returning()
    if (row) return { row, inserted: true }
    const [existing] = await db.select().from(followUps).where(and(eq(followUps.tenantId, tenantId),
      eq(followUps.conversationId, p.conversationId), eq(followUps.triggerMessageId, p.triggerMessageId), eq(followUps.attempt, p.attempt)))
    return { row: existing, inserted: false }
  },

  /** Moves a still scheduled nudge to `dueAt`. */
  async moveDue(db: DbOrTx, id: string, dueAt: Date): Promise<FollowUpRow | undefined> {
    const [row] = await db.update(followUps).set({ dueAt, updatedAt: new Date() }).where(and(eq(followUps.id, id), eq(followUps.status, 'scheduled'))).returning()
    return row
  },

  /** Cancels the scheduled nudges of a conversation (planned before `plannedBefore`, if given). */
  async cancelOfConversation(db: DbOrTx, tenantId: string, conversationId: string, reason: string, plannedBefore?: Date): Promise<FollowUpRow[]> {
    return db.update(followUps).set({ status: 'cancelled', cancelReason: reason, updatedAt: new Date() })
      .where(and(eq(followUps.tenantId, tenantId), eq(followUps.conversationId, conversationId), eq(followUps.status, 'scheduled'),
        plannedBefore ? lt(followUps.createdAt, plannedBefore) : undefined)).returning()
  },

  /** Ends one scheduled nudge as `status` (cancelled or failed) with `reason`. */
  async endScheduled(db: DbOrTx, tenantId: string, id: string, status: 'cancelled' | 'failed', reason: string): Promise<FollowUpRow | undefined> {
    const [row] = await db.update(followUps).set({ status, cancelReason: reason, updatedAt: new Date() })
      .where(and(ofTenant(tenantId, id), eq(followUps.status, 'scheduled'))).returning()
    return row
  },

  async get(db: DbOrTx, tenantId: string, id: string): Promise<FollowUpRow | undefined> {
    const [row] = await db.select().from(followUps).where(ofTenant(tenantId, id))
    return row
  },

  /** Marks a scheduled nudge sent with its text; undefined when something else ended it first. */
  async claimSent(db: DbOrTx, id: string, text: string): Promise<FollowUpRow | undefined> {
    const [row] = await db.update(followUps).set({ status: 'sent', text, updatedAt: new Date() })
      .where(and(eq(followUps.id, id), eq(followUps.status, 'scheduled'))).returning()
    return row
  },

  async setMessage(db: DbOrTx, id: string, messageId: string | null): Promise<FollowUpRow> {
    const [row] = await db.update(followUps).set({ messageId }).where(eq(followUps.id, id)).returning()
    return row!
  },

  /** Scheduled nudges due before `at`, soonest first, across tenants (the sweep). */
  async dueBefore(db: DbOrTx, at: Date, limit: number): Promise<FollowUpRow[]> {
    return db.select().from(followUps).where(and(eq(followUps.status, 'scheduled'), lte(followUps.dueAt, at))).orderBy(asc(followUps.dueAt)).limit(limit)
  },

  /**
   * A page of the tenant's nudges: scheduled ones soonest first, the rest newest first; `after` is
   * the (time, id) of the last row of the previous page in that order.
   */
  async page(db: DbOrTx, tenantId: string, opts: { status?: FollowUpRow['status'] | undefined; conversationId?: string | undefined; after?: { at: Date; id: string } | undefined; limit: number }): Promise<FollowUpRow[]> {
    const soonest = opts.status === 'scheduled'
    const key = soonest ? followUps.dueAt : followUps.createdAt
    const { after } = opts
    const cursor = after
      ? soonest
        ? sql`(${key}, ${followUps.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
        : sql`(${key}, ${followUps.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
      : undefined
    return db.select().from(followUps)
      .where(and(eq(followUps.tenantId, tenantId), opts.status ? eq(followUps.status, opts.status) : undefined,
        opts.conversationId ? eq(followUps.conversationId, opts.conversationId) : undefined, cursor))
      .orderBy(soonest ? asc(key) : desc(key), soonest ? asc(followUps.id) : desc(followUps.id)).limit(opts.limit)
  },
}
