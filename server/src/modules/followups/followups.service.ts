// Follow-ups: planned when a hot lead (or a message that needs one) arrives, stored in Postgres,
// armed as a delayed job, re-checked when they fall due (the customer may have answered, a person
// may have replied or taken over), then sent through the outbox; after a nudge that got no answer
// the next one is planned, up to the tenant's maximum. The database is the truth: cancelling is a
// row update, so it wins even if the job still fires, and a sweep re-arms rows Redis lost.
import { and, asc, desc, eq, gt, inArray, lte, or, sql, ne } from 'drizzle-orm'
import type { Db, DbOrTx } from '../../db/client.js'
import type { Clock } from '../../shared/clock.js'
import { conflict, notFound } from '../../shared/errors.js'
import { newId } from '../../shared/ids.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import type { EventPublisher } from '../realtime/event-bus.js'
import { OfflineLlm } from '../../adapters/llm/offline/offline-llm.js'
import { contacts, conversations, messages } from '../inbox/inbox.tables.js'
import { toContactDto, type ContactDto, type ContactRow } from '../inbox/inbox.dto.js'
import { decodeCursor, encodeCursor } from '../inbox/cursor.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { InboxService } from '../inbox/inbox.service.js'
import { customerInsights } from '../insights/insights.tables.js'
import { followUps } from './followups.tables.js'
import { nextAllowedTime } from './quiet-hours.js'

export type FollowUpRow = typeof followUps.$inferSelect
export interface FollowUpDto {
  id: string; conversationId: string; contact: ContactDto | null; dueAt: string; status: FollowUpRow['status']
  text: string | null; reason: string; attempt: number; messageId: string | null
  /** Why it was cancelled or failed. */
  cancelReason: string | null; createdAt: string
}
export const toFollowUpDto = (f: FollowUpRow, contact?: ContactRow | null): FollowUpDto => ({
  id: f.id, conversationId: f.conversationId, contact: contact ? toContactDto(contact) : null, dueAt: f.dueAt.toISOString(),
  status: f.status, text: f.text, reason: f.reason, attempt: f.attempt, messageId: f.messageId, cancelReason: f.cancelReason,
  createdAt: f.createdAt.toISOString(),
})

export interface FollowUpDeps {
  db: Db
  bus: EventPublisher
  jobs: Pick<JobQueues, 'add'>
  clock: Clock
  aiConfig: AiConfigService
  inbox: () => Pick<InboxService, 'enqueueOutgoing' | 'afterOutgoing'>
}

const offline = new OfflineLlm()
const HOUR = 3_600_000

export class FollowUpService {
  constructor(private readonly deps: FollowUpDeps) {}

  /**
   * Plans the first nudge after customer message `trigger`, if the tenant's rules want one. A
   * retried job finds the row it made before (unique on trigger and attempt) and only re-arms it.
   */
  async maybeSchedule(tenantId: string, conversationId: string, triggerMessageId: string, why: { hotLead: boolean }): Promise<FollowUpRow | undefined> {
    const config = await this.deps.aiConfig.get(tenantId)
    const rule = config.followUp
    if (!rule.enabled || rule.maxCount < 1 || (rule.onlyHotLeads && !why.hotLead)) return undefined
    return this.plan(tenantId, conversationId, triggerMessageId, 1, why.hotLead ? 'hot_lead' : 'needs_follow_up')
  }

  private async plan(tenantId: string, conversationId: string, triggerMessageId: string, attempt: number, reason: string): Promise<FollowUpRow | undefined> {
    const config = await this.deps.aiConfig.get(tenantId)
    const due = nextAllowedTime(new Date(this.deps.clock.now().getTime() + config.followUp.afterHours * HOUR), config.quietHours, config.timezone)
    const [row] = await this.deps.db.insert(followUps).values({
      id: newId(), tenantId, conversationId, triggerMessageId, attempt, dueAt: due, status: 'scheduled', reason,
    }).onConflictDoNothing().returning()
    if (!row) {
      const [existing] = await this.deps.db.select().from(followUps).where(and(eq(followUps.tenantId, tenantId),
        eq(followUps.conversationId, conversationId), eq(followUps.triggerMessageId, triggerMessageId), eq(followUps.attempt, attempt)))
      if (existing?.status === 'scheduled') await this.arm(existing)
      return existing
    }
    await this.arm(row)
    await this.deps.bus.publish(tenantId, 'followup.scheduled', toFollowUpDto(row, await this.contactOf(tenantId, conversationId)))
    return row
  }

