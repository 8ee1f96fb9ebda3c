// Words that show what a customer message is about, matched on the folded text the offline
// normaliser produces (lower case, abbreviations expanded, "-nya" split off, padded with spaces).
// Shared by the offline rules and the tag consistency step, so both read a message the same way:
// above all "berapa", which asks a price ("es kopi susu berapa?", "2 porsi berapa?") unless a
// time, quantity or distance word is attached ("jam berapa tutup", "berapa lama", "berapa orang",
// "jaraknya berapa km").

/** Words that, right after "berapa", make it ask a time, a count or a distance. */
const MEASURE_AFTER = [
  'jam', 'pukul', 'menit', 'detik', 'lama', 'hari', 'minggu', 'bulan', 'tahun', 'kali', 'orang', 'km', 'kilo', 'kilometer',
  'meter', 'm', 'cm', 'jauh', 'banyak', 'porsi', 'pcs', 'lusin', 'gelas', 'cup', 'box', 'item', 'lantai', 'nomor', 'ukuran',
  'size', 'persen', 'tanggal', 'lembar', 'kg', 'gram', 'liter', 'umur', 'usia', 'meja', 'kursi', 'kamar', 'slot', 'tamu',
]
/** Words that, shortly before "berapa", make it ask a time, a count or a distance ("jam tutupnya berapa"). */
const MEASURE_BEFORE = [
  'jam', 'pukul', 'tanggal', 'jarak', 'jauh', 'lama', 'lamanya', 'umur', 'usia', 'nomor', 'estimasi',
  'waktu', 'durasi', 'kapasitas', 'muat', 'jumlah', 'stok', 'sisa', 'minimal', 'minimum', 'maksimal',
]

const alt = (words: readonly string[]) => words.join('|')

/**
 * "berapa" asking a price: not followed by a measure word, and no time/count/distance word in the
 * three words before it ("jam buka nya berapa"). Written for `RegExp.test` on folded text.
 */
export const PRICE_BERAPA = new RegExp(
  `(?<! (?:${alt(MEASURE_BEFORE)})(?: [a-z]+){0,2}) berapa (?!(?:${alt(MEASURE_AFTER)}) )`,
)

/** Plain price words (folded text). */
const PRICE_WORDS = /\b(harga|price|prices|pricelist|cost|costs|biaya|tarif|ongkir|ongkos|how much|total|rp|per kg|per porsi|diskon|discount|promo)\b/

/** True when the message asks (or talks about) a price. */
export function talksPrice(folded: string): boolean {
  return PRICE_WORDS.test(folded) || PRICE_BERAPA.test(folded)
}

/**
 * Evidence in the customer's own words for each topic tag. A topic tag the intent does not imply
 * is kept only when its evidence is there: that is what stops "Tanya Harga" on "jam berapa tutup".
 */
export const TOPIC_EVIDENCE: Readonly<Record<string, (folded: string) => boolean>> = {
  price_inquiry: talksPrice,
  availability: (t) => /\b(ready|stok|tersedia|available|availability|sold out|habis|kosong|restock|masih ada|ada tidak|ada yang|do you have|have any|have it|in stock|jual|menjual|jualan|sell|sells|selling|varian|ukuran|size)\b/.test(t),
  delivery: (t) => /\b(kirim|dikirim|kiriman|antar|diantar|antarkan|ongkir|ongkos kirim|delivery|deliver|delivered|ship|shipping|shipped|pengiriman|kurir|courier|gosend|grab|gojek|grabexpress|jne|jnt|sicepat|anteraja|ekspedisi|jemput|dijemput|pick up|pickup|ambil sendiri|takeaway|take away|cod|sampai|datang|arrive|arrived|paket|resi|tracking|alamat|address)\b/.test(t),
  payment: (t) => /\b(bayar|dibayar|pembayaran|payment|pay|paid|transfer|rekening|qris|gopay|ovo|dana|shopeepay|cod|tunai|cash|debit|kartu|card|bca|mandiri|bri|bni|bukti|invoice|tagihan|charged|charge|refund|dp|lunas|uang|money)\b/.test(t),
  reservation: (t) => /\b(reservasi|reserve|reservation|booking|book|pesan tempat|pesan meja|meja|table|seats?)\b/.test(t),
}
