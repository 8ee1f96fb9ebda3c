// The embedded media store: files under <root>/<tenant>/<aa>/<sha256>, written by rename from a
// temporary file in the same file system (so a crash never leaves half a file under a real key).
import { createReadStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { assertKey, type MediaStore, type PutOptions, type StoredMedia } from '../media.port.js'
import { spool } from '../media-spool.js'

export class FsMediaStore implements MediaStore {
  readonly kind = 'fs' as const
  constructor(private readonly root: string) {}

  private pathOf(tenantId: string, sha256: string): string {
    assertKey(tenantId, sha256)
    return join(this.root, tenantId, sha256.slice(0, 2), sha256)
  }

  async put(tenantId: string, source: Readable | AsyncIterable<Uint8Array>, opts: PutOptions): Promise<StoredMedia> {
    assertKey(tenantId, '0'.repeat(64))
    const s = await spool(join(this.root, '.tmp'), source, opts)
    const target = this.pathOf(tenantId, s.sha256)
    if (await exists(target)) {
      await s.discard()
      // Fresh again: the orphan sweep spares files younger than its grace period, and a row is
      // about to reference this one.
      const now = new Date()
      await utimes(target, now, now).catch(() => {})
      return { sha256: s.sha256, size: s.size, sniffed: s.sniffed, existed: true }
    }
    await mkdir(dirname(target), { recursive: true })
    await rename(s.path, target)
    return { sha256: s.sha256, size: s.size, sniffed: s.sniffed, existed: false }
  }

  async open(tenantId: string, sha256: string): Promise<{ stream: Readable; size: number } | null> {
    const path = this.pathOf(tenantId, sha256)
    const st = await stat(path).catch(() => null)
    return st ? { stream: createReadStream(path), size: st.size } : null
  }

  has(tenantId: string, sha256: string): Promise<boolean> { return exists(this.pathOf(tenantId, sha256)) }

  async delete(tenantId: string, sha256: string): Promise<void> { await rm(this.pathOf(tenantId, sha256), { force: true }) }

  async *list(tenantId: string): AsyncIterable<{ sha256: string; size: number; modifiedAt: Date }> {
    assertKey(tenantId, '0'.repeat(64))
    const dir = join(this.root, tenantId)
    for (const sub of await readdir(dir).catch(() => [] as string[])) {
      for (const name of await readdir(join(dir, sub)).catch(() => [] as string[])) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue
        const st = await stat(join(dir, sub, name)).catch(() => null)
        if (st?.isFile()) yield { sha256: name, size: st.size, modifiedAt: st.mtime }
      }
    }
  }

  async usage(tenantId: string): Promise<{ bytes: number; files: number }> {
    assertKey(tenantId, '0'.repeat(64))
    let bytes = 0
    let files = 0
    const dir = join(this.root, tenantId)
    for (const sub of await readdir(dir).catch(() => [] as string[])) {
      for (const name of await readdir(join(dir, sub)).catch(() => [] as string[])) {
        const st = await stat(join(dir, sub, name)).catch(() => null)
        if (st?.isFile()) { bytes += st.size; files += 1 }
      }
    }
    return { bytes, files }
  }

  async close(): Promise<void> {}
}

const exists = (p: string) => stat(p).then(() => true, () => false)
