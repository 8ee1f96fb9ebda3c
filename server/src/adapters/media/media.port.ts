// Where media bytes live. Content-addressed per tenant: the key of a file is the SHA-256 of its
// bytes, so a photo a customer sends twice is stored once, and a key names the same bytes forever.
// Implementations: fs/ (the embedded default, under the data dir) and s3/ (any S3-compatible
// store). Both run media.contract.ts.
import type { Readable } from 'node:stream'

/** What the bytes are, sniffed from the bytes themselves (never from the sender's word). */
export interface SniffedType { mime: string; ext: string }

export interface StoredMedia {
  /** SHA-256 of the bytes, hex: the file's key within its tenant. */
  sha256: string
  size: number
  sniffed: SniffedType | undefined
  /** True when the tenant already had these bytes (nothing new was written). */
  existed: boolean
}

export interface PutOptions {
  /** Larger input is refused (MediaTooLargeError) and nothing is kept. */
  maxBytes: number
  /** Decides on the sniffed type before anything is kept; false → MediaTypeRefusedError. */
  accept?: (sniffed: SniffedType | undefined) => boolean
  /** A tighter cap once the type is known (e.g. photos smaller than documents); checked before keeping. */
  maxBytesFor?: (sniffed: SniffedType | undefined) => number
}

export interface MediaStore {
  readonly kind: 'fs' | 's3'
  /** Streams `source` in (never whole in memory): hashed, size-capped, type-sniffed, stored once. */
  put(tenantId: string, source: Readable | AsyncIterable<Uint8Array>, opts: PutOptions): Promise<StoredMedia>
  /** The bytes of a file, or null when this tenant has no such file. */
  open(tenantId: string, sha256: string): Promise<{ stream: Readable; size: number } | null>
  has(tenantId: string, sha256: string): Promise<boolean>
  delete(tenantId: string, sha256: string): Promise<void>
  /** Every file the tenant has, in no particular order (the orphan sweep compares them with the rows). */
  list(tenantId: string): AsyncIterable<{ sha256: string; size: number; modifiedAt: Date }>
  /** Bytes and files the tenant has in this store. */
  usage(tenantId: string): Promise<{ bytes: number; files: number }>
  close(): Promise<void>
}

export class MediaTooLargeError extends Error {
  readonly code = 'media.too_large'
  constructor(readonly maxBytes: number) { super(`file is larger than ${maxBytes} bytes`) }
}

export class MediaTypeRefusedError extends Error {
  readonly code = 'media.unsupported_type'
  constructor(readonly sniffed: SniffedType | undefined) { super(`file type ${sniffed?.mime ?? 'unknown'} is not accepted here`) }
}

const TENANT = /^[0-9a-zA-Z-]{1,64}$/
const SHA = /^[0-9a-f]{64}$/

/** Keys come from our database, but a malformed one must never turn into a path or object name. */
export function assertKey(tenantId: string, sha256: string): void {
  if (!TENANT.test(tenantId) || !SHA.test(sha256)) throw new Error('invalid media key')
}
