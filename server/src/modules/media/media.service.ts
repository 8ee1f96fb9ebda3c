// Media of messages: fetching inbound files from WhatsApp (the `media.fetch` job), thumbnails,
// signed links, and what the API shows. The message row was stored before any of this runs, so a
// slow or failing download never delays the inbox or loses the message: the media row says how
// far it got, and the dashboard shows it.
import { Readable } from 'node:stream'
import sharp from 'sharp'
import type { Db, DbOrTx } from '../../db/client.js'
import type { InboundMedia } from '../../adapters/whatsapp/whatsapp.port.js'
import type { MediaConfig } from '../../config/config.js'
import type { MediaStore, SniffedType } from '../../adapters/media/media.port.js'
import { MediaTooLargeError, MediaTypeRefusedError } from '../../adapters/media/media.port.js'
import { MediaGoneError, MediaHostRefusedError, MediaIntegrityError, type WaMediaDownloader } from '../../adapters/whatsapp/wa-media-download.js'
import type { EventPublisher } from '../realtime/realtime.bus.js'
import { mediaRepository, type MediaRow } from './media.repository.js'

export type { MediaRow }
import { toMediaDto, type MediaDto } from './media.dto.js'
import { AppError, notFound } from '../../shared/errors.js'
import type { MediaLinks } from './media-links.js'

/** Longest side of a stored thumbnail (px). */
const THUMB_PX = 320
/** A video preview is one frame: a 4K frame at most. */
const PREVIEW_MAX_PIXELS = 3840 * 2160
/** Bytes a preview image may have (a frame as a browser's canvas encodes it is far smaller). */
export const PREVIEW_MAX_BYTES = 256 * 1024

/** What a stored file of each kind may be, judged by its bytes. Never HTML, SVG or script. */
export function acceptsFor(kind: MediaRow['kind']): (t: SniffedType | undefined) => boolean {
  switch (kind) {
    case 'image': return (t) => Boolean(t && ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'image/avif'].includes(t.mime))
    case 'sticker': return (t) => Boolean(t && ['image/webp', 'image/png'].includes(t.mime))
    case 'video': return (t) => Boolean(t && t.mime.startsWith('video/'))
    // An audio-only MP4 or WebM (a browser's voice recording) is sniffed as video by its container.
    case 'audio': case 'ptt': return (t) => Boolean(t && (t.mime.startsWith('audio/') || t.mime === 'video/mp4' || t.mime === 'video/webm'))
    // Documents may be anything a shop is sent (invoices, spreadsheets, plain text), but never
    // something a browser would run: those are refused rather than served.
    case 'document': return (t) => !t || !/html|svg|javascript|xml/.test(t.mime)
  }
}

/** What an uploaded file is, by its sniffed type. */
export function kindOfType(t: SniffedType | undefined): MediaRow['kind'] {
  if (t?.mime.startsWith('image/')) return 'image'
  if (t?.mime.startsWith('audio/')) return 'audio'
  if (t?.mime.startsWith('video/')) return 'video'
  return 'document'
}

export const maxBytesFor = (cfg: MediaConfig, kind: MediaRow['kind']) => cfg.maxBytes[kind === 'ptt' ? 'audio' : kind]

export interface MediaServiceDeps {
  db: Db
  store: MediaStore
  downloader: WaMediaDownloader
  config: MediaConfig
  links: MediaLinks
  bus: EventPublisher
  /** Days the tenant keeps files (its own setting, else MEDIA_RETENTION_DAYS). */
  retentionDaysFor?(tenantId: string): Promise<number>
  /** Asks the sender's phone (through the live session) to upload an expired file again. */
  requestReupload?(tenantId: string, mediaId: string): Promise<MediaRow['download'] | undefined>
}

export type FetchOutcome = 'ready' | 'failed' | 'expired' | 'skipped'

export interface SweepOptions {
  /** Files no row needs are deleted only once older than this (a row may be about to reference one). */
  orphanGraceMs: number
  now?: Date
}

export interface SweepResult { expired: number; deletedFiles: number; orphans: number; errors: number }

/** Hears that a message's file reached its final fetch state (ready, failed or expired). */
type SettledListener = (row: MediaRow) => Promise<unknown>

