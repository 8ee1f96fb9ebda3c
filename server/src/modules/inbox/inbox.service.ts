// The inbox: storing what arrives (durably, first, exactly once), the outbox that sends what the
// dashboard, the AI and follow-ups write, and delivery receipts. Realtime events and jobs follow
// only rows that were actually inserted, so a redelivered message changes nothing. The write paths
// live beside it — inbound in inbox.ingest.ts, outgoing in inbox.outgoing-write.ts — and this
// service keeps the public methods the other modules call.
import type { Db, DbOrTx } from '../../db/client.js'
import type { InboundMedia, InboundMessage, ReceiptUpdate } from '../../adapters/whatsapp/whatsapp.port.js'
import { notFound } from '../../shared/errors.js'
import { systemClock, type Clock } from '../../shared/clock.js'
import type { Actor } from '../../shared/actor.js'
import { decodeCursor, encodeCursor } from '../../shared/keyset-cursor.js'
import type { OutboxPublisher, PublishAfterCommit } from '../realtime/realtime.bus.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import { inboxRepository } from './inbox.repository.js'
import { inboxReadRepository, type ConversationFilter } from './inbox.read.repository.js'
import type { InboundDeadLetters, IngestKind, IngestOutcome } from './inbox.dead-letters.js'
import { REPLY_WINDOW_MS } from './inbox.pacing.js'
import { outboxItem, type OutboxItem } from './inbox.outbox.js'
import { toContactDto, toConversationSummary, toMessageDto, type ContactDto, type ContactRow, type ConversationRow, type ConversationSummary, type InsightDto, type MessageRow } from './inbox.dto.js'
import type { ReplyPolicy } from '../ai-config/ai-config.next-reply.js'
import { stageStatus } from './inbox.status-events.js'
import { runAfterCommit, type InboxEvents } from './inbox.events.js'
import type { MediaDto } from '../media/media.dto.js'
import type { WebhooksService } from '../webhooks/webhooks.service.js'
import { applyReceiptUpdates, ingestBatch, type IngestContext } from './inbox.ingest.js'
import { prepareOutgoingContent, type OutgoingContent, type OutgoingMediaHooks, type PreparedContent } from './inbox.outgoing-content.js'
import { afterOutgoing, enqueueOutgoing, type OutgoingContext, type OutgoingOptions, type SentBy } from './inbox.outgoing-write.js'
export type { OutgoingContent, OutgoingMediaHooks, PreparedContent, PreparedMediaRef } from './inbox.outgoing-content.js'
export { newWaMessageId, type OutgoingOptions, type SentBy } from './inbox.outgoing-write.js'

export interface InboxDeps {
  db: Db
  /** Judges the 24-hour reply window (default: the system clock). */
  clock?: Clock
  bus: OutboxPublisher
  jobs: Pick<JobQueues, 'add'>
  /** Wakes the gateway that owns the tenant's session to drain its outbox. */
  notifyOutbox(tenantId: string): Promise<void>
  /** What the modules above the inbox do when chats change (follow-ups, waiting alerts). */
  events: Pick<InboxEvents, 'emit'>
  /** The tenant's settings that decide what happens to the next customer message (for summaries). */
  replyPolicy(tenantId: string): Promise<ReplyPolicy>
  /** Where a message goes that could not be stored, to be retried. */
  deadLetters: Pick<InboundDeadLetters, 'record'>
  /**
   * The webhooks' transactional outbox: `message.received` is recorded in the transaction that
   * stores the message, so it cannot be lost between that commit and the queue.
   */
  webhookOutbox?: Pick<WebhooksService, 'record' | 'dispatchRecorded'>
  /**
   * The tenant's numbers (the sessions module): `deviceId` checked to be the tenant's, or the
   * first number when absent (made when the tenant has none yet), inside the caller's transaction.
   */
  devices: { resolve(db: DbOrTx, tenantId: string, deviceId?: string): Promise<string> }
}

