import { describe, expect, it } from 'vitest'
import { chunkText } from './chunking.js'
import { findPrice } from './price-rows.js'

describe('chunking extracted text', () => {
  it('never cuts a price row, repeats the heading when a section runs on, and keeps the page', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `Nasi Goreng Spesial Nomor ${i + 1} ........ Rp ${20 + i}.000`)
    const text = ['=== hal. 1 ===', 'Selamat datang di Warung Bu Sri.', '', '=== hal. 2 ===', 'MAKANAN', ...rows].join('\n')
    const chunks = chunkText(text)
    const onPage2 = chunks.filter((c) => c.page === 2)
    expect(onPage2.length).toBeGreaterThan(1)
    for (const c of onPage2) {
      expect(c.location).toBe('hal. 2')
      expect(c.content.split('\n')[0]).toBe('MAKANAN')
    }
    const lines = onPage2.flatMap((c) => c.content.split('\n').slice(1))
    expect(lines).toEqual(rows)
    expect(onPage2.flatMap((c) => c.priceRows)).toHaveLength(60)
    expect(chunks[0]).toMatchObject({ page: 1, location: 'hal. 1', content: 'Selamat datang di Warung Bu Sri.' })
  })

  it('gives spreadsheet pieces their sheet and rows, headed by the column names', () => {
    const text = ['=== lembar: Minuman ===', 'Nama | Harga | Satuan', 'Es Teh | 5000 | gelas', 'Es Jeruk | 7000 | gelas', '', '=== lembar: Makanan ===', 'Nama | Harga', 'Nasi Bakar | 25000'].join('\n')
    const chunks = chunkText(text, { rowNumbers: true })
    expect(chunks).toHaveLength(2)
    expect(chunks[0]).toMatchObject({ location: 'Minuman, baris 1–3', priceRows: [{ name: 'Es Teh', price: 5000, unit: 'gelas' }, { name: 'Es Jeruk', price: 7000, unit: 'gelas' }] })
    expect(chunks[1]).toMatchObject({ location: 'Makanan, baris 1–2', priceRows: [{ name: 'Nasi Bakar', price: 25000 }] })
  })

  it('starts a new piece at a heading and cuts an endless paragraph at words', () => {
    const long = Array.from({ length: 300 }, () => 'kata').join(' ')
    const chunks = chunkText(`# Tentang kami\nKami buka sejak 2015.\n# Pengiriman\n${long}`)
    expect(chunks[0]!.content).toBe('# Tentang kami\nKami buka sejak 2015.')
    expect(chunks.slice(1).every((c) => c.content.startsWith('# Pengiriman'))).toBe(true)
    expect(chunks.slice(1).map((c) => c.content.replace('# Pengiriman\n', '')).join(' ')).toBe(long)
    expect(chunks.every((c) => c.location === null)).toBe(true)
  })
})

describe('price rows in a line', () => {
  it.each([
    ['Nasi Bakar ........ Rp 25.000', { name: 'Nasi Bakar', price: 25000 }],
    ['- Es Teh: 5k', { name: 'Es Teh', price: 5000 }],
    ['Ayam Geprek Rp25.000/porsi', { name: 'Ayam Geprek', price: 25000, unit: 'porsi' }],
    ['Kopi Tubruk | 8000 | gelas', { name: 'Kopi Tubruk', price: 8000, unit: 'gelas' }],
    ['Pisang Goreng - 12000', { name: 'Pisang Goreng', price: 12000 }],
    ['Roti Bakar 15.000', { name: 'Roti Bakar', price: 15000 }],
  ])('finds %s', (line, expected) => {
    expect(findPrice(line)).toEqual(expected)
  })

  it.each(['Buka sejak 2015', 'Telp 0812 3456 7890', 'Jl. Melati No. 12', 'Total 50.000', 'Kami buka setiap hari'])('finds no price in %s', (line) => {
    expect(findPrice(line)).toBeNull()
  })
})
