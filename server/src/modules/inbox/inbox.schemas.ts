// The shapes the inbox sends (inbox.dto.ts builds them): named, because the dashboard, the
// events socket and other modules' responses (follow-ups, labels, overview) reuse them.
import { z } from 'zod'
import { Media } from '../media/media.schemas.js'
import { IsoTime, named, Uuid } from '../../shared/http-schemas.js'

export const MESSAGE_STATUSES = ['received', 'pending', 'sent', 'delivered', 'read', 'failed'] as const
export const SENT_BY = ['customer', 'owner', 'agent', 'ai', 'followup', 'api', 'away'] as const
export const MODES = ['faq', 'order', 'complaint', 'other'] as const

export const ReplySource = named('ReplySource', z.object({
  id: z.string(), label: z.string(), documentId: z.string().optional(), fileName: z.string().optional(), location: z.string().nullable().optional(),
}).meta({ description: 'A piece of the shop\'s information an AI reply used: "Daftar harga", "FAQ", "menu.pdf, hal. 2".' }))

export const MessageStatus = named('MessageStatus', z.enum(MESSAGE_STATUSES))
export const Mode = named('Mode', z.enum(MODES))

export const Contact = named('Contact', z.object({
  id: Uuid, name: z.string().nullable(), phone: z.string().nullable(), jid: z.string(), lid: z.string().nullable(),
}))

export const NextReply = named('NextReply', z.object({
  outcome: z.enum(['ai_answers', 'ai_drafts', 'human']),
  reason: z.enum(['auto_reply_on', 'auto_reply_off', 'number_auto_reply_off', 'mode_not_enabled', 'complaint_handover', 'number_complaint_handover', 'taken_over', 'handed_over', 'no_ai_for_chat', 'voice_note']),
}).meta({ description: 'What happens to the next customer message of a chat (the chat header says it).' }))

export const Insight = named('Insight', z.object({
  id: Uuid, messageId: Uuid, mode: Mode, intent: z.string(), tags: z.array(z.string()), sentiment: z.string(),
  productInterest: z.string().nullable(), summary: z.string(), needsFollowUp: z.boolean(), confidence: z.number(),
  classifier: z.enum(['offline', 'openai']), model: z.string().nullable(),
  fallbackReason: z.string().nullable().meta({ description: 'Why the built-in classifier stood in for the AI model (no key, timeout…).' }),
  corrected: z.boolean().meta({ description: 'The owner corrected the tags.' }),
  createdAt: IsoTime,
  cue: z.object({ code: z.string(), text: z.string() }).nullable().meta({ description: "Something the owner should do about the message: `check_transfer_proof` (\"Cek bukti transfer\") for a photo that looks like a payment proof." }),
}))

export const Message = named('Message', z.object({
  id: Uuid, conversationId: Uuid, direction: z.enum(['in', 'out']), type: z.string(), body: z.string().nullable(),
  status: MessageStatus, sentBy: z.enum(SENT_BY), error: z.string().nullable(), createdAt: IsoTime, insight: Insight.nullable(),
  transcript: z.string().nullable().meta({ description: "A voice note's words from the tenant's speech-to-text (shown under the player); null otherwise." }),
  sources: z.array(ReplySource).meta({ description: 'AI replies: the shop information the answer used (price list, FAQ, an uploaded document\'s page).' }),
  media: Media.nullable(),
  quoted: z.object({ waId: z.string(), body: z.string().nullable(), fromMe: z.boolean() }).nullable().meta({ description: 'The message this one replies to, as the sender quoted it.' }),
  reactions: z.array(z.object({ by: z.enum(['customer', 'shop']), emoji: z.string(), at: z.string() })),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().nullable(), address: z.string().nullable() }).nullable(),
  contactCard: z.object({ displayName: z.string(), phone: z.string().nullable() }).nullable(),
  edited: z.boolean(),
  deleted: z.boolean().meta({ description: 'Deleted for everyone by its sender (the body is gone).' }),
}))

