import { describe, expect, it } from 'vitest'
import { CONTRACT_PROFILE } from './llm.contract.js'
import { classifyOffline } from './offline/classify.js'
import { consistentTags } from './tag-consistency.js'
import { talksPrice } from './topic-words.js'
import { normalise } from './offline/normalise.js'

const classify = (text: string) => classifyOffline({ text, history: [], profile: CONTRACT_PROFILE })

// Sentences written for these tests (none from the held-out eval sets): "berapa" and its English
// cousins with a time, count or distance word ask no price.
const NOT_PRICE: Array<[string, string]> = [
  ['jam berapa tutup', 'ask_hours'],
  ['buka jam berapa hari Minggu?', 'ask_hours'],
  ['tutupnya jam berapa kak', 'ask_hours'],
  ['jam buka nya berapa ya?', 'ask_hours'],
  ['sampai jam berapa ya kak hari ini?', 'ask_hours'],
  ['what time do you close on saturday?', 'ask_hours'],
  ['berapa lama pengiriman ke Bogor?', 'ask_duration'],
  ['how long does delivery take?', 'ask_duration'],
  ['tempatnya bisa muat berapa orang?', ''],
  ['jaraknya berapa km dari stasiun?', ''],
  ['how many people fit in the room?', ''],
  ['minimal order berapa porsi kak?', ''],
  ['berapa menit kalau diantar?', ''],
]

const PRICE: string[] = [
  'es kopi susu berapa?',
  '2 porsi berapa kak',
  'ongkir ke kemang berapa?',
  'totalnya jadi berapa kak?',
  'berapaan kak yang roti bakar',
  'brp hrg americano',
  'how much is the americano?',
]

describe('Tags agree with the intent', () => {
  it.each(NOT_PRICE)('%j is not tagged as a price question', (text, intent) => {
    const c = classify(text)
    expect(c.tags).not.toContain('price_inquiry')
    if (intent) expect(c.intent).toBe(intent)
    // An hours or distance question an answer settles is no lead to chase.
    expect(c.tags).not.toContain('hot_lead')
  })

  it.each(PRICE)('%j is still a price question', (text) => {
    const c = classify(text)
    expect(c.tags).toContain('price_inquiry')
  })

  it('keeps both topics when one message asks the hours and a price', () => {
    const c = classify('jam berapa buka, terus harga es kopi susu berapa?')
    expect(c.intent).toBe('ask_hours')
    expect(c.tags).toContain('price_inquiry')
  })

  it('reads "berapa" the same way in the rules and in the evidence check', () => {
    expect(talksPrice(normalise('jam berapa tutup').text)).toBe(false)
    expect(talksPrice(normalise('berapa orang maksimal').text)).toBe(false)
    expect(talksPrice(normalise('yang ukuran L berapa kak').text)).toBe(true)
    expect(talksPrice(normalise('americano berapaan').text)).toBe(true)
  })
})

describe('The consistency step (any classifier)', () => {
  const base = { needsFollowUp: false }

  it('drops a price tag a model put on an hours question', () => {
    expect(consistentTags({ ...base, mode: 'faq', intent: 'ask_hours', tags: ['price_inquiry'] }, 'jam berapa tutup?')).toEqual([])
  })

  it('adds the tag the intent implies and the mode\'s own tag', () => {
    expect(consistentTags({ ...base, mode: 'faq', intent: 'ask_price', tags: [] }, 'latte?')).toEqual(['price_inquiry'])
    expect(consistentTags({ ...base, mode: 'order', intent: 'place_order', tags: ['hot_lead'] }, 'mau 2')).toEqual(['hot_lead', 'order_intent'])
    expect(consistentTags({ ...base, mode: 'complaint', intent: 'complain_late_delivery', tags: [] }, 'belum sampai')).toEqual(['delivery', 'complaint'])
  })

  it('drops tags that contradict the mode', () => {
    expect(consistentTags({ ...base, mode: 'faq', intent: 'ask_hours', tags: ['complaint', 'order_intent'] }, 'buka jam?')).toEqual([])
    expect(consistentTags({ ...base, mode: 'complaint', intent: 'complain_quality', tags: ['hot_lead', 'complaint'] }, 'kopinya basi')).toEqual(['complaint'])
    expect(consistentTags({ ...base, mode: 'other', intent: 'spam', tags: ['hot_lead', 'spam', 'greeting'] }, 'klik link ini')).toEqual(['spam'])
  })

  it('keeps a topic tag the intent does not imply when the words carry it', () => {
    expect(consistentTags({ ...base, mode: 'order', intent: 'place_order', tags: ['order_intent', 'delivery'] }, 'pesan 2, kirim ke Jl. Melati')).toEqual(['order_intent', 'delivery'])
    expect(consistentTags({ ...base, mode: 'order', intent: 'place_order', tags: ['order_intent', 'delivery'] }, 'pesan 2 ya')).toEqual(['order_intent'])
  })

  it('carries needs_follow_up when the classifier says a person should come back', () => {
    expect(consistentTags({ mode: 'faq', intent: 'ask_price', tags: [], needsFollowUp: true }, 'harga?')).toEqual(['price_inquiry', 'needs_follow_up'])
  })
})
