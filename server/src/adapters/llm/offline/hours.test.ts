import { describe, expect, it } from 'vitest'
import { dayAsked, hoursOn } from './hours.js'

describe('Opening hours for one day', () => {
  const text = 'Senin–Jumat 08.00–22.00, Sabtu 09.00–23.00, Minggu tutup'

  it('reads day ranges, single days and closed days', () => {
    expect(hoursOn(text, 'rabu')).toEqual({ closed: false, hours: '08.00–22.00' })
    expect(hoursOn(text, 'sabtu')).toEqual({ closed: false, hours: '09.00–23.00' })
    expect(hoursOn(text, 'minggu')).toEqual({ closed: true, word: 'tutup' })
  })

  it('wraps a range over the end of the week and covers every day with "setiap hari"', () => {
    expect(hoursOn('Selasa–Minggu 10.00–20.00, Senin libur', 'minggu')).toEqual({ closed: false, hours: '10.00–20.00' })
    expect(hoursOn('Selasa–Minggu 10.00–20.00, Senin libur', 'senin')).toEqual({ closed: true, word: 'libur' })
    expect(hoursOn('Setiap hari 10.00–21.00', 'jumat')).toEqual({ closed: false, hours: '10.00–21.00' })
  })

  it('says nothing about a day the text does not cover', () => {
    expect(hoursOn('Senin–Jumat 08.00–17.00', 'sabtu')).toBeNull()
  })

  it('finds the day a question names, in Indonesian or English', () => {
    expect(dayAsked('hari Minggu buka?')).toBe('minggu')
    expect(dayAsked('are you open on saturday')).toBe('sabtu')
    expect(dayAsked('jam berapa tutup?')).toBeNull()
  })
})
