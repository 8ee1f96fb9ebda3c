import { describe, expect, it } from 'vitest'
import { CONTRACT_PROFILE } from '../llm.contract.js'
import type { ReplyInput, Tone } from '../llm.port.js'
import { classifyOffline } from './classify.js'
import { offlineFollowUp, offlineReply } from './reply.js'
import { formatRupiah } from './voice.js'

const profile = CONTRACT_PROFILE
const replyTo = (text: string, tone: Tone = 'friendly', replyLanguage: ReplyInput['replyLanguage'] = 'auto') =>
  offlineReply({ text, history: [], profile, classification: classifyOffline({ text, history: [], profile }), tone, replyLanguage })

describe('Offline replies', () => {
  it('formats Rupiah with dots for thousands', () => {
    expect(formatRupiah(25000)).toBe('Rp 25.000')
    expect(formatRupiah(1250000)).toBe('Rp 1.250.000')
    expect(formatRupiah(500)).toBe('Rp 500')
  })

  it('answers a price question from the price list', () => {
    const reply = replyTo('es kopi susu brp kak?')
    expect(reply).toMatchObject({ handoff: false, source: 'offline', language: 'id' })
    expect(reply.text).toContain('Harga Es Kopi Susu Rp 18.000 ya kak')
  })

  it('answers hours and address from the profile, formally when asked to', () => {
    expect(replyTo('buka jam berapa kak?').text).toContain('Senin–Sabtu 08.00–21.00')
    const formal = replyTo('alamatnya di mana?', 'formal')
    expect(formal.text).toBe('Alamat kami: Jl. Braga No. 10, Bandung.')
  })

  it('answers payment questions from the FAQ text', () => {
    expect(replyTo('bisa bayar pakai qris?').text).toContain('QRIS')
  })

  it('answers in English when the customer wrote English and the setting is auto', () => {
    const reply = replyTo('How much is the americano?')
    expect(reply.language).toBe('en')
    expect(reply.text).toContain('Americano is Rp 15.000')
  })

  it('hands over a question the profile cannot answer instead of inventing one', () => {
    const reply = replyTo('produknya sudah halal MUI belum kak?')
    expect(reply.handoff).toBe(true)
    expect(reply.text.length).toBeGreaterThan(0)
    expect(reply.text).not.toMatch(/Rp/)
  })

  it('acknowledges an order and asks only for what is missing', () => {
    const noDetails = replyTo('mau pesan es kopi susu kak')
    expect(noDetails.handoff).toBe(false)
    expect(noDetails.text).toContain('Es Kopi Susu')
    expect(noDetails.text).toContain('Mau pesan berapa kak?')
    expect(noDetails.text).toContain('alamat')
    const complete = replyTo('pesan 2 es kopi susu, antar ke Jl. Asia Afrika 3')
    expect(complete.text).not.toContain('berapa')
    expect(complete.text).not.toContain('alamat pengirimannya')
  })

  it('hands a complaint over with an apology in the customer language', () => {
    const id = replyTo('Pesanan saya belum sampai, kecewa')
    expect(id.handoff).toBe(true)
    expect(id.text).toMatch(/maaf/i)
    const en = replyTo('The coffee was cold and the bread was stale', 'formal')
    expect(en).toMatchObject({ handoff: true, language: 'en' })
    expect(en.text).toMatch(/apologise/)
  })

  it('greets and thanks without handing over, and sets spam aside for a human', () => {
    expect(replyTo('Halo kak').text).toContain('Kopi Senja')
    expect(replyTo('makasih kak').handoff).toBe(false)
    expect(replyTo('Selamat anda memenangkan hadiah, klik link').handoff).toBe(true)
  })

  it('follows up softly, naming the product and its price, softer on later attempts', () => {
    const base = { profile, history: [], tone: 'friendly' as const, replyLanguage: 'id' as const, productInterest: 'Es Kopi Susu' }
    const first = offlineFollowUp({ ...base, attempt: 1 })
    expect(first).toContain('Es Kopi Susu (Rp 18.000)')
    expect(offlineFollowUp({ ...base, attempt: 2 })).not.toBe(first)
    expect(offlineFollowUp({ ...base, replyLanguage: 'en', attempt: 1 })).toContain('Still interested')
  })
})
