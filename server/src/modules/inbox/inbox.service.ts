// The inbox: storing what arrives (durably, first, exactly once), the outbox that sends what the
// dashboard, the AI and follow-ups write, and delivery receipts. Realtime events and jobs follow
// only rows that were actually inserted, so a redelivered message changes nothing.
import { randomBytes } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import type { Db, DbOrTx } from '../../db/client.js'
import type { InboundMessage, ReceiptUpdate } from '../../adapters/whatsapp/whatsapp.port.js'
import { notFound } from '../../shared/errors.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import type { EventPublisher } from '../realtime/event-bus.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import { customerInsights } from '../insights/insights.tables.js'
import { messages } from './inbox.tables.js'
import { inboxRepository } from './inbox.repository.js'
import { toConversationSummary, toInsightDto, toMessageDto, type ConversationSummary, type InsightDto, type MessageRow } from './inbox.dto.js'
import { insightsRepository } from '../insights/insights.repository.js'

/** WhatsApp-style message id, chosen before sending so a re-send after a crash reuses it. */
export const newWaMessageId = () => `3EB0${randomBytes(8).toString('hex').toUpperCase()}`

/** For each receipt, the states a message may move from (a receipt never moves it back). */
const RECEIPT_FROM: Record<ReceiptUpdate['status'], MessageRow['status'][]> = {
  sent: ['pending'],
  delivered: ['pending', 'sent'],
  read: ['pending', 'sent', 'delivered'],
  failed: ['pending', 'sent'],
}

export interface InboxDeps {
  db: Db
  bus: EventPublisher
  jobs: Pick<JobQueues, 'add'>
  /** Wakes the gateway that owns the tenant's session to drain its outbox. */
  notifyOutbox(tenantId: string): Promise<void>
  /** Cancels scheduled follow-ups of a conversation (customer wrote, or a human replied) in `db`. */
  cancelFollowUps(db: DbOrTx, tenantId: string, conversationId: string, reason: string): Promise<unknown[]>
  /** Announces what cancelFollowUps cancelled, after the transaction committed. */
  publishCancelled(tenantId: string, cancelled: unknown[]): Promise<void>
}

export type SentBy = MessageRow['sentBy']

export class InboxService {
  constructor(private readonly deps: InboxDeps) {}

  /**
   * Stores messages from the socket. WhatsApp was already told we have them, so the insert comes
   * first and is the whole guarantee; events and the classification job follow new rows only.
   */
  async ingest(tenantId: string, batch: InboundMessage[], kind: 'live' | 'backlog'): Promise<void> {
    // The whole batch is stored before any job starts, so a backlog's jobs all see which message
    // of a burst is the newest (only that one is answered).
    const stored = []
    for (const m of batch) {
      const result = await this.deps.db.transaction(async (tx) => {
        const contact = await inboxRepository.upsertContact(tx, tenantId, { pn: m.customerPn, lid: m.customerLid, chatJid: m.chatJid, name: m.fromMe ? null : m.pushName })
        const conversation = await inboxRepository.conversationFor(tx, tenantId, contact.id)
        const row = await inboxRepository.insertMessageOnce(tx, tenantId, {
          conversationId: conversation.id, waId: m.waId, chatJid: contact.jid, fromMe: m.fromMe,
          direction: m.fromMe ? 'out' : 'in', type: m.type, body: m.text,
          status: m.fromMe ? 'sent' : 'received', sentBy: m.fromMe ? 'owner' : 'customer', waTimestamp: m.timestamp,
          ...(kind === 'backlog' ? { createdAt: m.timestamp } : {}),
        })
        if (!row) return undefined
        const updated = await inboxRepository.touchConversation(tx, tenantId, conversation.id, row)
        // The customer wrote again, or the owner answered from the phone: pending nudges are moot.
        const cancelled = await this.deps.cancelFollowUps(tx, tenantId, conversation.id, m.fromMe ? 'owner_replied' : 'customer_replied')
        return { row, conversation: toConversationSummary(updated, contact), cancelled }
      })
      if (result) stored.push({ ...result, fromMe: m.fromMe })
    }
    for (const result of stored) {
      await this.deps.bus.publish(tenantId, 'message.created', { conversation: result.conversation, message: toMessageDto(result.row) })
      await this.deps.publishCancelled(tenantId, result.cancelled)
      if (!result.fromMe) await this.deps.jobs.add('inbound.process', { tenantId, messageId: result.row.id })
    }
  }

