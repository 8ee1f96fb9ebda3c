// What a file is, judged from its bytes (never from the name or the browser's content type,
// which a renamed file fools); the name only tells CSV from plain text, both being text.
import type { KnowledgeKind } from '../knowledge.tables.js'

const startsWith = (bytes: Buffer, ...sig: number[]) => sig.every((b, i) => bytes[i] === b)

/** A zip's entry names are stored in plain text in its headers: enough to tell DOCX from XLSX. */
function officeKind(bytes: Buffer): KnowledgeKind | null {
  const head = bytes.subarray(0, Math.min(bytes.length, 64 * 1024)).toString('latin1')
  const all = head.includes('[Content_Types].xml') ? head : bytes.toString('latin1')
  if (all.includes('word/document.xml')) return 'docx'
  if (all.includes('xl/workbook.xml')) return 'xlsx'
  return null
}

/** UTF-8 text without control characters other than tab/newline/CR/form feed. */
function isText(bytes: Buffer): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 64 * 1024))
  if (text.includes('\uFFFD')) return false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x7f || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d)) return false
  }
  return true
}

export function sniffKind(bytes: Buffer, fileName: string): KnowledgeKind | null {
  if (bytes.length >= 5 && bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) return 'pdf'
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return officeKind(bytes)
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47)) return 'image'
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'image'
  if (startsWith(bytes, 0x52, 0x49, 0x46, 0x46) && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image'
  if (isText(bytes)) return /\.csv$/i.test(fileName) ? 'csv' : 'text'
  return null
}
