import { describe, expect, it } from 'vitest'
import type { BusinessProfile, ChatTurn, Mode } from '../llm.port.js'
import { classifyOffline } from './classify.js'

const profile: BusinessProfile = {
  businessName: 'Laundry Wangi',
  about: '',
  menu: 'Cuci Kering Setrika\nCuci Sepatu\nBed Cover',
  hours: '07.00–20.00',
  address: 'Jl. Kenari 2',
  faq: '',
  priceList: [
    { name: 'Cuci Kering Setrika', price: 8000, unit: 'kg' },
    { name: 'Cuci Sepatu', price: 35000, unit: 'pasang' },
    { name: 'Hoodie Oversize Hitam', price: 189000 },
  ],
}

const classify = (text: string, history: ChatTurn[] = []) => classifyOffline({ text, history, profile })

// Sentences written for these tests (not taken from any eval set).
const CASES: Array<[string, Mode]> = [
  ['kak cuci sepatu brp ya sepasang', 'faq'],
  ['min bsk buka gk?', 'faq'],
  ['Lokasi laundrynya sebelah mana kak', 'faq'],
  ['hoodie oversize item masih redi kak??', 'faq'],
  ['Bisa antar jemput gak kak area Cibinong', 'faq'],
  ['is delivery free above 100k?', 'faq'],
  ['what are your hours on sunday', 'faq'],
  ['do you have the hoodie in size XXL?', 'faq'],
  ['kak sy mau laundry 4 kg, dijemput jam 9 ya', 'order'],
  ['ambil 2 hoodie hitam kak, kirim ke jl pinang 8', 'order'],
  ['udh aku tf ya kak 378rb, buktinya aku kirim', 'order'],
  ['Rekening bca nya apa kak? mau langsung bayar', 'order'],
  ['I want to order 3 hoodies, please ship to Depok', 'order'],
  ['ok I will take one black hoodie', 'order'],
  ['kak cucian saya blm jadi2 padahal janjinya kemarin', 'complaint'],
  ['hoodienya bolong di bagian lengan kak, gmn nih', 'complaint'],
  ['Sepatu saya malah tambah kotor abis dicuci disini', 'complaint'],
  ['adminnya lama bgt balesnya, udah dari pagi', 'complaint'],
  ['my shoes came back with glue stains, really disappointed', 'complaint'],
  ['I was charged twice for one order', 'complaint'],
  ['Halooo kak 👋', 'other'],
  ['makasiii kakk 🙏🙏', 'other'],
  ['siap, ditunggu ya', 'other'],
  ['wkwkwk oke kak', 'other'],
  ['thank you!', 'other'],
  ['Kak nanti aku kabarin lagi', 'other'],
  ['Pinjaman dana cepat cair 1 jam, klik link ini', 'other'],
]

describe('The offline classifier', () => {
  it.each(CASES)('classifies %j as %s', (text, mode) => {
    expect(classify(text).mode).toBe(mode)
  })

  it('treats a short "oke jadi 2 ya" after a price discussion as a hot order', () => {
    const history: ChatTurn[] = [
      { from: 'customer', text: 'hoodie oversize hitam brp kak?' },
      { from: 'business', text: 'Rp 189.000 kak, ready semua ukuran' },
    ]
    const c = classify('oke kak, jadi 2 ya', history)
    expect(c.mode).toBe('order')
    expect(c.tags).toEqual(expect.arrayContaining(['order_intent', 'hot_lead']))
    expect(classify('oke kak', []).mode).toBe('other')
  })

  it('keeps a follow-up on an earlier complaint a complaint', () => {
    const history: ChatTurn[] = [{ from: 'customer', text: 'Kak sepatu saya belum selesai juga padahal udah seminggu' }]
    expect(classify('gimana nih kak??', history).mode).toBe('complaint')
  })

  it('names the product from the price list, tolerant of case, -nya and a typo', () => {
    expect(classify('HOODIE OVERSIZE HITAMNYA brp kak').productInterest).toBe('Hoodie Oversize Hitam')
    expect(classify('harga cuci sepatuu berapa').productInterest).toBe('Cuci Sepatu')
    expect(classify('mau pesan hodie oversize hitam 1').productInterest).toBe('Hoodie Oversize Hitam')
  })

  it('falls back to the noun phrase after a buying word when nothing in the profile matches', () => {
    expect(classify('kak ready kemeja flanel?').productInterest).toBe('kemeja flanel')
    expect(classify('halo kak').productInterest).toBeNull()
  })

  it('tags a price question as a price inquiry that needs a follow-up', () => {
    const c = classify('cuci kering setrika per kilo brp kak')
    expect(c.mode).toBe('faq')
    expect(c.intent).toBe('ask_price')
    expect(c.tags).toEqual(expect.arrayContaining(['price_inquiry', 'needs_follow_up']))
    expect(c.needsFollowUp).toBe(true)
    expect(c.tags).not.toContain('hot_lead')
  })

  it('gives a complaint the complaint tag, a negative sentiment and a specific intent', () => {
    const c = classify('Paket saya belum sampai juga udah 5 hari, kecewa')
    expect(c).toMatchObject({ mode: 'complaint', sentiment: 'negative', intent: 'complain_late_delivery', needsFollowUp: true })
    expect(c.tags).toContain('complaint')
  })

  it('lets an explicit order beat a price question in the same message', () => {
    const c = classify('mau pesan 3 hoodie, totalnya jadi brp kak?')
    expect(c.mode).toBe('order')
    expect(c.tags).toContain('hot_lead')
  })

  it('lets a complaint beat a question in the same message', () => {
    expect(classify('kok hoodienya sobek ya kak? baru sekali pakai').mode).toBe('complaint')
  })

  it('tags spam and nothing else', () => {
    const c = classify('SELAMAT! Anda memenangkan hadiah 100 juta, klik link berikut')
    expect(c.mode).toBe('other')
    expect(c.tags).toEqual(['spam'])
  })

  it('detects the language and writes the summary in it', () => {
    const id = classify('harga hoodie oversize hitam brp kak?')
    expect(id.language).toBe('id')
    expect(id.summary).toBe('Menanyakan harga: Hoodie Oversize Hitam')
    const en = classify('how much is the hoodie oversize hitam?')
    expect(en.language).toBe('en')
    expect(en.summary).toBe('Asks the price: Hoodie Oversize Hitam')
  })

  it('reports its source and a confidence between 0 and 1, higher for clear messages', () => {
    const clear = classify('Barangnya rusak dan salah kirim, saya minta refund')
    const vague = classify('hmm kak')
    expect(clear.classifier).toBe('offline')
    expect(clear.confidence).toBeGreaterThan(vague.confidence)
    expect(clear.confidence).toBeLessThanOrEqual(1)
    expect(vague.confidence).toBeGreaterThanOrEqual(0)
  })
})
