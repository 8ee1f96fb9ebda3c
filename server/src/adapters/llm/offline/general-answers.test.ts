// General answer rules of the built-in engine, on a shop of its own (not from any eval set):
// counts in an item's name are not quantities, a count in another unit gives no total, a free-
// delivery threshold is applied, the owner's word for a closed day is kept, a price of an unlisted
// thing is handed over instead of dumping the list, an item word alone does not pick a FAQ line,
// the about text answers what it states, a pickup order is not asked for an address, and English
// names find the Indonesian items.
import { describe, expect, it } from 'vitest'
import type { BusinessProfile } from '../llm.port.js'
import { classifyOffline } from './classify.js'
import { offlineReply } from './reply.js'

const profile: BusinessProfile = {
  businessName: 'Warung Sate Pak Darto',
  about: 'Warung sate kambing dan ayam di Solo. Semua daging halal dari pemotongan resmi.',
  menu: '',
  hours: 'Senin–Sabtu 16.00–23.00, Minggu libur',
  address: 'Jl. Slamet Riyadi No. 300, Solo',
  faq: 'Pesan antar dengan ongkir Rp 7.000. Gratis ongkir untuk pesanan di atas Rp 150.000. Bumbu kacang dibuat sendiri setiap hari. Pembayaran tunai atau QRIS.',
  priceList: [
    { name: 'Sate Ayam 10 Tusuk', price: 25000, unit: 'porsi' },
    { name: 'Sate Kambing', price: 40000, unit: 'porsi' },
    { name: 'Tongseng Kambing', price: 35000, unit: 'porsi' },
    { name: 'Es Teh', price: 5000 },
  ],
}
const replyTo = (text: string) =>
  offlineReply({ text, history: [], profile, classification: classifyOffline({ text, history: [], profile }), tone: 'friendly', replyLanguage: 'auto' })

describe('general answer rules', () => {
  it('does not read a number in an item\'s name as its quantity', () => {
    const reply = replyTo('sate ayam 10 tusuk 3 porsi totalnya brp?')
    expect(reply.text).toContain('Rp 75.000')
    expect(reply.text).not.toContain('Rp 250.000')
  })

  it('gives no total when the count is in a unit the item is not sold in', () => {
    expect(replyTo('sate kambing 20 tusuk totalnya brp?').text).not.toContain('Rp 800.000')
  })

  it('adds the delivery fee below the free-delivery threshold and drops it above', () => {
    expect(replyTo('sate kambing 2 porsi diantar ya, total brp?').text).toContain('Rp 87.000')
    const big = replyTo('sate kambing 4 porsi diantar ya, total brp?').text
    expect(big).toContain('Rp 160.000')
    expect(big).not.toContain('Rp 167.000')
  })

  it('says a closed day the way the owner wrote it', () => {
    expect(replyTo('hari minggu buka ga pak?').text).toContain('libur')
  })

  it('hands over a price of something the list does not have instead of sending the whole list', () => {
    const reply = replyTo('sate kelinci brp pak?')
    expect(reply.handoff).toBe(true)
    expect(reply.text).not.toContain('Rp')
    expect(replyTo('harganya berapa aja pak?').text).toContain('Sate Kambing')
  })

  it('does not answer "ada X?" with a FAQ line that only shares an item word', () => {
    expect(replyTo('ada sate usus pak?').text).not.toContain('Bumbu kacang')
  })

  it('answers from the about text what the owner stated there', () => {
    const reply = replyTo('dagingnya halal ga pak?')
    expect(reply.handoff).toBe(false)
    expect(reply.text).toContain('halal')
  })

  it('does not ask for a delivery address when the customer picks the order up', () => {
    expect(replyTo('pesan sate kambing 2 porsi, nanti diambil jam 7').text).not.toContain('alamat pengiriman')
  })

  it('finds the Indonesian item for an English name', () => {
    expect(replyTo('How much is the goat satay?').text).toContain('40.000')
  })
})

describe('the about text and item questions', () => {
  it('does not answer "ada X?" with an about sentence that shares a word', () => {
    const reply = replyTo('ada sate solo ga pak?')
    expect(reply.text).not.toContain('Warung sate kambing')
    expect(reply.handoff).toBe(true)
  })
})