  /** Moves our sent messages forward (sent → delivered → read), never backwards. */
  async applyReceipts(tenantId: string, updates: ReceiptUpdate[]): Promise<void> {
    for (const u of updates) {
      const row = await inboxRepository.advanceStatus(this.deps.db, tenantId, u.waId, u.status, RECEIPT_FROM[u.status])
      if (!row) continue
      await inboxRepository.updateConversationStatus(this.deps.db, tenantId, row)
      await this.deps.bus.publish(tenantId, 'message.status', { conversationId: row.conversationId, messageId: row.id, status: u.status })
    }
  }

  /**
   * A customer message whose processing failed for good: the message stays received (it is in
   * the inbox), and `error` says the AI could not handle it, so a person knows to look.
   */
  async markProcessingFailed(tenantId: string, messageId: string, err: Error): Promise<void> {
    const [row] = await this.deps.db.update(messages).set({ error: `processing failed: ${err.message}`.slice(0, 500), updatedAt: new Date() })
      .where(and(eq(messages.tenantId, tenantId), eq(messages.id, messageId))).returning()
    if (row) await this.deps.bus.publish(tenantId, 'message.status', { conversationId: row.conversationId, messageId: row.id, status: row.status, error: row.error })
  }

  /** The text of a message we sent, for WhatsApp's retry requests (Baileys' getMessage). */
  async getMessageBody(tenantId: string, waId: string): Promise<string | undefined> {
    return (await inboxRepository.findOutgoingByWaId(this.deps.db, tenantId, waId))?.body ?? undefined
  }

  /** Same as getMessageBody (the name the session hooks use). */
  messageText(tenantId: string, waId: string): Promise<string | undefined> { return this.getMessageBody(tenantId, waId) }

  /**
   * Queues an outgoing text (status pending, a WhatsApp id chosen now) and wakes the gateway. With
   * `db` it joins the caller's transaction and the caller runs afterOutgoing once committed.
   * `replyToMessageId` (AI) and `followUpId` are unique, so a retried job adds nothing twice.
   */
  async enqueueOutgoing(tenantId: string, conversationId: string, text: string, sentBy: SentBy, opts: { db?: DbOrTx; replyToMessageId?: string; followUpId?: string } = {}): Promise<MessageRow | undefined> {
    if (opts.db) return (await this.writeOutgoing(opts.db, tenantId, conversationId, text, sentBy, opts))?.row
    const result = await this.deps.db.transaction((tx) => this.writeOutgoing(tx, tenantId, conversationId, text, sentBy, opts))
    if (!result) return undefined
    await this.afterOutgoing(tenantId, result.row, result.conversation)
    await this.deps.publishCancelled(tenantId, result.cancelled)
    return result.row
  }

  private async writeOutgoing(db: DbOrTx, tenantId: string, conversationId: string, text: string, sentBy: SentBy, opts: { replyToMessageId?: string; followUpId?: string }) {
    const found = await inboxRepository.getConversation(db, tenantId, conversationId)
    if (!found) throw notFound('inbox.conversation_not_found', 'No such conversation.')
    const row = await inboxRepository.insertMessageOnce(db, tenantId, {
      conversationId, waId: newWaMessageId(), chatJid: found.contact.jid, fromMe: true, direction: 'out', type: 'text',
      body: text, status: 'pending', sentBy,
      ...(opts.replyToMessageId ? { replyToMessageId: opts.replyToMessageId } : {}),
      ...(opts.followUpId ? { followUpId: opts.followUpId } : {}),
    })
    if (!row) return undefined
    const updated = await inboxRepository.touchConversation(db, tenantId, conversationId, row)
    // A person answered: the automatic nudge is moot.
    const human = sentBy === 'owner' || sentBy === 'agent' || sentBy === 'api'
    const cancelled = human ? await this.deps.cancelFollowUps(db, tenantId, conversationId, 'human_replied') : []
    return { row, conversation: toConversationSummary(updated, found.contact), cancelled }
  }

