// Finds the media part of a proto.Message (also inside an ephemeral or view-once wrapper) and the
// HKDF media type its file is encrypted with.
import type { proto } from '@whiskeysockets/baileys'

type MediaContent = proto.Message.IImageMessage & proto.Message.IVideoMessage & proto.Message.IAudioMessage & proto.Message.IDocumentMessage & proto.Message.IStickerMessage

export interface FoundMedia { kind: 'image' | 'video' | 'audio' | 'ptt' | 'document' | 'sticker'; mediaType: string; content: MediaContent }

export function mediaOf(m: proto.IMessage | null | undefined): FoundMedia | undefined {
  if (!m) return undefined
  const inner = m.ephemeralMessage?.message ?? m.viewOnceMessage?.message ?? m.documentWithCaptionMessage?.message
  if (inner) return mediaOf(inner)
  if (m.imageMessage) return { kind: 'image', mediaType: 'image', content: m.imageMessage as MediaContent }
  if (m.videoMessage) return { kind: 'video', mediaType: 'video', content: m.videoMessage as MediaContent }
  if (m.audioMessage) return { kind: m.audioMessage.ptt ? 'ptt' : 'audio', mediaType: 'audio', content: m.audioMessage as MediaContent }
  if (m.documentMessage) return { kind: 'document', mediaType: 'document', content: m.documentMessage as MediaContent }
  if (m.stickerMessage) return { kind: 'sticker', mediaType: 'sticker', content: m.stickerMessage as MediaContent }
  return undefined
}
