// Word documents (mammoth) and spreadsheets (read-excel-file), both pure JavaScript. A table row
// becomes one line with its cells joined by " | ", so chunking never separates a name from its price.
import { ExtractError } from '../knowledge.errors.js'
import { splitCsvLine } from '../../ai-config/ai-config.price-list-csv.js'
import { sheetMarker } from './markers.js'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' }
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e] ?? '')
const textOf = (html: string) => decode(html.replace(/<br\s*\/?>/g, ' ').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim()

/** Mammoth's HTML, flattened: headings as "# …", table rows as "a | b | c", paragraphs as lines. */
function htmlToLines(html: string): string {
  const out: string[] = []
  const blocks = html.match(/<table[\s\S]*?<\/table>|<h[1-6][^>]*>[\s\S]*?<\/h[1-6]>|<p[^>]*>[\s\S]*?<\/p>|<li[^>]*>[\s\S]*?<\/li>/g) ?? []
  for (const block of blocks) {
    if (block.startsWith('<table')) {
      for (const row of block.match(/<tr[\s\S]*?<\/tr>/g) ?? []) {
        const cells = (row.match(/<t[dh][^>]*>[\s\S]*?<\/t[dh]>/g) ?? []).map(textOf).filter(Boolean)
        if (cells.length) out.push(cells.join(' | '))
      }
      out.push('')
    } else if (/^<h[1-6]/.test(block)) {
      out.push('', `# ${textOf(block)}`)
    } else {
      const line = textOf(block)
      if (line) out.push(/^<li/.test(block) ? `- ${line}` : line)
    }
  }
  return out.join('\n').trim()
}

export async function extractDocx(bytes: Buffer): Promise<string> {
  const mammoth = await import('mammoth')
  try {
    const { value } = await mammoth.convertToHtml({ buffer: bytes })
    return htmlToLines(value)
  } catch {
    throw new ExtractError('knowledge.corrupt_file', 'The Word document is damaged and could not be read.')
  }
}

const cellText = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : String(v).trim())

export async function extractXlsx(bytes: Buffer, maxRows: number): Promise<string> {
  const { default: readXlsxFile } = await import('read-excel-file/node')
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>
  try {
    sheets = await readXlsxFile(bytes)
  } catch {
    throw new ExtractError('knowledge.corrupt_file', 'The spreadsheet is damaged and could not be read.')
  }
  const out: string[] = []
  let rows = 0
  for (const sheet of sheets) {
    out.push(sheetMarker(sheet.sheet))
    for (const row of sheet.data) {
      if (++rows > maxRows) throw new ExtractError('knowledge.too_many_pages', `The spreadsheet has more than ${maxRows} rows.`)
      // Empty rows are kept (as empty lines) so "baris N" stays the spreadsheet's own row number.
      out.push(row.map(cellText).filter(Boolean).join(' | '))
    }
    out.push('')
  }
  return out.join('\n').trim()
}

/** CSV through the price list's own parser: `;` or `,`, quoted cells. */
export function extractCsv(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const sep = (lines.find((l) => l.trim()) ?? '').includes(';') ? ';' : ','
  return lines.map((l) => (l.trim() ? splitCsvLine(l, sep).filter(Boolean).join(' | ') : '')).join('\n').trim()
}
