// Finds what the customer is asking about. First against the shop's own names (price list, then
// menu lines), tolerant of case, "-nya", stretched letters and one typo per long word; failing
// that, the noun phrase after a buying or asking word ("harga kemeja flanel", "ready hoodie
// abu?"), or null.
import type { BusinessProfile } from '../llm.port.js'
import { normalise } from './normalise.js'
import { withIndonesianWords } from './english-words.js'

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

/** "latte" and "late": the normaliser may fold a doubled letter in the message but not in a name. */
const undoubled = (w: string) => w.replace(/([a-z])\1/g, '$1')

/**
 * Everyday chat words that sit one letter away from common item words ("bayar"/"bakar",
 * "antar"/"santan", "pakai"/"pakis"): spelled right, they are never a typo of an item.
 */
const NOT_A_TYPO = new Set([
  'bayar', 'antar', 'kirim', 'pakai', 'pakal', 'besar', 'kecil', 'tutup', 'libur', 'harga', 'makan', 'minum', 'ambil', 'tanya',
  'sampai', 'sampe', 'kabar', 'pesan', 'rumah', 'jalan', 'kantor', 'bikin', 'masak', 'panas', 'dingin', 'manis', 'lebih', 'kurang',
  'tunai', 'debit', 'transfer', 'kurir', 'ongkir', 'paket', 'besok', 'malam', 'siang', 'minggu', 'sabtu', 'senin', 'kamis',
  'delivery', 'price', 'order', 'today', 'where', 'there', 'please', 'thanks',
])

function tokenMatches(wanted: string, said: ReadonlySet<string>): boolean {
  if (said.has(wanted)) return true
  for (const token of said) {
    if (wanted.length >= 4 && undoubled(token) === undoubled(wanted)) return true
    if (NOT_A_TYPO.has(token)) continue
    if (wanted.length >= 5 && token.length >= 5 && withinOneEdit(wanted, token)) return true
  }
  return false
}

/** The shop's own spelling of `name` when it is a price-list or menu item, else null (a guess). */
export function profileItemName(profile: BusinessProfile, name: string | null): string | null {
  if (!name) return null
  const key = normalise(name).tokens.filter((t) => t !== 'nya').join(' ')
  return candidatesOf(profile).find((c) => c.tokens.join(' ') === key)?.name ?? null
}

/** The price-list or menu item the text names, or null. */
export function matchProfileItem(tokens: readonly string[], profile: BusinessProfile): string | null {
  const said = new Set(withIndonesianWords(tokens))
  let best: { name: string; matched: number; ratio: number } | null = null
  let tied = false
  for (const candidate of candidatesOf(profile)) {
    const matched = candidate.tokens.filter((t) => tokenMatches(t, said)).length
    const ratio = matched / candidate.tokens.length
    // Every word, or all but one of a long name ("kopi susu" for "Es Kopi Susu"), or three words
    // of a longer one ("kopsu aren" → kopi susu aren → "Es Kopi Susu Gula Aren", over "Es Kopi Susu").
    const enough = ratio === 1 || (candidate.tokens.length >= 3 && matched >= candidate.tokens.length - 1) || (matched >= 3 && ratio >= 0.6)
    if (!enough) continue
    if (!best || matched > best.matched || (matched === best.matched && ratio > best.ratio)) {
      best = { name: candidate.name, matched, ratio }
      tied = false
    } else if (matched === best.matched && ratio === best.ratio && candidate.name !== best.name) {
      tied = true
    }
  }
  // "kopi susu" fits "Es Kopi Susu" and "Kopi Susu Panas" alike: picking one would be a guess.
  return best && !tied ? best.name : null
}

/**
 * The one price-list item a distinctive word of the message belongs to ("5 kg express" → Cuci
 * Setrika Express, "brownies" → Brownies Panggang), when no item is named in full. A word two
 * items share ("kopi", "cuci") says nothing.
 */
export function itemByDistinctWord(tokens: readonly string[], profile: BusinessProfile): string | null {
  const owners = new Map<string, Set<string>>()
  for (const c of candidatesOf(profile)) {
    for (const word of c.tokens) owners.set(word, (owners.get(word) ?? new Set()).add(c.name))
  }
  const found = new Set<string>()
  for (const token of new Set(tokens)) {
    if (token.length < 4 || STOP.has(token)) continue
    for (const [word, names] of owners) {
      if (names.size !== 1 || word.length < 4 || STOP.has(word)) continue
      if (word === token || (word.length >= 5 && token.length >= 5 && !NOT_A_TYPO.has(token) && withinOneEdit(word, token))) found.add([...names][0] ?? '')
    }
  }
  return found.size === 1 ? ([...found][0] ?? null) : null
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
  // how customers address the seller, and booking words: "brownies ready ga bu?", "meja buat 8 orang jumat malam"
  'bu', 'bun', 'ibu', 'uni', 'mbak', 'mba', 'mas', 'pak', 'bang', 'bro', 'orang', 'meja', 'tempat', 'pagi', 'siang', 'sore',
  'malam', 'senin', 'selasa', 'rabu', 'kamis', 'jumat', 'sabtu', 'minggu', 'nanti', 'kemarin', 'tadi',
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
