// Offline replies, grounded only on the business profile: answers what the profile answers
// (price, hours, address, menu, payment and delivery lines of the FAQ), acknowledges orders and
// asks for what is missing, and hands everything else to a human with a holding message. It
// never states a price that is not in the price list.
import type { BusinessProfile, FollowUpInput, Language, PriceListItem, Reply, ReplyInput, ReplyLanguage } from '../llm.port.js'
import { classifyOffline, normaliseForRules } from './classify.js'
import { splitQuestions } from './questions.js'
import { talksPrice } from '../topic-words.js'
import { matchProfileItem, profileItemName } from './product-match.js'
import { formatRupiah, voiceFor, type Voice } from './voice.js'
import { itemsNamed, totalAsked, type Total } from './totals.js'
import { ENGLISH_DAY, dayAsked, hoursOn } from './hours.js'
import { withIndonesianWords } from './english-words.js'

export function resolveLanguage(requested: ReplyLanguage, customer: Language): Language {
  return requested === 'auto' ? customer : requested
}

function priceItem(profile: BusinessProfile, text: string, interest: string | null): PriceListItem | null {
  const byInterest = interest ? profile.priceList.find((p) => p.name.toLowerCase() === interest.toLowerCase()) : undefined
  if (byInterest) return byInterest
  const name = matchProfileItem(normaliseForRules(text).tokens, { ...profile, menu: '' })
  return profile.priceList.find((p) => p.name === name) ?? null
}

function priceText(item: PriceListItem): string {
  return `${formatRupiah(item.price)}${item.unit ? `/${item.unit}` : ''}`
}

function priceList(profile: BusinessProfile, limit = 8): string {
  return profile.priceList.slice(0, limit).map((p) => `• ${p.name}: ${priceText(p)}`).join('\n')
}

const TOPIC_WORDS: Readonly<Record<string, RegExp>> = {
  ask_payment: /\b(bayar|pembayaran|transfer|rekening|qris|cod|gopay|ovo|dana|shopeepay|tunai|cash|debit|kartu|pay|payment)\b/,
  request_payment_details: /\b(rekening|transfer|qris|bca|mandiri|bri|bni|bank|account)\b/,
  ask_shipping: /\b(kirim|ongkir|antar|delivery|deliver|ship|shipping|gosend|grab|jne|jnt|kurir|area)\b/,
  ask_promo: /\b(promo|diskon|discount|reseller|grosir|voucher)\b/,
}

const QA_LINE = /^(?:q|t|tanya)\s*[:.]/i

/**
 * The FAQ as answerable pieces: "T: … J: …" lines whole, other lines split into sentences, so a
 * one-paragraph FAQ ("Pembayaran: … . Pesan antar … .") answers payment and delivery separately.
 */
function faqPieces(faq: string): string[] {
  return faqEntries(faq).flatMap((line) => {
    if (QA_LINE.test(line)) return [line]
    const guarded = line.replace(/\b(jl|jln|no|rp|dr|bpk|ibu|st|kec|kel|rt|rw|gg)\./gi, (m) => m.slice(0, -1) + '\u2024')
    return guarded.split(/(?<=[.!])\s+(?=\S)/).map((p) => p.replace(/\u2024/g, '.').trim()).filter(Boolean)
  })
}

const ANSWER_LINE = /^(?:a|j|jawab|jawaban|answer)\s*[:.]/i

/**
 * FAQ lines with each question joined to its answer: owners often write the question on one
 * line and the answer on the next ("Apakah halal?" / "Ya, semua menu halal."). A question left
 * without an answer is dropped: it must never be sent back as if it answered anything.
 */
