import { describe, expect, it } from 'vitest'
import { parsePrice, parsePriceListCsv } from './ai-config.price-list-csv.js'

describe('price list CSV', () => {
  it('reads Indonesian price formats', () => {
    expect(parsePrice('25000')).toBe(25000)
    expect(parsePrice('Rp 25.000')).toBe(25000)
    expect(parsePrice('25k')).toBe(25000)
    expect(parsePrice('2,5rb')).toBe(2500)
    expect(parsePrice('dua puluh')).toBeUndefined()
  })

  it('skips a header, accepts semicolons and quotes, and reports each bad line by number', () => {
    const parsed = parsePriceListCsv('nama;harga;satuan\nEs Kopi Susu;Rp 22.000;gelas\n"Roti ""Keju""";20000\n;5000\nTeh;gratis\n')
    expect(parsed.rows).toEqual([{ name: 'Es Kopi Susu', price: 22000, unit: 'gelas' }, { name: 'Roti "Keju"', price: 20000 }])
    expect(parsed.errors.map((e) => e.line)).toEqual([4, 5])
  })
})
