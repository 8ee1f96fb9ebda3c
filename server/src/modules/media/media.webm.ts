// A small EBML (Matroska/WebM) reader: just enough to take the Opus packets and the OpusHead out of
// what Chromium's MediaRecorder records ("audio/webm;codecs=opus"), which WhatsApp cannot play as
// a voice note. Chromium writes the Segment and its Clusters with "unknown" sizes (it streams), so
// master elements are entered rather than measured: the reader walks the file as a flat sequence
// of elements, stepping into the masters it needs and over everything else.

export class WebmError extends Error {}

const ID = {
  Segment: 0x18538067, Cluster: 0x1f43b675, Tracks: 0x1654ae6b, TrackEntry: 0xae, BlockGroup: 0xa0,
  TrackNumber: 0xd7, TrackType: 0x83, CodecID: 0x86, CodecPrivate: 0x63a2, SimpleBlock: 0xa3, Block: 0xa1,
} as const
const MASTERS = new Set<number>([ID.Segment, ID.Cluster, ID.Tracks, ID.TrackEntry, ID.BlockGroup])

/** An EBML variable-length integer at `pos`: its value (marker bit removed unless `keepMarker`) and length. */
function vint(buf: Uint8Array, pos: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } {
  const first = buf[pos]
  if (first === undefined || first === 0) throw new WebmError('not an EBML number')
  const length = Math.clz32(first) - 23 // 1 for 0b1xxxxxxx … 8 for 0b00000001
  if (pos + length > buf.length) throw new WebmError('file is cut off')
  let value = keepMarker ? first : first & (0xff >> length)
  let allOnes = value === (0xff >> length)
  for (let i = 1; i < length; i++) {
    value = value * 256 + buf[pos + i]!
    if (buf[pos + i] !== 0xff) allOnes = false
  }
  return { value, length, unknown: !keepMarker && allOnes }
}

export interface WebmOpus {
  /** The OpusHead (RFC 7845 §5.1) Matroska keeps as CodecPrivate. */
  head: Uint8Array
  packets: Uint8Array[]
}

/** The Opus track of a WebM file; throws WebmError when it is not WebM with Opus audio. */
export function readWebmOpus(buf: Uint8Array): WebmOpus {
  if (buf.length < 4 || buf[0] !== 0x1a || buf[1] !== 0x45 || buf[2] !== 0xdf || buf[3] !== 0xa3) throw new WebmError('not a WebM file')
  const tracks: Array<{ number?: number; type?: number; codec?: string; priv?: Uint8Array }> = []
  const blocks: Array<{ track: number; data: Uint8Array }> = []
  let pos = 0
  while (pos < buf.length) {
    const id = vint(buf, pos, true)
    const size = vint(buf, pos + id.length, false)
    const start = pos + id.length + size.length
    if (id.value === 0x1a45dfa3 || MASTERS.has(id.value)) {
      if (id.value === ID.TrackEntry) tracks.push({})
      pos = id.value === 0x1a45dfa3 ? start + size.value : start // the EBML header is skipped whole
      continue
    }
    if (size.unknown) throw new WebmError('element of unknown size')
    const end = start + size.value
    if (end > buf.length) break // a recording cut off at the end keeps what came before
    const data = buf.subarray(start, end)
    const track = tracks.at(-1)
    if (id.value === ID.TrackNumber && track) track.number = uint(data)
    else if (id.value === ID.TrackType && track) track.type = uint(data)
    else if (id.value === ID.CodecID && track) track.codec = Buffer.from(data).toString('latin1')
    else if (id.value === ID.CodecPrivate && track) track.priv = data
    else if (id.value === ID.SimpleBlock || id.value === ID.Block) blocks.push(block(data))
    pos = end
  }
  const opus = tracks.find((t) => t.codec === 'A_OPUS')
  if (!opus || opus.number === undefined) throw new WebmError('no Opus audio track')
  const head = opus.priv && Buffer.from(opus.priv.subarray(0, 8)).toString('latin1') === 'OpusHead' ? opus.priv : defaultHead()
  return { head, packets: blocks.filter((b) => b.track === opus.number).map((b) => b.data) }
}

function uint(data: Uint8Array): number {
  let v = 0
  for (const b of data) v = v * 256 + b
  return v
}

/** A (Simple)Block: track number, 16-bit relative time, flags, then the frame. */
function block(data: Uint8Array): { track: number; data: Uint8Array } {
  const track = vint(data, 0, false)
  const flags = data[track.length + 2] ?? 0
  // MediaRecorder never laces audio frames; a laced block would hide packet boundaries.
  if (flags & 0x06) throw new WebmError('laced blocks are not supported')
  return { track: track.value, data: data.subarray(track.length + 3) }
}

/** A mono 48 kHz OpusHead with Chromium's usual pre-skip, for a file that carries none. */
function defaultHead(): Uint8Array {
  const h = Buffer.alloc(19)
  h.write('OpusHead', 0, 'latin1')
  h[8] = 1; h[9] = 1
  h.writeUInt16LE(312, 10)
  h.writeUInt32LE(48000, 12)
  return h
}
