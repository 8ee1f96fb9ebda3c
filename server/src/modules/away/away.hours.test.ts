// Business hours read in the shop's timezone: open or closed, the closed period an instant falls in
// (one away message per customer per period), and the next opening.
import { describe, expect, it } from 'vitest'
import { hoursState, type WeekHours } from './away.hours.js'

const weekdays = (open: string, close: string): WeekHours =>
  [0, 1, 2, 3, 4, 5, 6].map((d) => ({ closed: d >= 5, open, close }))
const JKT = 'Asia/Jakarta' // UTC+7
// 2026-12-03 is a Thursday.
const at = (local: string) => new Date(`${local}+07:00`)

describe('hoursState', () => {
  it('is open inside the day\'s window and closed at its end (closing minute excluded)', () => {
    const week = weekdays('08:00', '17:00')
    expect(hoursState(at('2026-12-03T08:00:00'), week, JKT)).toMatchObject({ open: true, periodKey: null })
    expect(hoursState(at('2026-12-03T16:59:59'), week, JKT).open).toBe(true)
    expect(hoursState(at('2026-12-03T17:00:00'), week, JKT).open).toBe(false)
    expect(hoursState(at('2026-12-03T07:59:00'), week, JKT).open).toBe(false)
  })

  it('puts the evening and the next early morning in one closed period, keyed by the closing time', () => {
    const week = weekdays('08:00', '17:00')
    const evening = hoursState(at('2026-12-03T21:00:00'), week, JKT)
    const night = hoursState(at('2026-12-04T06:30:00'), week, JKT)
    expect(evening.periodKey).toBe('2026-12-03T10:00') // 17:00 WIB in UTC
    expect(night.periodKey).toBe(evening.periodKey)
    expect(evening.nextOpenAt?.toISOString()).toBe(at('2026-12-04T08:00:00').toISOString())
    // The next evening is another period.
    expect(hoursState(at('2026-12-04T18:00:00'), week, JKT).periodKey).toBe('2026-12-04T10:00')
  })

  it('spans closed days: the weekend is one period from Friday evening to Monday morning', () => {
    const week = weekdays('08:00', '17:00')
    const saturday = hoursState(at('2026-12-05T12:00:00'), week, JKT)
    const monday = hoursState(at('2026-12-07T07:00:00'), week, JKT)
    expect(saturday.periodKey).toBe('2026-12-04T10:00')
    expect(monday.periodKey).toBe(saturday.periodKey)
    expect(saturday.nextOpenAt?.toISOString()).toBe(at('2026-12-07T08:00:00').toISOString())
  })

  it('reads the hours in the shop\'s own timezone (WITA is an hour ahead of WIB)', () => {
    const week = weekdays('08:00', '17:00')
    const instant = new Date('2026-12-03T00:30:00Z') // 07:30 WIB, 08:30 WITA
    expect(hoursState(instant, week, 'Asia/Jakarta').open).toBe(false)
    expect(hoursState(instant, week, 'Asia/Makassar').open).toBe(true)
  })

  it('treats a shop with no open day as always closed, one period per local day, never opening', () => {
    const week: WeekHours = Array.from({ length: 7 }, () => ({ closed: true, open: '08:00', close: '17:00' }))
    const s = hoursState(at('2026-12-03T12:00:00'), week, JKT)
    expect(s).toMatchObject({ open: false, nextOpenAt: null, periodKey: '2026-12-02T17:00' })
  })
})
