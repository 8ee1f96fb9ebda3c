// Splits extracted text into pieces small enough to give an AI as context, at boundaries a reader
// would choose: a heading starts a piece and is repeated when its section runs on, lines are never
// cut (a price row stays whole), and each piece knows where it came from (page, sheet and rows).
import { readMarker } from './extract/markers.js'
import { findPrice, type FoundPrice } from './price-rows.js'

export interface Chunk {
  content: string
  /** For people: "hal. 2", "Menu, baris 3–9", "baris 2–12"; null when the text has no places. */
  location: string | null
  page: number | null
  priceRows: FoundPrice[]
}

/** About a paragraph or two: enough context for one answer, small enough to rank precisely. */
const TARGET_CHARS = 700
const MIN_CHARS = 250

function isHeading(line: string): boolean {
  if (/^#{1,6}\s/.test(line)) return true
  if (line.length > 60 || findPrice(line)) return false
  if (/:$/.test(line)) return true
  const letters = line.replace(/[^\p{L}]/gu, '')
  return letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()
}

/** A line longer than a piece (a paragraph without breaks) is cut at word boundaries. */
function pieces(line: string): string[] {
  if (line.length <= TARGET_CHARS) return [line]
  const out: string[] = []
  let cur = ''
  for (const word of line.split(/\s+/)) {
    if (cur && cur.length + word.length + 1 > TARGET_CHARS) { out.push(cur); cur = '' }
    cur = cur ? `${cur} ${word}` : word
  }
  if (cur) out.push(cur)
  return out
}

export function chunkText(text: string, opts: { rowNumbers: boolean } = { rowNumbers: false }): Chunk[] {
  const chunks: Chunk[] = []
  let page: number | null = null
  let sheet: string | null = null
  let row = 0
  let heading: string | null = null
  let lines: string[] = []
  let rows: number[] = []
  let size = 0

  const location = (): string | null => {
    const first = rows[0]
    const last = rows[rows.length - 1]
    const span = opts.rowNumbers && first !== undefined && last !== undefined ? `baris ${first === last ? first : `${first}–${last}`}` : null
    if (sheet !== null) return span ? `${sheet}, ${span}` : sheet
    if (page !== null) return `hal. ${page}`
    return span
  }
  const flush = () => {
    const body = lines.filter((l) => l !== heading)
    if (body.length > 0) {
      chunks.push({ content: lines.join('\n'), location: location(), page, priceRows: body.flatMap((l) => findPrice(l) ?? []) })
    }
    lines = []
    rows = []
    size = 0
  }
  const add = (line: string) => {
    if (size > 0 && size + line.length + 1 > TARGET_CHARS) {
      flush()
      // The section runs on: its heading goes with it so the piece still says what it lists.
      if (heading) { lines.push(heading); size = heading.length }
    }
    lines.push(line)
    rows.push(row)
    size += line.length + 1
  }

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    const marker = readMarker(line)
    if (marker) {
      flush()
      heading = null
      if ('page' in marker) { page = marker.page; sheet = null } else { sheet = marker.sheet; page = null }
      row = 0
      continue
    }
    row += 1
    if (!line) {
      if (size >= MIN_CHARS) flush()
      continue
    }
    // A spreadsheet's first row names its columns: it heads every piece of the sheet.
    const columns = sheet !== null && heading === null && lines.length === 0 && !findPrice(line)
    if (columns || isHeading(line)) {
      if (lines.some((l) => l !== heading)) flush()
      else { lines = []; rows = []; size = 0 }
      heading = line
      lines.push(line)
      rows.push(row)
      size = line.length + 1
      continue
    }
    for (const part of pieces(line)) add(part)
  }
  flush()
  return chunks
}
