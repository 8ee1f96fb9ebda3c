// Files the shop sends: an upload (POST /media) checked and turned into what WhatsApp takes (a
// voice note remuxed to Ogg/Opus), copied onto the outgoing message's own media row in the
// message's transaction, then uploaded to WhatsApp once by the gateway: the upload's location and
// keys are stored before the message is relayed, so a retry after a crash re-sends the same
// message id with the same upload instead of uploading again.
import { Readable } from 'node:stream'
import sharp from 'sharp'
import type { Db, DbOrTx } from '../../db/client.js'
import type { MediaStore } from '../../adapters/media/media.port.js'
import type { MediaUploadRef, OutgoingMediaFile, OutgoingMessage } from '../../adapters/whatsapp/whatsapp.port.js'
import { AppError, notFound } from '../../shared/errors.js'
import { mediaRepository, type MediaRow } from './media.repository.js'
import { NotOpusError, toVoiceNote, VOICE_NOTE_MIME } from './media.voice-note.js'
import { canBeSticker, NotStickerError, STICKER_PX, toSticker } from './media.sticker.js'

/** What an outgoing message's media row is made of (decided before the message's transaction). */
export type PreparedMedia = Pick<MediaRow, 'kind' | 'mime' | 'size' | 'sha256' | 'fileName' | 'width' | 'height' | 'thumbnailSha256' | 'durationMs' | 'waveform'>

/** The message `type` a media kind is stored under (a voice note is audio, as inbound ones are). */
export const messageTypeOf = (kind: MediaRow['kind']): string => (kind === 'ptt' ? 'audio' : kind)

/** Types WhatsApp shows as a photo; anything else is sent as a document. */
const PHOTO = new Set(['image/jpeg', 'image/png'])
/** WhatsApp's own voice-note cap is far below this; a longer recording is not a voice note. */
const VOICE_NOTE_MAX_BYTES = 16 * 1024 * 1024

const mediaNotFound = () => notFound('media.not_found', 'No such upload. Upload the file first (POST /api/v1/media).')

/** A photo larger than this is not read whole to make a sticker of. */
const STICKER_SOURCE_MAX_BYTES = 16 * 1024 * 1024

async function readAll(stream: Readable, max: number, tooLarge: () => Error = () => new AppError('media.not_voice_note', 'This recording is too long for a voice note.', 422)): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of stream) {
    size += (c as Buffer).length
    if (size > max) { stream.destroy(); throw tooLarge() }
    chunks.push(c as Buffer)
  }
  return Buffer.concat(chunks)
}

export class OutgoingMedia {
  constructor(private readonly deps: { db: Db; store: MediaStore }) {}

  /**
   * Checks an upload before it is sent: this tenant's, an upload (not a customer's file), ready,
   * and of a kind WhatsApp takes. A voice note must be Opus audio (WebM from a browser is remuxed).
   */
  async prepare(tenantId: string, mediaId: string, opts: { voiceNote: boolean; sticker?: boolean }): Promise<PreparedMedia> {
    const row = await mediaRepository.get(this.deps.db, tenantId, mediaId)
    // An upload, or — sent as a sticker — a sticker from one of the shop's chats (the picker).
    const chatSticker = Boolean(row?.messageId && opts.sticker && row.kind === 'sticker')
    if (!row || (row.messageId && !chatSticker)) throw mediaNotFound()
    if (row.state !== 'ready' || !row.sha256) throw new AppError('media.not_ready', 'This file is not stored yet; try again in a moment.', 409)
    const base: PreparedMedia = {
      kind: row.kind, mime: row.mime, size: row.size, sha256: row.sha256, fileName: row.fileName, width: row.width, height: row.height,
      thumbnailSha256: row.thumbnailSha256, durationMs: row.durationMs, waveform: row.waveform,
    }
    const mime = (row.mime ?? '').split(';')[0]!.trim()
    if (opts.voiceNote) return this.voiceNote(tenantId, row, mime)
    // WhatsApp stickers are 512×512 WebP of ≤100 KB: a photo is made into one (media.sticker.ts).
    if (opts.sticker) return this.sticker(tenantId, row, mime)
    // Photos WhatsApp cannot show inline (HEIC, AVIF, GIF) still reach the customer, as files.
    if (row.kind === 'image' && !PHOTO.has(mime) && mime !== 'image/webp') return { ...base, kind: 'document', fileName: row.fileName ?? `foto.${mime.split('/')[1] ?? 'img'}` }
    return base
  }

  private async sticker(tenantId: string, row: MediaRow, mime: string): Promise<PreparedMedia> {
    const refuse = (message: string) => new AppError('media.not_sticker', message, 422)
    if (!canBeSticker(mime)) throw refuse('A sticker is made of a PNG, JPEG or WebP image.')
    // A sticker WhatsApp delivered to the shop is one already (animated ones too): sent as it is.
    if (row.messageId && row.kind === 'sticker' && mime === 'image/webp') {
      return { kind: 'sticker', mime: 'image/webp', size: row.size, sha256: row.sha256, fileName: null, width: row.width, height: row.height, thumbnailSha256: null, durationMs: null, waveform: null }
    }
    const opened = await this.deps.store.open(tenantId, row.sha256!)
    if (!opened) throw new AppError('media.not_ready', 'This file is not stored yet; try again in a moment.', 409)
    let made
    try { made = await toSticker(await readAll(opened.stream, STICKER_SOURCE_MAX_BYTES, () => refuse('This image is too large to make a sticker of.')), mime) } catch (err) {
      if (!(err instanceof NotStickerError)) throw err
      throw refuse(err.reason === 'animated' ? 'An animated image cannot be made a sticker here; send a still image.'
        : err.reason === 'too_large' ? 'This image cannot be made a sticker under WhatsApp\'s 100 KB; try a simpler image.'
          : 'This image cannot be read to make a sticker.')
    }
    const stored = made.converted ? await this.deps.store.put(tenantId, Readable.from([made.bytes]), { maxBytes: made.bytes.length }) : { sha256: row.sha256!, size: row.size ?? made.bytes.length }
    return {
      kind: 'sticker', mime: 'image/webp', size: stored.size, sha256: stored.sha256, fileName: null, width: STICKER_PX, height: STICKER_PX,
      thumbnailSha256: null, durationMs: null, waveform: null,
    }
  }

