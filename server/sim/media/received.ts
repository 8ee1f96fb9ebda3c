// What a customer's phone shows of a message the shop sent: its kind, text or caption, the
// voice-note flag and facts, a location, and the id of the message it quotes (tests assert these).
import type { proto } from '@whiskeysockets/baileys'
import { mediaOf } from './media-of.js'

export interface ReceivedSummary {
  kind: 'text' | 'image' | 'video' | 'audio' | 'ptt' | 'document' | 'sticker' | 'location' | 'other'
  text: string | null
  caption: string | null
  ptt: boolean
  mimetype: string | null
  fileName: string | null
  seconds: number | null
  waveform: number[] | null
  location: { latitude: number; longitude: number; name: string | null; address: string | null } | null
  quotedId: string | null
  /** The inline preview (`jpegThumbnail`) of a photo or video, as sent. */
  thumbnail: Buffer | null
}

export function summarizeReceived(m: proto.IMessage | null | undefined): ReceivedSummary {
  const media = mediaOf(m)
  const base: ReceivedSummary = { kind: 'other', text: null, caption: null, ptt: false, mimetype: null, fileName: null, seconds: null, waveform: null, location: null, quotedId: null, thumbnail: null }
  if (!m) return base
  if (media) {
    const c = media.content
    return {
      ...base, kind: media.kind, caption: c.caption ?? null, ptt: media.kind === 'ptt', mimetype: c.mimetype ?? null, fileName: c.fileName ?? null,
      seconds: c.seconds ?? null, waveform: c.waveform?.length ? [...c.waveform] : null, quotedId: c.contextInfo?.stanzaId ?? null,
      thumbnail: c.jpegThumbnail?.length ? Buffer.from(c.jpegThumbnail) : null,
    }
  }
  if (m.locationMessage) {
    const l = m.locationMessage
    return { ...base, kind: 'location', location: { latitude: l.degreesLatitude ?? 0, longitude: l.degreesLongitude ?? 0, name: l.name ?? null, address: l.address ?? null }, quotedId: l.contextInfo?.stanzaId ?? null }
  }
  if (m.extendedTextMessage) return { ...base, kind: 'text', text: m.extendedTextMessage.text ?? null, quotedId: m.extendedTextMessage.contextInfo?.stanzaId ?? null }
  if (m.conversation !== undefined && m.conversation !== null) return { ...base, kind: 'text', text: m.conversation }
  return base
}