export class MediaService {
  private readonly settled: SettledListener[] = []
  /** Store operations that failed in this process (disk full, S3 down): a gauge in /metrics. */
  private storeErrors = 0
  constructor(private readonly deps: MediaServiceDeps) {
    // libvips' thread pool is process-wide (one thread per core by default); an operator may cap
    // it so thumbnails leave cores to the inbox (MEDIA_IMAGE_THREADS; 0 keeps the default).
    if (deps.config.imageThreads > 0) sharp.concurrency(deps.config.imageThreads)
  }

  /** The AI side (insights) listens: a voice note can be transcribed once its bytes are here. */
  onSettled(listener: SettledListener): void { this.settled.push(listener) }

  get(tenantId: string, mediaId: string): Promise<MediaRow | undefined> { return mediaRepository.get(this.deps.db, tenantId, mediaId) }

  /** The media row of one message (none for text). */
  forMessage(tenantId: string, messageId: string): Promise<MediaRow | undefined> {
    return mediaRepository.forMessage(this.deps.db, tenantId, messageId)
  }

  /** A stored file whole in memory, for the AI provider (capped per kind at fetch time); null when gone. */
  async bytes(row: MediaRow): Promise<Buffer | null> {
    if (row.state !== 'ready' || !row.sha256) return null
    const opened = await this.deps.store.open(row.tenantId, row.sha256)
    if (!opened) return null
    const chunks: Buffer[] = []
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }

  /** Marks the AI's work on a file as started; false when it already was (a retried or duplicate job). */
  claimUnderstanding(tenantId: string, mediaId: string): Promise<boolean> {
    return mediaRepository.claimUnderstanding(this.deps.db, tenantId, mediaId)
  }

  /** Stores what the AI made of a file (or that it could not) and tells the dashboards. */
  async setUnderstanding(tenantId: string, mediaId: string, patch: Pick<MediaRow, 'understanding'> & Partial<Pick<MediaRow, 'transcript' | 'description'>>): Promise<MediaRow | undefined> {
    const row = await mediaRepository.setUnderstanding(this.deps.db, tenantId, mediaId, patch)
    if (row) await this.announce(row)
    return row
  }

  dto(row: MediaRow): MediaDto { return toMediaDto(row, this.deps.links) }

  /** An inbound message's media row, written in the message's own transaction (`tx`), state pending. */
  async recordInbound(tx: DbOrTx, tenantId: string, messageId: string, media: InboundMedia): Promise<{ id: string }> {
    return mediaRepository.insertInbound(tx, tenantId, messageId, media)
  }

  /** The `media` object per message id, for a page of a thread (`db`: inside a caller's transaction). */
  async forMessages(tenantId: string, messageIds: string[], db: DbOrTx = this.deps.db): Promise<Map<string, MediaDto>> {
    const rows = await mediaRepository.forMessages(db, tenantId, messageIds)
    return new Map(rows.map((r) => [r.messageId!, this.dto(r)]))
  }

  /**
   * The `media.fetch` job. Errors that another try may fix (network, WhatsApp busy) are thrown so
   * the queue retries with back-off; a file that is gone, too big, disguised or corrupt ends here
   * with a state, because retrying cannot change it.
   */
  async fetch(tenantId: string, mediaId: string): Promise<FetchOutcome> {
    const { db } = this.deps
    let row = await mediaRepository.get(db, tenantId, mediaId)
    if (!row || row.state !== 'pending' || !row.download) return 'skipped'
    await mediaRepository.countAttempt(db, tenantId, mediaId)
    let source: Readable
    try {
      source = await this.deps.downloader.open(row.download)
    } catch (err) {
      if (err instanceof MediaGoneError) {
        const fresh = await this.deps.requestReupload?.(tenantId, mediaId).catch(() => undefined)
        if (!fresh) return this.fail(row, 'expired', err.message)
        await mediaRepository.updateDownload(db, tenantId, mediaId, fresh)
        row = { ...row, download: fresh }
        try { source = await this.deps.downloader.open(fresh) } catch (again) {
          if (again instanceof MediaGoneError) return this.fail(row, 'expired', again.message)
          throw again
        }
      } else if (err instanceof MediaHostRefusedError) {
        return this.fail(row, 'failed', err.message)
      } else throw err
    }
    try {
      const stored = await this.deps.store.put(tenantId, source, { maxBytes: maxBytesFor(this.deps.config, row.kind), accept: acceptsFor(row.kind) }).catch((err: unknown) => {
        // Disk or S3 trouble (not the file's fault): counted, then retried by the queue; the
        // message is stored already, and after the last attempt its media says `failed`.
        if (!(err instanceof MediaTooLargeError || err instanceof MediaTypeRefusedError || err instanceof MediaIntegrityError)) this.storeErrors += 1
        throw err
      })
      const extra = await this.imageFacts(tenantId, row, stored.sha256)
      const ready = await mediaRepository.markReady(db, tenantId, mediaId, { sha256: stored.sha256, size: stored.size, mime: stored.sniffed?.mime ?? row.mime, ...extra })
      if (ready) { await this.announce(ready); await this.tellSettled(ready) }
      return 'ready'
    } catch (err) {
      if (err instanceof MediaTooLargeError || err instanceof MediaTypeRefusedError || err instanceof MediaIntegrityError) return this.fail(row, 'failed', err.message)
      throw err
    }
  }

