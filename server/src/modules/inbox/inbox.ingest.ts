// The inbound write path of the inbox: messages from the socket are stored first, each in its
// own transaction and exactly once (a redelivery inserts nothing), with their media row, the
// moot-nudge cancellation and the integrators' `message.received` in the same transaction; only
// rows that were actually inserted are announced and get jobs. Receipts move our sent messages
// forward. Split from inbox.service.ts, which keeps the public methods.
import type { InboundMessage, ReceiptUpdate } from '../../adapters/whatsapp/whatsapp.port.js'
import { isDependencyUnavailable } from '../../shared/dependency-errors.js'
import type { ReplyPolicy } from '../ai-config/ai-config.next-reply.js'
import type { IngestKind, IngestOutcome } from './inbox.dead-letters.js'
import { toConversationSummary, toMessageDto, type ConversationSummary, type MessageRow } from './inbox.dto.js'
import { runAfterCommit, type AfterCommit } from './inbox.events.js'
import { inboxRepository } from './inbox.repository.js'
import type { InboxDeps, MediaLookup, MediaRecorder } from './inbox.service.js'
import { storableInbound } from './inbox.storable.js'
import { messageChangesRepository } from './message-changes.repository.js'
import { stageStatus } from './inbox.status-events.js'

/** What the write path needs from the service (the media hooks are set after construction). */
export interface IngestContext {
  deps: InboxDeps
  recordMedia: MediaRecorder | undefined
  mediaOf: MediaLookup
  /** The list's row of a chat, announced when a change altered its preview. */
  summary(tenantId: string, conversationId: string): Promise<ConversationSummary>
}

/** For each receipt, the states a message may move from (a receipt never moves it back). */
const RECEIPT_FROM: Record<ReceiptUpdate['status'], MessageRow['status'][]> = {
  sent: ['pending'],
  delivered: ['pending', 'sent'],
  read: ['pending', 'sent', 'delivered'],
  failed: ['pending', 'sent'],
}

/**
 * Stores messages from the socket. WhatsApp was already told we have them, so the insert comes
 * first and is the whole guarantee; events and the classification job follow new rows only.
 * Each message is made storable first (see inbox.storable.ts); one that still cannot be
 * stored becomes a dead letter, retried later, and never keeps the rest of the batch out.
 */
export async function ingestBatch(ctx: IngestContext, tenantId: string, batch: InboundMessage[], kind: IngestKind, deviceId?: string): Promise<IngestOutcome[]> {
  // The whole batch is stored before any job starts, so a backlog's jobs all see which message
  // of a burst is the newest (only that one is answered).
  const stored = []
  const outcomes: IngestOutcome[] = []
  // Read before any transaction (see replyPolicy): the webhook event written with each stored
  // customer message carries the conversation summary, which needs it.
  let policy: ReplyPolicy | undefined
  for (const original of batch) {
    const m = storableInbound(original)
    if (m.change) {
      outcomes.push(await applyChange(ctx, tenantId, m))
      continue
    }
    let result
    try {
      if (!m.fromMe && ctx.deps.webhookOutbox) policy ??= await ctx.deps.replyPolicy(tenantId)
      result = await storeOne(ctx, tenantId, m, kind, policy, deviceId)
    } catch (err) {
      // PostgreSQL or Redis being briefly away is no fault of this message: the caller waits
      // the outage out and calls again (see inbox.ingest-hooks.ts), the message still in the spool.
      if (isDependencyUnavailable(err)) throw err
      // Kept with the original text; if even this write fails, the error reaches the socket's
      // handler (logged there) as before.
      await ctx.deps.deadLetters.record(tenantId, original, kind, err, deviceId)
      outcomes.push('dead_letter')
      continue
    }
    outcomes.push(result ? 'stored' : 'duplicate')
    if (result) stored.push({ ...result, fromMe: m.fromMe })
  }
  // Everything above is the durable part; what follows only announces it.
  if (stored.length) policy ??= await ctx.deps.replyPolicy(tenantId)
  for (const result of stored) {
    const conversation = toConversationSummary(result.updated, result.contact, policy!)
    await ctx.deps.bus.publish(tenantId, 'message.created', { conversation, message: toMessageDto(result.row, null, result.media) })
    if (result.webhookEvent) await ctx.deps.webhookOutbox!.dispatchRecorded(tenantId, [result.webhookEvent])
    await runAfterCommit(result.after)
    if (result.mediaId) await ctx.deps.jobs.add('media.fetch', { tenantId, mediaId: result.mediaId })
    if (result.fromMe) {
      await ctx.deps.events.emit('shop.answered', { tenantId, conversationId: result.row.conversationId })
    } else {
      await ctx.deps.jobs.add('inbound.process', { tenantId, messageId: result.row.id })
      if (result.updated.waitingSince) await ctx.deps.events.emit('customer.waiting', { tenantId, conversationId: result.row.conversationId, since: result.updated.waitingSince })
    }
  }
  return outcomes
}

/**
 * One message in one transaction: undefined when it was stored before (a redelivery). It goes to
 * the contact's chat with the number it arrived on (`deviceId`; the first number for a dead
 * letter retried without one).
 */
