// The outgoing write path of the inbox: a message the shop sends (a person in the dashboard, the
// API, the AI, a follow-up, a bulk send, the away message) is written to the outbox — pending,
// with the WhatsApp id chosen now, its file and quote, the chat's preview and, for a person's
// reply, its audit entry, all in one transaction — then announced and the gateway woken. The
// gateway sends it from the chat's number (inbox.outbox.ts). Split from inbox.service.ts, which
// keeps the public methods.
import { randomBytes } from 'node:crypto'
import type { ReplySource } from '../../adapters/llm/llm.port.js'
import type { DbOrTx } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import { badRequest, conflict, notFound } from '../../shared/errors.js'
import type { ReplyPolicy } from '../ai-config/ai-config.next-reply.js'
import { toConversationSummary, type ConversationSummary, type MessageDto, type MessageRow } from './inbox.dto.js'
import type { OutgoingMediaHooks, PreparedContent } from './inbox.outgoing-content.js'
import { inboxRepository } from './inbox.repository.js'
import type { InboxDeps } from './inbox.service.js'

/** WhatsApp-style message id, chosen before sending so a re-send after a crash reuses it. */
export const newWaMessageId = () => `3EB0${randomBytes(8).toString('hex').toUpperCase()}`

export type SentBy = MessageRow['sentBy']
/** A person of the shop wrote it (the dashboard, the API, the phone). */
const isPerson = (sentBy: SentBy) => sentBy === 'owner' || sentBy === 'agent' || sentBy === 'api'

export interface OutgoingOptions {
  /** A person's or key's reply: audited as `message.sent` in the message's own transaction. */
  by?: Actor
  /** AI replies: the customer message answered (one AI reply per message). */
  replyToMessageId?: string
  /** Follow-ups: the follow-up that produced it (one message per follow-up). */
  followUpId?: string
  /** Bulk sends: the batch it belongs to. */
  batchId?: string
  /** AI replies: the AI could not answer everything and handed the chat to a person. */
  handoff?: boolean
  /** AI replies: the knowledge-base documents the answer used. */
  sources?: ReplySource[]
  /**
   * The tenant's reply policy, read before the caller's transaction: looking it up inside would
   * need a second pool connection while the transaction holds locks others wait on.
   */
  policy?: ReplyPolicy
  /** A file, a location or a quoted message (checked by `prepareContent` before the transaction). */
  content?: PreparedContent
}

/** What the write path needs from the service (the media hooks are set after construction). */
export interface OutgoingContext {
  deps: InboxDeps
  outgoingMedia: OutgoingMediaHooks | undefined
  /** The list's row of a chat, announced with the message. */
  summary(tenantId: string, conversationId: string): Promise<ConversationSummary>
  messageDto(tenantId: string, row: MessageRow): Promise<MessageDto>
}

/**
 * Queues an outgoing message and, unless it joins the caller's transaction `opts.db` (the caller
 * then runs afterOutgoing once committed), announces it and wakes the gateway.
 */
export async function enqueueOutgoing(ctx: OutgoingContext, tenantId: string, conversationId: string, text: string, sentBy: SentBy, opts: OutgoingOptions & { db?: DbOrTx } = {}): Promise<MessageRow | undefined> {
  if (opts.db) return (await writeOutgoing(ctx, opts.db, tenantId, conversationId, text, sentBy, opts))?.row
  const result = await ctx.deps.db.transaction((tx) => writeOutgoing(ctx, tx, tenantId, conversationId, text, sentBy, opts))
  if (!result) return undefined
  await afterOutgoing(ctx, tenantId, result.row, result.conversation)
  if (isPerson(sentBy)) await ctx.deps.events.emit('shop.answered', { tenantId, conversationId })
  return result.row
}

/** Events and the gateway wake-up for an outgoing row (after its transaction committed). */
export async function afterOutgoing(ctx: OutgoingContext, tenantId: string, row: MessageRow, conversation?: ConversationSummary): Promise<void> {
  const conv = conversation ?? (await ctx.summary(tenantId, row.conversationId))
  await ctx.deps.bus.publish(tenantId, 'message.created', { conversation: conv, message: await ctx.messageDto(tenantId, row) })
  await ctx.deps.notifyOutbox(tenantId)
}

async function writeOutgoing(ctx: OutgoingContext, db: DbOrTx, tenantId: string, conversationId: string, text: string, sentBy: SentBy, opts: OutgoingOptions) {
  const policy = opts.policy ?? await ctx.deps.replyPolicy(tenantId)
  const found = await inboxRepository.getConversation(db, tenantId, conversationId)
  if (!found) throw notFound('inbox.conversation_not_found', 'No such conversation.')
  // Nothing could ever send it: the chat's number was removed (a reply always leaves from it).
  // A person is told; an automatic message (AI, follow-up, away) is quietly not written.
  if (found.conversation.device.removed) {
    if (isPerson(sentBy)) throw conflict('inbox.number_removed', 'The WhatsApp number of this chat was removed; nothing can be sent from it.')
    return undefined
  }
  const c = opts.content ?? {}
  // A reply quotes a message of this very chat (its text as it is now, as WhatsApp shows it).
  const quoted = c.quotedMessageId ? await inboxRepository.getMessage(db, tenantId, c.quotedMessageId) : undefined
  if (c.quotedMessageId && quoted?.conversationId !== conversationId) throw badRequest('messages.quoted_not_in_conversation', 'The quoted message is not in this chat.')
  const type = c.media ? ctx.outgoingMedia!.typeOf(c.media.kind) : c.location ? 'location' : 'text'
  const row = await inboxRepository.insertMessageOnce(db, tenantId, {
    conversationId, waId: newWaMessageId(), chatJid: found.contact.jid, fromMe: true, direction: 'out', type,
    body: c.location || (c.media && !text) ? null : text, status: 'pending', sentBy,
    ...(quoted ? { quoted: { waId: quoted.waId, body: quoted.deletedAt ? null : quoted.body, fromMe: quoted.fromMe } } : {}),
    ...(c.location ? { details: { location: c.location } } : {}),
    ...(opts.replyToMessageId ? { replyToMessageId: opts.replyToMessageId } : {}),
    ...(opts.followUpId ? { followUpId: opts.followUpId } : {}),
    ...(opts.batchId ? { batchId: opts.batchId } : {}),
    ...(opts.sources?.length ? { sources: opts.sources } : {}),
  })
  if (!row) return undefined
  // Same transaction: a pending message with a file always has its media row.
  if (c.media) await ctx.outgoingMedia!.attach(db, tenantId, row.id, c.media)
  const updated = await inboxRepository.touchConversation(db, tenantId, conversationId, row, { handoff: opts.handoff ?? false })
  if (opts.by) await ctx.deps.events.emit('chat.changed', { tx: db, tenantId, conversationId, by: opts.by, changes: [{ action: 'message.sent' }] })
  return { row, conversation: toConversationSummary(updated, found.contact, policy) }
}

