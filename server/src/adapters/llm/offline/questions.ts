// Splits one customer message into the questions it asks, so each gets an answer or an explicit
// hand-over: "harga es kopi susu? bisa antar?" is two questions, "es kopi susu dan croissant
// berapa?" is one. Sentences end at ?, ! or a full stop; inside a sentence a comma, "dan",
// "terus", "and"… starts a new question only when what follows opens like a question ("bisa…",
// "jam berapa…", "do you…"), so a list of items stays together.
import { normalise } from './normalise.js'

/**
 * Words a question opens with, after folding ("brp" → "berapa", "dmn" → "di mana"). Bare verbs
 * ("antar ke Jl. Cisitu ya") are instructions within an order, not new questions.
 */
const HEADS = new Set([
  'apa', 'berapa', 'bisa', 'boleh', 'ada', 'kapan', 'mana', 'di', 'bagaimana', 'kenapa', 'jam', 'harga', 'ongkir', 'stok',
  'ready', 'kalau', 'buka', 'tutup', 'alamat', 'lokasi', 'terima', 'menerima', 'melayani', 'sedia', 'tersedia', 'masih',
  'pembayaran', 'pengiriman', 'minimal', 'promo', 'diskon', 'menu',
  'what', 'when', 'where', 'how', 'do', 'does', 'can', 'could', 'is', 'are', 'will', 'would', 'which', 'any', 'who',
])
/** Words a question may start with before its head ("kak, bisa antar?", "terus juga jam berapa"). */
const FILLER = new Set(['kak', 'admin', 'gan', 'sis', 'juga', 'terus', 'lalu', 'trus', 'and', 'also', 'oh', 'oiya', 'oya', 'satu', 'lagi', 'mau', 'tanya'])

// "Jl. Melati" or "Rp. 10.000" must not end a sentence.
const ABBREVIATED = /\b(jl|jln|no|rp|dr|bpk|ibu|st|kec|kel|rt|rw|gg|mr|mrs|ms)\./gi
const SENTENCES = /[?!]+|\n+|\.(?=\s|$)/
/** "terus alamatnya di mana" is quoted back as "alamatnya di mana". */
const LEADING_JOIN = /^(?:(?:dan|terus|trus|lalu|juga|sama|and|also|plus)\s+)+/i
const JOINS = /(\s*[,;]\s*|\s+(?:dan|terus|trus|lalu|sama|and|also|plus)\s+)/i

/** Words that make a piece ask something wherever they stand ("transfer ke mana kak"). */
const ASKING = new Set(['apa', 'berapa', 'mana', 'kapan', 'bagaimana', 'kenapa', 'bisa', 'boleh', 'what', 'where', 'when', 'how', 'which', 'can', 'could'])
/** Words that make a piece want something: an order is answered too ("mau pesan 2, transfer ke mana?"). */
const WANTING = new Set(['pesan', 'order', 'beli', 'ambil', 'mau', 'want', 'buy', 'take', 'like'])

function opensLikeQuestion(piece: string): boolean {
  const tokens = normalise(piece).tokens
  const first = tokens.find((t) => !FILLER.has(t))
  return first !== undefined && HEADS.has(first)
}

/**
 * Whether `next` starts a question of its own after `current`: it opens like one, or it asks
 * something while `current` already asked or wanted something — so "es kopi susu dan croissant
 * berapa?" stays one question, and "mau pesan 2, transfer ke mana?" is two.
 */
function startsNewQuestion(current: string, next: string): boolean {
  if (opensLikeQuestion(next)) return true
  const asks = normalise(next).tokens.some((t) => ASKING.has(t))
  return asks && normalise(current).tokens.some((t) => ASKING.has(t) || WANTING.has(t) || HEADS.has(t))
}

/** The questions in `text`, in order, as the customer wrote them (trimmed). Never empty for non-empty text. */
export function splitQuestions(text: string): string[] {
  const out: string[] = []
  const protectedText = text.replace(ABBREVIATED, (m) => m.slice(0, -1) + '\u2024')
  for (const sentence of protectedText.split(SENTENCES)) {
    const pieces = sentence.split(JOINS)
    let current = pieces[0] ?? ''
    for (let i = 1; i < pieces.length; i += 2) {
      const join = pieces[i] ?? ''
      const next = pieces[i + 1] ?? ''
      if (current.trim() && startsNewQuestion(current, next)) {
        out.push(current)
        current = next
      } else {
        current += join + next
      }
    }
    out.push(current)
  }
  const cleaned = out
    .map((q) => q.replace(/\u2024/g, '.').trim().replace(/^[,;\s]+|[,;\s]+$/g, '').replace(LEADING_JOIN, ''))
    .filter((q) => /[\p{L}\p{N}]/u.test(q))
  return cleaned.length ? cleaned : [text.trim()]
}
