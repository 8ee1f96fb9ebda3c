// The offline classifier: normalise → score every rule table → add what the conversation so far
// implies → pick the mode (ties favour complaint, then order, then faq) → intent, tags,
// sentiment, product and summary. Deterministic and fast; no network.
import type { ChatTurn, Classification, ClassifyInput, Language, Mode } from '../llm.port.js'
import { COMPLAINT_RULES } from './complaint.rules.js'
import { FAQ_RULES } from './faq.rules.js'
import { ABBREVIATIONS, ENGLISH_MARKERS, INDONESIAN_MARKERS } from './lexicon.js'
import { normalise, type NormalisedText } from './normalise.js'
import { OTHER_RULES } from './other.rules.js'
import { ORDER_RULES } from './order.rules.js'
import { guessProductPhrase, itemByDistinctWord, matchProfileItem } from './product-match.js'
import type { Rule } from './rule.js'
import { summarise } from './summary.js'
import { consistentTags } from '../tag-consistency.js'

const RULES: readonly Rule[] = [...COMPLAINT_RULES, ...ORDER_RULES, ...FAQ_RULES, ...OTHER_RULES]
/** When scores tie, the more costly mode to miss wins. */
const PRIORITY: readonly Mode[] = ['complaint', 'order', 'faq', 'other']
const DEFAULT_INTENT: Readonly<Record<Mode, string>> = { faq: 'ask_general', order: 'place_order', complaint: 'complain_general', other: 'unclear' }
/** Tags that describe the topic and stay whatever the mode (an order that also asks the price). */
const TOPIC_TAGS = new Set(['price_inquiry', 'availability', 'delivery', 'payment', 'spam'])

/** Every word the rules are written with: lets the normaliser tell "maaf" from stretched "bangeet". */
export const VOCABULARY: ReadonlySet<string> = new Set([
  ...RULES.flatMap((rule) => rule.pattern.source.match(/[a-z]{3,}/g) ?? []),
  ...Object.values(ABBREVIATIONS).flatMap((v) => v.split(' ')),
  ...ENGLISH_MARKERS,
  ...INDONESIAN_MARKERS,
])

export function normaliseForRules(text: string): NormalisedText {
  return normalise(text, VOCABULARY)
}

export interface Vote {
  mode: Mode
  weight: number
  intent?: string
  tags?: string[]
}

export interface Scored {
  scores: Record<Mode, number>
  votes: Vote[]
}

/** Scores one message on its own. */
export function scoreMessage(n: NormalisedText): Scored {
  const scores: Record<Mode, number> = { faq: 0, order: 0, complaint: 0, other: 0.6 }
  const votes: Vote[] = []
  if (n.hasQuestion) scores.faq += 1.2
  if (n.contentless) {
    scores.other += 3
    votes.push({ mode: 'other', weight: 3, intent: 'send_sticker' })
  }
  for (const rule of RULES) {
    if (!rule.pattern.test(n.text)) continue
    scores[rule.mode] += rule.weight
    votes.push(rule)
  }
  // A clear complaint mentions the purchase it is about ("yang saya beli rusak"): that is not a
  // new order. A hypothetical ("kalau rusak bisa tukar?") is a policy question, not a complaint.
  if (votes.some((v) => v.mode === 'complaint' && v.weight >= 3)) scores.order *= 0.5
  if (votes.some((v) => v.intent === 'ask_policy')) scores.complaint *= 0.5
  return { scores, votes }
}

const PRICE_TALK = /\b(harga|price|rp|berapa|ready|stok|ongkir|total|how much|\d{4,})\b/
const CONFIRM = /\b(oke|ok|okay|iya|ya|jadi|boleh|deal|gas|ambil|lanjut|yes|sure|fine|mau|sip|siap)\b/
const COMMIT = /\b(jadi|ambil|deal|gas|lanjut|boleh|mau|yes please|i will take|pesan|order|\d+|satu|dua|tiga|one|two|three)\b/
const BUSINESS_ASKED_DETAILS = /\b(berapa|alamat|atas nama|nama|jumlah|how many|address|name|ukuran|size|warna|colou?r|kapan|when)\b/
const DETAILS_GIVEN = /\b(\d+|jl|jalan|alamat|nama|ukuran|size|warna|satu|dua|tiga|one|two|three)\b/
const BACKS_OFF = /\b(tidak jadi|batal|nanti|pikir|thanks|terima kasih|no thanks|not now)\b/

