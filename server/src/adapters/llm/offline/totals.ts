// Totals from the price list: "2 es kopi susu + 1 croissant, totalnya berapa?" → 2 × 18.000 +
// 1 × 20.000, plus the shop's delivery fee when its FAQ states one and the customer asks for
// delivery. Every amount comes from the profile: a line the price list does not name is left
// out and reported, never guessed.
import type { BusinessProfile, PriceListItem } from '../llm.port.js'
import { normalise } from './normalise.js'
import { matchProfileItem } from './product-match.js'
import { rupiahIn } from './rupiah.js'

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  satu: 1, se: 1, sebiji: 1, sebungkus: 1, sepasang: 1, seporsi: 1, sekotak: 1, seloyang: 1, segelas: 1, sepotong: 1, sebuah: 1,
  dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9, sepuluh: 10, selusin: 12,
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, dozen: 12,
}
/** Pieces of a list of items: "+", commas, "sama", "dan", "plus", "and", "with". */
const SEPARATORS = /\s*(?:\+|,|;|&|\n)\s*|\s+(?:sama|dan|plus|and|with|ditambah|tambah)\s+/i
/** The customer asks for a sum, not a unit price. */
const TOTAL_WORDS = /\b(total|totalnya|semua|semuanya|jadi berapa|all together|altogether|in total|sum)\b/
const DELIVERY_WORDS = /\b(kirim|dikirim|antar|diantar|antarkan|delivery|deliver|delivered|ongkir|gosend|kurir)\b/
const FEE_SENTENCE = /\b(ongkir|ongkos kirim|biaya kirim|delivery fee|biaya antar)\b/
/** "Gratis ongkir untuk pesanan di atas Rp 100.000", "free delivery above 100k": a threshold, not a fee. */
const FREE_ABOVE = /\b(gratis|free|bebas)\b.*\b(di ?atas|diatas|minimal|min|lebih dari|above|over|from)\b/
/** Units a customer counts in; a count in another unit than the item's ("50 lembar" of a box) is no quantity of it. */
const UNIT_WORDS = new Set(['lembar', 'kg', 'kilo', 'gram', 'meter', 'm', 'box', 'pcs', 'biji', 'porsi', 'gelas', 'cup', 'kotak', 'loyang', 'pasang', 'liter', 'botol', 'bungkus', 'buah', 'lusin', 'set', 'paket', 'tusuk', 'potong', 'slice', 'ons', 'sheet', 'sheets', 'pages', 'page'])
const UNIT_SAME: Readonly<Record<string, string>> = { kilo: 'kg', m: 'meter', biji: 'pcs', buah: 'pcs', cup: 'gelas', sheet: 'lembar', sheets: 'lembar', page: 'lembar', pages: 'lembar' }
const unitKey = (u: string) => UNIT_SAME[u] ?? u

export interface TotalLine {
  item: PriceListItem
  quantity: number
}

export interface Total {
  lines: TotalLine[]
  /** The delivery fee added, when the shop states one and the customer wants delivery. */
  deliveryFee: number | null
  /** True when delivery was asked and the shop's free-delivery threshold is passed. */
  freeDelivery?: boolean
  sum: number
}

/**
 * The count a piece gives its item; numbers that are part of the item's own name ("Cetak Foto
 * 4R") are not counts. `null` count with `otherUnit` means it counts in a unit the item is not sold in.
 */
function quantityOf(tokens: readonly string[], item: PriceListItem): { quantity: number | null; otherUnit: boolean } {
  const own = new Set(normalise(item.name).tokens)
  const unit = item.unit ? unitKey(normalise(item.unit).tokens[0] ?? '') : null
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? ''
    if (own.has(t)) continue
    const n = /^\d{1,4}$/.test(t) ? Number(t) : Object.hasOwn(NUMBER_WORDS, t) ? NUMBER_WORDS[t] : undefined
    if (n === undefined) continue
    const next = tokens[i + 1]
    if (unit && next && UNIT_WORDS.has(next) && unitKey(next) !== unit) return { quantity: null, otherUnit: true }
    return { quantity: n, otherUnit: false }
  }
  return { quantity: null, otherUnit: false }
}

/**
 * An item of the price list a piece names: all its words (or all but one of a long name), else
 * one word that only this item has ("5 kg express" → Cuci Setrika Express).
 */