/** The insights of stored messages, shown with them in a thread (the insights module answers it). */
export type InsightLookup = (tenantId: string, messageIds: string[]) => Promise<Map<string, InsightDto>>
/** The media objects of stored messages (the media module answers it). */
export type MediaLookup = (tenantId: string, messageIds: string[], db?: DbOrTx) => Promise<Map<string, MediaDto>>
/** Records an inbound message's media inside the message's own transaction (the media module answers it). */
export type MediaRecorder = (tx: DbOrTx, tenantId: string, messageId: string, media: InboundMedia) => Promise<{ id: string }>

export class InboxService {
  private insightsOf: InsightLookup = async () => new Map()
  private mediaOf: MediaLookup = async () => new Map()
  private recordMedia: MediaRecorder | undefined
  private outgoingMedia: OutgoingMediaHooks | undefined

  constructor(private readonly deps: InboxDeps) {}

  /** The insights module shows its classifications in threads (set once, by the composition root). */
  showInsightsWith(lookup: InsightLookup): void { this.insightsOf = lookup }

  /** The media module adds the `media` object (with fresh signed links) to messages. */
  showMediaWith(lookup: MediaLookup, record: MediaRecorder, outgoing?: OutgoingMediaHooks): void {
    this.mediaOf = lookup
    this.recordMedia = record
    this.outgoingMedia = outgoing
  }

  /**
   * Checks what a send carries besides text, before any transaction (a voice note may be remuxed
   * here): refusals are 4xx with stable codes, never a half-written message.
   */
  prepareContent(tenantId: string, text: string, c: OutgoingContent): Promise<PreparedContent> {
    return prepareOutgoingContent(this.outgoingMedia, tenantId, text, c)
  }

  /** A message as the API shows it, with its media object. */
  async messageDto(tenantId: string, row: MessageRow) {
    return toMessageDto(row, null, (await this.mediaOf(tenantId, [row.id])).get(row.id))
  }

  /**
   * Stores messages from the socket (inbox.ingest.ts): the insert first and exactly once, then the
   * announcements and jobs for new rows only.
   */
  ingest(tenantId: string, batch: InboundMessage[], kind: IngestKind, deviceId?: string): Promise<IngestOutcome[]> {
    return ingestBatch(this.ingestContext(), tenantId, batch, kind, deviceId)
  }

  /** Moves our sent messages forward (sent → delivered → read), never backwards. */
  applyReceipts(tenantId: string, updates: ReceiptUpdate[]): Promise<void> {
    return applyReceiptUpdates(this.deps, tenantId, updates)
  }

  private ingestContext(): IngestContext {
    return { deps: this.deps, recordMedia: this.recordMedia, mediaOf: this.mediaOf, summary: (tenantId, conversationId) => this.summary(tenantId, conversationId) }
  }

  private outgoingContext(): OutgoingContext {
    return {
      deps: this.deps, outgoingMedia: this.outgoingMedia,
      summary: (tenantId, conversationId) => this.summary(tenantId, conversationId),
      messageDto: (tenantId, row) => this.messageDto(tenantId, row),
    }
  }

  /**
   * A customer message whose processing failed for good: the message stays received (it is in
   * the inbox), and `error` says the AI could not handle it, so a person knows to look.
   */
  async markProcessingFailed(tenantId: string, messageId: string, err: Error): Promise<void> {
    const after = await this.deps.db.transaction(async (tx) => {
      const row = await inboxRepository.setMessageError(tx, tenantId, messageId, `processing failed: ${err.message}`.slice(0, 500))
      return row ? this.deps.bus.stage(tx, tenantId, 'message.status', { conversationId: row.conversationId, messageId: row.id, status: row.status, error: row.error }) : undefined
    })
    await after?.()
  }

  /** A message we sent, as the outbox sent it, for WhatsApp's retry requests (Baileys' getMessage). */
  async sentOutboxItem(tenantId: string, waId: string): Promise<OutboxItem | undefined> {
    const row = await inboxRepository.findOutgoingByWaId(this.deps.db, tenantId, waId)
    return row ? outboxItem(row) : undefined
  }