  private async voiceNote(tenantId: string, row: MediaRow, mime: string): Promise<PreparedMedia> {
    if (!['audio/ogg', 'audio/opus', 'audio/webm', 'video/webm'].includes(mime)) {
      throw new AppError('media.not_voice_note', 'A voice note must be Opus audio (Ogg or WebM, as a browser records it).', 422)
    }
    const opened = await this.deps.store.open(tenantId, row.sha256!)
    if (!opened) throw new AppError('media.not_ready', 'This file is not stored yet; try again in a moment.', 409)
    let note
    try { note = toVoiceNote(await readAll(opened.stream, VOICE_NOTE_MAX_BYTES)) } catch (err) {
      if (err instanceof NotOpusError) throw new AppError('media.not_voice_note', 'This recording is not Opus audio and cannot be sent as a voice note.', 422)
      throw err
    }
    const stored = mime === 'audio/ogg' || mime === 'audio/opus' ? { sha256: row.sha256!, size: row.size ?? note.ogg.length } : await this.deps.store.put(tenantId, Readable.from([note.ogg]), { maxBytes: VOICE_NOTE_MAX_BYTES })
    return {
      kind: 'ptt', mime: VOICE_NOTE_MIME, size: stored.size, sha256: stored.sha256, fileName: null, width: null, height: null, thumbnailSha256: null,
      durationMs: note.durationMs, waveform: note.waveform,
    }
  }

  /** The outgoing message's own media row, in the message's transaction. */
  async attach(tx: DbOrTx, tenantId: string, messageId: string, prepared: PreparedMedia): Promise<void> {
    await mediaRepository.insertOutbound(tx, tenantId, messageId, prepared)
  }

  /**
   * The media part of an outgoing message, uploaded to WhatsApp if it was not before. The upload's
   * location is stored before the caller relays the message: a crash after this re-sends it as is.
   */
  async forSending(tenantId: string, messageId: string, upload: (file: OutgoingMediaFile) => Promise<MediaUploadRef>): Promise<OutgoingMessageMedia> {
    const [row] = await mediaRepository.forMessages(this.deps.db, tenantId, [messageId])
    if (!row?.sha256) throw new Error('the outgoing message has no stored file')
    let ref = uploadOf(row)
    if (!ref) {
      const opened = await this.deps.store.open(tenantId, row.sha256)
      if (!opened) throw new Error('the outgoing file is missing from the media store')
      ref = await upload({ kind: row.kind, mime: mimeOf(row), source: opened.stream })
      await mediaRepository.saveUpload(this.deps.db, tenantId, row.id, ref)
    }
    return mediaPart(row, ref, await this.jpegThumbnail(tenantId, row))
  }

  /**
   * The media part of a message already sent, exactly as forSending gave it (never uploads):
   * undefined when it was never uploaded, i.e. never sent.
   */
  async sent(tenantId: string, messageId: string): Promise<OutgoingMessageMedia | undefined> {
    const [row] = await mediaRepository.forMessages(this.deps.db, tenantId, [messageId])
    const ref = row ? uploadOf(row) : undefined
    return row && ref ? mediaPart(row, ref, await this.jpegThumbnail(tenantId, row)) : undefined
  }

  /**
   * The preview a phone shows of a photo or video before downloading it: the stored thumbnail
   * made smaller (WhatsApp's own are ~100 px and a few KB; the message itself carries them).
   * Made the same way each time, so a re-send carries the same preview. None if it cannot be read.
   */
  private async jpegThumbnail(tenantId: string, row: MediaRow): Promise<Buffer | undefined> {
    if ((row.kind !== 'image' && row.kind !== 'video') || !row.thumbnailSha256) return undefined
    const opened = await this.deps.store.open(tenantId, row.thumbnailSha256)
    if (!opened) return undefined
    try {
      const pipeline = sharp({ limitInputPixels: 50_000_000 })
      opened.stream.pipe(pipeline)
      return await pipeline.resize(WA_THUMB_PX, WA_THUMB_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 60 }).toBuffer()
    } catch {
      opened.stream.destroy()
      return undefined
    }
  }
}

/** Side of the inline preview; keeps it well under WhatsApp's ~10 KB for message thumbnails. */
const WA_THUMB_PX = 96

type OutgoingMessageMedia = NonNullable<OutgoingMessage['media']>

const mimeOf = (row: MediaRow) => row.mime ?? 'application/octet-stream'
const uploadOf = (row: MediaRow) => (row.download?.fileLength !== undefined ? (row.download as MediaUploadRef) : undefined)

/** One builder for the first send and for re-sends (WhatsApp retry requests). */
function mediaPart(row: MediaRow, upload: MediaUploadRef, jpegThumbnail: Buffer | undefined): OutgoingMessageMedia {
  return {
    kind: row.kind, mime: mimeOf(row), upload, fileName: row.fileName, durationMs: row.durationMs, waveform: row.waveform, width: row.width, height: row.height,
    ...(jpegThumbnail ? { jpegThumbnail } : {}),
  }
}
