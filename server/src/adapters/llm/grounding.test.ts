import { describe, expect, it } from 'vitest'
import { faqEntries, isGrounded, percentages, profileChunks, sourcesFrom, ungrounded } from './grounding.js'
import type { BusinessProfile } from './llm.port.js'

const profile: BusinessProfile = {
  businessName: 'Kopi Senja', about: 'Kedai kopi.', menu: '', hours: 'Setiap hari 08.00–22.00', address: 'Jl. Melati 5',
  faq: 'T: Bisa antar? J: Bisa, ongkir Rp 10.000.\nT: Ada promo? J: Diskon 10% tiap Senin.',
  priceList: [{ name: 'Es Kopi Susu', price: 18000, unit: 'gelas' }, { name: 'Croissant', price: 20000 }],
}

describe('grounding', () => {
  it('cuts the profile into chunks with stable, readable ids', () => {
    const chunks = profileChunks(profile)
    expect(chunks.map((c) => c.id)).toEqual(['profile.about', 'profile.hours', 'profile.address', 'price.1', 'price.2', 'faq.1', 'faq.2'])
    expect(chunks.find((c) => c.id === 'price.1')?.text).toBe('Es Kopi Susu: Rp 18.000 per gelas')
    expect(faqEntries('Bayar QRIS. Antar gratis 3 km.')).toEqual(['Bayar QRIS.', 'Antar gratis 3 km.'])
  })

  it('accepts stated prices, quantity × price totals with the delivery fee, and stated percentages', () => {
    const chunks = profileChunks(profile)
    expect(isGrounded(ungrounded('Es Kopi Susu Rp 18.000, 2 gelas + Croissant + ongkir = Rp 66.000', profile, chunks))).toBe(true)
    expect(isGrounded(ungrounded('Tiap Senin diskon 10% ya kak', profile, chunks))).toBe(true)
  })

  it('flags an invented price, an invented discount, and a price only a knowledge chunk could give', () => {
    const chunks = profileChunks(profile)
    expect(ungrounded('Diskon 90%: jadi Rp 1.800', profile, chunks)).toEqual({ amounts: [1800], percentages: [90] })
    expect(ungrounded('Brownies Rp 15.000', profile, chunks).amounts).toEqual([15000])
    const kb = [...chunks, { id: 'kb.1', label: 'menu.pdf, hal. 2', text: 'Brownies Rp 15.000' }]
    expect(isGrounded(ungrounded('Brownies Rp 15.000', profile, kb))).toBe(true)
    expect(percentages('50 persen, 5 %')).toEqual([50, 5])
  })

  it('keeps only cited ids that exist, once each', () => {
    expect(sourcesFrom(['price.2', 'price.2', ' faq.1', 'made.up'], profileChunks(profile))).toEqual([{ id: 'price.2', label: 'Daftar harga' }, { id: 'faq.1', label: 'FAQ' }])
  })
})
