import { describe, expect, it } from 'vitest'
import { contactLabel, dayKey, formatClock, formatDateTime, formatListTime, formatPhone, formatRupiah, initials, normalisePhoneInput, secondsUntil, timezoneLabel } from '~/utils/format'

describe('formatRupiah', () => {
  it('writes Rupiah with a space and dot grouping', () => {
    expect(formatRupiah(25000)).toBe('Rp 25.000')
    expect(formatRupiah(1500000)).toBe('Rp 1.500.000')
    expect(formatRupiah(0)).toBe('Rp 0')
  })
  it('rounds to whole Rupiah and keeps the sign', () => {
    expect(formatRupiah(999.6)).toBe('Rp 1.000')
    expect(formatRupiah(-5000)).toBe('-Rp 5.000')
  })
  it('shows a dash for a missing amount', () => {
    expect(formatRupiah(null)).toBe('—')
    expect(formatRupiah(Number.NaN)).toBe('—')
  })
})

describe('formatPhone', () => {
  it('formats Indonesian mobile numbers as +62 812-3456-7890', () => {
    expect(formatPhone('6281234567890')).toBe('+62 812-3456-7890')
    expect(formatPhone('081234567890')).toBe('+62 812-3456-7890')
    expect(formatPhone('+62 812 3456 7890')).toBe('+62 812-3456-7890')
  })
  it('reads WhatsApp JIDs, with or without a device suffix', () => {
    expect(formatPhone('6281234567890@s.whatsapp.net')).toBe('+62 812-3456-7890')
    expect(formatPhone('6281234567890:12@s.whatsapp.net')).toBe('+62 812-3456-7890')
  })
  it('formats any country\'s numbers the way that country groups them', () => {
    expect(formatPhone('6591234567')).toBe('+65 9123 4567')
    expect(formatPhone('447911123456')).toBe('+44 7911 123456')
    expect(formatPhone('14155552671@s.whatsapp.net')).toBe('+1 415 555 2671')
    expect(formatPhone('62215551234')).toBe('+62 21 5551234')
    // The demo's Singapore customer has a number too long for Singapore's plan: still split.
    expect(formatPhone('6581234500033')).toBe('+65 81234500033')
  })
  it('handles shorter numbers', () => {
    expect(formatPhone('628123456789')).toBe('+62 812-3456-789')
    expect(formatPhone('999')).toBe('+999')
    expect(formatPhone('')).toBe('')
    expect(formatPhone(null)).toBe('')
  })
  it('turns what the owner types into the digits the API wants', () => {
    expect(normalisePhoneInput('0812-3456-7890')).toBe('6281234567890')
    expect(normalisePhoneInput('+62 812 3456 7890')).toBe('6281234567890')
    expect(normalisePhoneInput('812 3456 7890')).toBe('6281234567890')
  })
})

describe('times in the tenant timezone', () => {
  const at = '2026-11-23T14:05:00Z' // 21:05 WIB, 22:05 WITA, 23:05 WIT

  it('names the Indonesian zones WIB, WITA and WIT', () => {
    expect(timezoneLabel('Asia/Jakarta')).toBe('WIB')
    expect(timezoneLabel('Asia/Pontianak')).toBe('WIB')
    expect(timezoneLabel('Asia/Makassar')).toBe('WITA')
    expect(timezoneLabel('Asia/Jayapura')).toBe('WIT')
  })
  it('shows the clock in the tenant zone, not the browser zone', () => {
    expect(formatClock(at, 'Asia/Jakarta', 'en')).toBe('21:05')
    expect(formatClock(at, 'Asia/Makassar', 'en')).toBe('22:05')
    expect(formatClock(at, 'Asia/Jayapura', 'id')).toMatch(/^23[.:]05$/)
  })
  it('adds the zone label to full timestamps', () => {
    expect(formatDateTime(at, 'Asia/Jakarta', 'en')).toBe('23 Nov 2026 21:05 WIB')
    expect(formatDateTime(at, 'Asia/Jayapura', 'en')).toBe('23 Nov 2026 23:05 WIT')
    expect(formatDateTime('2026-11-23T16:30:00Z', 'Asia/Jayapura', 'en')).toBe('24 Nov 2026 01:30 WIT')
  })
  it('uses the tenant day boundary for "today"', () => {
    // 18:30 UTC is 01:30 the next day in WIB.
    expect(dayKey(new Date('2026-11-23T18:30:00Z'), 'Asia/Jakarta')).toBe('2026-11-24')
    const now = new Date('2026-11-23T20:00:00Z') // 24 Nov 03:00 WIB
    expect(formatListTime('2026-11-23T18:30:00Z', 'Asia/Jakarta', 'en', now)).toBe('01:30')
    expect(formatListTime('2026-11-22T10:00:00Z', 'Asia/Jakarta', 'en', now)).toBe('22 Nov')
  })
  it('falls back to Jakarta for an unknown zone instead of throwing', () => {
    expect(formatClock(at, 'Not/AZone', 'en')).toBe('21:05')
  })
})

describe('small helpers', () => {
  it('counts down whole seconds to a QR expiry, never below zero', () => {
    const now = Date.parse('2026-11-23T10:00:00Z')
    expect(secondsUntil('2026-11-23T10:00:20Z', now)).toBe(20)
    expect(secondsUntil('2026-11-23T10:00:19.200Z', now)).toBe(20)
    expect(secondsUntil('2026-11-23T09:59:00Z', now)).toBe(0)
  })
  it('labels a contact by name, else by formatted number', () => {
    expect(contactLabel({ name: 'Budi', phone: '6281234567890', jid: 'x' })).toBe('Budi')
    expect(contactLabel({ name: null, phone: '6281234567890', jid: 'x' })).toBe('+62 812-3456-7890')
    expect(contactLabel({ name: '  ', phone: null, jid: '6281234567890@s.whatsapp.net' })).toBe('+62 812-3456-7890')
  })
  it('makes avatar initials', () => {
    expect(initials('Rina Wulandari')).toBe('RW')
    expect(initials('budi')).toBe('B')
    expect(initials('+62 812-3456-7890')).toBe('#')
    expect(initials('')).toBe('?')
  })
})

describe('tags next to a mode', () => {
  it('drops the tag that repeats the mode, and keeps the rest', async () => {
    const { tagsBesideMode } = await import('~/utils/tags')
    expect(tagsBesideMode(['complaint', 'delivery'], 'complaint')).toEqual(['delivery'])
    expect(tagsBesideMode(['order_intent', 'hot_lead'], 'order')).toEqual(['hot_lead'])
    expect(tagsBesideMode(['complaint'], 'faq')).toEqual(['complaint'])
    expect(tagsBesideMode(['price_inquiry'], null)).toEqual(['price_inquiry'])
  })
})
