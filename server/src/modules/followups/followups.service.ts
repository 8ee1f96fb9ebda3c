// Follow-ups: a gentle nudge to a customer who went quiet AFTER the shop answered — never to one
// who is still waiting for the shop (the owner is alerted about those instead, see
// inbox.waiting.service.ts). A nudge is planned when the shop's word is the last one on a lead
// (a hot lead, or a message that needs one), `afterHours` after that word, moved out of quiet
// hours; a later word of the shop moves it on. It is stored in Postgres, armed as a delayed job,
// re-checked when it falls due (the customer may have answered, a person may have taken over),
// then sent through the outbox; after a nudge that got no answer the next one is planned, up to
// the tenant's maximum. A resolved or snoozed chat is never nudged (resolving cancels the planned
// nudges, inbox.status.ts); a customer message reopens it and plans as usual. The database is the truth: cancelling is a row update, so it wins even if
// the job still fires, and a sweep re-arms rows Redis lost.
import type { Db, DbOrTx } from '../../db/client.js'
import type { Clock } from '../../shared/clock.js'
import type { Actor } from '../../shared/actor.js'
import { conflict, notFound } from '../../shared/errors.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import type { EventType, OutboxPublisher, PublishAfterCommit } from '../realtime/realtime.bus.js'
import { toContactDto, type ContactDto, type ContactRow, type ConversationRow } from '../inbox/inbox.dto.js'
import { decodeCursor, encodeCursor } from '../../shared/keyset-cursor.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { FollowUpRule } from '../ai-config/ai-config.service.js'
import type { InboxService } from '../inbox/inbox.service.js'
import type { InboxHistory } from '../inbox/inbox.history.js'
import type { InsightsService } from '../insights/insights.service.js'
import type { AuditService } from '../audit/audit.service.js'
import { followUpsRepository, type FollowUpRow } from './followups.repository.js'
import { nudgeProduct } from './followups.nudge-product.js'
import { nextAllowedTime } from './followups.quiet-hours.js'

export type { FollowUpRow }
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
  bus: OutboxPublisher
  jobs: Pick<JobQueues, 'add'>
  clock: Clock
  aiConfig: Pick<AiConfigService, 'get' | 'profileOf' | 'llmFor'>
  inbox: Pick<InboxService, 'enqueueOutgoing' | 'afterOutgoing' | 'conversation' | 'recentMessages'>
  history: Pick<InboxHistory, 'customerMessages' | 'shopWordBefore' | 'shopSpokeAfter' | 'customerWroteAfter' | 'messageTime' | 'shopTexts' | 'contactsOf'>
  insights: Pick<InsightsService, 'forMessages' | 'productInterests'>
  /** A person's cancelling and its audit entry are one transaction. */
  audit: Pick<AuditService, 'record'>
  /** The rule for a chat of this number: its own, if it has one (absent: the shop's rule alone). */
  followUpRule?(tenantId: string, deviceId: string): Promise<FollowUpRule>
}

const HOUR = 3_600_000

/** Why the chat's status rules a nudge out (resolved: the matter is closed; snoozed: the team set it aside), or null. */
function statusForbidsNudge(chat: { status: string; snoozedUntil: Date | null }, now: Date): string | null {
  if (chat.status === 'resolved') return 'conversation_resolved'
  if (chat.snoozedUntil && chat.snoozedUntil.getTime() > now.getTime()) return 'conversation_snoozed'
  return null
}

export class FollowUpService {
  constructor(private readonly deps: FollowUpDeps) {}

