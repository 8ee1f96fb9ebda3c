// Outgoing messages on Baileys: the upload goes through Baileys' own media path (encryption and
// media_conn hosts, unchanged); the message is built from the kept upload reference and relayed
// with our message id, so a retry after a crash re-sends the same message without uploading again.
import { jidNormalizedUser, prepareWAMessageMedia, proto, type WASocket } from '@whiskeysockets/baileys'
import type { MediaUploadRef, OutgoingMediaFile, OutgoingMessage } from '../whatsapp.port.js'

const b64 = (u: Uint8Array | null | undefined): string | null => (u?.length ? Buffer.from(u).toString('base64') : null)
const bytes = (s: string | null) => (s ? Buffer.from(s, 'base64') : undefined)

type MediaType = MediaUploadRef['mediaType']

/** Encrypts and uploads one file; returns where it is and its keys. */
export async function uploadMedia(sock: WASocket, file: OutgoingMediaFile, logger: unknown): Promise<MediaUploadRef> {
  const mediaType: MediaType = file.kind === 'ptt' ? 'audio' : file.kind
  // Facts Baileys would otherwise compute from a temporary copy of the file (thumbnail, duration)
  // are given as placeholders: only the upload is used here, the message is built in toProto.
  const content = {
    [mediaType]: { stream: file.source }, mimetype: file.mime,
    ...(mediaType === 'audio' ? { seconds: 0 } : {}),
    ...(mediaType === 'image' || mediaType === 'video' ? { jpegThumbnail: '' } : {}),
    ...(mediaType === 'document' ? { fileName: 'file' } : {}),
  }
  const prepared = await prepareWAMessageMedia(content as never, { upload: sock.waUploadToServer, logger: logger as never, mediaUploadTimeoutMs: 120_000 })
  const m = (prepared as unknown as Record<string, proto.Message.IImageMessage | undefined>)[`${mediaType}Message`]
  if (!m?.mediaKey || !(m.directPath || m.url)) throw new Error('media upload returned no location')
  return {
    url: m.url ?? null, directPath: m.directPath ?? null, mediaKey: b64(m.mediaKey)!, fileSha256: b64(m.fileSha256), fileEncSha256: b64(m.fileEncSha256),
    mediaType, fileLength: Number(m.fileLength ?? 0),
  }
}

/** The WhatsApp message for an outgoing one; `me` is the account's own JID (for quoting our messages). */
export function toProto(msg: OutgoingMessage, me: string): proto.Message {
  const q = msg.quoted
  const contextInfo = q ? { stanzaId: q.waId, participant: q.fromMe ? jidNormalizedUser(me) : msg.toJid, quotedMessage: { conversation: q.text ?? '' } } : undefined
  const text = msg.text ?? ''
  if (msg.media) {
    const { upload: u, kind } = msg.media
    const common = {
      url: u.url, directPath: u.directPath, mediaKey: bytes(u.mediaKey), fileSha256: bytes(u.fileSha256), fileEncSha256: bytes(u.fileEncSha256),
      fileLength: u.fileLength, mimetype: msg.media.mime, mediaKeyTimestamp: Math.floor(Date.now() / 1000), contextInfo,
    }
    const caption = text ? { caption: text } : {}
    const size = { ...(msg.media.width ? { width: msg.media.width } : {}), ...(msg.media.height ? { height: msg.media.height } : {}) }
    const thumb = msg.media.jpegThumbnail?.length ? { jpegThumbnail: msg.media.jpegThumbnail } : {}
    const seconds = msg.media.durationMs ? { seconds: Math.max(1, Math.round(msg.media.durationMs / 1000)) } : {}
    switch (kind) {
      case 'image': return proto.Message.fromObject({ imageMessage: { ...common, ...caption, ...size, ...thumb } })
      case 'video': return proto.Message.fromObject({ videoMessage: { ...common, ...caption, ...size, ...seconds, ...thumb } })
      case 'sticker': return proto.Message.fromObject({ stickerMessage: { ...common, ...size } })
      case 'audio': case 'ptt': return proto.Message.fromObject({ audioMessage: {
        ...common, ...seconds, ptt: kind === 'ptt', ...(kind === 'ptt' && msg.media.waveform ? { waveform: Uint8Array.from(msg.media.waveform) } : {}),
      } })
      case 'document': {
        const fileName = msg.media.fileName ?? 'file'
        return proto.Message.fromObject({ documentMessage: { ...common, ...caption, fileName, title: fileName } })
      }
    }
  }
  if (msg.location) {
    const l = msg.location
    return proto.Message.fromObject({ locationMessage: { degreesLatitude: l.latitude, degreesLongitude: l.longitude, ...(l.name ? { name: l.name } : {}), ...(l.address ? { address: l.address } : {}), contextInfo } })
  }
  return proto.Message.fromObject(contextInfo ? { extendedTextMessage: { text, contextInfo } } : { conversation: text })
}
