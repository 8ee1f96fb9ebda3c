// The voice-note remux: a real recording from Chromium's MediaRecorder (WebM/Opus,
// test/fixtures/voice-note.webm) becomes Ogg/Opus with the same packets, valid page checksums,
// the right duration and 64 waveform bars; and Chromium itself decodes the result.
import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { oggCrc, readOggOpus } from './media.ogg.js'
import { readWebmOpus } from './media.webm.js'
import { NotOpusError, toVoiceNote } from './media.voice-note.js'

const webm = readFileSync(new URL('../../../test/fixtures/voice-note.webm', import.meta.url))

/** Every page of an Ogg file, with its CRC checked against a recomputation. */
function pages(ogg: Buffer): Array<{ flags: number; granule: bigint; crcOk: boolean }> {
  const out = []
  let pos = 0
  while (pos < ogg.length) {
    const n = ogg[pos + 26]!
    const len = 27 + n + [...ogg.subarray(pos + 27, pos + 27 + n)].reduce((a, b) => a + b, 0)
    const p = Buffer.from(ogg.subarray(pos, pos + len))
    const crc = p.readUInt32LE(22)
    p.writeUInt32LE(0, 22)
    out.push({ flags: p[5]!, granule: p.readBigInt64LE(6), crcOk: oggCrc(p) === crc })
    pos += len
  }
  return out
}

describe('voice notes: WebM/Opus from the browser to Ogg/Opus for WhatsApp', () => {
  it('moves the same Opus packets into checksummed Ogg pages with duration and waveform', () => {
    const source = readWebmOpus(webm)
    expect(source.packets.length).toBeGreaterThan(25) // Chromium writes 60 ms Opus frames
    const note = toVoiceNote(webm)
    expect(note.ogg.subarray(0, 4).toString('latin1')).toBe('OggS')
    const back = readOggOpus(note.ogg)
    expect(back.packets.map((p) => Buffer.from(p).toString('hex'))).toEqual(source.packets.map((p) => Buffer.from(p).toString('hex')))
    expect(Buffer.from(back.head).subarray(0, 8).toString('latin1')).toBe('OpusHead')
    const ps = pages(note.ogg)
    expect(ps.every((p) => p.crcOk)).toBe(true)
    expect(ps[0]!.flags).toBe(0x02) // beginning of stream
    expect(ps.at(-1)!.flags & 0x04).toBe(0x04) // end of stream
    // The recording is two seconds long (MediaRecorder's timer may add a frame or two).
    expect(note.durationMs).toBeGreaterThan(1700)
    expect(note.durationMs).toBeLessThan(2500)
    expect(Number(ps.at(-1)!.granule)).toBeGreaterThanOrEqual(note.durationMs * 48)
    expect(note.waveform).toHaveLength(64)
    expect(note.waveform.every((v) => Number.isInteger(v) && v >= 0 && v <= 100)).toBe(true)
    expect(Math.max(...note.waveform)).toBe(100)
    // An Ogg/Opus file comes through as it is, with the same facts.
    const again = toVoiceNote(note.ogg)
    expect(again.ogg.equals(note.ogg)).toBe(true)
    expect(again.durationMs).toBe(note.durationMs)
  })

  it('refuses what is not Opus audio', () => {
    expect(() => toVoiceNote(Buffer.from('%PDF-1.4 not audio at all'))).toThrow(NotOpusError)
    expect(() => toVoiceNote(webm.subarray(0, 40))).toThrow(NotOpusError)
  })

  it('is playable: Chromium decodes the remuxed Ogg/Opus to about two seconds of audio', async () => {
    const note = toVoiceNote(webm)
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
    try {
      const page = await browser.newPage()
      const seconds = await page.evaluate(async (b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
        // Runs in the page (DOM types are not in the server's lib).
        const Ctx = (globalThis as unknown as { OfflineAudioContext: new (c: number, l: number, r: number) => { decodeAudioData(b: ArrayBuffer): Promise<{ duration: number }> } }).OfflineAudioContext
        const audio = await new Ctx(1, 48000, 48000).decodeAudioData(bytes.buffer)
        return audio.duration
      }, note.ogg.toString('base64'))
      expect(seconds).toBeGreaterThan(1.7)
      expect(seconds).toBeLessThan(2.5)
    } finally {
      await browser.close()
    }
  })
})