  /**
   * The shop just had its word in the chat (the AI answered, a person replied, the owner wrote from
   * the phone; the inbound job also calls it after classifying). If that word is the last one on a
   * lead the tenant wants nudged, plans the first nudge `afterHours` from now — or moves a planned
   * one to that time. Does nothing while the customer is waiting for the shop: a nudge is for a
   * customer who went quiet, not for one the shop left unanswered. Idempotent.
   */
  async onShopWord(tenantId: string, conversationId: string): Promise<FollowUpRow | undefined> {
    const chat = (await this.deps.inbox.conversation(tenantId, conversationId))?.conversation
    if (!chat) return undefined
    const rule = await this.ruleFor(tenantId, chat.deviceId)
    if (!rule.enabled || rule.maxCount < 1) return undefined
    if (chat.waitingSince || chat.humanTakeover || !chat.aiEnabled) return undefined
    if (statusForbidsNudge(chat, this.deps.clock.now())) return undefined
    const turn = await this.customerTurn(tenantId, conversationId)
    const newest = turn[0]
    // Not classified yet: the inbound job calls again once it is.
    if (!newest?.insight) return undefined
    const hot = turn.some((m) => m.insight?.tags.includes('hot_lead'))
    const wanted = hot || turn.some((m) => m.insight?.needsFollowUp)
    if (!wanted || (rule.onlyHotLeads && !hot)) return undefined
    if (!(await this.deps.history.shopSpokeAfter(tenantId, conversationId, newest.at))) return undefined
    return this.plan(tenantId, conversationId, rule, newest.messageId, 1, hot ? 'hot_lead' : 'needs_follow_up')
  }

  /** The follow-up rule a chat of this number follows: the number's own, else the shop's. */
  private async ruleFor(tenantId: string, deviceId: string): Promise<FollowUpRule> {
    return this.deps.followUpRule ? this.deps.followUpRule(tenantId, deviceId) : (await this.deps.aiConfig.get(tenantId)).followUp
  }

  private async plan(tenantId: string, conversationId: string, rule: FollowUpRule, triggerMessageId: string, attempt: number, reason: string): Promise<FollowUpRow | undefined> {
    // Quiet hours and the timezone stay the shop's: they are about when people sleep, not the number.
    const config = await this.deps.aiConfig.get(tenantId)
    const due = nextAllowedTime(new Date(this.deps.clock.now().getTime() + rule.afterHours * HOUR), config.quietHours, config.timezone)
    // The plan (or its move) and its `followup.scheduled` commit together; the job is armed after.
    const planned = await this.deps.db.transaction(async (tx): Promise<{ row: FollowUpRow; after?: PublishAfterCommit } | { row: FollowUpRow | undefined; unarmed: true }> => {
      const { row, inserted } = await followUpsRepository.planOnce(tx, tenantId, { conversationId, triggerMessageId, attempt, dueAt: due, reason })
      if (inserted) return { row: row!, after: await this.stage(tx, tenantId, 'followup.scheduled', row!) }
      if (row?.status !== 'scheduled') return { row, unarmed: true }
      // The shop spoke again: the customer's silence starts over from its newest word.
      const moved = due.getTime() > row.dueAt.getTime() ? await followUpsRepository.moveDue(tx, row.id, due) : undefined
      return moved ? { row: moved, after: await this.stage(tx, tenantId, 'followup.scheduled', moved) } : { row }
    })
    if ('unarmed' in planned) return planned.row
    await this.arm(planned.row)
    await planned.after?.()
    return planned.row
  }

  /** A follow-up's event, staged in the transaction that changed it (see OutboxPublisher). */
  private async stage(tx: DbOrTx, tenantId: string, type: EventType & `followup.${string}`, row: FollowUpRow): Promise<PublishAfterCommit> {
    return this.deps.bus.stage(tx, tenantId, type, toFollowUpDto(row, await this.contactOf(tenantId, row.conversationId, tx)))
  }

  /** Ends a scheduled follow-up (cancelled or failed) with its `followup.cancelled`, in one transaction. */
  private async end(tenantId: string, id: string, status: 'cancelled' | 'failed', reason: string, alsoInTx?: (tx: DbOrTx) => Promise<unknown>): Promise<FollowUpRow | undefined> {
    const ended = await this.deps.db.transaction(async (tx) => {
      const row = await followUpsRepository.endScheduled(tx, tenantId, id, status, reason)
      if (row) await alsoInTx?.(tx)
      return row ? { row, after: await this.stage(tx, tenantId, 'followup.cancelled', row) } : undefined
    })
    await ended?.after()
    return ended?.row
  }

