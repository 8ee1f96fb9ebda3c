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

describe('The product of interest and the follow-up flag (issue 14)', () => {
  const shop: BusinessProfile = {
    businessName: 'Kopi Kala', about: '', menu: '', hours: '', address: '', faq: '',
    priceList: [
      { name: 'Es Kopi Susu Gula Aren', price: 22000 }, { name: 'Es Kopi Susu', price: 18000 },
      { name: 'Brownies Panggang', price: 65000 }, { name: 'Americano', price: 15000 },
    ],
  }
  const classify = (text: string, history: ChatTurn[] = []) => classifyOffline({ text, history, profile: shop })

  it('matches the owner\'s item despite slang and a partial name', () => {
    expect(classify('kopsu aren harganya berapa ya').productInterest).toBe('Es Kopi Susu Gula Aren')
    expect(classify('es kopi susu brp').productInterest).toBe('Es Kopi Susu')
    expect(classify('brownies ready ga bu?').productInterest).toBe('Brownies Panggang')
  })

  it('takes the product from the chat history when the message names none ("gas kak" after a quote)', () => {
    const c = classify('gas kak', [{ from: 'customer', text: 'es kopi susu brp kak' }, { from: 'business', text: 'Harga Es Kopi Susu Rp 18.000 ya kak' }])
    expect(c).toMatchObject({ mode: 'order', productInterest: 'Es Kopi Susu', needsFollowUp: true })
  })

  it('names a table reservation a booking, not an order to deliver', () => {
    expect(classify('Kak mau reservasi meja untuk rombongan 10 orang hari jumat')).toMatchObject({ mode: 'order', intent: 'book_reservation' })
    expect(classify('Kak mau reservasi meja untuk rombongan 10 orang hari jumat').tags).toContain('reservation')
  })

  it('does not take a facility or a booking detail for a product', () => {
    expect(classify('ada parkir mobil ga').productInterest).toBeNull()
    expect(classify('mau reservasi meja buat 8 orang jumat malam').productInterest).toBeNull()
  })

  it('marks orders, payments and cancellations for follow-up, and not a question the answer settles', () => {
    expect(classify('pesen 2 americano, bayar qris ya').needsFollowUp).toBe(true)
    expect(classify('udah saya transfer ya kak').needsFollowUp).toBe(true)
    expect(classify('batalin pesanan saya yg kemarin ya')).toMatchObject({ mode: 'order', needsFollowUp: true })
    expect(classify('jam berapa tutup kak?').needsFollowUp).toBe(false)
    expect(classify('alamatnya dimana kak').needsFollowUp).toBe(false)
  })
})

describe('hot leads and item typos', () => {
  const bakery: BusinessProfile = { ...profile, priceList: [{ name: 'Roti Bakar Keju', price: 20000 }, { name: 'Bolu Pisang', price: 45000 }] }
  const tag = (text: string) => classifyOffline({ text, history: [], profile: bakery })

  it('marks an order of a named item as a hot lead, but not money already sent, a cancellation or a bare table booking', () => {
    expect(tag('mau pesan bolu pisang 2 ya kak').tags).toContain('hot_lead')
    expect(tag('sudah saya transfer ya kak, mohon dicek').tags).not.toContain('hot_lead')
    expect(tag('batalin pesanan bolu pisang saya ya kak').tags).not.toContain('hot_lead')
    expect(tag('mau reservasi tempat buat 6 orang sabtu malam').tags).not.toContain('hot_lead')
  })

  it('does not read a correctly spelled everyday word as a typo of an item ("bayar" is not "bakar")', () => {
    expect(tag('bisa bayar pakai qris kak?').productInterest).toBeNull()
    expect(tag('roti bakr keju masih ada?').productInterest).toBe('Roti Bakar Keju')
  })
})
