// Follow-ups: planned when a hot lead (or a message that needs one) arrives, stored in Postgres,
// armed as a delayed job, re-checked when they fall due (the customer may have answered, a human
// may have replied), then sent through the outbox. Cancellation is a row update, so it wins even
// if the job still fires.
import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '../../db/client.js'
import type { Clock } from '../../shared/clock.js'
import { conflict, notFound } from '../../shared/errors.js'
import { newId } from '../../shared/ids.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import type { EventPublisher } from '../realtime/event-bus.js'
import { contacts, conversations, messages } from '../inbox/inbox.tables.js'
import { toContactDto, type ContactDto } from '../inbox/inbox.dto.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { InboxService } from '../inbox/inbox.service.js'
import { followUps } from './followups.tables.js'
import { customerInsights } from '../insights/insights.tables.js'
import { nextAllowedTime } from './quiet-hours.js'

export type FollowUpRow = typeof followUps.$inferSelect
export interface FollowUpDto {
  id: string; conversationId: string; contact: ContactDto | null; dueAt: string; status: FollowUpRow['status']
  text: string | null; reason: string; attempt: number; cancelReason: string | null; createdAt: string
}
const toDto = (f: FollowUpRow, contact?: typeof contacts.$inferSelect | null): FollowUpDto => ({
  id: f.id, conversationId: f.conversationId, contact: contact ? toContactDto(contact) : null, dueAt: f.dueAt.toISOString(),
  status: f.status, text: f.text, reason: f.reason, attempt: f.attempt, cancelReason: f.cancelReason, createdAt: f.createdAt.toISOString(),
})

export interface FollowUpDeps {
  db: Db
  bus: EventPublisher
  jobs: Pick<JobQueues, 'add'>
  clock: Clock
  aiConfig: AiConfigService
  inbox: () => InboxService
}

export class FollowUpService {
  constructor(private readonly deps: FollowUpDeps) {}

  /** Plans the next nudge for a conversation after `trigger` (a customer message), if the rules say so. */
  async maybeSchedule(tenantId: string, conversationId: string, triggerMessageId: string, reason: string): Promise<FollowUpRow | undefined> {
    const config = await this.deps.aiConfig.get(tenantId)
    const rule = config.followUp
    if (!rule.enabled || rule.maxCount < 1) return undefined
    const done = await this.deps.db.select({ n: sql<number>`count(*)::int` }).from(followUps)
      .where(and(eq(followUps.tenantId, tenantId), eq(followUps.conversationId, conversationId), inArray(followUps.status, ['sent', 'scheduled'])))
    const attempt = (done[0]?.n ?? 0) + 1
    if (attempt > rule.maxCount) return undefined
    const due = nextAllowedTime(new Date(this.deps.clock.now().getTime() + rule.afterHours * 3_600_000), config.quietHours, config.timezone)
    const [row] = await this.deps.db.insert(followUps).values({
      id: newId(), tenantId, conversationId, triggerMessageId, attempt, dueAt: due, status: 'scheduled', reason,
    }).onConflictDoNothing().returning()
    if (!row) return undefined
    await this.arm(row)
    await this.deps.bus.publish(tenantId, 'followup.scheduled', toDto(row))
    return row
  }

  private async arm(row: FollowUpRow): Promise<void> {
    await this.deps.jobs.add('followup.fire', { tenantId: row.tenantId, followUpId: row.id }, { delayMs: row.dueAt.getTime() - this.deps.clock.now().getTime() })
  }

  /** Cancels every scheduled follow-up of a conversation (within the caller's transaction). */
  async cancelForConversation(db: DbOrTx, tenantId: string, conversationId: string, reason: string): Promise<void> {
    const rows = await db.update(followUps).set({ status: 'cancelled', cancelReason: reason, updatedAt: new Date() })
      .where(and(eq(followUps.tenantId, tenantId), eq(followUps.conversationId, conversationId), eq(followUps.status, 'scheduled'))).returning()
    for (const r of rows) void this.deps.bus.publish(tenantId, 'followup.cancelled', toDto(r)).catch(() => {})
  }

