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

  it('reads a window that closes at or before it opens as running past midnight (20:00–02:00)', () => {
    // Open every evening 20:00 until 02:00 the next morning, Sunday evening closed.
    const week: WeekHours = [0, 1, 2, 3, 4, 5, 6].map((d) => ({ closed: d === 6, open: '20:00', close: '02:00' }))
    expect(hoursState(at('2026-12-03T19:59:00'), week, JKT).open).toBe(false)
    expect(hoursState(at('2026-12-03T20:00:00'), week, JKT).open).toBe(true)
    expect(hoursState(at('2026-12-03T23:59:00'), week, JKT).open).toBe(true)
    // Thursday's window runs on into Friday's early hours.
    expect(hoursState(at('2026-12-04T01:30:00'), week, JKT)).toMatchObject({ open: true, periodKey: null })
    const morning = hoursState(at('2026-12-04T02:00:00'), week, JKT)
    expect(morning.open).toBe(false)
    expect(morning.periodKey).toBe('2026-12-03T19:00') // 02:00 WIB on Friday, in UTC
    expect(morning.nextOpenAt?.toISOString()).toBe(at('2026-12-04T20:00:00').toISOString())
    // Sunday's evening is closed, but Saturday's window still runs into Sunday morning.
    expect(hoursState(at('2026-12-06T01:00:00'), week, JKT).open).toBe(true)
    expect(hoursState(at('2026-12-06T21:00:00'), week, JKT).open).toBe(false)
    // Monday 01:00: still in the closed period that began Sunday 02:00.
    expect(hoursState(at('2026-12-07T01:00:00'), week, JKT).periodKey).toBe('2026-12-05T19:00')
  })

  it('keeps the shop closed on holidays (dates in its timezone), one period across them', () => {
    const week = weekdays('08:00', '17:00')
    const holidays = ['2026-12-03', '2026-12-04'] // Thursday and Friday
    const thursday = hoursState(at('2026-12-03T10:00:00'), week, JKT, holidays)
    expect(thursday.open).toBe(false)
    // From Wednesday's closing through the long weekend to Monday's opening.
    expect(thursday.periodKey).toBe('2026-12-02T10:00')
    expect(hoursState(at('2026-12-05T12:00:00'), week, JKT, holidays).periodKey).toBe(thursday.periodKey)
    expect(thursday.nextOpenAt?.toISOString()).toBe(at('2026-12-07T08:00:00').toISOString())
    // The date is the shop's: 2026-12-03 00:30 WIB is still 2 December in UTC, and it is the holiday.
    expect(hoursState(new Date('2026-12-02T17:30:00Z'), weekdays('00:00', '23:59'), JKT, holidays).open).toBe(false)
    expect(hoursState(new Date('2026-12-02T17:30:00Z'), weekdays('00:00', '23:59'), 'UTC', holidays).open).toBe(true)
  })

  it("lets an evening window started before a holiday run on into it", () => {
    const week: WeekHours = [0, 1, 2, 3, 4, 5, 6].map(() => ({ closed: false, open: '20:00', close: '02:00' }))
    expect(hoursState(at('2026-12-04T01:00:00'), week, JKT, ['2026-12-04']).open).toBe(true)
    expect(hoursState(at('2026-12-04T21:00:00'), week, JKT, ['2026-12-04']).open).toBe(false)
  })
})