  private async arm(row: FollowUpRow): Promise<void> {
    await this.deps.jobs.add('followup.fire', { tenantId: row.tenantId, followUpId: row.id }, { delayMs: row.dueAt.getTime() - this.deps.clock.now().getTime() })
  }

  /**
   * Cancels every scheduled follow-up of a conversation inside the caller's transaction. Returns
   * them so the caller publishes `followup.cancelled` once the transaction committed.
   */
  async cancelForConversation(db: DbOrTx, tenantId: string, conversationId: string, reason: string): Promise<FollowUpDto[]> {
    const rows = await db.update(followUps).set({ status: 'cancelled', cancelReason: reason, updatedAt: new Date() })
      .where(and(eq(followUps.tenantId, tenantId), eq(followUps.conversationId, conversationId), eq(followUps.status, 'scheduled'))).returning()
    if (!rows.length) return []
    const contact = await this.contactOf(tenantId, conversationId, db)
    return rows.map((r) => toFollowUpDto(r, contact))
  }

  async publishCancelled(tenantId: string, cancelled: FollowUpDto[]): Promise<void> {
    for (const dto of cancelled) await this.deps.bus.publish(tenantId, 'followup.cancelled', dto)
  }

  async cancel(tenantId: string, id: string): Promise<FollowUpDto> {
    const [row] = await this.deps.db.update(followUps).set({ status: 'cancelled', cancelReason: 'cancelled_by_user', updatedAt: new Date() })
      .where(and(eq(followUps.tenantId, tenantId), eq(followUps.id, id), eq(followUps.status, 'scheduled'))).returning()
    if (!row) {
      const [exists] = await this.deps.db.select({ id: followUps.id }).from(followUps).where(and(eq(followUps.tenantId, tenantId), eq(followUps.id, id)))
      throw exists ? conflict('followups.not_scheduled', 'This follow-up is no longer scheduled.') : notFound('followups.not_found', 'No such follow-up.')
    }
    const dto = toFollowUpDto(row, await this.contactOf(tenantId, row.conversationId))
    await this.deps.bus.publish(tenantId, 'followup.cancelled', dto)
    return dto
  }

