// Facts about Opus packets read from their TOC byte (RFC 6716 §3.1), so a voice note's duration
// and granule positions can be computed without decoding any audio.

/** Samples (at 48 kHz, Opus' granule rate) one Opus packet holds. */
export function opusPacketSamples(packet: Uint8Array): number {
  if (!packet.length) return 0
  const toc = packet[0]!
  const config = toc >> 3
  // Frame length in units of 2.5 ms (120 samples at 48 kHz): SILK, hybrid and CELT configs.
  const tenths = config < 12 ? [4, 8, 16, 24][config % 4]! : config < 16 ? [4, 8][config % 2]! : [1, 2, 4, 8][config % 4]!
  const code = toc & 3
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2
  return frames * tenths * 120
}

/**
 * 64 bars of 0–100 for WhatsApp's voice-note waveform. Without a decoder we use each packet's size:
 * a variable-bitrate Opus encoder spends few bytes on silence and many on speech, so the size per
 * slice of time follows the loudness closely enough for the bars a player draws.
 */
export function waveformOf(packets: Array<{ size: number; samples: number }>, bars = 64): number[] {
  const total = packets.reduce((s, p) => s + p.samples, 0)
  const sums = new Array<number>(bars).fill(0)
  const counts = new Array<number>(bars).fill(0)
  let at = 0
  for (const p of packets) {
    const bar = total ? Math.min(bars - 1, Math.floor((at / total) * bars)) : 0
    sums[bar]! += p.size
    counts[bar]! += 1
    at += p.samples
  }
  const means = sums.map((s, i) => (counts[i] ? s / counts[i]! : 0))
  // Small packets (silence, comfort noise) are the floor; the rest scales up to the loudest bar.
  const floor = Math.min(...means.filter((m) => m > 0), Infinity)
  const top = Math.max(...means, 0)
  if (!Number.isFinite(floor) || top <= floor) return means.map((m) => (m > 0 ? 50 : 0))
  return means.map((m) => (m > 0 ? Math.round(((m - floor) / (top - floor)) * 100) : 0))
}
