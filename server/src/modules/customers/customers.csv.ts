// Customers as CSV, both ways. Pure functions (tested without a server).
//
// In: the file's bytes are decoded as UTF-8 when they are valid UTF-8, else as Windows-1252 (what
// Excel on Windows saves as "CSV"), and the owner is told so; quoted fields may hold separators,
// quotes and line breaks (RFC 4180); `;` is taken as the separator when the header uses it (Excel
// with an Indonesian locale writes that). The header row names the columns in Indonesian or
// English; without one the columns are nomor, nama, catatan, label. Every bad line is reported
// with its line number and never stops the others.
//
// Out: UTF-8 with a byte-order mark, so Excel reads "é" and "ñ" right; cells that a spreadsheet
// would run as a formula (starting with = + - @, a tab or a carriage return) get a leading
// apostrophe, which Excel and LibreOffice show as plain text.
import { parsePhoneNumberFromString } from 'libphonenumber-js'

export const MAX_IMPORT_ROWS = 5000
const MAX_NAME = 120
const MAX_NOTES = 2000

export type ImportColumn = 'phone' | 'name' | 'notes' | 'labels'
const HEADER_NAMES: Record<string, ImportColumn | 'ignored'> = {
  nomor: 'phone', telepon: 'phone', hp: 'phone', whatsapp: 'phone', wa: 'phone', phone: 'phone', number: 'phone', 'no hp': 'phone', 'no. hp': 'phone', 'nomor hp': 'phone', 'nomor telepon': 'phone',
  nama: 'name', name: 'name',
  catatan: 'notes', notes: 'notes', note: 'notes',
  label: 'labels', labels: 'labels',
  // Columns the export writes that an import does not change.
  tag: 'ignored', tags: 'ignored', 'kontak terakhir': 'ignored', 'last contact': 'ignored', 'chat terbuka': 'ignored', 'open chat': 'ignored',
}
const DEFAULT_COLUMNS: ImportColumn[] = ['phone', 'name', 'notes', 'labels']

export interface ImportRow { line: number; phone: string; name: string | null; notes: string | null; labels: string[] }
export interface LineError { line: number; code: string; message: string }
export interface ParsedImport {
  encoding: 'utf-8' | 'windows-1252'
  rows: ImportRow[]
  errors: LineError[]
}

/** The file's text: UTF-8 if it is valid UTF-8 (a BOM is dropped), else Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: ParsedImport['encoding'] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' }
  } catch {
    // Windows-1252 maps every byte, so this always succeeds (Latin-1 is a subset for letters).
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' }
  }
}

/** RFC 4180 records with the line each starts on (1-based); a quoted field may span lines. */
export function parseCsvRecords(text: string, sep: string): Array<{ line: number; cells: string[] }> {
  const out: Array<{ line: number; cells: string[] }> = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  const endRecord = () => {
    cells.push(cell)
    if (cells.length > 1 || cells[0]!.trim() !== '') out.push({ line: start, cells: cells.map((c) => c.trim()) })
    cells = []
    cell = ''
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') { if (text[i + 1] === '"') { cell += '"'; i++ } else quoted = false }
      else { if (ch === '\n') line++; cell += ch }
    } else if (ch === '"' && cell.trim() === '') { cell = ''; quoted = true }
    else if (ch === sep) { cells.push(cell); cell = '' }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRecord()
      line++
      start = line
    } else cell += ch
  }
  if (cell !== '' || cells.length) endRecord()
  return out
}

/**
 * A phone number as E.164 digits without "+" ("6281234567890"), or undefined. Indonesian habits are
 * understood: "0812…" and "812…" are +62, "62812…" lacks only the plus; other countries need "+".
 */
export function normalisePhone(raw: string): string | undefined {
  const trimmed = raw.trim()
  const digits = trimmed.replace(/[^\d]/g, '')
  if (!digits) return undefined
  let candidate: string
  if (trimmed.startsWith('+')) candidate = `+${digits}`
  else if (digits.startsWith('00')) candidate = `+${digits.slice(2)}`
  else if (digits.startsWith('62')) candidate = `+${digits}`
  else if (digits.startsWith('0')) candidate = `+62${digits.slice(1)}`
  else if (digits.startsWith('8')) candidate = `+62${digits}`
  else return undefined
  const parsed = parsePhoneNumberFromString(candidate)
  return parsed?.isValid() ? parsed.number.slice(1) : undefined
}

