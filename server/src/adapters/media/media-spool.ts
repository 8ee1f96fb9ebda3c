// The part of every put that both stores share: stream the input to a temporary file while
// hashing it, counting it (and stopping at the cap), and keeping its first bytes for sniffing.
// A content-addressed key is only known once the last byte went through, so the bytes wait on disk,
// never in memory.
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { once } from 'node:events'
import type { Readable } from 'node:stream'
import { fileTypeFromBuffer } from 'file-type'
import { MediaTooLargeError, MediaTypeRefusedError, type PutOptions, type SniffedType } from './media.port.js'

/** file-type reads at most this many bytes. */
const SNIFF_BYTES = 4100

export interface Spooled { path: string; sha256: string; size: number; sniffed: SniffedType | undefined; discard(): Promise<void> }

export async function spool(tmpDir: string, source: Readable | AsyncIterable<Uint8Array>, opts: PutOptions): Promise<Spooled> {
  await mkdir(tmpDir, { recursive: true })
  const path = join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`)
  const out = createWriteStream(path, { flags: 'wx' })
  const discard = async () => { out.destroy(); await rm(path, { force: true }) }
  const hash = createHash('sha256')
  const head: Buffer[] = []
  let headLen = 0
  let size = 0
  try {
    for await (const chunk of source) {
      size += chunk.length
      if (size > opts.maxBytes) {
        ;(source as Readable).destroy?.()
        throw new MediaTooLargeError(opts.maxBytes)
      }
      hash.update(chunk)
      if (headLen < SNIFF_BYTES) { head.push(Buffer.from(chunk.subarray(0, SNIFF_BYTES - headLen))); headLen += Math.min(chunk.length, SNIFF_BYTES - headLen) }
      if (!out.write(chunk)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')
    const sniffed = await sniff(Buffer.concat(head))
    if (opts.accept && !opts.accept(sniffed)) throw new MediaTypeRefusedError(sniffed)
    const cap = opts.maxBytesFor?.(sniffed)
    if (cap !== undefined && size > cap) throw new MediaTooLargeError(cap)
    return { path, sha256: hash.digest('hex'), size, sniffed, discard }
  } catch (err) {
    await discard()
    throw err
  }
}

export async function sniff(head: Buffer): Promise<SniffedType | undefined> {
  const t = await fileTypeFromBuffer(head)
  return t ? { mime: t.mime, ext: t.ext } : undefined
}