/** What the conversation so far adds: a short "oke jadi 2 ya" after a price talk is an order. */
function contextVotes(n: NormalisedText, history: readonly ChatTurn[], own: Scored): Vote[] {
  const recent = history.slice(-6)
  if (recent.length === 0) return []
  const votes: Vote[] = []
  const folded = recent.map((turn) => ({ from: turn.from, n: normaliseForRules(turn.text) }))
  const backsOff = BACKS_OFF.test(n.text)
  const priceTalk = folded.some((turn) => PRICE_TALK.test(turn.n.text))
  if (priceTalk && !backsOff && CONFIRM.test(n.text) && COMMIT.test(n.text) && n.tokens.length <= 12) {
    votes.push({ mode: 'order', weight: 3, intent: 'confirm_order', tags: ['order_intent', 'hot_lead'] })
  }
  const last = folded[folded.length - 1]
  if (last?.from === 'business' && BUSINESS_ASKED_DETAILS.test(last.n.text) && DETAILS_GIVEN.test(n.text) && !backsOff) {
    const orderBefore = folded.some((turn) => turn.from === 'customer' && scoreMessage(turn.n).scores.order >= 3)
    if (orderBefore) votes.push({ mode: 'order', weight: 2.6, intent: 'provide_order_details', tags: ['order_intent'] })
  }
  const ownStrongest = Math.max(own.scores.faq, own.scores.order, own.scores.complaint)
  const earlierComplaint = folded
    .filter((turn) => turn.from === 'customer')
    .slice(-2)
    .some((turn) => topMode(scoreMessage(turn.n).scores) === 'complaint')
  if (earlierComplaint && !backsOff && ownStrongest < 3 && !/\b(terima kasih|thanks|oke|ok|baik)\b/.test(n.text)) {
    votes.push({ mode: 'complaint', weight: 2, intent: 'complain_general', tags: [] })
  }
  return votes
}

export function topMode(scores: Record<Mode, number>): Mode {
  let best: Mode = 'other'
  let bestScore = -Infinity
  for (const mode of PRIORITY) {
    if (scores[mode] > bestScore) {
      best = mode
      bestScore = scores[mode]
    }
  }
  return best
}

export function detectLanguage(tokens: readonly string[], hint: Language | undefined, history: readonly ChatTurn[]): Language {
  let en = 0
  let id = 0
  for (const token of tokens) {
    if (ENGLISH_MARKERS.has(token)) en++
    if (INDONESIAN_MARKERS.has(token)) id++
  }
  if (en > id) return 'en'
  if (id > en) return 'id'
  if (hint) return hint
  const lastCustomer = [...history].reverse().find((turn) => turn.from === 'customer')
  if (lastCustomer) return detectLanguage(normaliseForRules(lastCustomer.text).tokens, undefined, [])
  return 'id'
}

const NEGATIVE_WORDS = /\b(kecewa|marah|kesal|kesel|parah|jelek|buruk|disappoint\w*|angry|terrible|awful|worst|jijik|disgusting|nyesel|kapok)\b/
const POSITIVE_WORDS = /\b(terima kasih|thanks|thank you|mantap|mantul|enak|puas|keren|love|great|awesome|amazing|delicious|nice|suka|recommended|semangat|sukses)\b/
const QUANTITY = /\b(\d+|satu|dua|tiga|lima|sepuluh|selusin) (pcs|porsi|box|lusin|gelas|cup|kg|kilo|loyang|set|pasang|toples|liter|botol|item|pax|orang)\b/

/** Intents about the shop itself: a noun after "ada" there is a facility, not a product ("ada parkir?"). */
const SHOP_INTENTS = new Set(['ask_hours', 'ask_location', 'ask_facilities', 'ask_payment', 'ask_shipping', 'book_reservation', 'request_payment_details', 'confirm_payment'])

/**
 * The product of interest: an item the message names (in full, or by a word only one item has),
 * else one the last turns named ("gas kak" after a price quote), else a guessed noun phrase.
 */