function itemIn(tokens: readonly string[], profile: BusinessProfile): PriceListItem | null {
  const name = matchProfileItem(tokens, { ...profile, menu: '' })
  const exact = name ? profile.priceList.find((p) => p.name === name) : undefined
  if (exact) return exact
  const said = new Set(tokens)
  const owners = new Map<string, PriceListItem[]>()
  for (const item of profile.priceList) {
    for (const word of new Set(normalise(item.name).tokens)) owners.set(word, [...(owners.get(word) ?? []), item])
  }
  const unique = [...said].map((t) => (t.length >= 5 ? owners.get(t) : undefined)).filter((o) => o?.length === 1)
  const candidates = new Set(unique.map((o) => o?.[0]))
  return candidates.size === 1 ? ([...candidates][0] ?? null) : null
}

const feeSentences = (profile: BusinessProfile) =>
  `${profile.faq}\n${profile.about}`.split(/\n+|(?<=[.!?])\s+(?=\S)/).filter((s) => FEE_SENTENCE.test(normalise(s).text) || /\b(delivery|antar|kirim)\b/.test(normalise(s).text))

/** The order value above which the shop delivers free, when its FAQ states one. */
export function freeDeliveryFrom(profile: BusinessProfile): number | null {
  for (const s of feeSentences(profile)) {
    if (!FREE_ABOVE.test(normalise(s).text)) continue
    const [amount] = rupiahIn(s)
    if (amount) return amount
  }
  return null
}

/** The shop's delivery fee when its FAQ (or about text) states exactly one (a free-delivery threshold aside). */
export function deliveryFee(profile: BusinessProfile): number | null {
  const fees = new Set<number>()
  for (const s of feeSentences(profile)) {
    if (!FEE_SENTENCE.test(normalise(s).text) || FREE_ABOVE.test(normalise(s).text)) continue
    for (const amount of rupiahIn(s)) fees.add(amount)
  }
  return fees.size === 1 ? ([...fees][0] ?? null) : null
}

/**
 * The total the message asks for, or null when it asks none: it needs a sum word ("totalnya",
 * "jadi berapa", "semuanya") or a counted item with a price question, and every item it names
 * must be on the price list.
 */
export function totalAsked(profile: BusinessProfile, text: string, wantsPrice: boolean): Total | null {
  if (profile.priceList.length === 0) return null
  const folded = normalise(text).text
  const sumAsked = TOTAL_WORDS.test(folded)
  if (!sumAsked && !wantsPrice) return null
  const lines: TotalLine[] = []
  let counted = false
  for (const piece of text.split(SEPARATORS)) {
    const tokens = normalise(piece).tokens
    const item = itemIn(tokens, profile)
    if (!item) continue
    const { quantity, otherUnit } = quantityOf(tokens, item)
    // "kartu nama 50 lembar" when it is sold by the box: no honest total; the caller answers otherwise.
    if (otherUnit) return null
    if (quantity !== null) counted = true
    const same = lines.find((l) => l.item === item)
    if (same) same.quantity += quantity ?? 1
    else lines.push({ item, quantity: quantity ?? 1 })
  }
  if (lines.length === 0) return null
  // "harga croissant?" is a unit price; "2 croissant berapa?" and "americano + croissant, totalnya?" are totals.
  const isTotal = sumAsked ? lines.length > 1 || counted : counted && lines.some((l) => l.quantity > 1)
  if (!isTotal) return null
  const subtotal = lines.reduce((acc, l) => acc + l.quantity * l.item.price, 0)
  const delivered = DELIVERY_WORDS.test(folded)
  const freeFrom = delivered ? freeDeliveryFrom(profile) : null
  // "di atas Rp 100.000" is read as strictly above; "minimal" as from that amount on.
  const free = freeFrom !== null && (subtotal > freeFrom || (subtotal === freeFrom && /\b(minimal|min|from)\b/.test(normalise(feeSentences(profile).join(' ')).text)))
  const fee = delivered && !free ? deliveryFee(profile) : null
  return { lines, deliveryFee: fee, ...(free ? { freeDelivery: true } : {}), sum: subtotal + (fee ?? 0) }
}

/** The items a price question names, each priced on its own ("hair mask sama blow brp?"). */
export function itemsNamed(profile: BusinessProfile, text: string): PriceListItem[] {
  const out: PriceListItem[] = []
  for (const piece of text.split(SEPARATORS)) {
    const item = itemIn(normalise(piece).tokens, profile)
    if (item && !out.includes(item)) out.push(item)
  }
  return out
}
