// Offline replies, grounded only on the business profile: answers what the profile answers
// (price, hours, address, menu, payment and delivery lines of the FAQ), acknowledges orders and
// asks for what is missing, and hands everything else to a human with a holding message. It
// never states a price that is not in the price list.
import type { BusinessProfile, FollowUpInput, Language, PriceListItem, Reply, ReplyInput, ReplyLanguage } from '../llm.port.js'
import { normaliseForRules } from './classify.js'
import { matchProfileItem } from './product-match.js'
import { formatRupiah, voiceFor, type Voice } from './voice.js'

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

/** The FAQ line that best answers the question: a topic line, else the line sharing most words. */
function faqAnswer(profile: BusinessProfile, intent: string, text: string): string | null {
  const lines = profile.faq.split(/\n+/).map((l) => l.trim()).filter(Boolean)
  if (lines.length === 0) return null
  const topic = TOPIC_WORDS[intent]
  if (topic) {
    const hit = lines.find((line) => topic.test(normaliseForRules(line).text))
    if (hit) return answerPart(hit)
  }
  const asked = new Set(normaliseForRules(text).tokens.filter((t) => t.length >= 4))
  let best: { line: string; overlap: number } | null = null
  for (const line of lines) {
    const overlap = normaliseForRules(line).tokens.filter((t) => asked.has(t)).length
    if (overlap >= 2 && (!best || overlap > best.overlap)) best = { line, overlap }
  }
  return best ? answerPart(best.line) : null
}

/** "T: Bisa COD? J: Bisa kak" → "Bisa kak"; a plain line stays as it is. */
function answerPart(line: string): string {
  const qa = line.match(/^(?:q|t|tanya)\s*[:.]\s*.*?\s(?:a|j|jawab)\s*[:.]\s*(.+)$/i)
  if (qa?.[1]) return qa[1].trim()
  const split = line.split(/\?\s+/)
  return (split.length > 1 ? split.slice(1).join('? ') : line).replace(/^[-–•]\s*/, '').trim()
}

const HAS_QUANTITY = /\b(\d+|satu|dua|tiga|empat|lima|sepuluh|selusin|one|two|three|four|five|a dozen)\b/
const HAS_ADDRESS = /\b(jl|jalan|alamat|address|street|kantor|office|rumah|home|ambil|pick ?up|takeaway|dine in|kirim ke|antar ke)\b/

function answerFaq(input: ReplyInput, v: Voice): Reply['text'] | null {
  const { profile, classification: c, text } = input
  const item = priceItem(profile, text, c.productInterest)
  switch (c.intent) {
    case 'ask_price':
    case 'ask_promo':
      if (item) return v.priceOf(item.name, priceText(item))
      if (c.intent === 'ask_promo') return faqAnswer(profile, c.intent, text)
      return profile.priceList.length > 0 ? `${v.priceListIntro}\n${priceList(profile)}` : null
    case 'ask_hours':
      return profile.hours.trim() ? v.hours(profile.hours.trim()) : null
    case 'ask_location':
      return profile.address.trim() ? v.address(profile.address.trim()) : null
    case 'ask_menu':
      if (profile.menu.trim()) return `${v.menuIntro}\n${profile.menu.trim()}`
      return profile.priceList.length > 0 ? `${v.priceListIntro}\n${priceList(profile)}` : null
    case 'ask_availability':
      return null
    default: {
      const answer = faqAnswer(profile, c.intent, text)
      if (answer) return answer
      return item ? v.priceOf(item.name, priceText(item)) : null
    }
  }
}

function answerOrder(input: ReplyInput, v: Voice): Reply {
  const { profile, classification: c, text } = input
  const language = resolveLanguage(input.replyLanguage, c.language)
  const done = (body: string, handoff = false): Reply => ({ text: body, source: 'offline', handoff, language })
  if (c.intent === 'confirm_payment') return done(v.paymentReceived, true)
  if (c.intent === 'request_payment_details') {
    const how = faqAnswer(profile, 'request_payment_details', text) ?? faqAnswer(profile, 'ask_payment', text)
    return how ? done(how) : done(v.paymentDetailsHandoff, true)
  }
  if (c.intent === 'book_reservation') return done(`${v.ok} ${v.askReservation}`)
  const folded = normaliseForRules([...input.history.filter((t) => t.from === 'customer').slice(-3).map((t) => t.text), text].join(' ')).text
  const item = priceItem(profile, text, c.productInterest)
  const what = item?.name ?? c.productInterest ?? (language === 'id' ? 'kakak' : 'yours')
  const parts = [v.orderNoted(what)]
  if (item) parts.push(`(${priceText(item)})`)
  if (!HAS_QUANTITY.test(folded)) parts.push(v.askQuantity)
  if (!HAS_ADDRESS.test(folded)) parts.push(v.askNameAddress)
  return done(parts.join(' '))
}

export function offlineReply(input: ReplyInput): Reply {
  const c = input.classification
  const language = resolveLanguage(input.replyLanguage, c.language)
  const v = voiceFor(language, input.tone)
  const done = (body: string, handoff: boolean): Reply => ({ text: body, source: 'offline', handoff, language })
  switch (c.mode) {
    case 'complaint':
      return done(v.sorryComplaint, true)
    case 'order':
      return answerOrder(input, v)
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

export function offlineFollowUp(input: FollowUpInput): string {
  const lastCustomer = [...input.history].reverse().find((t) => t.from === 'customer')
  const detected = lastCustomer ? (/\b(the|you|is|are|please|thanks|how|what)\b/i.test(lastCustomer.text) ? 'en' : 'id') : 'id'
  const language = resolveLanguage(input.replyLanguage, detected)
  const v = voiceFor(language, input.tone)
  const item = input.productInterest ? input.profile.priceList.find((p) => p.name.toLowerCase() === input.productInterest?.toLowerCase()) : undefined
  const product = item ? `${item.name} (${priceText(item)})` : input.productInterest
  return v.followUp(product, input.attempt)
}
