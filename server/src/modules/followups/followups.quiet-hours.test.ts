import { describe, expect, it } from 'vitest'
import { isQuiet, nextAllowedTime } from './followups.quiet-hours.js'

const quiet = { start: '21:00', end: '08:00' }

describe('quiet hours', () => {
  it('knows night from day in the shop timezone (WIB = UTC+7)', () => {
    expect(isQuiet(new Date('2026-11-23T15:30:00Z'), quiet, 'Asia/Jakarta')).toBe(true) // 22:30 WIB
    expect(isQuiet(new Date('2026-11-23T03:00:00Z'), quiet, 'Asia/Jakarta')).toBe(false) // 10:00 WIB
    expect(isQuiet(new Date('2026-11-23T00:30:00Z'), quiet, 'Asia/Jakarta')).toBe(true) // 07:30 WIB, still quiet
  })

  it('moves a night-time due date to 08:00 local the next morning', () => {
    const due = nextAllowedTime(new Date('2026-11-23T15:30:00Z'), quiet, 'Asia/Jakarta') // 22:30 WIB
    expect(due.toISOString()).toBe('2026-11-24T01:00:00.000Z') // 08:00 WIB
  })

  it('leaves a daytime due date alone and respects WITA', () => {
    const day = new Date('2026-11-23T03:00:00Z')
    expect(nextAllowedTime(day, quiet, 'Asia/Jakarta')).toBe(day)
    expect(nextAllowedTime(new Date('2026-11-23T14:00:00Z'), quiet, 'Asia/Makassar').toISOString()).toBe('2026-11-24T00:00:00.000Z') // 22:00 WITA → 08:00 WITA
  })
})