  async cancel(tenantId: string, id: string): Promise<FollowUpDto> {
    const [row] = await this.deps.db.update(followUps).set({ status: 'cancelled', cancelReason: 'cancelled_by_user', updatedAt: new Date() })
      .where(and(eq(followUps.tenantId, tenantId), eq(followUps.id, id), eq(followUps.status, 'scheduled'))).returning()
    if (!row) {
      const [exists] = await this.deps.db.select({ id: followUps.id }).from(followUps).where(and(eq(followUps.tenantId, tenantId), eq(followUps.id, id)))
      throw exists ? conflict('followups.not_scheduled', 'This follow-up is no longer scheduled.') : notFound('followups.not_found', 'No such follow-up.')
    }
    const dto = toDto(row)
    await this.deps.bus.publish(tenantId, 'followup.cancelled', dto)
    return dto
  }

  /** The job: re-check, write the text, queue it and mark the follow-up sent — all or nothing. */
  async fire(tenantId: string, id: string): Promise<void> {
    const [row] = await this.deps.db.select().from(followUps).where(and(eq(followUps.tenantId, tenantId), eq(followUps.id, id)))
    if (!row || row.status !== 'scheduled') return
    if (row.dueAt.getTime() > this.deps.clock.now().getTime() + 1000) return void (await this.arm(row)) // fired early: re-arm
    const [answered] = await this.deps.db.select({ id: messages.id }).from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, row.conversationId), gt(messages.createdAt, row.createdAt),
        sql`(${messages.direction} = 'in' or ${messages.sentBy} in ('owner','agent','api'))`)).limit(1)
    if (answered) return this.cancelForConversation(this.deps.db, tenantId, row.conversationId, 'conversation_moved_on')
    const config = await this.deps.aiConfig.get(tenantId)
    const history = await this.deps.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, row.conversationId)))
      .orderBy(desc(messages.createdAt)).limit(8)
    const [insight] = await this.deps.db.select({ productInterest: customerInsights.productInterest }).from(customerInsights)
      .where(and(eq(customerInsights.tenantId, tenantId), eq(customerInsights.messageId, row.triggerMessageId)))
    const text = await this.deps.aiConfig.llmFor(config).followUpText({
      profile: this.deps.aiConfig.profileOf(config), tone: config.tone, replyLanguage: config.replyLanguage, attempt: row.attempt,
      history: history.reverse().map((m) => ({ from: m.direction === 'in' ? 'customer' as const : 'business' as const, text: m.body ?? '' })),
      productInterest: insight?.productInterest ?? null,
    })
    const inbox = this.deps.inbox()
    const sent = await this.deps.db.transaction(async (tx) => {
      const [claimed] = await tx.update(followUps).set({ status: 'sent', text, updatedAt: new Date() })
        .where(and(eq(followUps.id, row.id), eq(followUps.status, 'scheduled'))).returning()
      if (!claimed) return undefined
      const msg = await inbox.enqueueOutgoing(tenantId, row.conversationId, text, 'followup', { db: tx, followUpId: row.id })
      if (msg) await tx.update(followUps).set({ messageId: msg.id }).where(eq(followUps.id, row.id))
      return { claimed, msg }
    })
    if (!sent) return
    if (sent.msg) await inbox.afterOutgoing(tenantId, sent.msg)
    await this.deps.bus.publish(tenantId, 'followup.sent', toDto({ ...sent.claimed, messageId: sent.msg?.id ?? null }))
  }

  /** Re-arms due follow-ups whose delayed job Redis may have lost (the database is the truth). */
  async sweep(): Promise<number> {
    const due = await this.deps.db.select().from(followUps)
      .where(and(eq(followUps.status, 'scheduled'), lte(followUps.dueAt, new Date(this.deps.clock.now().getTime() + 60_000)))).limit(500)
    for (const row of due) await this.arm(row)
    return due.length
  }

  async list(tenantId: string, opts: { status?: FollowUpRow['status'] | undefined; conversationId?: string; limit: number }): Promise<FollowUpDto[]> {
    const rows = await this.deps.db.select({ f: followUps, c: contacts }).from(followUps)
      .innerJoin(conversations, eq(conversations.id, followUps.conversationId))
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(eq(followUps.tenantId, tenantId), opts.status ? eq(followUps.status, opts.status) : undefined, opts.conversationId ? eq(followUps.conversationId, opts.conversationId) : undefined))
      .orderBy(opts.status === 'scheduled' ? asc(followUps.dueAt) : desc(followUps.createdAt)).limit(opts.limit)
    return rows.map((r) => toDto(r.f, r.c))
  }
}
