// What a customer's phone sends besides plain text (sim/PROTOCOL.md §13a): media is encrypted and
// uploaded to the simulated media host first, then the message carries url, directPath, mediaKey
// and both hashes, as WhatsApp's clients send it. Also replies, reactions, edits and revokes, and
// the phone's answer to a media re-upload request (`<receipt type=server-error>`).
import { proto, type BinaryNode } from '@whiskeysockets/baileys'
import { randomBytes } from 'node:crypto'
import type { SimCore } from '../core.js'
import { S_NET } from '../directory/directory.js'
import type { Account, Connection, Customer } from '../directory/types.js'
import { encryptMedia, gcmEncrypt, mediaRetryKey, type SimMediaType } from '../media/media-crypto.js'
import { child } from '../wire/nodes.js'
import { customerSendMessage } from './inbound.js'

export type CustomerMedia =
  | { kind: 'image'; bytes: Buffer; mimetype?: string; caption?: string; width?: number; height?: number; jpegThumbnail?: Buffer }
  | { kind: 'ptt'; bytes: Buffer; seconds: number; waveform?: Buffer; mimetype?: string }
  | { kind: 'video'; bytes: Buffer; seconds: number; caption?: string; mimetype?: string; jpegThumbnail?: Buffer }
  | { kind: 'document'; bytes: Buffer; fileName: string; mimetype?: string; caption?: string }
  | { kind: 'sticker'; bytes: Buffer; mimetype?: string }

