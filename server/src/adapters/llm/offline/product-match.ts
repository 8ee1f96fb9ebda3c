// Finds what the customer is asking about. First against the shop's own names (price list, then
// menu lines), tolerant of case, "-nya", stretched letters and one typo per long word; failing
// that, the noun phrase after a buying or asking word ("harga kemeja flanel", "ready hoodie
// abu?"), or null.
import type { BusinessProfile } from '../llm.port.js'
import { normalise } from './normalise.js'

interface Candidate {
  name: string
  tokens: string[]
}

/** Menu lines look like "Es Kopi Susu - Rp 18.000" or "• Roti bakar coklat 15k"; keep the name. */
function menuNames(menu: string): string[] {
  return menu
    .split(/\n|;|,(?!\d)/)
    .map((line) => line.replace(/^[\s•*\-–\d.)]+/, '').replace(/[-–:=(]?\s*(rp\.?\s*)?\d[\d.,]*\s*(k|rb|ribu)?\)?.*$/i, '').trim())
    .filter((name) => name.length >= 3 && name.length <= 60)
}

function candidatesOf(profile: BusinessProfile): Candidate[] {
  const seen = new Set<string>()
  const out: Candidate[] = []
  for (const name of [...profile.priceList.map((p) => p.name), ...menuNames(profile.menu)]) {
    const tokens = normalise(name).tokens.filter((t) => t !== 'nya')
    const key = tokens.join(' ')
    if (tokens.length === 0 || seen.has(key)) continue
    seen.add(key)
    out.push({ name, tokens })
  }
  return out
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  let j = 0
  let edits = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { i++; j++; continue }
    if (++edits > 1) return false
    if (a.length > b.length) i++
    else if (b.length > a.length) j++
    else { i++; j++ }
  }
  return edits + (a.length - i) + (b.length - j) <= 1
}

function tokenMatches(wanted: string, said: ReadonlySet<string>): boolean {
  if (said.has(wanted)) return true
  for (const token of said) {
    if (wanted.length >= 5 && token.length >= 5 && withinOneEdit(wanted, token)) return true
  }
  return false
}

/** The price-list or menu item the text names, or null. */
export function matchProfileItem(tokens: readonly string[], profile: BusinessProfile): string | null {
  const said = new Set(tokens)
  let best: { name: string; matched: number; ratio: number } | null = null
  for (const candidate of candidatesOf(profile)) {
    const matched = candidate.tokens.filter((t) => tokenMatches(t, said)).length
    const ratio = matched / candidate.tokens.length
    // Every word, or all but one of a long name ("kopi susu" for "Es Kopi Susu Gula Aren").
    const enough = ratio === 1 || (candidate.tokens.length >= 3 && matched >= candidate.tokens.length - 1)
    if (!enough) continue
    if (!best || matched > best.matched || (matched === best.matched && ratio > best.ratio)) {
      best = { name: candidate.name, matched, ratio }
    }
  }
  return best?.name ?? null
}

const TRIGGERS = new Set([
  'pesan', 'order', 'beli', 'ambil', 'harga', 'ready', 'stok', 'ada', 'price', 'buy', 'take', 'want', 'have', 'is', 'untuk',
  'checkout', 'booking', 'po', 'jual', 'cari', 'sell', 'much', 'stock',
])
const STOP = new Set([
  'kak', 'admin', 'gan', 'sis', 'ya', 'yang', 'nya', 'tidak', 'sudah', 'belum', 'berapa', 'saya', 'mau', 'dong', 'deh', 'sih',
  'the', 'a', 'an', 'of', 'for', 'to', 'is', 'are', 'this', 'that', 'it', 'please', 'you', 'do', 'your', 'my', 'me', 'and',
  'dan', 'atau', 'di', 'ke', 'dari', 'ini', 'itu', 'juga', 'saja', 'lagi', 'masih', 'bisa', 'apa', 'kah', 'pcs', 'porsi',
  'box', 'kg', 'biji', 'lusin', 'gelas', 'cup', 'set', 'still', 'there', 'in', 'on', 'with', 'one', 'satu', 'dua', 'tiga',
  'sama', 'untuk', 'buat', 'how', 'much', 'what', 'any', 'some', 'nih', 'kan', 'dulu', 'banget', 'ready', 'stok', 'ada',
  'harga', 'total', 'ongkir', 'terus', 'sekarang', 'besok', 'hari', 'jam', 'available', 'stock', 'now', 'today', 'tomorrow',
])

/** A noun phrase after a buying or asking word, at most three words, or null. */
export function guessProductPhrase(tokens: readonly string[]): string | null {
  for (let i = 0; i < tokens.length; i++) {
    if (!TRIGGERS.has(tokens[i] ?? '')) continue
    const words: string[] = []
    for (let j = i + 1; j < tokens.length && words.length < 3; j++) {
      const t = tokens[j] ?? ''
      if (/^\d+$/.test(t) || STOP.has(t)) {
        if (words.length > 0) break
        continue
      }
      words.push(t)
    }
    if (words.length > 0) return words.join(' ')
  }
  return null
}