  /** The job: re-check, write the text, queue it and mark the follow-up sent — all or nothing. */
  async fire(tenantId: string, id: string, delayUntil: (at: Date) => Promise<never>): Promise<void> {
    const { db } = this.deps
    const [row] = await db.select().from(followUps).where(and(eq(followUps.tenantId, tenantId), eq(followUps.id, id)))
    if (!row || row.status !== 'scheduled') return
    if (row.dueAt.getTime() > this.deps.clock.now().getTime() + 1000) return delayUntil(row.dueAt)
    const stop = await this.reasonToStop(row)
    if (stop) return this.publishCancelled(tenantId, await this.cancelForConversation(db, tenantId, row.conversationId, stop))

    const config = await this.deps.aiConfig.get(tenantId)
    const recent = await db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, row.conversationId)))
      .orderBy(desc(messages.createdAt)).limit(8)
    const [insight] = await db.select({ productInterest: customerInsights.productInterest }).from(customerInsights)
      .where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.messageId, row.triggerMessageId)))
    const input = {
      profile: this.deps.aiConfig.profileOf(config), tone: config.tone, replyLanguage: config.replyLanguage, attempt: row.attempt,
      history: recent.reverse().filter((m) => m.body).map((m) => ({ from: m.direction === 'in' ? 'customer' as const : 'business' as const, text: m.body! })),
      productInterest: insight?.productInterest ?? null,
    }
    const text = await this.deps.aiConfig.llmFor(config).followUpText(input).catch(() => offline.followUpText(input))

    const inbox = this.deps.inbox()
    const sent = await db.transaction(async (tx) => {
      const [claimed] = await tx.update(followUps).set({ status: 'sent', text, updatedAt: new Date() })
        .where(and(eq(followUps.id, row.id), eq(followUps.status, 'scheduled'))).returning()
      if (!claimed) return undefined
      const msg = await inbox.enqueueOutgoing(tenantId, row.conversationId, text, 'followup', { db: tx, followUpId: row.id })
      const [done] = await tx.update(followUps).set({ messageId: msg?.id ?? null }).where(eq(followUps.id, row.id)).returning()
      return { done: done!, msg }
    })
    if (!sent) return
    if (sent.msg) await inbox.afterOutgoing(tenantId, sent.msg)
    await this.deps.bus.publish(tenantId, 'followup.sent', toFollowUpDto(sent.done, await this.contactOf(tenantId, row.conversationId)))
    // Still no answer by the next due time? Nudge again, up to the tenant's maximum.
    if (row.attempt < config.followUp.maxCount) await this.plan(tenantId, row.conversationId, row.triggerMessageId, row.attempt + 1, row.reason)
  }

  /** Why a due follow-up must not go out, or null. */
  private async reasonToStop(row: FollowUpRow): Promise<string | null> {
    const { db } = this.deps
    const [conv] = await db.select().from(conversations).where(and(eq(conversations.tenantId, row.tenantId), eq(conversations.id, row.conversationId)))
    if (!conv) return 'conversation_gone'
    if (conv.humanTakeover || !conv.aiEnabled) return 'human_takeover'
    const config = await this.deps.aiConfig.get(row.tenantId)
    if (!config.followUp.enabled) return 'follow_ups_disabled'
    const [trigger] = await db.select({ at: messages.createdAt }).from(messages).where(and(eq(messages.tenantId, row.tenantId), eq(messages.id, row.triggerMessageId)))
    const since = trigger?.at ?? row.createdAt
    const [moved] = await db.select({ direction: messages.direction }).from(messages).where(and(
      eq(messages.tenantId, row.tenantId), eq(messages.conversationId, row.conversationId), gt(messages.createdAt, since), ne(messages.id, row.triggerMessageId),
      or(eq(messages.direction, 'in'), inArray(messages.sentBy, ['owner', 'agent', 'api'])),
    )).limit(1)
    if (moved) return moved.direction === 'in' ? 'customer_replied' : 'human_replied'
    return null
  }

  /** A job that failed for good leaves the row visibly failed instead of silently scheduled. */
  async markFailed(tenantId: string, id: string, err: Error): Promise<void> {
    const [row] = await this.deps.db.update(followUps).set({ status: 'failed', cancelReason: err.message.slice(0, 300), updatedAt: new Date() })
      .where(and(eq(followUps.tenantId, tenantId), eq(followUps.id, id), eq(followUps.status, 'scheduled'))).returning()
    if (row) await this.deps.bus.publish(tenantId, 'followup.cancelled', toFollowUpDto(row, await this.contactOf(tenantId, row.conversationId)))
  }

  /** Re-arms due follow-ups whose delayed job Redis may have lost (the database is the truth). */
  async sweep(): Promise<number> {
    const due = await this.deps.db.select().from(followUps)
      .where(and(eq(followUps.status, 'scheduled'), lte(followUps.dueAt, new Date(this.deps.clock.now().getTime() + 60_000))))
      .orderBy(asc(followUps.dueAt)).limit(500)
    for (const row of due) await this.arm(row)
    return due.length
  }

  async list(tenantId: string, opts: { status?: FollowUpRow['status'] | undefined; conversationId?: string; limit: number; cursor?: string | undefined }): Promise<{ items: FollowUpDto[]; nextCursor: string | null }> {
    // Scheduled ones read soonest first; the rest newest first. The cursor follows that order.
    const soonest = opts.status === 'scheduled'
    const key = soonest ? followUps.dueAt : followUps.createdAt
    const after = decodeCursor(opts.cursor)
    const cursor = after
      ? soonest
        ? sql`(${key}, ${followUps.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
        : sql`(${key}, ${followUps.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
      : undefined
    const rows = await this.deps.db.select({ f: followUps, c: contacts }).from(followUps)
      .innerJoin(conversations, eq(conversations.id, followUps.conversationId))
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(eq(followUps.tenantId, tenantId), opts.status ? eq(followUps.status, opts.status) : undefined,
        opts.conversationId ? eq(followUps.conversationId, opts.conversationId) : undefined, cursor))
      .orderBy(soonest ? asc(key) : desc(key), soonest ? asc(followUps.id) : desc(followUps.id)).limit(opts.limit + 1)
    const page = rows.slice(0, opts.limit)
    const last = page.at(-1)
    return {
      items: page.map((r) => toFollowUpDto(r.f, r.c)),
      nextCursor: rows.length > opts.limit && last ? encodeCursor(soonest ? last.f.dueAt : last.f.createdAt, last.f.id) : null,
    }
  }

  private async contactOf(tenantId: string, conversationId: string, db: DbOrTx = this.deps.db): Promise<ContactRow | null> {
    const [row] = await db.select({ c: contacts }).from(conversations).innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
    return row?.c ?? null
  }
}
