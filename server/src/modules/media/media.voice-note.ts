// A voice note as WhatsApp wants it: Ogg/Opus, with its duration and 64 waveform bars. Chromium's
// MediaRecorder can only record WebM/Opus, so a note recorded in the dashboard is remuxed here:
// the same Opus packets moved into Ogg pages, no re-encoding (and no ffmpeg). Voice notes are
// small (minutes of ~32 kbit/s), so the whole file is handled in memory.
import { opusPacketSamples, waveformOf } from './media.opus.js'
import { OggError, readOggOpus, writeOggOpus } from './media.ogg.js'
import { readWebmOpus, WebmError } from './media.webm.js'

export const VOICE_NOTE_MIME = 'audio/ogg; codecs=opus'

export class NotOpusError extends Error {}

export interface VoiceNote { ogg: Buffer; durationMs: number; waveform: number[] }

/** Ogg/Opus bytes for `file` (WebM/Opus is remuxed, Ogg/Opus kept as it is) with its facts. */
export function toVoiceNote(file: Uint8Array): VoiceNote {
  try {
    const isWebm = file[0] === 0x1a && file[1] === 0x45
    const { head, packets } = isWebm ? readWebmOpus(file) : readOggOpus(file)
    if (!packets.length) throw new NotOpusError('the recording has no audio')
    const ogg = isWebm ? writeOggOpus(head, packets) : Buffer.from(file)
    const facts = packets.map((p) => ({ size: p.length, samples: opusPacketSamples(p) }))
    const preSkip = head.length >= 12 ? Buffer.from(head).readUInt16LE(10) : 0
    const samples = Math.max(0, facts.reduce((s, p) => s + p.samples, 0) - preSkip)
    return { ogg, durationMs: Math.round(samples / 48), waveform: waveformOf(facts) }
  } catch (err) {
    if (err instanceof WebmError || err instanceof OggError) throw new NotOpusError(err.message)
    throw err
  }
}