function storeOne(ctx: IngestContext, tenantId: string, m: InboundMessage, kind: IngestKind, policy: ReplyPolicy | undefined, deviceId: string | undefined) {
  return ctx.deps.db.transaction(async (tx) => {
    const contact = await inboxRepository.upsertContact(tx, tenantId, { pn: m.customerPn, lid: m.customerLid, chatJid: m.chatJid, name: m.fromMe ? null : m.pushName })
    const device = deviceId ?? await ctx.deps.devices.resolve(tx, tenantId)
    const conversation = await inboxRepository.conversationFor(tx, tenantId, device, contact.id)
    const row = await inboxRepository.insertMessageOnce(tx, tenantId, {
      conversationId: conversation.id, waId: m.waId, chatJid: contact.jid, fromMe: m.fromMe,
      direction: m.fromMe ? 'out' : 'in', type: m.type, body: m.text,
      status: m.fromMe ? 'sent' : 'received', sentBy: m.fromMe ? 'owner' : 'customer', waTimestamp: m.timestamp,
      ...(kind === 'backlog' ? { createdAt: m.timestamp } : {}),
      ...(m.quoted ? { quoted: { waId: m.quoted.waId, body: m.quoted.text, fromMe: m.quoted.fromMe } } : {}),
      ...(m.location || m.contact ? { details: { ...(m.location ? { location: m.location } : {}), ...(m.contact ? { contact: m.contact } : {}) } } : {}),
    })
    if (!row) return undefined
    // Same transaction: a stored message with media always has its media row (and so its fetch).
    const mediaId = m.media && ctx.recordMedia ? (await ctx.recordMedia(tx, tenantId, row.id, m.media)).id : undefined
    const updated = await inboxRepository.touchConversation(tx, tenantId, conversation.id, row, {
      media: m.media ? { kind: m.media.kind, durationMs: m.media.durationMs, fileName: m.media.fileName } : null,
    })
    // The customer wrote again: a pending nudge is moot. (The owner answering from the phone
    // is the shop's word: it starts the customer's silence instead, see shopAnswered.) A
    // backlog message that arrives late but was written before the nudge was planned (the shop
    // answered after it) leaves the nudge alone.
    const after: AfterCommit[] = m.fromMe ? [] : await ctx.deps.events.emit('chat.moots_follow_ups', {
      tx, tenantId, conversationId: conversation.id, reason: 'customer_replied', plannedBefore: row.createdAt,
    })
    // `message.received` for integrators commits with the message (the webhooks' outbox): the
    // same payload as the dashboards' `message.created`.
    // Read once, inside the transaction: the webhook event and the dashboards' event carry the same.
    const media = mediaId ? (await ctx.mediaOf(tenantId, [row.id], tx)).get(row.id) : undefined
    let webhookEvent: string | undefined
    if (!m.fromMe && ctx.deps.webhookOutbox && policy) {
      webhookEvent = await ctx.deps.webhookOutbox.record(tx, tenantId, 'message.received', {
        conversation: toConversationSummary(updated, contact, policy), message: toMessageDto(row, null, media),
      })
    }
    return { row, updated, contact, after, mediaId, media, webhookEvent }
  })
}

/** A reaction, edit or delete-for-everyone of an earlier message; idempotent when redelivered. */
async function applyChange(ctx: IngestContext, tenantId: string, m: InboundMessage): Promise<IngestOutcome> {
  const target = await messageChangesRepository.target(ctx.deps.db, tenantId, m)
  // A change to something we never stored (sent before the device was linked): nothing to show.
  if (!target) return 'duplicate'
  const kind = m.change!.kind
  const row = kind === 'reaction' ? await messageChangesRepository.react(ctx.deps.db, tenantId, target.id, m.fromMe ? 'shop' : 'customer', m.text ?? '', m.timestamp)
    : kind === 'edit' ? await messageChangesRepository.edit(ctx.deps.db, tenantId, target.id, m.text ?? '', m.timestamp)
      : await messageChangesRepository.revoke(ctx.deps.db, tenantId, target.id, m.timestamp)
  if (!row) return 'duplicate'
  const media = (await ctx.mediaOf(tenantId, [row.id])).get(row.id)
  await ctx.deps.bus.publish(tenantId, 'message.updated', { messageId: row.id, conversationId: row.conversationId, message: toMessageDto(row, null, media) })
  // An edited or deleted newest message changes what the chat list shows (never the old words).
  if (kind !== 'reaction' && await messageChangesRepository.refreshPreview(ctx.deps.db, tenantId, row)) {
    await ctx.deps.bus.publish(tenantId, 'conversation.updated', await ctx.summary(tenantId, row.conversationId))
  }
  return 'stored'
}

/** Moves our sent messages forward (sent → delivered → read), never backwards. */
export async function applyReceiptUpdates(deps: Pick<InboxDeps, 'db' | 'bus'>, tenantId: string, updates: ReceiptUpdate[]): Promise<void> {
  for (const u of updates) {
    const after = await deps.db.transaction(async (tx) => {
      const row = await inboxRepository.advanceStatus(tx, tenantId, u.waId, u.status, RECEIPT_FROM[u.status])
      return row ? stageStatus(tx, deps.bus, tenantId, row, { conversationId: row.conversationId, messageId: row.id, status: u.status }) : undefined
    })
    await after?.()
  }
}