  /**
   * Queues an outgoing text (status pending, a WhatsApp id chosen now) and wakes the gateway. With
   * `db` it joins the caller's transaction and the caller runs afterOutgoing once committed.
   * `replyToMessageId` (AI) and `followUpId` are unique, so a retried job adds nothing twice.
   */
  enqueueOutgoing(tenantId: string, conversationId: string, text: string, sentBy: SentBy, opts: OutgoingOptions & { db?: DbOrTx } = {}): Promise<MessageRow | undefined> {
    return enqueueOutgoing(this.outgoingContext(), tenantId, conversationId, text, sentBy, opts)
  }

  /**
   * The conversation with the WhatsApp user at `digits` (E.164 without "+"), made if the shop never
   * spoke with them: a send to a number lands in the same chat the customer's answer will.
   */
  async conversationForPhone(db: DbOrTx, tenantId: string, digits: string, deviceId?: string): Promise<string> {
    const device = await this.deps.devices.resolve(db, tenantId, deviceId)
    const jid = `${digits}@s.whatsapp.net`
    const contact = await inboxRepository.upsertContact(db, tenantId, { pn: jid, lid: null, chatJid: jid, name: null })
    return (await inboxRepository.conversationFor(db, tenantId, device, contact.id)).id
  }

  /** A bulk send's messages counted per outbox status. */
  batchProgress(tenantId: string, batchId: string): Promise<Record<string, number>> { return inboxRepository.batchProgress(this.deps.db, tenantId, batchId) }

  /** A cancelled bulk send: its messages that had not left fail (returned, for `stageStatus` in the same transaction). */
  failPendingOfBatch(db: DbOrTx, tenantId: string, batchId: string): Promise<MessageRow[]> { return inboxRepository.failPendingOfBatch(db, tenantId, batchId) }

  /** A removed number: its chats' messages that had not left fail, announced like any status change. */
  async failPendingOfDevice(tenantId: string, deviceId: string): Promise<void> {
    // Failed and their `message.status` events recorded in one transaction (the webhooks' outbox).
    const after = await this.deps.db.transaction(async (tx) => {
      const staged: PublishAfterCommit[] = []
      for (const row of await inboxRepository.failPendingOfDevice(tx, tenantId, deviceId)) staged.push(await stageStatus(tx, this.deps.bus, tenantId, row))
      return staged
    })
    for (const publish of after) await publish()
  }

  /** Of `digits`, the numbers that ever wrote to the shop (so they are on WhatsApp). */
  phonesThatWrote(tenantId: string, digits: string[]): Promise<Set<string>> { return inboxRepository.phonesThatWrote(this.deps.db, tenantId, digits) }

  /** Where a pending outgoing message stands behind the pacing (see the repository). */
  outboxPosition(tenantId: string, m: MessageRow): Promise<{ reply: boolean; paused: boolean; ahead: number }> {
    const now = (this.deps.clock ?? systemClock).now().getTime()
    return inboxRepository.outboxPosition(this.deps.db, tenantId, m, new Date(now - REPLY_WINDOW_MS))
  }

  /**
   * An outgoing message that must not leave (its number has no WhatsApp): failed with `reason`.
   * Returns the failed row; the caller stages its event with `stageStatus` in the same transaction.
   */
  async failOutgoing(db: DbOrTx, tenantId: string, messageId: string, reason: string): Promise<MessageRow | undefined> {
    return inboxRepository.recordSendFailure(db, tenantId, messageId, 0, reason, true)
  }

  /**
   * Tells dashboards and integrators (`message.status` → webhooks) that an outgoing message changed
   * state outside the outbox (a batch recipient with no WhatsApp, a cancelled batch): the same event
   * a failed send gets, with the reason as `error`. Inside the caller's transaction `db` that made
   * the change; the caller runs the result once it committed.
   */
  stageStatus(db: DbOrTx, tenantId: string, row: MessageRow): Promise<PublishAfterCommit> {
    return stageStatus(db, this.deps.bus, tenantId, row)
  }

  replyPolicy(tenantId: string): Promise<ReplyPolicy> { return this.deps.replyPolicy(tenantId) }

  async message(tenantId: string, id: string): Promise<MessageRow | undefined> {
    return inboxRepository.getMessage(this.deps.db, tenantId, id)
  }