  /** The queue gave up (all attempts failed): the message stays, its media says so. */
  async markFailed(tenantId: string, mediaId: string, err: Error): Promise<void> {
    const row = await mediaRepository.markFailed(this.deps.db, tenantId, mediaId, 'failed', err.message)
    if (row) { await this.announce(row); await this.tellSettled(row) }
  }

  private async fail(row: MediaRow, state: 'failed' | 'expired', error: string): Promise<FetchOutcome> {
    const updated = await mediaRepository.markFailed(this.deps.db, row.tenantId, row.id, state, error)
    if (updated) { await this.announce(updated); await this.tellSettled(updated) }
    return state
  }

  private async tellSettled(row: MediaRow): Promise<void> {
    if (row.messageId) for (const listener of this.settled) await listener(row)
  }

  /** Images and stickers: real dimensions and a small JPEG thumbnail, itself content-addressed. */
  private async imageFacts(tenantId: string, row: MediaRow, sha256: string): Promise<Partial<Pick<MediaRow, 'width' | 'height' | 'thumbnailSha256'>>> {
    if (row.kind !== 'image' && row.kind !== 'sticker') return {}
    const opened = await this.deps.store.open(tenantId, sha256)
    if (!opened) return {}
    try {
      const pipeline = sharp({ limitInputPixels: 50_000_000 })
      opened.stream.pipe(pipeline)
      const [meta, thumb] = await Promise.all([
        pipeline.clone().metadata(),
        pipeline.clone().rotate().resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer(),
      ])
      const stored = await this.deps.store.put(tenantId, Readable.from([thumb]), { maxBytes: 2 * 1024 * 1024 })
      return { width: meta.width ?? null, height: meta.height ?? null, thumbnailSha256: stored.sha256 }
    } catch {
      return {} // an image sharp cannot read still is the customer's file; it just has no preview
    }
  }

  private async announce(row: MediaRow): Promise<void> {
    if (!row.messageId) return
    await this.deps.bus.publish(row.tenantId, 'message.updated', { messageId: row.messageId, media: this.dto(row) })
  }

  /** Bytes of one file or its thumbnail, for the signed-link route. */
  async openVariant(tenantId: string, mediaId: string, variant: 'file' | 'thumb'): Promise<{ row: MediaRow; stream: Readable; size: number; mime: string } | undefined> {
    const row = await mediaRepository.get(this.deps.db, tenantId, mediaId)
    if (!row) return undefined
    if (variant === 'thumb') {
      if (row.thumbnailSha256) {
        const t = await this.deps.store.open(tenantId, row.thumbnailSha256)
        if (t) return { row, ...t, mime: 'image/jpeg' }
      }
      if (row.inlineThumbnail) {
        const bytes = Buffer.from(row.inlineThumbnail, 'base64')
        return { row, stream: Readable.from([bytes]), size: bytes.length, mime: 'image/jpeg' }
      }
      return undefined
    }
    if (row.state !== 'ready' || !row.sha256) return undefined
    const f = await this.deps.store.open(tenantId, row.sha256)
    return f ? { row, ...f, mime: row.mime ?? 'application/octet-stream' } : undefined
  }