  /** Events and the gateway wake-up for an outgoing row (after its transaction committed). */
  async afterOutgoing(tenantId: string, row: MessageRow, conversation?: ConversationSummary): Promise<void> {
    const conv = conversation ?? (await this.summary(tenantId, row.conversationId))
    await this.deps.bus.publish(tenantId, 'message.created', { conversation: conv, message: toMessageDto(row) })
    await this.deps.notifyOutbox(tenantId)
  }

  /** A dashboard reply by a person: it also means a human is handling the chat. */
  async reply(tenantId: string, conversationId: string, text: string, sentBy: 'owner' | 'agent'): Promise<MessageRow> {
    const row = await this.enqueueOutgoing(tenantId, conversationId, text, sentBy)
    return row!
  }

  /** Take over (a person answers from now on; pending nudges are cancelled) or hand back to the AI. */
  async setTakeover(tenantId: string, conversationId: string, takeover: boolean): Promise<ConversationSummary> {
    await this.mustExist(tenantId, conversationId)
    const cancelled = await this.deps.db.transaction(async (tx) => {
      await inboxRepository.updateConversation(tx, tenantId, conversationId, { humanTakeover: takeover, aiEnabled: !takeover })
      return takeover ? this.deps.cancelFollowUps(tx, tenantId, conversationId, 'human_takeover') : []
    })
    await this.deps.publishCancelled(tenantId, cancelled)
    const summary = await this.summary(tenantId, conversationId)
    await this.deps.bus.publish(tenantId, 'conversation.updated', summary)
    return summary
  }

  async correctTags(tenantId: string, conversationId: string, insightId: string, tags: string[]): Promise<InsightDto> {
    const result = await insightsRepository.correctTags(this.deps.db, tenantId, conversationId, insightId, tags)
    if (!result) throw notFound('insights.not_found', 'No such insight.')
    if (result.latest) await this.deps.bus.publish(tenantId, 'conversation.updated', await this.summary(tenantId, conversationId))
    return toInsightDto(result.row)
  }

  async markRead(tenantId: string, conversationId: string): Promise<void> {
    await this.mustExist(tenantId, conversationId)
    await inboxRepository.updateConversation(this.deps.db, tenantId, conversationId, { unreadCount: 0 })
    await this.deps.bus.publish(tenantId, 'conversation.updated', await this.summary(tenantId, conversationId))
  }

  async summary(tenantId: string, conversationId: string): Promise<ConversationSummary> {
    const found = await this.mustExist(tenantId, conversationId)
    return toConversationSummary(found.conversation, found.contact)
  }

  async thread(tenantId: string, conversationId: string, opts: { limit: number; cursor?: string | undefined }) {
    await this.mustExist(tenantId, conversationId)
    const before = decodeCursor(opts.cursor)
    const rows = await inboxRepository.messagesPage(this.deps.db, tenantId, conversationId, { limit: opts.limit + 1, ...(before ? { before } : {}) })
    const page = rows.slice(0, opts.limit)
    const ids = page.map((m) => m.id)
    const insights = ids.length ? await this.deps.db.select().from(customerInsights).where(and(eq(customerInsights.tenantId, tenantId), inArray(customerInsights.messageId, ids))) : []
    const byMessage = new Map(insights.map((i) => [i.messageId, i]))
    const last = page.at(-1)
    return { items: page.map((m) => toMessageDto(m, byMessage.get(m.id))), nextCursor: rows.length > opts.limit && last ? encodeCursor(last.createdAt, last.id) : null }
  }

  private async mustExist(tenantId: string, conversationId: string) {
    const found = await inboxRepository.getConversation(this.deps.db, tenantId, conversationId)
    if (!found) throw notFound('inbox.conversation_not_found', 'No such conversation.')
    return found
  }
}