/** Control characters (other than tab and line breaks) or U+FFFD: bytes that were not text. */
const unreadable = (s: string) => [...s].some((ch) => { const c = ch.codePointAt(0)!; return (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd })

const splitLabels = (s: string) => [...new Set(s.split(/[|,;]/).map((l) => l.trim()).filter(Boolean))]

export function parseCustomerCsv(bytes: Uint8Array): ParsedImport {
  const { text, encoding } = decodeCsvBytes(bytes)
  const body = text.replace(/^\uFEFF/, '')
  const firstLine = body.split(/\r?\n/, 1)[0] ?? ''
  const sep = firstLine.split(';').length > firstLine.split(',').length ? ';' : ','
  const records = parseCsvRecords(body, sep)
  const result: ParsedImport = { encoding, rows: [], errors: [] }
  if (!records.length) return result

  const known = (c: string) => { const k = c.toLowerCase().replace(/_/g, ' ').trim(); return Object.hasOwn(HEADER_NAMES, k) ? HEADER_NAMES[k] : undefined }
  const header = records[0]!.cells.map(known)
  // A header names a known column and holds no phone number ("catatan" could be a note).
  const hasHeader = header.some((c) => c !== undefined) && !records[0]!.cells.some((c) => normalisePhone(c) !== undefined)
  let columns: Array<ImportColumn | 'ignored' | undefined> = DEFAULT_COLUMNS
  if (hasHeader) {
    columns = header
    if (!columns.includes('phone')) {
      result.errors.push({ line: records[0]!.line, code: 'customers.import_no_phone_column', message: 'The header has no phone column (nomor, telepon, hp or whatsapp).' })
      return result
    }
    records[0]!.cells.forEach((c, i) => {
      if (columns[i] === undefined && c) result.errors.push({ line: records[0]!.line, code: 'customers.import_unknown_column', message: `Column "${c}" is not known; it is skipped (known: nomor, nama, catatan, label).` })
    })
  }
  const seen = new Map<string, number>()
  for (const { line, cells } of hasHeader ? records.slice(1) : records) {
    const fail = (code: string, message: string) => void result.errors.push({ line, code, message })
    if (cells.length > columns.length && cells.slice(columns.length).some((c) => c !== '')) {
      fail('customers.import_too_many_columns', `This line has ${cells.length} columns; the header has ${columns.length}. A comma inside a name or note needs quotes ("…").`)
      continue
    }
    const get = (col: ImportColumn) => { const i = columns.indexOf(col); return i >= 0 ? (cells[i] ?? '') : '' }
    const rawPhone = get('phone')
    if (!rawPhone) { fail('customers.import_missing_phone', 'The phone number is empty.'); continue }
    const phone = normalisePhone(rawPhone)
    if (!phone) { fail('customers.import_bad_phone', `"${rawPhone.slice(0, 40)}" is not a phone number (e.g. 0812 3456 7890 or +62 812-3456-7890).`); continue }
    const first = seen.get(phone)
    if (first !== undefined) { fail('customers.import_duplicate', `+${phone} is already on line ${first}; only the first is used.`); continue }
    seen.set(phone, line)
    const name = get('name')
    const notes = get('notes')
    if (name.length > MAX_NAME) { fail('customers.import_name_too_long', `The name is longer than ${MAX_NAME} characters.`); continue }
    if (notes.length > MAX_NOTES) { fail('customers.import_notes_too_long', `The notes are longer than ${MAX_NOTES} characters.`); continue }
    if (unreadable(name + notes)) { fail('customers.import_bad_characters', 'This line has characters that cannot be read (a damaged file or a wrong encoding).'); continue }
    result.rows.push({ line, phone, name: name || null, notes: notes || null, labels: splitLabels(get('labels')) })
  }
  if (result.rows.length > MAX_IMPORT_ROWS) {
    result.errors.push({ line: 0, code: 'customers.import_too_many_rows', message: `At most ${MAX_IMPORT_ROWS} customers per file; split it.` })
    result.rows = result.rows.slice(0, MAX_IMPORT_ROWS)
  }
  return result
}

/** One CSV cell, quoted when needed, with formula starters neutralised. */
export function csvCell(value: string | null | undefined): string {
  let s = value ?? ''
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const csvLine = (cells: Array<string | null | undefined>): string => `${cells.map(csvCell).join(',')}\r\n`
export const EXPORT_HEADER = ['nama', 'nomor', 'catatan', 'label', 'tag', 'kontak terakhir', 'chat terbuka']
export const UTF8_BOM = '\uFEFF'
