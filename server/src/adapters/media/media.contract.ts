// The behaviour every MediaStore must show; run against the file system (fs/) and a real
// S3-compatible server process (s3/).
import { Readable } from 'node:stream'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MediaTooLargeError, MediaTypeRefusedError, type MediaStore } from './media.port.js'
import sharp from 'sharp'

const transferReceiptJpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#0a58ca' } }).jpeg().toBuffer()
const samplePdf = (note = '') => Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% ${note}\ntrailer<</Root 1 0 R>>\n%%EOF\n`)

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const read = async (r: Readable) => { const parts: Buffer[] = []; for await (const c of r) parts.push(Buffer.from(c as Buffer)); return Buffer.concat(parts) }
/** A stream of `n` bytes in 64 KiB chunks, produced lazily (never one buffer of that size). */
function lazyBytes(n: number, seed = 7): Readable {
  let left = n
  const chunk = Buffer.alloc(65536, seed)
  return new Readable({ read() { if (left <= 0) { this.push(null); return } const c = chunk.subarray(0, Math.min(left, chunk.length)); left -= c.length; this.push(c) } })
}

export function mediaStoreContract(name: string, create: () => MediaStore) {
  describe(`MediaStore contract: ${name}`, () => {
    it('stores by content per tenant: the same bytes twice are kept once, read back intact', async () => {
      const store = create()
      const tenant = randomUUID()
      const jpeg = await transferReceiptJpeg()
      const first = await store.put(tenant, Readable.from([jpeg]), { maxBytes: 1 << 20 })
      expect(first).toMatchObject({ sha256: sha(jpeg), size: jpeg.length, existed: false, sniffed: { mime: 'image/jpeg', ext: 'jpg' } })
      const again = await store.put(tenant, Readable.from([jpeg.subarray(0, 100), jpeg.subarray(100)]), { maxBytes: 1 << 20 })
      expect(again).toMatchObject({ sha256: first.sha256, existed: true })
      expect(await store.usage(tenant)).toEqual({ bytes: jpeg.length, files: 1 })
      const opened = await store.open(tenant, first.sha256)
      expect(opened?.size).toBe(jpeg.length)
      expect((await read(opened!.stream)).equals(jpeg)).toBe(true)
    })

    it('lists a tenant\'s files with size and time, and only that tenant\'s', async () => {
      const store = create()
      const [a, b] = [randomUUID(), randomUUID()]
      const jpeg = await transferReceiptJpeg()
      const pdf = samplePdf('list')
      const before = Date.now() - 60_000
      await store.put(a, Readable.from([jpeg]), { maxBytes: 1 << 20 })
      await store.put(a, Readable.from([pdf]), { maxBytes: 1 << 20 })
      await store.put(b, Readable.from([samplePdf('other tenant')]), { maxBytes: 1 << 20 })
      const listed = []
      for await (const f of store.list(a)) listed.push(f)
      expect(listed.map((f) => [f.sha256, f.size]).sort()).toEqual([[sha(jpeg), jpeg.length], [sha(pdf), pdf.length]].sort())
      for (const f of listed) expect(f.modifiedAt.getTime()).toBeGreaterThan(before)
      await store.delete(a, sha(pdf))
      const after = []
      for await (const f of store.list(a)) after.push(f.sha256)
      expect(after).toEqual([sha(jpeg)])
      const none = []
      for await (const f of store.list(randomUUID())) none.push(f)
      expect(none).toEqual([])
    })

    it('keeps tenants apart: another tenant neither sees nor shares the file', async () => {
      const store = create()
      const [a, b] = [randomUUID(), randomUUID()]
      const pdf = samplePdf(randomBytes(4).toString('hex'))
      const put = await store.put(a, Readable.from([pdf]), { maxBytes: 1 << 20 })
      expect(await store.open(b, put.sha256)).toBeNull()
      expect(await store.has(b, put.sha256)).toBe(false)
      expect((await store.put(b, Readable.from([pdf]), { maxBytes: 1 << 20 })).existed).toBe(false)
      expect(await store.usage(b)).toEqual({ bytes: pdf.length, files: 1 })
    })

    it('refuses input over the cap and keeps nothing of it', async () => {
      const store = create()
      const tenant = randomUUID()
      await expect(store.put(tenant, lazyBytes(300_000), { maxBytes: 200_000 })).rejects.toBeInstanceOf(MediaTooLargeError)
      expect(await store.usage(tenant)).toEqual({ bytes: 0, files: 0 })
    })

    it('refuses a type the caller does not accept, judged by the bytes, and keeps nothing', async () => {
      const store = create()
      const tenant = randomUUID()
      const html = Buffer.from('<!doctype html><script>alert(1)</script>')
      const onlyImages = { maxBytes: 1 << 20, accept: (t: { mime: string } | undefined) => Boolean(t?.mime.startsWith('image/')) }
      await expect(store.put(tenant, Readable.from([html]), onlyImages)).rejects.toBeInstanceOf(MediaTypeRefusedError)
      await expect(store.put(tenant, Readable.from([samplePdf()]), onlyImages)).rejects.toMatchObject({ code: 'media.unsupported_type', sniffed: { mime: 'application/pdf' } })
      expect(await store.usage(tenant)).toEqual({ bytes: 0, files: 0 })
    })

    it('streams a large file through without holding it in memory, and deletes it', async () => {
      const store = create()
      const tenant = randomUUID()
      // Large enough that garbage awaiting collection (read buffers) stays well below a copy of it.
      const size = 80 * 1024 * 1024
      // Buffers alive while the file goes through, sampled: a copy of the file would show up here.
      const base = process.memoryUsage().arrayBuffers
      let peak = 0
      const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().arrayBuffers - base) }, 2)
      const put = await store.put(tenant, lazyBytes(size, 3), { maxBytes: 100 * 1024 * 1024 }).finally(() => clearInterval(sampler))
      expect(put.size).toBe(size)
      expect(peak).toBeLessThan(size / 2)
      const hash = createHash('sha256')
      for await (const c of (await store.open(tenant, put.sha256))!.stream) hash.update(c as Buffer)
      expect(hash.digest('hex')).toBe(put.sha256)
      await store.delete(tenant, put.sha256)
      expect(await store.open(tenant, put.sha256)).toBeNull()
      expect(await store.usage(tenant)).toEqual({ bytes: 0, files: 0 })
    })

    it('never turns a malformed key into a path or object name', async () => {
      const store = create()
      await expect(store.open('../../etc', 'a'.repeat(64))).rejects.toThrow(/invalid media key/)
      await expect(store.open(randomUUID(), '../passwd')).rejects.toThrow(/invalid media key/)
    })
  })
}
