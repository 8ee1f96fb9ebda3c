// Fetches and decrypts a file from WhatsApp's media servers as a stream, checking what Baileys'
// own downloader does not: the truncated HMAC over iv ‖ ciphertext, fileEncSha256 and fileSha256.
// Any mismatch fails the stream at its end, so a store consuming it discards what it spooled.
// Only WhatsApp's media hosts are fetched (the URL comes from a message anyone can write); the
// simulator's host is allowed only when its certificate was configured (WA_SIM=1).
import { createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { pipeline, Transform, type Readable } from 'node:stream'
import { Agent, request, type Dispatcher } from 'undici'
import type { MediaDownloadRef } from './whatsapp.port.js'

const INFO: Record<MediaDownloadRef['mediaType'], string> = { image: 'Image', sticker: 'Image', video: 'Video', audio: 'Audio', document: 'Document' }
const DEFAULT_HOST = 'mmg.whatsapp.net'

export class MediaGoneError extends Error {
  constructor(readonly status: 404 | 410) { super(`media no longer on WhatsApp's servers (${status})`) }
}
export class MediaIntegrityError extends Error {}
export class MediaHostRefusedError extends Error {}

export interface WaMediaDownloaderOptions {
  /** PEM of the simulator's media host; allows 127.0.0.1 hosts and trusts only that certificate for them. */
  simCaPem?: string | undefined
  timeoutMs?: number
}

export class WaMediaDownloader {
  private readonly simAgent: Dispatcher | undefined
  private readonly agent: Dispatcher

  constructor(private readonly opts: WaMediaDownloaderOptions = {}) {
    this.simAgent = opts.simCaPem ? new Agent({ connect: { ca: opts.simCaPem } }) : undefined
    this.agent = new Agent({ headersTimeout: opts.timeoutMs ?? 30_000, bodyTimeout: opts.timeoutMs ?? 30_000 })
  }

  /** Where the file is: its directPath on the host of its url (WhatsApp's default host without one). */
  urlOf(ref: MediaDownloadRef): URL {
    const host = ref.url ? new URL(ref.url).host : DEFAULT_HOST
    const url = ref.directPath ? new URL(`https://${host}${ref.directPath.startsWith('/') ? '' : '/'}${ref.directPath}`) : new URL(ref.url!)
    if (url.protocol !== 'https:') throw new MediaHostRefusedError('media URL is not https')
    const whatsapp = url.hostname === 'whatsapp.net' || url.hostname.endsWith('.whatsapp.net')
    if (!whatsapp && !(this.simAgent && url.hostname === '127.0.0.1')) throw new MediaHostRefusedError(`media host ${url.hostname} is not WhatsApp's`)
    return url
  }

  /** The decrypted bytes as a stream; throws MediaGoneError on 404/410 before any byte. */
  async open(ref: MediaDownloadRef): Promise<Readable> {
    const url = this.urlOf(ref)
    const res = await request(url, { method: 'GET', dispatcher: url.hostname === '127.0.0.1' ? this.simAgent! : this.agent, headers: { origin: 'https://web.whatsapp.com' } })
    if (res.statusCode === 404 || res.statusCode === 410) { res.body.resume(); throw new MediaGoneError(res.statusCode) }
    if (res.statusCode !== 200) { res.body.resume(); throw new Error(`media download answered ${res.statusCode}`) }
    // pipeline, not pipe: a consumer that stops early (over the size cap) must end the request too.
    return pipeline(res.body, decryptingStream(ref), () => {})
  }

  /** Shutting down: downloads still running are aborted (their jobs are retried elsewhere). */
  async close(): Promise<void> {
    await this.agent.destroy()
    await this.simAgent?.destroy()
  }
}

/** ciphertext ‖ mac(10) in; plaintext out, verified at the end. */
export function decryptingStream(ref: MediaDownloadRef): Transform {
  const expanded = Buffer.from(hkdfSync('sha256', Buffer.from(ref.mediaKey, 'base64'), Buffer.alloc(0), `WhatsApp ${INFO[ref.mediaType]} Keys`, 112))
  const iv = expanded.subarray(0, 16)
  const aes = createDecipheriv('aes-256-cbc', expanded.subarray(16, 48), iv)
  const hmac = createHmac('sha256', expanded.subarray(48, 80)).update(iv)
  const encHash = createHash('sha256')
  const plainHash = createHash('sha256')
  let tail = Buffer.alloc(0) // the last 10 bytes seen so far: possibly the MAC
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        encHash.update(chunk)
        const all = tail.length ? Buffer.concat([tail, chunk]) : chunk
        const body = all.subarray(0, Math.max(0, all.length - 10))
        tail = Buffer.from(all.subarray(body.length))
        hmac.update(body)
        const out = aes.update(body)
        plainHash.update(out)
        done(null, out)
      } catch (err) { done(err as Error) }
    },
    flush(done) {
      try {
        const mac = hmac.digest().subarray(0, 10)
        if (tail.length !== 10 || !timingSafeEqual(mac, tail)) throw new MediaIntegrityError('media MAC does not match')
        if (ref.fileEncSha256 && !encHash.digest().equals(Buffer.from(ref.fileEncSha256, 'base64'))) throw new MediaIntegrityError('fileEncSha256 does not match')
        const last = aes.final()
        plainHash.update(last)
        if (ref.fileSha256 && !plainHash.digest().equals(Buffer.from(ref.fileSha256, 'base64'))) throw new MediaIntegrityError('fileSha256 does not match')
        done(null, last)
      } catch (err) { done(err as Error) }
    },
  })
}