  /** Events and the gateway wake-up for an outgoing row (after its transaction committed). */
  afterOutgoing(tenantId: string, row: MessageRow, conversation?: ConversationSummary): Promise<void> {
    return afterOutgoing(this.outgoingContext(), tenantId, row, conversation)
  }

  /** A dashboard reply by a person: it also means a human is handling the chat. */
  async reply(tenantId: string, conversationId: string, text: string, sentBy: 'owner' | 'agent', content: OutgoingContent = {}, by?: Actor): Promise<MessageRow> {
    const prepared = await this.prepareContent(tenantId, text, content)
    const row = await this.enqueueOutgoing(tenantId, conversationId, text, sentBy, { content: prepared, ...(by ? { by } : {}) })
    return row!
  }

  /** Take over (a person answers from now on; pending nudges are cancelled) or hand back to the AI. */
  async setTakeover(tenantId: string, conversationId: string, takeover: boolean, by: Actor): Promise<ConversationSummary> {
    await this.mustExist(tenantId, conversationId)
    const after = await this.deps.db.transaction(async (tx) => {
      // Handing back also lifts an AI hand-over: the owner says the AI may answer again.
      await inboxRepository.updateConversation(tx, tenantId, conversationId, { humanTakeover: takeover, aiEnabled: !takeover, ...(takeover ? {} : { handedOverAt: null }) })
      const moot = takeover ? await this.deps.events.emit('chat.moots_follow_ups', { tx, tenantId, conversationId, reason: 'human_takeover' }) : []
      const audited = await this.deps.events.emit('chat.changed', { tx, tenantId, conversationId, by, changes: [{ action: takeover ? 'conversation.taken_over' : 'conversation.handed_back' }] })
      return [...moot, ...audited]
    })
    await runAfterCommit(after)
    const summary = await this.summary(tenantId, conversationId)
    await this.deps.bus.publish(tenantId, 'conversation.updated', summary)
    return summary
  }

  /** After the insights module changed a chat's tags: every dashboard shows the new summary. */
  async announceSummary(tenantId: string, conversationId: string): Promise<void> {
    await this.deps.bus.publish(tenantId, 'conversation.updated', await this.summary(tenantId, conversationId))
  }

  /**
   * Sets the shop's labels on a conversation inside the labels module's transaction (which has
   * checked and locked the label rows); the caller announces the summary once committed.
   */
  async writeLabels(db: DbOrTx, tenantId: string, conversationId: string, labelIds: string[]): Promise<ConversationSummary> {
    if (!(await inboxRepository.setLabelIds(db, tenantId, conversationId, labelIds))) throw notFound('inbox.conversation_not_found', 'No such conversation.')
    const found = await inboxRepository.getConversation(db, tenantId, conversationId)
    return toConversationSummary(found!.conversation, found!.contact, await this.deps.replyPolicy(tenantId))
  }

  async announceConversation(tenantId: string, summary: ConversationSummary): Promise<void> {
    await this.deps.bus.publish(tenantId, 'conversation.updated', summary)
  }

  async markRead(tenantId: string, conversationId: string): Promise<void> {
    await this.mustExist(tenantId, conversationId)
    await inboxRepository.updateConversation(this.deps.db, tenantId, conversationId, { unreadCount: 0 })
    await this.deps.bus.publish(tenantId, 'conversation.updated', await this.summary(tenantId, conversationId))
  }

  async summary(tenantId: string, conversationId: string): Promise<ConversationSummary> {
    const found = await this.mustExist(tenantId, conversationId)
    return toConversationSummary(found.conversation, found.contact, await this.deps.replyPolicy(tenantId))
  }

  /** Summaries of conversation rows already read, with the tenant's reply policy. */
  async summaries(tenantId: string, rows: Array<{ conversation: ConversationRow; contact: ContactRow }>): Promise<ConversationSummary[]> {
    const policy = await this.deps.replyPolicy(tenantId)
    return rows.map((r) => toConversationSummary(r.conversation, r.contact, policy))
  }

