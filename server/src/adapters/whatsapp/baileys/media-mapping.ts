// The non-text parts of a WhatsApp message, in the port's terms: media (with what a download
// needs), the quoted message of a reply, a location, a contact card, and changes to earlier
// messages (reactions, edits, deletes-for-everyone).
import { proto } from '@whiskeysockets/baileys'
import type { InboundMedia, InboundMessage, MediaDownloadRef } from '../whatsapp.port.js'

const b64 = (v: Uint8Array | string | null | undefined): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : Buffer.from(v).toString('base64')
const num = (v: number | Long | null | undefined): number | null => (v === null || v === undefined ? null : Number(v))
type Long = { toNumber(): number }

type MediaLike = {
  url?: string | null; directPath?: string | null; mediaKey?: Uint8Array | null; fileSha256?: Uint8Array | null; fileEncSha256?: Uint8Array | null
  mimetype?: string | null; fileLength?: number | Long | null; jpegThumbnail?: Uint8Array | null
}

function ref(m: MediaLike, mediaType: MediaDownloadRef['mediaType']): MediaDownloadRef | undefined {
  if (!m.mediaKey || (!m.directPath && !m.url)) return undefined
  return { directPath: m.directPath ?? null, url: m.url ?? null, mediaKey: b64(m.mediaKey)!, fileSha256: b64(m.fileSha256), fileEncSha256: b64(m.fileEncSha256), mediaType }
}

function media(m: MediaLike, kind: InboundMedia['kind'], mediaType: MediaDownloadRef['mediaType'], extra: Partial<InboundMedia> = {}): InboundMedia | undefined {
  const download = ref(m, mediaType)
  if (!download) return undefined
  return {
    kind, mime: m.mimetype ?? null, size: num(m.fileLength as number | null), width: null, height: null, durationMs: null, fileName: null,
    waveform: null, inlineThumbnail: b64(m.jpegThumbnail), download, ...extra,
  }
}

/** `fromMe`: whether the account sent this message (edits and deletes only touch the sender's own). */
export function mediaPartsOf(m: proto.IMessage, fromMe: boolean): Pick<InboundMessage, 'media' | 'quoted' | 'location' | 'contact' | 'change'> {
  const parts: Pick<InboundMessage, 'media' | 'quoted' | 'location' | 'contact' | 'change'> = {}
  const found =
    m.imageMessage ? media(m.imageMessage, 'image', 'image', { width: m.imageMessage.width ?? null, height: m.imageMessage.height ?? null })
      : m.videoMessage ? media(m.videoMessage, 'video', 'video', { width: m.videoMessage.width ?? null, height: m.videoMessage.height ?? null, durationMs: m.videoMessage.seconds ? m.videoMessage.seconds * 1000 : null })
        : m.audioMessage ? media(m.audioMessage, m.audioMessage.ptt ? 'ptt' : 'audio', 'audio', {
          durationMs: m.audioMessage.seconds ? m.audioMessage.seconds * 1000 : null,
          waveform: m.audioMessage.waveform?.length ? [...m.audioMessage.waveform].slice(0, 128).map((v) => Math.min(100, v)) : null,
        })
          : m.documentMessage ? media(m.documentMessage, 'document', 'document', { fileName: m.documentMessage.fileName ?? m.documentMessage.title ?? null })
            : m.stickerMessage ? media(m.stickerMessage, 'sticker', 'sticker', { width: m.stickerMessage.width ?? null, height: m.stickerMessage.height ?? null })
              : undefined
  if (found) parts.media = found
  const ctx = (m.extendedTextMessage ?? m.imageMessage ?? m.videoMessage ?? m.audioMessage ?? m.documentMessage ?? m.stickerMessage)?.contextInfo
  if (ctx?.stanzaId) {
    const q = ctx.quotedMessage
    parts.quoted = { waId: ctx.stanzaId, text: q?.conversation ?? q?.extendedTextMessage?.text ?? q?.imageMessage?.caption ?? null, fromMe: false }
  }
  if (m.locationMessage) {
    const l = m.locationMessage
    parts.location = { latitude: l.degreesLatitude ?? 0, longitude: l.degreesLongitude ?? 0, name: l.name ?? null, address: l.address ?? null }
  }
  if (m.contactMessage) {
    const waid = /waid=(\d+)/.exec(m.contactMessage.vcard ?? '')?.[1] ?? /TEL[^:]*:([+\d ]+)/.exec(m.contactMessage.vcard ?? '')?.[1]?.replace(/\D/g, '')
    parts.contact = { displayName: m.contactMessage.displayName ?? '', phone: waid ?? null }
  }
  // Baileys has already turned a reaction's key to this account's perspective.
  if (m.reactionMessage?.key?.id) parts.change = { kind: 'reaction', targetWaId: m.reactionMessage.key.id, targetFromMe: Boolean(m.reactionMessage.key.fromMe) }
  const p = m.protocolMessage
  if (p?.key?.id && p.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) parts.change = { kind: 'edit', targetWaId: p.key.id, targetFromMe: fromMe }
  if (p?.key?.id && p.type === proto.Message.ProtocolMessage.Type.REVOKE) parts.change = { kind: 'revoke', targetWaId: p.key.id, targetFromMe: fromMe }
  return parts
}