function productOf(n: NormalisedText, intent: string, input: ClassifyInput): string | null {
  const named = matchProfileItem(n.tokens, input.profile) ?? itemByDistinctWord(n.tokens, input.profile)
  if (named) return named
  for (const turn of input.history.slice(-4).reverse()) {
    const tokens = normaliseForRules(turn.text).tokens
    const earlier = matchProfileItem(tokens, input.profile) ?? itemByDistinctWord(tokens, input.profile)
    if (earlier) return earlier
  }
  return SHOP_INTENTS.has(intent) ? null : guessProductPhrase(n.tokens)
}

const CANCEL = /\b(batal|batalin|batalkan|cancel|dibatalkan|gak jadi|ga jadi|nggak jadi|tidak jadi)\b/

export function classifyOffline(input: ClassifyInput): Classification {
  const n = normaliseForRules(input.text)
  const own = scoreMessage(n)
  const votes = [...own.votes, ...contextVotes(n, input.history, own)]
  const scores = { ...own.scores }
  for (const vote of votes.slice(own.votes.length)) scores[vote.mode] += vote.weight
  if (n.tokens.length <= 3 && own.votes.every((v) => v.mode === 'other') && !n.hasQuestion) scores.other += 0.5

  const mode = topMode(scores)
  const ranked = Object.values(scores).sort((a, b) => b - a)
  const margin = (ranked[0] ?? 0) - (ranked[1] ?? 0)
  const confidence = Math.round(Math.min(0.97, Math.max(0.3, 0.35 + (0.6 * margin) / ((ranked[0] ?? 0) + 1))) * 100) / 100

  const modeVotes = votes.filter((v) => v.mode === mode)
  const named = modeVotes.filter((v) => v.intent).sort((a, b) => b.weight - a.weight)[0]
  const intent = named?.intent ?? DEFAULT_INTENT[mode]

  const tags = new Set<string>()
  for (const vote of votes) {
    for (const tag of vote.tags ?? []) if (vote.mode === mode || TOPIC_TAGS.has(tag)) tags.add(tag)
  }
  if (mode !== 'order') { tags.delete('hot_lead'); tags.delete('order_intent') }
  if (mode === 'order' && scores.order >= 5) tags.add('hot_lead')
  if (mode === 'complaint') tags.add('needs_follow_up')
  // Tags agree with the mode and intent before anything is derived from them.
  const consistent = new Set(consistentTags({ mode, intent, tags: [...tags], needsFollowUp: tags.has('needs_follow_up') }, input.text))
  tags.clear()
  for (const tag of consistent) tags.add(tag)
  // A sales or service matter the shop must come back to: an order, a payment, a booking, a
  // cancellation, or a buying question (price, stock, delivery). Hours or address are settled by the answer.
  if (mode === 'order') tags.add('needs_follow_up')
  if (mode === 'faq' && (tags.has('price_inquiry') || tags.has('availability') || tags.has('delivery'))) {
    tags.add('needs_follow_up')
    if (QUANTITY.test(n.text)) tags.add('hot_lead')
  }

  const language = detectLanguage(n.tokens, input.language, input.history)
  const productInterest = mode === 'other' ? null : productOf(n, intent, input)
  // A hot lead is a buyer about to pay for something: an order of a named item or a count, or a
  // request for where to pay. Money already sent, a cancellation, or a table booked without any
  // item is followed up, but is no lead to chase.
  if (mode === 'order') {
    if (intent === 'confirm_payment' || intent === 'cancel_order' || CANCEL.test(n.text)) tags.delete('hot_lead')
    else if (tags.has('reservation') && !productInterest) tags.delete('hot_lead')
    else if ((intent === 'place_order' || intent === 'confirm_order') && (productInterest || QUANTITY.test(n.text))) tags.add('hot_lead')
  }

  let sentiment: Classification['sentiment'] = 'neutral'
  if (mode === 'complaint' || NEGATIVE_WORDS.test(n.text)) sentiment = 'negative'
  else if (POSITIVE_WORDS.test(n.text)) sentiment = 'positive'

  return {
    mode,
    intent,
    tags: [...tags],
    sentiment,
    productInterest,
    summary: summarise(mode, intent, language, productInterest),
    needsFollowUp: tags.has('needs_follow_up'),
    confidence,
    language,
    classifier: 'offline',
  }
}