export const ConversationSummary = named('ConversationSummary', z.object({
  id: Uuid,
  contact: Contact,
  lastMessage: z.object({
    body: z.string().nullable(), direction: z.enum(['in', 'out']), at: IsoTime, status: MessageStatus.nullable(),
    /** text, image, video, audio, document, sticker, location, contact… */
    type: z.string(),
    /** For media: what the list's preview names (kind image|video|audio|ptt|document|sticker, a voice note's length, a file's name). */
    media: z.object({ kind: z.string(), durationMs: z.number().int().nullable(), fileName: z.string().nullable() }).nullable(),
  }).nullable(),
  unreadCount: z.number().int(),
  aiEnabled: z.boolean(),
  humanTakeover: z.boolean(),
  tags: z.array(z.string()),
  mode: Mode.nullable(),
  intent: z.string().nullable(),
  labelIds: z.array(Uuid).meta({ description: "The shop's own labels on this chat (ids of GET /labels)." }),
  device: z.object({ id: Uuid, name: z.string(), colour: z.string(), removed: z.boolean().meta({ description: 'The shop removed this number: replies are refused (409 inbox.number_removed).' }) }).meta({ description: "The shop's number (GET /devices) this chat is with; replies leave from it." }),
  updatedAt: IsoTime,
  nextReply: NextReply,
  waitingSince: IsoTime.nullable().meta({ description: "The customer has waited for the shop's answer since then; null when the shop's word was last." }),
  status: z.enum(['open', 'waiting', 'resolved']).meta({ description: 'open, waiting for the customer, or resolved. The shop answering an open chat (a person, the AI, a follow-up; not the away message) makes it waiting; a customer message reopens it.' }),
  snoozedUntil: IsoTime.nullable().meta({ description: 'Snoozed (hidden from open chats) until then; a customer message wakes it earlier.' }),
  assigneeId: Uuid.nullable().meta({ description: 'The teammate handling the chat (GET /team), or null.' }),
}))

export const FollowUp = named('FollowUp', z.object({
  id: Uuid, conversationId: Uuid, contact: Contact.nullable(), dueAt: IsoTime,
  status: z.enum(['scheduled', 'sent', 'cancelled', 'failed']),
  text: z.string().nullable(), reason: z.string(), attempt: z.number().int(), messageId: Uuid.nullable(),
  cancelReason: z.string().nullable().meta({ description: 'Why it was cancelled or failed (customer_replied, human_takeover…).' }),
  createdAt: IsoTime,
}))

export const DeadLetter = named('DeadLetter', z.object({
  id: Uuid, waId: z.string(), chatJid: z.string(), fromMe: z.boolean(), type: z.string(), preview: z.string().nullable(),
  errorCode: z.string(), attempts: z.number().int(), receivedAt: IsoTime, nextAttemptAt: IsoTime,
}).meta({ description: 'A customer message that arrived but could not be stored yet (retried by the worker).' }))

export const ContactDetail = named('ContactDetail', z.object({
  contact: Contact, notes: z.string().nullable().meta({ description: "The shop's notes on the customer." }), conversationId: Uuid.nullable(), insights: z.array(Insight), followUps: z.array(FollowUp),
}))

/** What a send may carry besides text (the reply in a chat and the integrator send share it). */
export const OutgoingContentFields = {
  mediaId: z.uuid({ message: 'Not a valid media id.' }).optional().meta({ description: 'An upload (POST /media) to send: a photo, video, document or audio. `text` becomes its caption and may be empty.' }),
  voiceNote: z.boolean().optional().meta({ description: 'Send the audio upload as a voice note (ptt). A browser recording (WebM/Opus) is turned into Ogg/Opus; no text allowed.' }),
  sticker: z.boolean().optional().meta({ description: 'Send the upload as a sticker: a PNG, JPEG or still WebP image, made into the 512×512 WebP of at most 100 KB WhatsApp takes (anything else, or an animated image: 422 media.not_sticker); no text allowed.' }),
  quotedMessageId: z.uuid({ message: 'Not a valid message id.' }).optional().meta({ description: 'Our id of a message in the same chat that this one answers (shown quoted above it).' }),
  location: z.strictObject({
    latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180),
    name: z.string().trim().min(1).max(200).optional(), address: z.string().trim().min(1).max(300).optional(),
  }).optional().meta({ description: 'Send a location pin (without text or file).' }),
}

/** A text is required unless a file or a location is sent. */
export const hasSomethingToSend = (b: { text: string; mediaId?: string | undefined; location?: unknown }) => b.text.length > 0 || Boolean(b.mediaId) || Boolean(b.location)
