// The inbox: storing what arrives (durably, first, exactly once), the outbox that sends what the
// dashboard, the AI and follow-ups write, and delivery receipts. Realtime events and jobs follow
// only rows that were actually inserted, so a redelivered message changes nothing.
import { randomBytes } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import type { Db, DbOrTx } from '../../db/client.js'
import type { InboundMessage, ReceiptUpdate } from '../../adapters/whatsapp/whatsapp.port.js'
import { badRequest, notFound } from '../../shared/errors.js'
import type { EventPublisher } from '../realtime/event-bus.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import { customerInsights } from '../insights/insights.tables.js'
import { messages } from './inbox.tables.js'
import { inboxRepository } from './inbox.repository.js'
import { toConversationSummary, toMessageDto, type ConversationSummary, type MessageRow } from './inbox.dto.js'

/** WhatsApp-style message id, chosen before sending so a re-send after a crash reuses it. */
export const newWaMessageId = () => `3EB0${randomBytes(8).toString('hex').toUpperCase()}`

const STATUS_RANK: Record<string, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: -1 }

export interface InboxDeps {
  db: Db
  bus: EventPublisher
  jobs: Pick<JobQueues, 'add'>
  /** Wakes the gateway that owns the tenant's session to drain its outbox. */
  notifyOutbox(tenantId: string): Promise<void>
  /** Cancels scheduled follow-ups of a conversation (customer wrote, or a human replied). */
  cancelFollowUps(db: DbOrTx, tenantId: string, conversationId: string, reason: string): Promise<void>
}

export type SentBy = MessageRow['sentBy']

export class InboxService {
  constructor(private readonly deps: InboxDeps) {}

  /**
   * Stores messages from the socket. WhatsApp was already told we have them, so the insert comes
   * first and is the whole guarantee; events and the classification job follow new rows only.
   */
  async ingest(tenantId: string, batch: InboundMessage[], kind: 'live' | 'backlog'): Promise<void> {
    for (const m of batch) {
      const result = await this.deps.db.transaction(async (tx) => {
        const contact = await inboxRepository.upsertContact(tx, tenantId, { pn: m.customerPn, lid: m.customerLid, chatJid: m.chatJid, name: m.pushName })
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
        await this.deps.cancelFollowUps(tx, tenantId, conversation.id, m.fromMe ? 'owner_replied' : 'customer_replied')
        return { row, conversation: toConversationSummary(updated, contact) }
      })
      if (!result) continue
      await this.deps.bus.publish(tenantId, 'message.created', { conversation: result.conversation, message: toMessageDto(result.row) })
      if (!m.fromMe) await this.deps.jobs.add('inbound.process', { tenantId, messageId: result.row.id })
    }
  }

  /** Moves our sent messages forward (sent → delivered → read), never backwards. */
  async applyReceipts(tenantId: string, updates: ReceiptUpdate[]): Promise<void> {
    for (const u of updates) {
      const row = await inboxRepository.findOutgoingByWaId(this.deps.db, tenantId, u.waId)
      if (!row) continue
      if (u.status !== 'failed' && (STATUS_RANK[u.status] ?? 0) <= (STATUS_RANK[row.status] ?? 0)) continue
      if (u.status === 'failed' && row.status !== 'pending' && row.status !== 'sent') continue
      await this.deps.db.update(messages).set({ status: u.status, updatedAt: new Date() })
        .where(and(eq(messages.tenantId, tenantId), eq(messages.id, row.id)))
      await this.deps.bus.publish(tenantId, 'message.status', { conversationId: row.conversationId, messageId: row.id, status: u.status })
    }
  }

  async messageText(tenantId: string, waId: string): Promise<string | undefined> {
    return (await inboxRepository.findOutgoingByWaId(this.deps.db, tenantId, waId))?.body ?? undefined
  }

  /**
   * Queues an outgoing text (status pending, our own WhatsApp id) and wakes the gateway. `db` lets
   * callers make it part of a bigger transaction; `unique` fields make it idempotent.
   */
  async enqueueOutgoing(tenantId: string, conversationId: string, text: string, sentBy: SentBy, opts: { db?: DbOrTx; replyToMessageId?: string; followUpId?: string } = {}): Promise<MessageRow | undefined> {
    const db = opts.db ?? this.deps.db
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
    if (sentBy === 'owner' || sentBy === 'agent' || sentBy === 'api') await this.deps.cancelFollowUps(db, tenantId, conversationId, 'human_replied')
    if (!opts.db) await this.afterOutgoing(tenantId, row, toConversationSummary(updated, found.contact))
    return row
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

  async setTakeover(tenantId: string, conversationId: string, takeover: boolean): Promise<ConversationSummary> {
    await this.mustExist(tenantId, conversationId)
    await inboxRepository.updateConversation(this.deps.db, tenantId, conversationId, { humanTakeover: takeover, aiEnabled: !takeover })
    const summary = await this.summary(tenantId, conversationId)
    await this.deps.bus.publish(tenantId, 'conversation.updated', summary)
    return summary
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

export const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url')
export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const date = new Date(at ?? '')
  if (!id || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw badRequest('validation.bad_cursor', 'The cursor is not valid.')
  return { at: date, id }
}
