import { describe, expect, it } from 'vitest'
import { CONTRACT_PROFILE } from '../llm.contract.js'
import { classifyOffline, normaliseForRules } from './classify.js'
import { normalise } from './normalise.js'

const fold = (s: string) => normaliseForRules(s).text.trim()

describe('Normalising chat text', () => {
  it('lower-cases and drops emoji and punctuation but remembers a question mark', () => {
    const n = normalise('Halo KAK!!! 😍🔥 ready?')
    expect(n.text.trim()).toBe('halo kak ready')
    expect(n.hasQuestion).toBe(true)
  })

  it('expands chat abbreviations', () => {
    expect(fold('brp hrg yg ini kak')).toBe('berapa harga yang ini kak')
    expect(fold('udh tf blm dikirim')).toBe('sudah transfer belum dikirim')
    expect(fold('gak, nggak, enggak, gk')).toBe('tidak tidak tidak tidak')
    expect(fold('mksh min')).toBe('terima kasih admin')
  })

  it('treats words that name Object.prototype members as words (a customer typing "constructor" crashed it)', () => {
    expect(fold('constructor toString __proto__ hasOwnProperty valueOf kak')).toBe('constructor tostring proto hasownproperty valueof kak')
    expect(fold('constructornya')).toEqual(expect.any(String))
  })

  it('collapses stretched letters but keeps real double letters', () => {
    expect(fold('bangeettt lamaaa')).toBe('banget lama')
    expect(fold('maaf kak')).toBe('maaf kak')
    expect(fold('makasiiih')).toBe('terima kasih')
  })

  it('splits -nya from a word but leaves words that merely end in it', () => {
    expect(fold('harganya berapa')).toBe('harga nya berapa')
    expect(fold('mau tanya')).toBe('mau tanya')
  })

  it('reads amounts and reduplication the way people type them', () => {
    expect(fold('Rp25.000 atau 150rb')).toBe('rp 25000 atau 150000')
    expect(fold('blm nyampe2')).toBe('belum sampai sampai')
    expect(fold('2pcs')).toBe('2 pcs')
  })

  it('expands English contractions', () => {
    expect(fold("I'd like it, don't wait")).toBe('i would like it do not wait')
  })

  it('marks a message with nothing but emoji or a placeholder as contentless', () => {
    expect(normalise('👍👍').contentless).toBe(true)
    expect(normalise('[stiker]').contentless).toBe(true)
    expect(normalise('ok 👍').contentless).toBe(false)
  })

  it('keeps a real double-letter word that un-doubling would turn into a rule word', () => {
    // "latte" became "late": "matcha latte brp" was read as a late-delivery complaint.
    expect(classifyOffline({ text: 'matcha latte brp', history: [], profile: CONTRACT_PROFILE }).mode).toBe('faq')
    expect(fold('matcha latte brp')).toBe('matcha latte berapa')
  })
})
