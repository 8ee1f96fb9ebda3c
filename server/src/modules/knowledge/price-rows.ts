// Price rows in a line of extracted text: "Nasi Bakar ........ Rp 25.000", "Es Teh: 5k",
// "Nasi Bakar | 25000 | porsi". A bare number is a price only when the line is laid out like a
// price row (a table, dot leaders, a colon): "Buka sejak 2015" names no price.
import { parsePrice } from '../ai-config/ai-config.price-list-csv.js'

export interface FoundPrice { name: string; price: number; unit?: string }

const MONEY = String.raw`(?:rp\.?\s*)?(?:\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?\s?(?:k|rb|ribu)\b|\d{3,7})`
const AT_END = new RegExp(String.raw`^(.*?[\p{L}].*?)(\s*(?:[.…·_]{2,}|[:=\t|–—-]|\s)\s*)(${MONEY})(?:\s*(?:/|per\s)\s*([\p{L}]{1,15}))?\s*$`, 'iu')
const NOT_A_NAME = /^(total|subtotal|jumlah|telp|tel|hp|wa|no|nomor|tahun|sejak|alamat|jl|jalan)\b/i

const cleanName = (s: string) => s.replace(/^[-•*#\d.)\s]+(?=\p{L})/u, '').replace(/[\s.:…·_|–—-]+$/u, '').trim()

function plausible(name: string): boolean {
  return name.length >= 2 && name.length <= 80 && /\p{L}{2}/u.test(name) && !NOT_A_NAME.test(name)
}

function fromCells(cells: string[]): FoundPrice | null {
  const at = cells.findIndex((c, i) => i > 0 && /\d/.test(c) && parsePrice(c) !== undefined)
  if (at < 1) return null
  const name = cleanName(cells.slice(0, at).find((c) => /\p{L}{2}/u.test(c) && parsePrice(c) === undefined) ?? '')
  const price = parsePrice(cells[at]!)
  if (!plausible(name) || price === undefined || price <= 0) return null
  const unit = cells[at + 1]
  return { name, price, ...(unit && /^[\p{L} ]{1,15}$/u.test(unit) ? { unit: unit.trim() } : {}) }
}

export function findPrice(line: string): FoundPrice | null {
  const trimmed = line.trim()
  if (trimmed.includes(' | ')) return fromCells(trimmed.split(' | ').map((c) => c.trim()))
  const m = AT_END.exec(trimmed)
  if (!m) return null
  const [, rawName = '', separator = '', money = '', unit] = m
  const formatted = /rp|[.,]\d{3}|k|rb|ribu/i.test(money)
  // A bare "2015" needs a price-row layout before it (dot leaders, a colon, a dash, a tab).
  if (!formatted && !/[.…·_:=\t|–—-]/.test(separator)) return null
  const name = cleanName(rawName)
  const price = parsePrice(money)
  if (!plausible(name) || price === undefined || price <= 0) return null
  return { name, price, ...(unit ? { unit } : {}) }
}