  async thread(tenantId: string, conversationId: string, opts: { limit: number; cursor?: string | undefined }) {
    await this.mustExist(tenantId, conversationId)
    const before = decodeCursor(opts.cursor)
    const rows = await inboxRepository.messagesPage(this.deps.db, tenantId, conversationId, { limit: opts.limit + 1, ...(before ? { before } : {}) })
    const page = rows.slice(0, opts.limit)
    const ids = page.map((m) => m.id)
    const byMessage = ids.length ? await this.insightsOf(tenantId, ids) : new Map<string, InsightDto>()
    const media = ids.length ? await this.mediaOf(tenantId, ids) : new Map<string, MediaDto>()
    const last = page.at(-1)
    return { items: page.map((m) => toMessageDto(m, byMessage.get(m.id), media.get(m.id))), nextCursor: rows.length > opts.limit && last ? encodeCursor(last.createdAt, last.id) : null }
  }

  /** Sets the classification chips of a conversation (mode, intent, tags); `db` joins the caller's transaction. */
  async setChips(tenantId: string, conversationId: string, chips: { mode?: string; intent?: string; tags: string[] }, db: DbOrTx = this.deps.db): Promise<void> {
    await inboxRepository.setChips(db, tenantId, conversationId, chips)
  }

  /** The conversation and its contact, or undefined (no 404: the worker's jobs ask this); `db` joins the caller's transaction. */
  conversation(tenantId: string, conversationId: string, db: DbOrTx = this.deps.db): Promise<{ conversation: ConversationRow; contact: ContactRow } | undefined> {
    return inboxRepository.getConversation(db, tenantId, conversationId)
  }

  /** Up to `limit` messages of the conversation written before `before` (what the AI reads as context). */
  history(tenantId: string, conversationId: string, before: Date, limit = 10): Promise<MessageRow[]> {
    return inboxRepository.history(this.deps.db, tenantId, conversationId, before, limit)
  }

  /** The conversation list, newest activity first, filtered as the inbox screen asks. */
  async list(tenantId: string, q: Omit<ConversationFilter, 'cursor'> & { cursor?: string | undefined }): Promise<{ items: ConversationSummary[]; nextCursor: string | null }> {
    const rows = await inboxReadRepository.listConversations(this.deps.db, tenantId, { ...q, cursor: decodeCursor(q.cursor), limit: q.limit + 1 })
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    return {
      items: await this.summaries(tenantId, page),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.conversation.lastMessageAt ?? last.conversation.createdAt, last.conversation.id) : null,
    }
  }

  /** A customer and their conversation's id (null before they ever wrote or were written to). */
  async contact(tenantId: string, id: string): Promise<{ contact: ContactDto; conversationId: string | null; notes: string | null }> {
    const contact = await inboxReadRepository.contact(this.deps.db, tenantId, id)
    if (!contact) throw notFound('contacts.not_found', 'No such customer.')
    const conversation = await inboxReadRepository.conversationOfContact(this.deps.db, tenantId, id)
    return { contact: toContactDto(contact), conversationId: conversation?.id ?? null, notes: contact.notes }
  }

  /** The newest `limit` messages of a conversation, oldest first (what a writer reads as history). */
  async recentMessages(tenantId: string, conversationId: string, limit: number): Promise<MessageRow[]> {
    return (await inboxReadRepository.recentMessages(this.deps.db, tenantId, conversationId, limit)).reverse()
  }

  /** Counts since `from` for the overview: chats by mode and tag, messages per day in `tz`, hot leads waiting. */
  async activitySince(tenantId: string, from: Date, tz: string) {
    const db = this.deps.db
    const [byMode, byTag, perDay, hot] = [
      await inboxReadRepository.countByMode(db, tenantId, from), await inboxReadRepository.countByTag(db, tenantId, from),
      await inboxReadRepository.messagesPerDay(db, tenantId, from, tz), await inboxReadRepository.hotLeadsWaiting(db, tenantId, 10),
    ]
    return { byMode, byTag, perDay, hotLeadsWaiting: await this.summaries(tenantId, hot) }
  }

  private async mustExist(tenantId: string, conversationId: string) {
    const found = await inboxRepository.getConversation(this.deps.db, tenantId, conversationId)
    if (!found) throw notFound('inbox.conversation_not_found', 'No such conversation.')
    return found
  }
}
