// Media in any S3-compatible store (AWS S3, MinIO, R2): objects `<tenant>/<sha256>`. The body is
// streamed from the spooled temporary file with its length known, so a large video never sits in
// memory; an object that already exists is not uploaded again.
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { assertKey, type MediaStore, type PutOptions, type StoredMedia } from '../media.port.js'
import { spool } from '../media-spool.js'

export interface S3MediaOptions {
  bucket: string
  region: string
  endpoint?: string | undefined
  forcePathStyle: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined
  /** Where uploads wait while they are hashed (local disk). */
  tmpDir: string
}

export class S3MediaStore implements MediaStore {
  readonly kind = 's3' as const
  private readonly s3: S3Client

  constructor(private readonly opts: S3MediaOptions) {
    // Checksums only where S3 requires them: the SDK's default wraps streamed bodies in
    // aws-chunked framing with a trailing checksum, which many S3-compatible stores (MinIO builds,
    // s3rver, some R2 paths) do not understand and would store as part of the file.
    const cfg: S3ClientConfig = { region: opts.region, forcePathStyle: opts.forcePathStyle, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
    if (opts.endpoint) cfg.endpoint = opts.endpoint
    if (opts.credentials) cfg.credentials = opts.credentials
    this.s3 = new S3Client(cfg)
  }

  private keyOf(tenantId: string, sha256: string): string {
    assertKey(tenantId, sha256)
    return `${tenantId}/${sha256}`
  }

  async put(tenantId: string, source: Readable | AsyncIterable<Uint8Array>, opts: PutOptions): Promise<StoredMedia> {
    assertKey(tenantId, '0'.repeat(64))
    const s = await spool(this.opts.tmpDir, source, opts)
    try {
      const Key = this.keyOf(tenantId, s.sha256)
      if (await this.has(tenantId, s.sha256)) return { sha256: s.sha256, size: s.size, sniffed: s.sniffed, existed: true }
      await this.s3.send(new PutObjectCommand({
        Bucket: this.opts.bucket, Key, Body: createReadStream(s.path), ContentLength: s.size,
        ContentType: s.sniffed?.mime ?? 'application/octet-stream',
      }))
      return { sha256: s.sha256, size: s.size, sniffed: s.sniffed, existed: false }
    } finally {
      await s.discard()
    }
  }

  async open(tenantId: string, sha256: string): Promise<{ stream: Readable; size: number } | null> {
    try {
      const got = await this.s3.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.keyOf(tenantId, sha256) }))
      const body = got.Body as Readable | undefined
      return body ? { stream: body instanceof Readable ? body : Readable.from(body), size: got.ContentLength ?? 0 } : null
    } catch (err) {
      if (isNotFound(err)) return null
      throw err
    }
  }

  async has(tenantId: string, sha256: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: this.keyOf(tenantId, sha256) }))
      return true
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
  }

  async delete(tenantId: string, sha256: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.keyOf(tenantId, sha256) }))
  }

  async *list(tenantId: string): AsyncIterable<{ sha256: string; size: number; modifiedAt: Date }> {
    assertKey(tenantId, '0'.repeat(64))
    let token: string | undefined
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.opts.bucket, Prefix: `${tenantId}/`, ...(token ? { ContinuationToken: token } : {}) }))
      for (const o of page.Contents ?? []) {
        const sha256 = o.Key?.slice(tenantId.length + 1) ?? ''
        if (/^[0-9a-f]{64}$/.test(sha256)) yield { sha256, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
  }

  async usage(tenantId: string): Promise<{ bytes: number; files: number }> {
    assertKey(tenantId, '0'.repeat(64))
    let bytes = 0
    let files = 0
    let token: string | undefined
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.opts.bucket, Prefix: `${tenantId}/`, ...(token ? { ContinuationToken: token } : {}) }))
      for (const o of page.Contents ?? []) { bytes += o.Size ?? 0; files += 1 }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return { bytes, files }
  }

  async close(): Promise<void> { this.s3.destroy() }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404
}
