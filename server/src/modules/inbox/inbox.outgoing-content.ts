// What an outgoing message may carry besides its text: an uploaded file (the media module prepares
// it), a location, a quoted message. Checked before the message's transaction, so every refusal
// is a 4xx with a stable code and nothing is half written.
import type { DbOrTx } from '../../db/client.js'
import type { MediaKind } from '../../adapters/whatsapp/whatsapp.port.js'
import { badRequest } from '../../shared/errors.js'

/** What a send may carry besides its text (the API's fields). */
export interface OutgoingContent {
  /** An upload (POST /media) to send; the text becomes its caption. */
  mediaId?: string | undefined
  /** Send the audio upload as a voice note (ptt). */
  voiceNote?: boolean | undefined
  /** Send the (WebP) upload as a sticker. */
  sticker?: boolean | undefined
  /** Our id of a message of the same chat that this one answers. */
  quotedMessageId?: string | undefined
  location?: { latitude: number; longitude: number; name?: string | undefined; address?: string | undefined } | undefined
}

/** An outgoing file as the media module prepared it (opaque to the inbox beyond its kind). */
export interface PreparedMediaRef { kind: MediaKind }
export interface PreparedContent {
  media?: PreparedMediaRef
  location?: { latitude: number; longitude: number; name: string | null; address: string | null }
  quotedMessageId?: string
}

/** The media module's side of sending files (set by the composition root). */
export interface OutgoingMediaHooks {
  prepare(tenantId: string, mediaId: string, opts: { voiceNote: boolean; sticker: boolean }): Promise<PreparedMediaRef>
  attach(tx: DbOrTx, tenantId: string, messageId: string, prepared: PreparedMediaRef): Promise<void>
  /** The message `type` a media kind is stored under. */
  typeOf(kind: MediaKind): string
}

/** Kinds WhatsApp shows without a caption. */
const NO_CAPTION: MediaKind[] = ['audio', 'ptt', 'sticker']

/**
 * Checks what a send carries besides text, before any transaction (a voice note may be remuxed
 * here): refusals are 4xx with stable codes, never a half-written message.
 */
export async function prepareOutgoingContent(hooks: OutgoingMediaHooks | undefined, tenantId: string, text: string, c: OutgoingContent): Promise<PreparedContent> {
  if (c.mediaId && c.location) throw badRequest('messages.media_and_location', 'Send a file or a location, not both in one message.')
  if (c.voiceNote && !c.mediaId) throw badRequest('messages.voice_note_without_media', 'Upload the recording first and send its mediaId with voiceNote.')
  if (c.sticker && !c.mediaId) throw badRequest('messages.sticker_without_media', 'Upload the WebP image first and send its mediaId with sticker.')
  if (c.sticker && c.voiceNote) throw badRequest('messages.sticker_and_voice_note', 'A message is a sticker or a voice note, not both.')
  if (c.location && text) throw badRequest('messages.location_with_text', 'A location is sent without text; send the text as its own message.')
  if (!c.mediaId && !c.location && !text) throw badRequest('messages.text_required', 'Write a message first.')
  const out: PreparedContent = {}
  if (c.mediaId) {
    if (!hooks) throw badRequest('messages.media_unavailable', 'Sending files is not available here.')
    out.media = await hooks.prepare(tenantId, c.mediaId, { voiceNote: c.voiceNote ?? false, sticker: c.sticker ?? false })
    if (text && NO_CAPTION.includes(out.media.kind)) throw badRequest('messages.caption_not_allowed', 'Voice notes, audio and stickers are sent without text; send the text as its own message.')
  }
  if (c.location) out.location = { latitude: c.location.latitude, longitude: c.location.longitude, name: c.location.name ?? null, address: c.location.address ?? null }
  if (c.quotedMessageId) out.quotedMessageId = c.quotedMessageId
  return out
}

