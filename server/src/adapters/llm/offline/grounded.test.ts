import { describe, expect, it } from 'vitest'
import type { BusinessProfile, Tone } from '../llm.port.js'
import { classifyOffline } from './classify.js'
import { offlineReply } from './reply.js'

// A coffee shop as a new owner fills it in: FAQ partly as "T: … J: …", partly question and answer
// on separate lines, a delivery fee, a reservation rule and a Sunday closure.
const profile: BusinessProfile = {
  businessName: 'Kopi Kala',
  about: 'Kedai kopi kecil di Bandung.',
  menu: 'Es Kopi Susu\nAmericano\nMatcha Latte\nCroissant',
  hours: 'Senin–Jumat 08.00–22.00, Sabtu 09.00–23.00, Minggu tutup',
  address: 'Jl. Dago No. 45, Bandung',
  faq: [
    'T: Bisa bayar pakai apa? J: QRIS, transfer BCA, dan tunai.',
    'T: Bisa delivery? J: Bisa, diantar kurir kami untuk area Bandung kota, ongkir Rp 10.000.',
    'T: Bisa reservasi? J: Bisa, untuk rombongan minimal 5 orang, paling lambat H-1.',
    'Apakah semua menu halal?',
    'Ya, semua bahan kami bersertifikat halal MUI.',
  ].join('\n'),
  priceList: [
    { name: 'Es Kopi Susu', price: 18000 },
    { name: 'Americano', price: 15000 },
    { name: 'Matcha Latte', price: 27000 },
    { name: 'Croissant', price: 20000 },
  ],
}
const replyTo = (text: string, tone: Tone = 'friendly') =>
  offlineReply({ text, history: [], profile, classification: classifyOffline({ text, history: [], profile }), tone, replyLanguage: 'auto' })

describe('Grounded offline answers', () => {
  it('computes a total as quantity × price summed, from the price list only', () => {
    const reply = replyTo('2 es kopi susu + 1 croissant, totalnya berapa?')
    expect(reply.handoff).toBe(false)
    expect(reply.text).toContain('Rp 56.000')
    expect(reply.text).not.toContain('ongkir')
  })

  it('adds the stated delivery fee only when the customer asks for delivery, and answers the other question too', () => {
    const reply = replyTo('kalau 3 americano sama 2 croissant jadi brp kak? diantar ya. bisa bayar qris?')
    expect(reply.text).toContain('ongkir Rp 10.000')
    expect(reply.text).toContain('Rp 95.000')
    expect(reply.text).toContain('QRIS')
  })

  it('totals an order and does not ask again for the quantity', () => {
    const reply = replyTo('mau pesan 2 matcha latte, dikirim ke Jl. Riau 5, total brp?')
    expect(reply.text).toContain('Rp 64.000')
    expect(reply.text).not.toContain('Mau pesan berapa')
  })

  it('prices each item of one question that names several', () => {
    const reply = replyTo('matcha latte brp, croissant brp?')
    expect(reply).toMatchObject({ handoff: false })
    expect(reply.text).toContain('Rp 27.000')
    expect(reply.text).toContain('Rp 20.000')
    expect(reply.text).not.toMatch(/maaf/i)
  })

  it('answers the hours of the day asked, in the customer language', () => {
    expect(replyTo('hari Minggu buka?').text).toContain('Hari Minggu kami tutup')
    expect(replyTo('sabtu buka jam brp min').text).toContain('Hari Sabtu kami buka jam 09.00–23.00')
    expect(replyTo('Are you open on Sunday?').text).toContain("We're closed on Sunday")
    expect(replyTo('Are you open on Sunday?').text).not.toContain('kak')
  })

  it('answers with an FAQ entry\'s answer, never its question, also when they sit on separate lines', () => {
    const halal = replyTo('menu nya halal kan kak?')
    expect(halal).toMatchObject({ handoff: false })
    expect(halal.text).toContain('bersertifikat halal MUI')
    expect(halal.text).not.toContain('Apakah')
    const pay = replyTo('bisa bayar pake qris ga kak?')
    expect(pay.text).toContain('QRIS')
    expect(pay.text).not.toMatch(/T:|Bisa bayar pakai apa/)
  })

  it('answers from one sentence of a paragraph FAQ, the answer after its question only', () => {
    const paragraph = { ...profile, faq: 'Bisa COD? Bisa, khusus area Bandung. Pengiriman lewat GoSend, ongkir Rp 10.000.' }
    const text = 'bisa cod kak?'
    const reply = offlineReply({ text, history: [], profile: paragraph, classification: classifyOffline({ text, history: [], profile: paragraph }), tone: 'friendly', replyLanguage: 'auto' })
    expect(reply.text).toContain('Bisa, khusus area Bandung.')
    expect(reply.text).not.toMatch(/Bisa COD\?|GoSend/)
  })

  it('treats a table reservation as a booking: the shop\'s rule and only the missing details, never an address', () => {
    const reply = replyTo('reservasi meja untuk rombongan 12 orang hari sabtu bisa?')
    expect(reply.handoff).toBe(false)
    expect(reply.text).toContain('minimal 5 orang')
    expect(reply.text).toContain('jam')
    expect(reply.text).not.toMatch(/alamat|berapa orang|tanggal/)
  })

  it('hands a request for something the shop does not offer to a person, without the price list', () => {
    const reply = replyTo('bisa sewa tempat buat acara ulang tahun ga kak?')
    expect(reply.handoff).toBe(true)
    expect(reply.text).not.toMatch(/Rp|Americano|ongkir/)
  })
})