function faqEntries(faq: string): string[] {
  const lines = faq.split(/\n+/).map((l) => l.trim().replace(/^[-–•*]\s*/, '')).filter(Boolean)
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const asksOnly = /\?$/.test(line) || (QA_LINE.test(line) && !/\s(?:a|j|jawab)\s*[:.]/i.test(line))
    if (!asksOnly) { out.push(line); continue }
    const next = lines[i + 1]
    if (next !== undefined && !/\?$/.test(next) && !(QA_LINE.test(next))) {
      out.push(`${line.replace(/\?$/, '')}? ${next.replace(ANSWER_LINE, '').trim()}`)
      i++
    }
  }
  return out
}

/** The topic a question is about, by its intent or, failing that, by its words ("bisa antar?"). */
function topicOf(intent: string, text: string): RegExp | undefined {
  const byIntent = TOPIC_WORDS[intent]
  if (byIntent) return byIntent
  const folded = normaliseForRules(text).text
  return Object.values(TOPIC_WORDS).find((words) => words.test(folded))
}

/** Words too common in questions and FAQ lines to say what a question is about. */
const COMMON = new Set([
  'bisa', 'tidak', 'yang', 'untuk', 'kami', 'kakak', 'saya', 'ada', 'apa', 'berapa', 'juga', 'dengan', 'atau', 'sudah',
  'belum', 'harga', 'pakai', 'semua', 'hari', 'lewat', 'paling', 'dari', 'sama', 'saja', 'dong', 'kalau', 'menu', 'produk',
  'pesan', 'pesanan', 'mana', 'bagaimana', 'kapan', 'masih', 'admin', 'what', 'when', 'where', 'have', 'does', 'your',
  'with', 'there', 'that', 'this', 'from', 'much', 'about', 'banget', 'tanya', 'mau', 'nya', 'kak', 'please',
])
const contentWords = (text: string) => new Set(normaliseForRules(text).tokens.filter((t) => t.length >= 4 && !COMMON.has(t)))

/**
 * The FAQ line that best answers the question: a topic line, else the line sharing most content
 * words — at least two, or one that no other line has ("halal", "wifi", "parfum").
 */
function faqAnswer(profile: BusinessProfile, intent: string, text: string): string | null {
  const lines = faqPieces(profile.faq)
  if (lines.length === 0) return null
  const topic = topicOf(intent, text)
  if (topic) {
    const hit = lines.find((line) => topic.test(normaliseForRules(line).text))
    if (hit) return answerPart(hit)
  }
  return faqByWords(lines, text, profile)
}

/** "ada sate padang?", "do you sell X?": asks for an item, which the about text never answers. */
const ASKS_FOR_ITEM = /^(ada|ready|jual|punya|sedia)\b|\b(ada|ready|jual|sedia)\b.*\b(ga|gak|nggak|ngga|tidak|engga|kah)\b|\bdo you (have|sell)\b|\bis there\b/

/** A sentence of the about text that answers the question (owners state halal, parking, who they serve there). */
function aboutAnswer(profile: BusinessProfile, intent: string, text: string): string | null {
  if (intent === 'ask_availability' || ASKS_FOR_ITEM.test(normaliseForRules(text).text)) return null
  return faqByWords(faqPieces(profile.about), text, profile)
}

/** Words a price question asks with, not about. */
const PRICE_WORDS = new Set([
  'harga', 'harganya', 'berapa', 'price', 'prices', 'cost', 'costs', 'daftar', 'list', 'semua', 'semuanya', 'menu', 'pricelist', 'tarif', 'biaya', 'kira',
  // units a price is asked per ("per kilo brp?")
  'kilo', 'kiloan', 'lembar', 'porsi', 'pack', 'meter', 'pasang', 'sepasang', 'satuan', 'biji', 'sebiji', 'buah', 'gelas', 'kotak', 'sekotak', 'piece', 'each', 'seporsi', 'selembar',
])

/** True when a price question names something beyond the shop's item names ("ganti ban tubeless"). */
function namesUnlisted(profile: BusinessProfile, text: string): boolean {
  const known = new Set([...itemWords(profile), ...profile.priceList.flatMap((p) => (p.unit ? normaliseForRules(p.unit).tokens : []))])
  return [...contentWords(text)].some((w) => !known.has(w) && !PRICE_WORDS.has(w) && !withIndonesianWords([w]).slice(1).some((x) => known.has(x)))
}

