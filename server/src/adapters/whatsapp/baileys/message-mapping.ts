// From Baileys' WAMessage to the port's InboundMessage / ReceiptUpdate. Protocol and stub
// messages (key distribution, revokes, decryption placeholders) are not customer messages.
import { jidNormalizedUser, proto, type WAMessage, type WAMessageUpdate } from '@whiskeysockets/baileys'
import type { InboundMessage, ReceiptUpdate } from '../whatsapp.port.js'
import { mediaPartsOf } from './media-mapping.js'

const isOneToOne = (jid: string | null | undefined) => Boolean(jid && (jid.endsWith('@s.whatsapp.net') || jid.endsWith('@lid')))

const unwrap = (message: proto.IMessage): proto.IMessage =>
  message.ephemeralMessage?.message ?? message.viewOnceMessage?.message ?? message.deviceSentMessage?.message ?? message.documentWithCaptionMessage?.message ?? message

function contentOf(message: proto.IMessage | null | undefined): Pick<InboundMessage, 'type' | 'text'> | undefined {
  if (!message) return undefined
  const m = unwrap(message)
  if (m.reactionMessage?.key?.id) return { type: 'other', text: m.reactionMessage.text ?? '' }
  if (m.protocolMessage?.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
    const e = m.protocolMessage.editedMessage
    return { type: 'other', text: e?.conversation ?? e?.extendedTextMessage?.text ?? e?.imageMessage?.caption ?? '' }
  }
  if (m.protocolMessage?.type === proto.Message.ProtocolMessage.Type.REVOKE) return { type: 'other', text: null }
  if (m.conversation) return { type: 'text', text: m.conversation }
  if (m.extendedTextMessage?.text) return { type: 'text', text: m.extendedTextMessage.text }
  if (m.imageMessage) return { type: 'image', text: m.imageMessage.caption ?? null }
  if (m.videoMessage) return { type: 'video', text: m.videoMessage.caption ?? null }
  if (m.audioMessage) return { type: 'audio', text: null }
  if (m.documentMessage) return { type: 'document', text: m.documentMessage.caption ?? m.documentMessage.fileName ?? null }
  if (m.stickerMessage) return { type: 'sticker', text: null }
  if (m.locationMessage) return { type: 'location', text: m.locationMessage.name ?? m.locationMessage.address ?? null }
  if (m.contactMessage) return { type: 'contact', text: m.contactMessage.displayName ?? null }
  return undefined
}

export function toInbound(msg: WAMessage): InboundMessage | undefined {
  const key = msg.key
  if (!key?.id || !isOneToOne(key.remoteJid) || msg.messageStubType) return undefined
  const content = contentOf(msg.message)
  if (!content) return undefined
  const remote = jidNormalizedUser(key.remoteJid!)
  // Baileys gives the other addressing form in remoteJidAlt when it knows the PN<->LID mapping.
  const alt = (key as { remoteJidAlt?: string | null }).remoteJidAlt ? jidNormalizedUser((key as { remoteJidAlt?: string }).remoteJidAlt!) : null
  const pn = remote.endsWith('@s.whatsapp.net') ? remote : alt?.endsWith('@s.whatsapp.net') ? alt : null
  const lid = remote.endsWith('@lid') ? remote : alt?.endsWith('@lid') ? alt : null
  const ts = typeof msg.messageTimestamp === 'number' ? msg.messageTimestamp : Number(msg.messageTimestamp ?? 0)
  return {
    waId: key.id,
    chatJid: pn ?? remote,
    fromMe: Boolean(key.fromMe),
    customerPn: pn,
    customerLid: lid,
    pushName: key.fromMe ? null : msg.pushName ?? null,
    ...content,
    timestamp: ts > 0 ? new Date(ts * 1000) : new Date(),
    ...mediaPartsOf(unwrap(msg.message!), Boolean(key.fromMe)),
  }
}

const STATUS: Partial<Record<number, ReceiptUpdate['status']>> = {
  [proto.WebMessageInfo.Status.ERROR]: 'failed',
  [proto.WebMessageInfo.Status.SERVER_ACK]: 'sent',
  [proto.WebMessageInfo.Status.DELIVERY_ACK]: 'delivered',
  [proto.WebMessageInfo.Status.READ]: 'read',
  [proto.WebMessageInfo.Status.PLAYED]: 'read',
}

export function toReceipt(update: WAMessageUpdate): ReceiptUpdate | undefined {
  const { key } = update
  const status = update.update.status
  if (!key.id || !key.fromMe || status === undefined || status === null || !isOneToOne(key.remoteJid)) return undefined
  const mapped = STATUS[status]
  return mapped ? { waId: key.id, chatJid: jidNormalizedUser(key.remoteJid!), status: mapped } : undefined
}