export type CustomerOther =
  | { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { kind: 'contact'; displayName: string; phone: string }
  | { kind: 'reply'; quotedId: string; quotedText: string; text: string; quotedFromMe?: boolean }
  | { kind: 'reaction'; targetId: string; emoji: string; targetFromShop?: boolean }
  | { kind: 'edit'; targetId: string; text: string }
  | { kind: 'revoke'; targetId: string }

/** Per uploaded message: what the phone still has, so it can answer a re-upload request. */
export interface PhoneMediaCopy { enc: Buffer; mediaKey: Buffer; directPath: string; lost: boolean }

const mediaTypeOf = (k: CustomerMedia['kind']): SimMediaType => (k === 'ptt' ? 'audio' : k)

function mediaFields(core: SimCore, m: CustomerMedia, customer: Customer, id: string) {
  const enc = encryptMedia(m.bytes, mediaTypeOf(m.kind))
  const directPath = core.media.put(enc.enc, customer.pn)
  core.phoneMedia.set(id, { enc: enc.enc, mediaKey: enc.mediaKey, directPath, lost: false })
  return {
    url: core.media.urlOf(directPath), directPath, mediaKey: enc.mediaKey, fileSha256: enc.fileSha256, fileEncSha256: enc.fileEncSha256,
    fileLength: enc.fileLength, mediaKeyTimestamp: Math.floor(Date.now() / 1000),
  }
}

export function buildMediaMessage(core: SimCore, customer: Customer, id: string, m: CustomerMedia): proto.IMessage {
  const f = mediaFields(core, m, customer, id)
  switch (m.kind) {
    case 'image': return { imageMessage: { ...f, mimetype: m.mimetype ?? 'image/jpeg', caption: m.caption ?? null, width: m.width ?? null, height: m.height ?? null, jpegThumbnail: m.jpegThumbnail ?? null } }
    case 'ptt': return { audioMessage: { ...f, mimetype: m.mimetype ?? 'audio/ogg; codecs=opus', ptt: true, seconds: m.seconds, waveform: m.waveform ?? null } }
    case 'video': return { videoMessage: { ...f, mimetype: m.mimetype ?? 'video/mp4', seconds: m.seconds, caption: m.caption ?? null, jpegThumbnail: m.jpegThumbnail ?? null } }
    case 'document': return { documentMessage: { ...f, mimetype: m.mimetype ?? 'application/pdf', fileName: m.fileName, title: m.fileName, caption: m.caption ?? null } }
    case 'sticker': return { stickerMessage: { ...f, mimetype: m.mimetype ?? 'image/webp', isAnimated: false } }
  }
}

export function buildOtherMessage(customer: Customer, account: Account, o: CustomerOther): { message: proto.IMessage; type: string } {
  const chat = `${customer.pn}@${S_NET}`
  // Keys are written from the sender's side: the chat is the shop, and `fromMe` means the customer's own.
  const keyOf = (id: string, fromMe: boolean) => ({ remoteJid: `${account.pn}@${S_NET}`, fromMe, id })
  switch (o.kind) {
    case 'location': return { type: 'media', message: { locationMessage: { degreesLatitude: o.latitude, degreesLongitude: o.longitude, name: o.name ?? null, address: o.address ?? null } } }
    case 'contact': {
      const digits = o.phone.replace(/\D/g, '')
      const vcard = `BEGIN:VCARD\nVERSION:3.0\nFN:${o.displayName}\nTEL;type=CELL;waid=${digits}:+${digits}\nEND:VCARD`
      return { type: 'media', message: { contactMessage: { displayName: o.displayName, vcard } } }
    }
    case 'reply': return { type: 'text', message: { extendedTextMessage: { text: o.text, contextInfo: {
      stanzaId: o.quotedId, participant: o.quotedFromMe ? `${account.pn}@${S_NET}` : chat, quotedMessage: { conversation: o.quotedText },
    } } } }
    case 'reaction': return { type: 'reaction', message: { reactionMessage: { key: keyOf(o.targetId, !o.targetFromShop), text: o.emoji, senderTimestampMs: Date.now() } } }
    case 'edit': return { type: 'text', message: { protocolMessage: { key: keyOf(o.targetId, true), type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT, editedMessage: { conversation: o.text }, timestampMs: Date.now() } } }
    case 'revoke': return { type: 'text', message: { protocolMessage: { key: keyOf(o.targetId, true), type: proto.Message.ProtocolMessage.Type.REVOKE } } }
  }
}

export async function customerSendMedia(core: SimCore, customer: Customer, account: Account, m: CustomerMedia, opts: { offline?: boolean } = {}): Promise<string> {
  const id = `3A${randomBytes(9).toString('hex').toUpperCase()}`
  return customerSendMessage(core, customer, account, buildMediaMessage(core, customer, id, m), { ...opts, id, type: 'media' })
}

export async function customerSendOther(core: SimCore, customer: Customer, account: Account, o: CustomerOther, opts: { offline?: boolean } = {}): Promise<string> {
  const { message, type } = buildOtherMessage(customer, account, o)
  return customerSendMessage(core, customer, account, message, { ...opts, type })
}

/**
 * Baileys asks the sender's phone to upload a file again (`updateMediaMessage`). A phone that still
 * has it re-hosts it and answers with the new directPath, encrypted under the media retry key; one
 * that lost it answers NOT_FOUND. Either way in a `<notification type=mediaretry>`.
 */
export function answerMediaRetry(core: SimCore, conn: Connection, node: BinaryNode): void {
  const id = node.attrs.id!
  const copy = core.phoneMedia.get(id)
  const rmr = child(node, 'rmr')
  core.counters.mediaRetries += 1
  const result = copy && !copy.lost ? proto.MediaRetryNotification.ResultType.SUCCESS : proto.MediaRetryNotification.ResultType.NOT_FOUND
  let directPath: string | undefined
  if (copy && !copy.lost) {
    directPath = core.media.put(copy.enc, 'phone')
    copy.directPath = directPath
  }
  const content: BinaryNode[] = [{ tag: 'rmr', attrs: { jid: rmr?.attrs.jid ?? '', from_me: rmr?.attrs.from_me ?? 'false' } }]
  if (copy) {
    const plain = proto.MediaRetryNotification.encode({ stanzaId: id, result, ...(directPath ? { directPath } : {}) }).finish()
    const iv = randomBytes(12)
    content.unshift({ tag: 'encrypt', attrs: {}, content: [
      { tag: 'enc_p', attrs: {}, content: gcmEncrypt(plain, mediaRetryKey(copy.mediaKey), iv, Buffer.from(id)) },
      { tag: 'enc_iv', attrs: {}, content: iv },
    ] })
  } else content.unshift({ tag: 'error', attrs: { code: String(proto.MediaRetryNotification.ResultType.NOT_FOUND) } })
  core.send(conn, { tag: 'notification', attrs: { from: S_NET, type: 'mediaretry', id, t: String(Math.floor(Date.now() / 1000)) }, content })
}
