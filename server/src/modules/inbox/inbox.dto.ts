// The shapes the API and the events socket send (docs/API.md), built from rows.
import type { ReplySource } from '../../adapters/llm/llm.port.js'
import type { contacts, conversations, LastMessageMedia, messages } from './inbox.tables.js'
import { decideNextReply, type NextReply, type ReplyPolicy } from '../ai-config/ai-config.next-reply.js'
import type { MediaDto } from '../media/media.dto.js'

export type ContactRow = typeof contacts.$inferSelect
/** A conversation with the ids of its labels (read with `conversationColumns`, inbox.repository.ts). */
/** The number a chat is with, as the inbox shows it (its chip). */
export interface DeviceChip { id: string; name: string; colour: string; /** The shop removed the number: nothing can be sent from it. */ removed: boolean }
export type ConversationRow = typeof conversations.$inferSelect & { labelIds: string[]; device: DeviceChip }
export type MessageRow = typeof messages.$inferSelect

export interface ContactDto { id: string; name: string | null; phone: string | null; jid: string; lid: string | null }
/** A customer message's classification as the inbox shows it (the insights module makes it). */
export interface InsightDto {
  id: string; messageId: string; mode: string; intent: string; tags: string[]; sentiment: string
  productInterest: string | null; summary: string; needsFollowUp: boolean; confidence: number
  classifier: 'offline' | 'openai'; model: string | null; fallbackReason: string | null; corrected: boolean; createdAt: string
  /** Something the owner should do about the message, e.g. `{ code: 'check_transfer_proof', text: 'Cek bukti transfer' }`. */
  cue: { code: string; text: string } | null
}
export interface MessageDto {
  id: string; conversationId: string; direction: 'in' | 'out'; type: string; body: string | null
  status: MessageRow['status']; sentBy: MessageRow['sentBy']; error: string | null; createdAt: string; insight: InsightDto | null
  /** Photo, voice note, video, document or sticker (docs/API.md "Media"); null for others. */
  media: MediaDto | null
  /** A voice note's words, from the tenant's speech-to-text (shown under the player); null otherwise. */
  transcript: string | null
  quoted: { waId: string; body: string | null; fromMe: boolean } | null
  reactions: Array<{ by: 'customer' | 'shop'; emoji: string; at: string }>
  location: { latitude: number; longitude: number; name: string | null; address: string | null } | null
  contactCard: { displayName: string; phone: string | null } | null
  edited: boolean
  deleted: boolean
  /** AI replies: the knowledge-base documents the answer used (empty otherwise). */
  sources: ReplySource[]
}
export interface ConversationSummary {
  id: string; contact: ContactDto
  lastMessage: {
    body: string | null; direction: string; at: string; status: string | null
    /** The message type (text, image, audio, document, location, contact…) and its media facts for the list's preview. */
    type: string; media: LastMessageMedia | null
  } | null
  unreadCount: number; aiEnabled: boolean; humanTakeover: boolean; tags: string[]; mode: string | null; intent: string | null
  labelIds: string[]
  /** The shop's number the chat is with (replies leave from it). */
  device: DeviceChip
  updatedAt: string
  /** What happens to the next customer message (the chat header says it). */
  nextReply: NextReply
  /** The customer has waited for the shop's answer since then; null when the shop's word was last. */
  waitingSince: string | null
  /** The team's status of the chat (inbox.status.ts). */
  status: 'open' | 'waiting' | 'resolved'
  /** Hidden from the open list until then. */
  snoozedUntil: string | null
  /** The teammate handling it. */
  assigneeId: string | null
}

export const toContactDto = (c: ContactRow): ContactDto => ({ id: c.id, name: c.name, phone: c.phone, jid: c.jid, lid: c.lid })

export const toMessageDto = (m: MessageRow, insight?: InsightDto | null, media?: MediaDto): MessageDto => ({
  id: m.id, conversationId: m.conversationId, direction: m.direction, type: m.type, body: m.body, status: m.status,
  sentBy: m.sentBy, error: m.error, createdAt: m.createdAt.toISOString(), insight: insight ?? null,
  media: media ?? null, transcript: media?.transcript ?? null, quoted: m.quoted ?? null, reactions: m.reactions ?? [], location: m.details?.location ?? null,
  contactCard: m.details?.contact ?? null, edited: m.editedAt !== null, deleted: m.deletedAt !== null,
  sources: m.sources ?? [],
})

/** The chat's side of the next-reply decision (the tenant's settings are the other side). */
export const chatForReply = (c: ConversationRow, mode: string | null = c.mode, tags: readonly string[] = c.tags) => ({
  aiEnabled: c.aiEnabled, humanTakeover: c.humanTakeover, handedOver: c.handedOverAt !== null, mode, deviceId: c.deviceId,
  // The insights module tags a voice note it could not transcribe `voice_note` (insights.media.ts).
  unheardVoiceNote: tags.includes('voice_note'),
})

export const toConversationSummary = (c: ConversationRow, contact: ContactRow, policy: ReplyPolicy): ConversationSummary => ({
  id: c.id,
  contact: toContactDto(contact),
  lastMessage: c.lastMessageAt
    ? {
      body: c.lastMessageBody, direction: c.lastMessageDirection ?? 'in', at: c.lastMessageAt.toISOString(), status: c.lastMessageStatus,
      type: c.lastMessageType ?? 'text', media: c.lastMessageMedia ?? null,
    }
    : null,
  unreadCount: c.unreadCount, aiEnabled: c.aiEnabled, humanTakeover: c.humanTakeover, tags: c.tags, mode: c.mode, intent: c.intent,
  labelIds: c.labelIds,
  device: c.device,
  updatedAt: c.updatedAt.toISOString(),
  nextReply: decideNextReply(policy, chatForReply(c)),
  waitingSince: c.waitingSince?.toISOString() ?? null,
  status: c.status,
  snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
  assigneeId: c.assigneeId,
})