  /**
   * The customer's side of the current turn: their messages since the shop last wrote before
   * them (newest first), each with what the classifier made of it (null until classified).
   * "harga es kopi susu?" then "bisa antar?" is one turn, and the price question makes it a lead.
   */
  private async customerTurn(tenantId: string, conversationId: string) {
    // Read by direction, not as one window of the newest rows: after a backlog the shop's answers
    // can outnumber any window (the crash test saw 20+ AI replies newer than the customer's last
    // word), and the customer's turn would look empty — no nudge ever planned.
    const [newest] = await this.deps.history.customerMessages(tenantId, conversationId, undefined, 20)
    if (!newest) return []
    // The shop's last word before the customer's newest message bounds the turn.
    const shopAt = await this.deps.history.shopWordBefore(tenantId, conversationId, newest.at)
    const turn = await this.deps.history.customerMessages(tenantId, conversationId, shopAt, 20)
    const insights = await this.deps.insights.forMessages(tenantId, turn.map((m) => m.id))
    return turn.map((m) => {
      const i = insights.get(m.id)
      return { messageId: m.id, at: m.at, insight: i ? { tags: i.tags, needsFollowUp: i.needsFollowUp } : null }
    })
  }

  private async arm(row: FollowUpRow): Promise<void> {
    await this.deps.jobs.add('followup.fire', { tenantId: row.tenantId, followUpId: row.id }, { delayMs: row.dueAt.getTime() - this.deps.clock.now().getTime() })
  }

  /**
   * Cancels every scheduled follow-up of a conversation inside the caller's transaction, with
   * their `followup.cancelled` events. Returns what the caller runs once the transaction committed.
   */
  async cancelForConversation(db: DbOrTx, tenantId: string, conversationId: string, reason: string, plannedBefore?: Date): Promise<PublishAfterCommit> {
    const rows = await followUpsRepository.cancelOfConversation(db, tenantId, conversationId, reason, plannedBefore)
    const after: PublishAfterCommit[] = []
    for (const row of rows) after.push(await this.stage(db, tenantId, 'followup.cancelled', row))
    return async () => { for (const publish of after) await publish() }
  }

  async cancel(tenantId: string, id: string, by: Actor): Promise<FollowUpDto> {
    // The audit entry commits with the cancelling (a failing entry undoes it, never a 500 after the fact).
    const row = await this.end(tenantId, id, 'cancelled', 'cancelled_by_user', (tx) =>
      this.deps.audit.record(tenantId, by, [{ action: 'followup.cancelled', targetType: 'follow_up', targetId: id }], tx))
    if (!row) {
      const exists = await followUpsRepository.get(this.deps.db, tenantId, id)
      throw exists ? conflict('followups.not_scheduled', 'This follow-up is no longer scheduled.') : notFound('followups.not_found', 'No such follow-up.')
    }
    return toFollowUpDto(row, await this.contactOf(tenantId, row.conversationId))
  }

  /** The job: re-check, write the text, queue it and mark the follow-up sent — all or nothing. */
  async fire(tenantId: string, id: string, delayUntil: (at: Date) => Promise<never>): Promise<void> {
    const { db } = this.deps
    const row = await followUpsRepository.get(db, tenantId, id)
    if (!row || row.status !== 'scheduled') return
    if (row.dueAt.getTime() > this.deps.clock.now().getTime() + 1000) return delayUntil(row.dueAt)
    const chat = (await this.deps.inbox.conversation(tenantId, row.conversationId))?.conversation
    // The rule of the chat's number as it is now (the owner may have changed it since the plan).
    const rule = chat ? await this.ruleFor(tenantId, chat.deviceId) : undefined
    const stop = await this.reasonToStop(row, chat, rule)
    if (stop) {
      // Only this nudge: a newer one planned after the customer's later word is still right
      // (the crash test saw a stale nudge's check cancel the valid one beside it).
      await this.end(tenantId, row.id, 'cancelled', stop)
      return
    }

    const config = await this.deps.aiConfig.get(tenantId)
    const profile = this.deps.aiConfig.profileOf(config)
    const recent = await this.deps.inbox.recentMessages(tenantId, row.conversationId, 8)
    const input = {
      profile, tone: config.tone, replyLanguage: config.replyLanguage, attempt: row.attempt,
      history: recent.filter((m) => m.body).map((m) => ({ from: m.direction === 'in' ? 'customer' as const : 'business' as const, text: m.body! })),
      // What THIS customer asked about or was quoted, never a guess; none known → a general nudge.
      productInterest: nudgeProduct(profile, {
        interests: await this.deps.insights.productInterests(tenantId, row.conversationId, 20),
        shopTexts: await this.deps.history.shopTexts(tenantId, row.conversationId, 20),
      }),
    }
    const text = await this.deps.aiConfig.llmFor(config).followUpText(input)

    const { inbox } = this.deps
    const sent = await db.transaction(async (tx) => {
      const claimed = await followUpsRepository.claimSent(tx, row.id, text)
      if (!claimed) return undefined
      const msg = await inbox.enqueueOutgoing(tenantId, row.conversationId, text, 'followup', { db: tx, followUpId: row.id })
      const done = await followUpsRepository.setMessage(tx, row.id, msg?.id ?? null)
      return { msg, announce: await this.stage(tx, tenantId, 'followup.sent', done) }
    })
    if (!sent) return
    if (sent.msg) await inbox.afterOutgoing(tenantId, sent.msg)
    await sent.announce()
    // Still no answer by the next due time? Nudge again, up to the tenant's maximum.
    if (rule && row.attempt < rule.maxCount) await this.plan(tenantId, row.conversationId, rule, row.triggerMessageId, row.attempt + 1, row.reason)
  }

