// PDF text with page numbers, by pdf.js (pure JavaScript; its "legacy" build runs on Node 20).
// Text pieces are regrouped into lines by their position, so a price row printed as separate
// cells ("Nasi Bakar" … "Rp 25.000") stays one line, and one line never mixes two rows.
import { ExtractError } from '../knowledge.errors.js'
import { pageMarker } from './markers.js'

interface TextPiece { str: string; x: number; y: number; width: number }

function linesOf(pieces: TextPiece[]): string[] {
  const rows = new Map<number, TextPiece[]>()
  for (const p of pieces) {
    if (!p.str.trim()) continue
    // Pieces within 2 pt of each other vertically belong to the same printed line.
    const key = [...rows.keys()].find((y) => Math.abs(y - p.y) <= 2) ?? p.y
    rows.set(key, [...(rows.get(key) ?? []), p])
  }
  return [...rows.entries()].sort((a, b) => b[0] - a[0]).map(([, row]) => {
    const sorted = row.sort((a, b) => a.x - b.x)
    let line = ''
    let end = -Infinity
    for (const p of sorted) {
      // A wide gap between cells of a table row becomes " | " so the cells stay apart.
      const gap = p.x - end
      line += line ? (gap > 24 ? ' | ' : gap > 1 ? ' ' : '') : ''
      line += p.str.trim()
      end = p.x + p.width
    }
    return line
  })
}

export async function extractPdf(bytes: Buffer, maxPages: number, onPage?: (done: number, total: number) => Promise<void>): Promise<{ text: string; pages: number }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  // pdf.js detaches the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0, stopAtErrors: true })
  let doc: Awaited<typeof task.promise>
  try {
    doc = await task.promise
  } catch (err) {
    await task.destroy().catch(() => {})
    const name = (err as { name?: string }).name
    if (name === 'PasswordException') throw new ExtractError('knowledge.encrypted_pdf', 'The PDF is password-protected. Save it without a password and upload it again.')
    throw new ExtractError('knowledge.corrupt_pdf', 'The PDF is damaged or not a PDF and could not be read.')
  }
  try {
    if (doc.numPages > maxPages) throw new ExtractError('knowledge.too_many_pages', `The PDF has ${doc.numPages} pages; at most ${maxPages} are allowed.`)
    const out: string[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const content = await page.getTextContent()
      const pieces = content.items.flatMap((it) => ('str' in it ? [{ str: it.str, x: it.transform[4] as number, y: it.transform[5] as number, width: it.width }] : []))
      out.push(pageMarker(n), ...linesOf(pieces), '')
      page.cleanup()
      await onPage?.(n, doc.numPages)
    }
    return { text: out.join('\n'), pages: doc.numPages }
  } catch (err) {
    if (err instanceof ExtractError) throw err
    throw new ExtractError('knowledge.corrupt_pdf', 'The PDF is damaged and could not be read completely.')
  } finally {
    await doc.destroy()
  }
}
