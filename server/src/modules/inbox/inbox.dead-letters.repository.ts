// inbound_dead_letters rows. The retry sweep and the metrics count look across tenants (the system
// looking at its own work); everything else takes the tenant id first.
import { and, asc, count, desc, eq, isNull, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { inboundDeadLetters } from './inbox.tables.js'

export type DeadLetterRow = typeof inboundDeadLetters.$inferSelect

const FIRST_RETRY_SECONDS = 30
const MAX_RETRY_SECONDS = 3600

export const deadLettersRepository = {
  /** Inserts the dead letter, or counts one more attempt on it and moves its retry out (doubling, up to an hour). */
  async record(db: DbOrTx, tenantId: string, d: Pick<DeadLetterRow, 'waId' | 'chatJid' | 'fromMe' | 'kind' | 'raw' | 'errorCode' | 'deviceId'>): Promise<{ attempts: number } | undefined> {
    const now = new Date()
    const backoff = sql`least(${FIRST_RETRY_SECONDS} * power(2, ${inboundDeadLetters.attempts}), ${MAX_RETRY_SECONDS}) * interval '1 second'`
    const [row] = await db.insert(inboundDeadLetters).values({
      id: newId(), tenantId, ...d, nextAttemptAt: new Date(now.getTime() + FIRST_RETRY_SECONDS * 1000),
    }).onConflictDoUpdate({
      target: [inboundDeadLetters.tenantId, inboundDeadLetters.chatJid, inboundDeadLetters.waId, inboundDeadLetters.fromMe],
      set: { attempts: sql`${inboundDeadLetters.attempts} + 1`, errorCode: d.errorCode, nextAttemptAt: sql`now() + ${backoff}`, resolvedAt: null, updatedAt: now },
    }).returning({ attempts: inboundDeadLetters.attempts })
    return row
  },

  async due(db: DbOrTx, now: Date, limit: number): Promise<DeadLetterRow[]> {
    return db.select().from(inboundDeadLetters)
      .where(and(isNull(inboundDeadLetters.resolvedAt), lte(inboundDeadLetters.nextAttemptAt, now)))
      .orderBy(asc(inboundDeadLetters.nextAttemptAt)).limit(limit)
  },

  async resolve(db: DbOrTx, tenantId: string, id: string): Promise<void> {
    await db.update(inboundDeadLetters).set({ resolvedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(inboundDeadLetters.tenantId, tenantId), eq(inboundDeadLetters.id, id)))
  },

  async openCount(db: DbOrTx): Promise<number> {
    const [row] = await db.select({ n: count() }).from(inboundDeadLetters).where(isNull(inboundDeadLetters.resolvedAt))
    return row?.n ?? 0
  },

  /** The tenant's open dead letters, newest first, and how many there are. */
  async open(db: DbOrTx, tenantId: string, limit: number): Promise<{ count: number; rows: DeadLetterRow[] }> {
    const open = and(eq(inboundDeadLetters.tenantId, tenantId), isNull(inboundDeadLetters.resolvedAt))
    const [total] = await db.select({ n: count() }).from(inboundDeadLetters).where(open)
    const rows = await db.select().from(inboundDeadLetters).where(open).orderBy(desc(inboundDeadLetters.createdAt)).limit(limit)
    return { count: total?.n ?? 0, rows }
  },
}