  /** Why a due follow-up must not go out, or null. */
  private async reasonToStop(row: FollowUpRow, conv: ConversationRow | undefined, rule: FollowUpRule | undefined): Promise<string | null> {
    if (!conv || !rule) return 'conversation_gone'
    if (conv.humanTakeover || !conv.aiEnabled) return 'human_takeover'
    const byStatus = statusForbidsNudge(conv, this.deps.clock.now())
    if (byStatus) return byStatus
    if (!rule.enabled) return 'follow_ups_disabled'
    const since = (await this.deps.history.messageTime(row.tenantId, row.triggerMessageId)) ?? row.createdAt
    if (await this.deps.history.customerWroteAfter(row.tenantId, row.conversationId, since, row.triggerMessageId)) return 'customer_replied'
    // The shop owes this customer an answer: a nudge would be the wrong message (they get an alert to the owner instead).
    if (conv.waitingSince) return 'customer_waiting'
    return null
  }

  /** A job that failed for good leaves the row visibly failed instead of silently scheduled. */
  async markFailed(tenantId: string, id: string, err: Error): Promise<void> {
    await this.end(tenantId, id, 'failed', err.message.slice(0, 300))
  }

  /** Re-arms due follow-ups whose delayed job Redis may have lost (the database is the truth). */
  async sweep(): Promise<number> {
    const due = await followUpsRepository.dueBefore(this.deps.db, new Date(this.deps.clock.now().getTime() + 60_000), 500)
    for (const row of due) await this.arm(row)
    return due.length
  }

  async list(tenantId: string, opts: { status?: FollowUpRow['status'] | undefined; conversationId?: string; limit: number; cursor?: string | undefined }): Promise<{ items: FollowUpDto[]; nextCursor: string | null }> {
    // Scheduled ones read soonest first; the rest newest first. The cursor follows that order.
    const soonest = opts.status === 'scheduled'
    const rows = await followUpsRepository.page(this.deps.db, tenantId, { status: opts.status, conversationId: opts.conversationId, after: decodeCursor(opts.cursor), limit: opts.limit + 1 })
    const page = rows.slice(0, opts.limit)
    const contacts = await this.deps.history.contactsOf(tenantId, page.map((f) => f.conversationId))
    const last = page.at(-1)
    return {
      items: page.map((f) => toFollowUpDto(f, contacts.get(f.conversationId))),
      nextCursor: rows.length > opts.limit && last ? encodeCursor(soonest ? last.dueAt : last.createdAt, last.id) : null,
    }
  }

  private async contactOf(tenantId: string, conversationId: string, db?: DbOrTx): Promise<ContactRow | null> {
    return (await this.deps.history.contactsOf(tenantId, [conversationId], db)).get(conversationId) ?? null
  }
}
