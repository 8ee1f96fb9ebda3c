// Ogg pages (RFC 3533) holding Opus (RFC 7845): writing a voice note WhatsApp plays as "ptt", and
// reading one back (an uploaded .ogg, or our own output in tests).
import { opusPacketSamples } from './media.opus.js'

export class OggError extends Error {}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let r = i << 24
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1
    t[i] = r >>> 0
  }
  return t
})()

/** Ogg's CRC-32 (polynomial 0x04c11db7, not reflected, initial 0). */
export function oggCrc(buf: Uint8Array): number {
  let crc = 0
  for (const b of buf) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0
  return crc
}

function page(packets: Uint8Array[], granule: bigint, serial: number, seq: number, flags: number): Buffer {
  const lacing: number[] = []
  for (const p of packets) {
    for (let n = p.length; ; n -= 255) {
      lacing.push(Math.min(n, 255))
      if (n < 255) break
    }
  }
  const header = Buffer.alloc(27 + lacing.length)
  header.write('OggS', 0, 'latin1')
  header[5] = flags
  header.writeBigInt64LE(granule, 6)
  header.writeUInt32LE(serial, 14)
  header.writeUInt32LE(seq, 18)
  header[26] = lacing.length
  Buffer.from(lacing).copy(header, 27)
  const out = Buffer.concat([header, ...packets])
  out.writeUInt32LE(oggCrc(out), 22)
  return out
}

function opusTags(): Buffer {
  const vendor = Buffer.from('Warta', 'latin1')
  const t = Buffer.alloc(8 + 4 + vendor.length + 4)
  t.write('OpusTags', 0, 'latin1')
  t.writeUInt32LE(vendor.length, 8)
  vendor.copy(t, 12)
  return t // zero user comments
}

/** An Ogg Opus file of these packets, one page per second of audio or so. */
export function writeOggOpus(head: Uint8Array, packets: Uint8Array[], serial = 0x57415254): Buffer {
  const pages: Buffer[] = [page([head], 0n, serial, 0, 0x02), page([opusTags()], 0n, serial, 1, 0)]
  let granule = 0n
  let current: Uint8Array[] = []
  let segments = 0
  let samples = 0
  const flush = (last: boolean) => {
    pages.push(page(current, granule, serial, pages.length, last ? 0x04 : 0))
    current = []; segments = 0; samples = 0
  }
  for (const p of packets) {
    const need = Math.floor(p.length / 255) + 1
    if (need > 255) throw new OggError('an Opus packet too large for one page')
    if (current.length && (segments + need > 255 || samples >= 48_000)) flush(false)
    current.push(p)
    segments += need
    const n = opusPacketSamples(p)
    samples += n
    granule += BigInt(n)
  }
  if (!current.length) throw new OggError('no audio packets')
  flush(true)
  return Buffer.concat(pages)
}

/** The OpusHead and audio packets of an Ogg Opus file; throws OggError when it is not one. */
export function readOggOpus(buf: Uint8Array): { head: Uint8Array; packets: Uint8Array[] } {
  const packets: Uint8Array[] = []
  let partial: Uint8Array[] = []
  let pos = 0
  while (pos + 27 <= buf.length) {
    if (Buffer.from(buf.subarray(pos, pos + 4)).toString('latin1') !== 'OggS') throw new OggError('not an Ogg page')
    const n = buf[pos + 26]!
    const lacing = buf.subarray(pos + 27, pos + 27 + n)
    let at = pos + 27 + n
    for (const len of lacing) {
      partial.push(buf.subarray(at, at + len))
      at += len
      if (len < 255) { packets.push(Buffer.concat(partial)); partial = [] }
    }
    pos = at
  }
  const [head, tags, ...audio] = packets
  if (!head || Buffer.from(head.subarray(0, 8)).toString('latin1') !== 'OpusHead' || !tags) throw new OggError('not an Ogg Opus file')
  return { head, packets: audio }
}
