import { describe, expect, it } from 'vitest'
import type { BusinessProfile, Tone } from '../llm.port.js'
import { classifyOffline } from './classify.js'
import { splitQuestions } from './questions.js'
import { offlineReply } from './reply.js'

// A laundry-and-café written for these tests; its FAQ is one paragraph, as owners often type it.
const profile: BusinessProfile = {
  businessName: 'Dapur Dago',
  about: 'Kafe kecil di Dago.',
  menu: 'Americano\nRoti Bakar Coklat\nNasi Goreng Kampung',
  hours: 'Setiap hari 09.00–22.00',
  address: 'Jl. Dago No. 45, Bandung',
  faq: 'Pembayaran: tunai, QRIS, transfer BCA. Pesan antar lewat GoSend untuk area Bandung kota, ongkir mulai Rp 8.000.',
  priceList: [
    { name: 'Americano', price: 17000 },
    { name: 'Roti Bakar Coklat', price: 21000 },
    { name: 'Nasi Goreng Kampung', price: 28000, unit: 'porsi' },
  ],
}
const replyTo = (text: string, tone: Tone = 'friendly') =>
  offlineReply({ text, history: [], profile, classification: classifyOffline({ text, history: [], profile }), tone, replyLanguage: 'auto' })

describe('Splitting a message into its questions', () => {
  it.each([
    ['harga americano? bisa antar?', ['harga americano', 'bisa antar']],
    ['Kak, jam berapa buka dan bisa bayar pakai QRIS?', ['Kak', 'jam berapa buka', 'bisa bayar pakai QRIS']],
    ['Americano berapa, terus alamatnya di mana, bisa COD?', ['Americano berapa', 'alamatnya di mana', 'bisa COD']],
    ['What time do you open, and do you deliver to Dago?', ['What time do you open', 'do you deliver to Dago']],
    ['americano dan roti bakar coklat berapa?', ['americano dan roti bakar coklat berapa']],
    ['Mau pesan 2 nasi goreng, transfer ke mana kak?', ['Mau pesan 2 nasi goreng', 'transfer ke mana kak']],
    ['pesan 2 nasi goreng, antar ke Jl. Cisitu 3 ya', ['pesan 2 nasi goreng, antar ke Jl. Cisitu 3 ya']],
    ['halo', ['halo']],
  ])('%j → %j', (text, questions) => {
    expect(splitQuestions(text)).toEqual(questions)
  })
})

describe('Every question in a message is answered or explicitly handed over', () => {
  it('answers two Indonesian questions, the price and the payment', () => {
    const r = replyTo('Americano berapa kak? bisa bayar pakai QRIS?')
    expect(r.handoff).toBe(false)
    expect(r.text).toContain('Rp 17.000')
    expect(r.text).toContain('QRIS')
    expect(r.questions).toEqual([
      { question: 'Americano berapa kak', answer: expect.stringContaining('Rp 17.000') },
      { question: 'bisa bayar pakai QRIS', answer: expect.stringContaining('QRIS') },
    ])
  })

  it('answers three Indonesian questions in one sentence: price, address and delivery', () => {
    const r = replyTo('Harga nasi goreng kampung berapa, terus alamatnya di mana, bisa kirim ke Cisitu?')
    expect(r.handoff).toBe(false)
    expect(r.text).toContain('Rp 28.000/porsi')
    expect(r.text).toContain('Jl. Dago No. 45')
    expect(r.text).toContain('GoSend')
    expect(r.questions).toHaveLength(3)
  })

  it('answers two English questions in English', () => {
    const r = replyTo('What time do you open, and do you deliver to Dago?')
    expect(r).toMatchObject({ handoff: false, language: 'en' })
    expect(r.text).toContain('09.00–22.00')
    expect(r.text).toContain('GoSend')
  })

  it('names the English question it cannot answer, answers the others, and hands over', () => {
    const r = replyTo('How much is the americano? Do you have parking? Can I pay by QRIS?')
    expect(r.handoff).toBe(true)
    expect(r.text).toContain('Rp 17.000')
    expect(r.text).toContain('QRIS')
    expect(r.text).toContain('"Do you have parking"')
    expect(r.questions?.map((q) => q.answer === null)).toEqual([false, true, false])
  })

  it('never answers a halal question with a price: it is handed over by name', () => {
    const r = replyTo('roti bakar coklat berapa? halal gak?')
    expect(r.handoff).toBe(true)
    expect(r.text).toContain('Rp 21.000')
    expect(r.text).toMatch(/Untuk pertanyaan "halal gak", admin kami cek dulu/)
    expect(r.text.match(/Rp 21\.000/g)).toHaveLength(1)
  })

  it('says once that a person will answer when it can answer none of them', () => {
    const r = replyTo('ada colokan? terus wifi nya kenceng ga?', 'formal')
    expect(r.handoff).toBe(true)
    expect(r.text).toBe('Baik, Bapak/Ibu. Kami cek terlebih dahulu dan segera kami kabari.')
    expect(r.questions?.every((q) => q.answer === null)).toBe(true)
  })

  it('treats a list of items as one question and a greeting as no question', () => {
    expect(replyTo('americano dan roti bakar coklat berapa?').questions).toHaveLength(1)
    const greeted = replyTo('Halo kak, jam berapa buka?')
    expect(greeted.questions).toHaveLength(1)
    expect(greeted.text).toContain('09.00–22.00')
  })

  it('answers an order and the payment question that comes with it', () => {
    const r = replyTo('Mau pesan 2 nasi goreng kampung, transfer ke mana kak?')
    expect(r.handoff).toBe(false)
    expect(r.text).toContain('Nasi Goreng Kampung')
    expect(r.text).toContain('transfer BCA')
    expect(r.questions).toHaveLength(2)
  })

  it('does not ask for an address the customer gave in another question of the same message', () => {
    const r = replyTo('Mau pesan 2 nasi goreng kampung, bisa antar ke Jl. Cisitu 3?')
    expect(r.text).toContain('Nasi Goreng Kampung')
    expect(r.text).not.toContain('alamat pengirimannya')
    expect(r.text).toContain('GoSend')
  })
})
