// WhatsApp's media servers, simulated (sim/PROTOCOL.md §13a): an HTTPS server on 127.0.0.1 with a
// self-signed certificate (Baileys always builds https:// URLs), taking uploads at
// `/mms/<type>/<token>?auth=…&token=…` exactly as Baileys posts them and serving the encrypted
// files at their `directPath`. Files can be made to expire (404/410) and be re-hosted, which is
// what a phone's answer to a media re-upload request does.
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import selfsigned from 'selfsigned'
import { sha256 } from './media-crypto.js'

export interface HostedMedia { enc: Buffer; path: string; gone?: 404 | 410; uploadedBy?: string }

/** Baileys' upload token: fileEncSha256 in URL-safe base64 without padding. */
export const uploadToken = (fileEncSha256: Uint8Array): string =>
  Buffer.from(fileEncSha256).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

export class MediaHost {
  private server!: Server
  /** directPath (without query) → file. */
  private readonly files = new Map<string, HostedMedia>()
  /** The `auth` media_conn hands out; uploads without it are refused like on WhatsApp. */
  readonly auth = randomBytes(24).toString('base64')
  port = 0
  caPem = ''
  uploads = 0
  downloads = 0
  /** Uploads that reached the host (counted before the body is read; a held one counts too). */
  uploadsStarted = 0
  /** While set, uploads are read but not answered (tests kill an uploader mid-send). */
  private held: Promise<void> | undefined

  constructor(readonly maxUploadBytes: number) {}

  static async start(maxUploadBytes = 100 * 1024 * 1024): Promise<MediaHost> {
    const host = new MediaHost(maxUploadBytes)
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec', curve: 'P-256', notAfterDate: new Date(Date.now() + 30 * 86_400_000), extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    })
    host.caPem = pems.cert
    host.server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => { void host.onRequest(req, res) })
    await new Promise<void>((resolve, reject) => {
      host.server.once('error', reject)
      host.server.listen(0, '127.0.0.1', () => resolve())
    })
    host.port = (host.server.address() as { port: number }).port
    return host
  }

  /** What media_conn advertises as the host (Baileys puts it straight into https://<host>/…). */
  get hostname(): string { return `127.0.0.1:${this.port}` }
  urlOf(directPath: string): string { return `https://${this.hostname}${directPath}` }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** Hosts an encrypted file (what a customer's phone uploads before sending); returns its directPath. */
  put(enc: Buffer, uploadedBy?: string): string {
    const path = `/v/t62.7118-24/${randomBytes(12).toString('hex')}.enc`
    this.files.set(path, { enc, path, ...(uploadedBy ? { uploadedBy } : {}) })
    return `${path}?ccb=11-4&oh=${randomBytes(8).toString('hex')}`
  }

  /** Holds every upload unanswered until the returned function is called. */
  holdUploads(): () => void {
    let release!: () => void
    this.held = new Promise<void>((resolve) => { release = resolve })
    return () => { this.held = undefined; release() }
  }

  get(directPath: string): HostedMedia | undefined { return this.files.get(directPath.split('?')[0]!) }

  /** The file stops being served: 410 (expired, WhatsApp's usual answer) or 404. */
  expire(directPath: string, status: 404 | 410 = 410): void {
    const f = this.get(directPath)
    if (!f) throw new Error(`no media at ${directPath}`)
    f.gone = status
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `https://${this.hostname}`)
    try {
      if (req.method === 'POST' && url.pathname.startsWith('/mms/')) return await this.onUpload(req, res, url)
      if (req.method === 'GET' || req.method === 'HEAD') return this.onDownload(req, res, url)
      reply(res, 405, { error: 'method' })
    } catch (err) {
      reply(res, 500, { error: (err as Error).message })
    }
  }

  private async onUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const token = url.pathname.split('/').pop() ?? ''
    this.uploadsStarted += 1
    if (url.searchParams.get('auth') !== this.auth) { req.resume(); return reply(res, 401, { error: 'bad auth' }) }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > this.maxUploadBytes) return reply(res, 413, { error: 'too large' })
      chunks.push(chunk)
    }
    const enc = Buffer.concat(chunks)
    if (this.held) await this.held
    // The token is the hash of what was uploaded; a mismatch is a corrupted or forged upload.
    if (uploadToken(sha256(enc)) !== token || url.searchParams.get('token') !== token) return reply(res, 400, { error: 'hash mismatch' })
    const directPath = this.put(enc, 'companion')
    this.uploads += 1
    reply(res, 200, { url: this.urlOf(directPath), direct_path: directPath })
  }

  private onDownload(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const f = this.files.get(url.pathname)
    if (!f) return reply(res, 404, { error: 'not found' })
    if (f.gone) return reply(res, f.gone, { error: 'gone' })
    this.downloads += 1
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(f.enc.length) })
    res.end(req.method === 'HEAD' ? undefined : f.enc)
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) { res.destroy(); return }
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}