  /**
   * A file the shop uploads to send (POST /media): streamed into the store, its kind decided by
   * its bytes (never by the name or the declared type), capped per kind. Throws the store's
   * MediaTooLargeError / MediaTypeRefusedError; nothing is kept then.
   */
  async upload(tenantId: string, source: Readable, fileName: string | null, declaredMime: string | null): Promise<MediaDto> {
    const cfg = this.deps.config
    // A file that claims to be a photo, voice note or video must be one (a "photo" that is HTML
    // is refused); anything else is judged by its bytes alone.
    const declared = declaredMime && /^(image|audio|video)\//.test(declaredMime) ? kindOfType({ mime: declaredMime, ext: '' }) : undefined
    const stored = await this.deps.store.put(tenantId, source, {
      maxBytes: Math.max(...Object.values(cfg.maxBytes)),
      accept: (t) => acceptsFor(declared ?? kindOfType(t))(t),
      maxBytesFor: (t) => maxBytesFor(cfg, kindOfType(t)),
    })
    // A declared audio file that passed the audio check stays audio (its container may say video).
    const kind = declared ?? kindOfType(stored.sniffed)
    const base = { kind, mime: stored.sniffed?.mime ?? 'application/octet-stream', size: stored.size, sha256: stored.sha256, fileName: fileName?.slice(0, 200) ?? null, width: null, height: null, thumbnailSha256: null }
    const facts = await this.imageFacts(tenantId, { ...base, tenantId } as MediaRow, stored.sha256)
    return this.dto(await mediaRepository.insertUpload(this.deps.db, tenantId, { ...base, ...facts }))
  }

  /** Stickers customers (and the shop) sent lately, each once: the reply box offers them again. */
  async recentStickers(tenantId: string, limit = 12): Promise<MediaDto[]> {
    return (await mediaRepository.recentStickers(this.deps.db, tenantId, limit)).map((r) => this.dto(r))
  }