/**
 * Words of the shop's own item names: "ada bakso mercon?" shares "bakso" with a FAQ line about the
 * bakso's broth, which does not answer it. Such a word alone never picks a line.
 */
const itemWords = (profile: BusinessProfile | undefined) => new Set(profile ? profile.priceList.flatMap((p) => normaliseForRules(p.name).tokens) : [])

function faqByWords(lines: readonly string[], text: string, profile?: BusinessProfile): string | null {
  const asked = contentWords(text)
  const words = lines.map((line) => contentWords(line))
  const products = itemWords(profile)
  let best: { line: string; overlap: number } | null = null
  lines.forEach((line, i) => {
    const shared = [...(words[i] ?? [])].filter((t) => asked.has(t))
    const distinctive = shared.some((t) => !products.has(t) && words.filter((w) => w.has(t)).length === 1)
    const overlap = shared.length
    if ((overlap >= 2 || (overlap === 1 && distinctive)) && (!best || overlap > best.overlap)) best = { line, overlap }
  })
  return best ? answerPart((best as { line: string }).line) : null
}

/** "T: Bisa COD? J: Bisa kak" → "Bisa kak"; a plain line stays as it is. */
function answerPart(line: string): string {
  const qa = line.match(/^(?:q|t|tanya)\s*[:.]\s*.*?\s(?:a|j|jawab)\s*[:.]\s*(.+)$/i)
  if (qa?.[1]) return qa[1].trim()
  const split = line.split(/\?\s+/)
  return (split.length > 1 ? split.slice(1).join('? ') : line).replace(/^[-–•]\s*/, '').trim()
}

/** Booking a table, a room or a service slot ("reservasi meja", "booking creambath jam 3"). */
const RESERVATION = /\b(reservasi|reservation|reserve|booking|book|pesan (meja|tempat)|table for|meja untuk)\b/

