// Small, real media files for tests and demo mode: a generated "bukti transfer" JPEG, an Ogg/Opus
// voice note (valid headers, silent audio), an MP4 header, a PDF, a WebP sticker. Their bytes are
// what content sniffing sees, so they must be the real formats, not renamed text.
import { randomFillSync } from 'node:crypto'
import sharp from 'sharp'

/** A transfer receipt as a customer would photograph it: a JPEG with the amount written on it. */
export async function transferReceiptJpeg(opts: { amount?: string; width?: number; height?: number } = {}): Promise<Buffer> {
  const width = opts.width ?? 480
  const height = opts.height ?? 640
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="100%" height="100%" fill="#f4f7fb"/><rect x="24" y="24" width="${width - 48}" height="90" rx="12" fill="#0a58ca"/>
  <text x="48" y="80" font-size="32" font-family="sans-serif" fill="#fff">Transfer Berhasil</text>
  <text x="48" y="200" font-size="28" font-family="sans-serif" fill="#222">Rp ${opts.amount ?? '150.000'}</text>
  <text x="48" y="260" font-size="20" font-family="sans-serif" fill="#555">Ke: Toko Sumber Rejeki</text></svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer()
}

export async function stickerWebp(): Promise<Buffer> {
  return sharp({ create: { width: 512, height: 512, channels: 4, background: { r: 255, g: 200, b: 0, alpha: 1 } } }).webp().toBuffer()
}

export function samplePdf(title = 'Invoice'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${title}\ntrailer<</Root 1 0 R>>\n%%EOF\n`)
}

/**
 * An ISO-BMFF header as an MP4 file starts (enough for sniffing; players would want more).
 * `random` fills the padding with random bytes, so every large sample is a different file (the
 * store keeps one copy per content hash; a benchmark of big downloads must not hit that).
 */
export function sampleMp4(extraBytes = 1024, random = false): Buffer {
  const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d6d703432', 'hex')
  const free = Buffer.alloc(8 + extraBytes)
  if (random) randomFillSync(free, 8)
  free.writeUInt32BE(8 + extraBytes, 0)
  free.write('free', 4)
  return Buffer.concat([ftyp, free])
}

// ---- Ogg/Opus: OpusHead + OpusTags pages, then pages of silent Opus frames ----------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let r = i << 24
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1
    t[i] = r >>> 0
  }
  return t
})()

function oggCrc(b: Buffer): number {
  let crc = 0
  for (const byte of b) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) & 0xff) ^ byte]!) >>> 0
  return crc
}

function oggPage(packets: Buffer[], seq: number, granule: bigint, flags: number): Buffer {
  const lacing: number[] = []
  for (const p of packets) {
    let n = p.length
    while (n >= 255) { lacing.push(255); n -= 255 }
    lacing.push(n)
  }
  const header = Buffer.alloc(27 + lacing.length)
  header.write('OggS', 0)
  header[5] = flags
  header.writeBigUInt64LE(granule, 6)
  header.writeUInt32LE(0x57415254, 14) // stream serial "WART"
  header.writeUInt32LE(seq, 18)
  header[26] = lacing.length
  lacing.forEach((l, i) => { header[27 + i] = l })
  const page = Buffer.concat([header, ...packets])
  page.writeUInt32LE(oggCrc(page), 22)
  return page
}

/** A voice note as WhatsApp wants it (Ogg container, Opus codec): `seconds` of silence. */
export function voiceNoteOgg(seconds = 3): Buffer {
  const head = Buffer.alloc(19)
  head.write('OpusHead', 0)
  head[8] = 1; head[9] = 1 // version, mono
  head.writeUInt16LE(312, 10) // pre-skip
  head.writeUInt32LE(48000, 12)
  const vendor = 'warta-sim'
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4)
  tags.write('OpusTags', 0)
  tags.writeUInt32LE(vendor.length, 8)
  tags.write(vendor, 12)
  // 20 ms CELT silence frames (TOC 0xf8 + one zero byte), 50 per second, 50 per page.
  const frame = Buffer.from([0xf8, 0xff, 0xfe])
  const pages = [oggPage([head], 0, 0n, 0x02), oggPage([tags], 1, 0n, 0)]
  const total = Math.max(1, Math.round(seconds * 50))
  for (let done = 0, seq = 2; done < total; seq++) {
    const n = Math.min(50, total - done)
    done += n
    pages.push(oggPage(Array.from({ length: n }, () => frame), seq, BigInt(done * 960), done === total ? 0x04 : 0))
  }
  return Buffer.concat(pages)
}

/** A waveform as WhatsApp sends it with a voice note: 64 bars of 0–100. */
export function sampleWaveform(): Buffer {
  return Buffer.from(Array.from({ length: 64 }, (_, i) => Math.round(50 + 45 * Math.sin(i / 3))))
}
