// From an upload's bytes to the text the owner sees and the index is built from, by kind.
import type { KnowledgeKind } from '../knowledge.tables.js'
import { ExtractError } from '../knowledge.errors.js'
import { toStorableText } from '../../../shared/validation.js'
import { readMarker } from './markers.js'
import { extractPdf } from './pdf.js'
import { extractCsv, extractDocx, extractXlsx } from './office.js'
import { extractImage } from './ocr.js'

export interface ExtractLimits {
  maxPages: number
  /** Spreadsheet rows over all sheets (a sheet is not paged). */
  maxRows: number
  maxTextChars: number
  /** The tesseract executable for photos. */
  ocrBin: string
}

export interface Extracted { text: string; pages: number | null }

async function byKind(kind: KnowledgeKind, bytes: Buffer, limits: ExtractLimits, onProgress: (fraction: number) => Promise<void>): Promise<Extracted> {
  switch (kind) {
    case 'pdf': return extractPdf(bytes, limits.maxPages, (done, total) => onProgress(done / total))
    case 'docx': return { text: await extractDocx(bytes), pages: null }
    case 'xlsx': return { text: await extractXlsx(bytes, limits.maxRows), pages: null }
    case 'csv': return { text: extractCsv(bytes.toString('utf8')), pages: null }
    case 'text': return { text: bytes.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim(), pages: null }
    case 'image': return { text: await extractImage(bytes, limits.ocrBin), pages: null }
  }
}

export async function extractText(kind: KnowledgeKind, bytes: Buffer, limits: ExtractLimits, onProgress: (fraction: number) => Promise<void> = async () => {}): Promise<Extracted> {
  const raw = await byKind(kind, bytes, limits, onProgress)
  // A PDF may carry NUL characters or broken surrogates that PostgreSQL refuses in text.
  const out = { ...raw, text: toStorableText(raw.text) }
  checkText(out.text, limits, kind)
  return out
}

/** Text that would index nothing, or too much, is refused with a reason the owner can act on. */
export function checkText(text: string, limits: Pick<ExtractLimits, 'maxTextChars'>, kind: KnowledgeKind = 'text'): void {
  const words = text.split('\n').filter((l) => !readMarker(l)).join(' ')
  if (!/[\p{L}\p{N}]{2}/u.test(words)) {
    throw new ExtractError('knowledge.no_text', kind === 'pdf'
      ? 'No text found in the PDF (a scanned page is a picture). Upload a photo of it or type the text.'
      : 'No text found in the file.')
  }
  if (text.length > limits.maxTextChars) throw new ExtractError('knowledge.text_too_long', `The text is longer than ${limits.maxTextChars} characters.`)
}