  /**
   * A poster for a video the shop is about to send (there is no ffmpeg to grab a frame on the
   * server: the dashboard draws one with <video> + canvas). Checked as a real small JPEG by its
   * bytes, re-encoded (no metadata survives) and kept as the upload's thumbnail, which the send
   * carries as WhatsApp's `jpegThumbnail` and the dashboard shows as the poster.
   */
  async setVideoPreview(tenantId: string, mediaId: string, jpeg: Buffer): Promise<MediaDto> {
    const row = await mediaRepository.get(this.deps.db, tenantId, mediaId)
    if (!row || row.messageId) throw notFound('media.not_found', 'No such upload.')
    if (row.kind !== 'video') throw new AppError('media.preview_not_video', 'Only a video upload takes a preview image.', 422)
    const notJpeg = () => new AppError('media.preview_not_jpeg', 'The preview must be a JPEG image.', 415)
    if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[2] !== 0xff) throw notJpeg()
    let thumb: Buffer
    try {
      const image = sharp(jpeg, { limitInputPixels: PREVIEW_MAX_PIXELS })
      if ((await image.metadata()).format !== 'jpeg') throw notJpeg()
      thumb = await image.rotate().resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer()
    } catch (err) {
      if (err instanceof AppError) throw err
      throw notJpeg() // cut off, corrupt, or larger than a preview frame
    }
    const stored = await this.deps.store.put(tenantId, Readable.from([thumb]), { maxBytes: 2 * 1024 * 1024 })
    const updated = await mediaRepository.setUploadThumbnail(this.deps.db, tenantId, mediaId, stored.sha256)
    if (!updated) throw notFound('media.not_found', 'No such upload.')
    return this.dto(updated)
  }

  /**
   * Deletes the media rows of messages being deleted, inside the caller's transaction (`tx`), and
   * returns the content keys they used: pass them to removeUnreferenced once the deletion committed.
   */
  forgetMessages(tx: DbOrTx, tenantId: string, messageIds: string[]): Promise<string[]> {
    return mediaRepository.deleteForMessages(tx, tenantId, messageIds)
  }

  /** Of these files, those no row of the tenant uses any more (`db`: inside the caller's transaction). */
  async unreferencedAmong(db: DbOrTx, tenantId: string, shas: string[]): Promise<string[]> {
    const unique = [...new Set(shas)]
    const out: string[] = []
    for (let i = 0; i < unique.length; i += 500) {
      const batch = unique.slice(i, i + 500)
      const keep = await mediaRepository.stillReferenced(db, tenantId, batch)
      out.push(...batch.filter((sha) => !keep.has(sha)))
    }
    return out
  }

  /**
   * Removes from the store each of these files that no row of the tenant still uses (a photo
   * another customer also sent, or an upload the shop may send again, stays). A store error is
   * counted, not thrown: the rows are gone already and the orphan sweep removes the file later.
   */
  async removeUnreferenced(tenantId: string, shas: string[]): Promise<{ removed: number; errors: number }> {
    const out = { removed: 0, errors: 0 }
    const unique = [...new Set(shas)]
    for (let i = 0; i < unique.length; i += 500) {
      const batch = unique.slice(i, i + 500)
      const keep = await mediaRepository.stillReferenced(this.deps.db, tenantId, batch)
      for (const sha of batch) {
        if (keep.has(sha)) continue
        try { await this.deps.store.delete(tenantId, sha); out.removed += 1 } catch { out.errors += 1; this.storeErrors += 1 }
      }
    }
    return out
  }

  /**
   * The worker's periodic clean-up. (1) Retention: files of a tenant older than its retention
   * become `deleted` (the message and its media row stay, so the thread says the file is gone),
   * and their bytes are removed unless another row of the tenant still uses the same content (a
   * photo sent twice is stored once; a thumbnail is its own file). (2) Orphans: files in the store
   * no live row references — a crash between storing and recording, or a delete that failed — once
   * older than the grace period. Store errors are counted and retried on the next run.
   */
  async sweep(opts: SweepOptions): Promise<SweepResult> {
    const { db, store } = this.deps
    const now = opts.now ?? new Date()
    const result: SweepResult = { expired: 0, deletedFiles: 0, orphans: 0, errors: 0 }
    const remove = async (tenantId: string, shas: string[]) => {
      const done = await this.removeUnreferenced(tenantId, shas)
      result.errors += done.errors
      return done.removed
    }
    for (const tenantId of await mediaRepository.tenantsWithFiles(db)) {
      const cutoff = new Date(now.getTime() - (await this.retentionDays(tenantId)) * 86_400_000)
      for (;;) {
        const expired = await mediaRepository.expireBefore(db, tenantId, cutoff, 500)
        if (!expired.length) break
        result.expired += expired.length
        result.deletedFiles += await remove(tenantId, expired.flatMap((r) => [r.sha256, r.thumbnailSha256]).filter((s): s is string => s !== null))
        for (const row of expired) await this.announce(row)
        if (expired.length < 500) break
      }
    }
    for (const tenantId of await mediaRepository.tenantsWithRows(db)) {
      const old: string[] = []
      try {
        for await (const f of store.list(tenantId)) if (now.getTime() - f.modifiedAt.getTime() >= opts.orphanGraceMs) old.push(f.sha256)
      } catch { result.errors += 1; this.storeErrors += 1; continue }
      for (let i = 0; i < old.length; i += 500) result.orphans += await remove(tenantId, old.slice(i, i + 500))
    }
    return result
  }

  /** Gauges for /metrics: storage per tenant and media per state (failed ones mean lost files). */
  async gauges(): Promise<Array<{ name: string; help: string; value: number; labels?: Record<string, string> }>> {
    const m = await mediaRepository.metrics(this.deps.db)
    return [
      { name: 'warta_media_store_errors', help: 'Media store operations (disk, S3) that failed in this process since it started.', value: this.storeErrors },
      ...m.perTenant.map((t) => ({ name: 'warta_media_stored_bytes', help: 'Bytes of media stored per tenant (each distinct file once).', value: t.bytes, labels: { tenant: t.tenantId } })),
      ...m.states.map((s) => ({ name: 'warta_media_files', help: 'Media of messages and uploads by state (pending, ready, failed, expired).', value: s.count, labels: { state: s.state } })),
    ]
  }

  /** The owner's storage figure: distinct stored bytes and files, and how long they are kept. */
  async usage(tenantId: string): Promise<{ bytes: number; files: number; retentionDays: number }> {
    return { ...(await mediaRepository.usage(this.deps.db, tenantId)), retentionDays: await this.retentionDays(tenantId) }
  }

  private async retentionDays(tenantId: string): Promise<number> {
    return (await this.deps.retentionDaysFor?.(tenantId)) ?? this.deps.config.retentionDays
  }
}