const BOOKED_DATE = /\b(senin|selasa|rabu|kamis|jumat|sabtu|minggu|besok|lusa|hari ini|nanti|malam ini|tanggal|tgl|\d{1,2} (januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember)|today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/
const BOOKED_TIME = /\b(jam \d+|pukul \d+|\d+ (pagi|siang|sore|malam)|pagi|siang|sore|malam|at \d+|\d+ ?(am|pm)|tonight)\b/
const BOOKED_PEOPLE = /\b\d+ (orang|people|persons?|pax|tamu|guests?)\b|\b(berdua|bertiga|berempat|berlima)\b|\b(table for|meja untuk|party of) \d+\b/

/** A booking: the shop's own reservation rule when its FAQ has one, then only what is still missing. */
function bookingReply(profile: BusinessProfile, whole: string, v: Voice): string {
  const folded = normaliseForRules(whole).text
  const missing = ([['date', BOOKED_DATE], ['time', BOOKED_TIME], ['people', BOOKED_PEOPLE]] as const).filter(([, re]) => !re.test(folded)).map(([k]) => k)
  const rule = faqByWords(faqPieces(profile.faq), whole, profile)
  return [v.reservationNoted, rule, missing.length > 0 ? v.askBooking(missing) : null].filter(Boolean).join(' ')
}

const HAS_QUANTITY = /\b(\d+|satu|dua|tiga|empat|lima|sepuluh|selusin|one|two|three|four|five|a dozen)\b/
const HAS_ADDRESS = /\b(jl|jalan|alamat|address|street|kantor|office|rumah|home|ambil|diambil|ambil sendiri|pick ?up|takeaway|take away|dine in|kirim ke|antar ke)\b/

/** Intents whose own answer is generic: a FAQ line on the very topic asked ("menunya halal?") goes first. */
const FAQ_FIRST = new Set(['ask_menu', 'ask_general', 'ask_service', 'ask_product_info', 'ask_availability', 'ask_facilities', 'ask_duration', 'ask_min_order', 'ask_promo', 'unclear'])

function totalText(total: Total, v: Voice): string {
  const items = total.lines.map((l) => `${l.quantity} × ${l.item.name} (${formatRupiah(l.item.price)})`).join(' + ')
  return v.total(items, total.deliveryFee ? formatRupiah(total.deliveryFee) : null, formatRupiah(total.sum), total.freeDelivery)
}

/** A total, or each price of a question naming several items, or null. */
function pricesAnswer(profile: BusinessProfile, text: string, v: Voice): string | null {
  const folded = normaliseForRules(text).text
  const total = totalAsked(profile, text, talksPrice(folded))
  if (total) return totalText(total, v)
  if (!talksPrice(folded)) return null
  const items = itemsNamed(profile, text)
  if (items.length < 2) return null
  return `${v.pricesIntro}\n${items.map((p) => `• ${p.name}: ${priceText(p)}`).join('\n')}`
}

function hoursAnswer(profile: BusinessProfile, text: string, v: Voice, language: Language): string | null {
  const hours = profile.hours.trim()
  if (!hours) return null
  const day = dayAsked(text)
  const said = day ? hoursOn(hours, day) : null
  if (!day || !said) return v.hours(hours)
  const name = language === 'en' ? ENGLISH_DAY[day] : day[0]?.toUpperCase() + day.slice(1)
  return v.hoursOnDay(name, said.closed ? null : said.hours, said.closed ? said.word : undefined)
}

function answerFaq(input: ReplyInput, v: Voice): Reply['text'] | null {
  const { profile, classification: c, text } = input
  const item = priceItem(profile, text, c.productInterest)
  const prices = pricesAnswer(profile, text, v)
  if (prices) return prices
  if (FAQ_FIRST.has(c.intent)) {
    // "ada sate padang?" asks for an item; the about text ("masakan Padang…") does not answer that.
    const onTopic = faqByWords(faqPieces(profile.faq), text, profile) ?? aboutAnswer(profile, c.intent, text)
    if (onTopic) return onTopic
  }
  switch (c.intent) {
    case 'ask_price':
    case 'ask_promo':
      if (item) return v.priceOf(item.name, priceText(item))
      if (c.intent === 'ask_promo') return faqAnswer(profile, c.intent, text)
      // A price of something the list does not name ("ganti ban tubeless brp?") goes to a person;
      // only a general "harganya berapa aja?" gets the whole list.
      if (namesUnlisted(profile, text)) return faqAnswer(profile, c.intent, text)
      return profile.priceList.length > 0 ? `${v.priceListIntro}\n${priceList(profile)}` : null
    case 'ask_hours':
      return hoursAnswer(profile, text, v, c.language)
    case 'ask_location':
      return profile.address.trim() ? v.address(profile.address.trim()) : null
    case 'ask_menu':
      if (profile.menu.trim()) return `${v.menuIntro}\n${profile.menu.trim()}`
      return profile.priceList.length > 0 ? `${v.priceListIntro}\n${priceList(profile)}` : null
    case 'ask_availability':
      return null
    default: {
      const answer = faqAnswer(profile, c.intent, text) ?? aboutAnswer(profile, c.intent, text)
      if (answer) return answer
      // A price is an answer only to a price question: "teh tarik halal?" is handed over, not priced.
      return item && talksPrice(normaliseForRules(text).text) ? v.priceOf(item.name, priceText(item)) : null
    }
  }
}

function answerOrder(input: ReplyInput, v: Voice, whole: string): Reply {
  const { profile, classification: c, text } = input
  const language = resolveLanguage(input.replyLanguage, c.language)
  const done = (body: string, handoff = false): Reply => ({ text: body, source: 'offline', handoff, language })
  if (c.intent === 'confirm_payment') return done(v.paymentReceived, true)
  // The details may sit in another question of the same message ("pesan 2, bisa antar ke Jl. Melati?").
  const folded = normaliseForRules([...input.history.filter((t) => t.from === 'customer').slice(-3).map((t) => t.text), whole].join(' ')).text
  // "totalnya berapa?" in an order asks the sum first; how to pay follows once it is known.
  const total = totalAsked(profile, whole, true)
  if (total && !RESERVATION.test(normaliseForRules(whole).text)) {
    const parts = [v.orderNoted(total.lines.map((l) => `${l.quantity} ${l.item.name}`).join(', ')), totalText(total, v)]
    if (!HAS_ADDRESS.test(folded) && !/\b(dikirim|diantar|kirim|antar)\b/.test(folded)) parts.push(v.askNameAddress)
    return done(parts.join(' '))
  }
  if (c.intent === 'request_payment_details') {
    const how = faqAnswer(profile, 'request_payment_details', text) ?? faqAnswer(profile, 'ask_payment', text)
    return how ? done(how) : done(v.paymentDetailsHandoff, true)
  }
  // A table or a service slot is booked, not delivered: never ask for a delivery address.
  if (c.intent === 'book_reservation' || RESERVATION.test(normaliseForRules(whole).text)) return done(bookingReply(profile, whole, v))
  const item = priceItem(profile, text, c.productInterest)
  const what = item?.name ?? c.productInterest ?? (language === 'id' ? 'kakak' : 'yours')
  const parts = [v.orderNoted(what)]
  if (item) parts.push(`(${priceText(item)})`)
  if (!HAS_QUANTITY.test(folded)) parts.push(v.askQuantity)
  if (!HAS_ADDRESS.test(folded)) parts.push(v.askNameAddress)
  return done(parts.join(' '))
}

/** One question's answer (or a holding message with `handoff`), from the profile only. */
function answerOne(input: ReplyInput, whole: string): Reply {
  const c = input.classification
  const language = resolveLanguage(input.replyLanguage, c.language)
  const v = voiceFor(language, input.tone)
  const done = (body: string, handoff: boolean): Reply => ({ text: body, source: 'offline', handoff, language })
  switch (c.mode) {
    case 'complaint':
      return done(v.sorryComplaint, true)
    case 'order':
      return answerOrder(input, v, whole)
    case 'faq': {
      if (c.intent === 'ask_availability') {
        const item = priceItem(input.profile, input.text, c.productInterest)
        const name = item?.name ?? c.productInterest
        return done(name ? `${v.stockCheck(name)}${item ? ` ${v.priceOf(item.name, priceText(item))}` : ''}` : v.checking, true)
      }
      const answer = answerFaq(input, v)
      return answer ? done(answer, false) : done(v.checking, true)
    }
    case 'other':
      if (c.intent === 'greeting') return done(v.hello(input.profile.businessName), false)
      if (c.intent === 'thanks' || c.intent === 'give_praise' || c.intent === 'well_wishes') return done(v.thanks, false)
      if (c.intent === 'acknowledge') return done(v.ok, false)
      if (c.intent === 'decide_later' || c.intent === 'decline') return done(`${v.ok} ${v.welcome}`, false)
      return done(v.generic, true)
  }
}

/** Chit-chat inside a message with real questions ("Halo kak, …") needs no answer of its own. */
const SMALL_TALK = new Set(['greeting', 'thanks', 'acknowledge', 'small_talk', 'unclear', 'give_praise', 'well_wishes', 'send_sticker'])

/**
 * Answers every question in the message from the profile; a question it cannot answer is named
 * and handed to a person ("Untuk pertanyaan \"bisa antar?\", admin kami cek dulu…"), and the
 * reply is then a hand-off. A complaint is handed over whole.
 */
export function offlineReply(input: ReplyInput): Reply {
  const c = input.classification
  const language = resolveLanguage(input.replyLanguage, c.language)
  const v = voiceFor(language, input.tone)
  if (c.mode === 'complaint') return { ...answerOne(input, input.text), questions: [{ question: input.text, answer: null }] }

  const parts = splitQuestions(input.text).map((question) => {
    const own = classifyOffline({ text: question, history: input.history, profile: input.profile, language: c.language })
    // A part that names no product asks about the one the message names ("croissant ready? harganya?").
    const classification = { ...own, language: c.language, productInterest: own.productInterest ?? profileItemName(input.profile, c.productInterest) }
    return { question, classification }
  })
  const asked = parts.filter((p) => !(p.classification.mode === 'other' && SMALL_TALK.has(p.classification.intent)))
  // A sum over the whole message ("3 americano sama 2 roti bakar, jadi berapa? diantar ya") is
  // one answer, even when the message reads as several questions; the rest are answered apart.
  const folded = normaliseForRules(input.text).text
  const total = totalAsked(input.profile, input.text, talksPrice(folded) || c.mode === 'order')
  if (total && parts.length > 1) {
    const head = answerOne(input, input.text)
    // Parts about the items or their prices are what the total answers; the rest ("transfer ke
    // mana?") are answered on their own words, so the total is not given twice.
    const rest = asked.filter((p) => !talksPrice(normaliseForRules(p.question).text) && itemsNamed(input.profile, p.question).length === 0)
      .filter((p) => !(p.classification.mode === 'order' && p.classification.intent === 'place_order'))
    const answered = [
      { question: input.text, reply: head },
      ...rest.map((p) => ({ question: p.question, reply: answerOne({ ...input, text: p.question, classification: p.classification }, p.question) })),
    ]
    return combine(answered, v, language)
  }
  if (parts.length <= 1 || asked.length <= 1) {
    const one = answerOne(input, input.text)
    return { ...one, questions: [{ question: input.text, answer: one.handoff ? null : one.text }] }
  }
  const answered = asked.map((p) => ({ question: p.question, reply: answerOne({ ...input, text: p.question, classification: p.classification }, input.text) }))
  return combine(answered, v, language)
}

/** One reply from the answers to each question: holding lines name their question, no repeats. */
function combine(answered: ReadonlyArray<{ question: string; reply: Reply }>, v: Voice, language: Language): Reply {
  const generic = new Set([v.checking, v.generic])
  if (answered.every((a) => a.reply.handoff && generic.has(a.reply.text))) {
    return { text: v.checking, source: 'offline', handoff: true, language, questions: answered.map((a) => ({ question: a.question, answer: null })) }
  }
  const lines: string[] = []
  for (const a of answered) {
    // A holding line that already names the matter ("Untuk stok X admin cek dulu") says enough.
    const line = a.reply.handoff && generic.has(a.reply.text) ? v.handoffQuestion(a.question) : a.reply.text
    // One smile at the end, not one per answer; an answer another one already gave is not repeated.
    const plain = v.smile && line.endsWith(v.smile) ? line.slice(0, -v.smile.length) : line
    if (!lines.some((l) => l.includes(plain))) lines.push(plain)
  }
  const text = lines.join('\n') + v.smile
  return {
    text, source: 'offline', handoff: answered.some((a) => a.reply.handoff), language,
    questions: answered.map((a) => ({ question: a.question, answer: a.reply.handoff ? null : a.reply.text })),
  }
}

export function offlineFollowUp(input: FollowUpInput): string {
  const lastCustomer = [...input.history].reverse().find((t) => t.from === 'customer')
  const detected = lastCustomer ? (/\b(the|you|is|are|please|thanks|how|what)\b/i.test(lastCustomer.text) ? 'en' : 'id') : 'id'
  const language = resolveLanguage(input.replyLanguage, detected)
  const v = voiceFor(language, input.tone)
  const item = input.productInterest ? input.profile.priceList.find((p) => p.name.toLowerCase() === input.productInterest?.toLowerCase()) : undefined
  const product = item ? `${item.name} (${priceText(item)})` : input.productInterest
  return v.followUp(product, input.attempt)
}
