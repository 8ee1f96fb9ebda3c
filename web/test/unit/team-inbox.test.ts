import { describe, expect, it } from 'vitest'
import { inOneHour, tomorrowMorning, zonedTime } from '~/utils/snooze'
import { conversationMatches, inStatusView, type InboxFilters } from '~/stores/inbox'
import type { ConversationSummary } from '~/types/api'

describe('snooze presets in the shop timezone', () => {
  it('puts "besok pagi 08:00" at 08:00 local the next day, in each Indonesian zone', () => {
    // 23:30 WIB on 3 Dec is 16:30 UTC: tomorrow is 4 Dec, 08:00 WIB = 01:00 UTC.
    const lateEvening = new Date('2026-12-03T16:30:00Z')
    expect(tomorrowMorning(lateEvening, 'Asia/Jakarta').toISOString()).toBe('2026-12-04T01:00:00.000Z')
    // The same instant is already 4 Dec 01:30 in WIT: tomorrow is 5 Dec, 08:00 WIT = 23:00 UTC on 4 Dec.
    expect(tomorrowMorning(lateEvening, 'Asia/Jayapura').toISOString()).toBe('2026-12-04T23:00:00.000Z')
    expect(tomorrowMorning(new Date('2026-12-03T02:00:00Z'), 'Asia/Makassar').toISOString()).toBe('2026-12-04T00:00:00.000Z')
  })

  it('reads a picked wall-clock time in the shop zone, and adds an hour', () => {
    expect(zonedTime('2026-12-24T19:15', 'Asia/Jakarta').toISOString()).toBe('2026-12-24T12:15:00.000Z')
    expect(() => zonedTime('besok', 'Asia/Jakarta')).toThrow()
    expect(inOneHour(new Date('2026-12-03T10:00:00Z')).toISOString()).toBe('2026-12-03T11:00:00.000Z')
  })
})

describe('the team views of the list', () => {
  const base = { status: 'open', snoozedUntil: null, assigneeId: null } as Pick<ConversationSummary, 'status' | 'snoozedUntil' | 'assigneeId'>
  const now = Date.parse('2026-12-03T10:00:00Z')
  it('shows a snoozed chat only under "Ditunda" until its time, then under open again', () => {
    const asleep = { ...base, snoozedUntil: '2026-12-03T11:00:00Z' }
    expect(inStatusView(asleep, 'open', now)).toBe(false)
    expect(inStatusView(asleep, 'snoozed', now)).toBe(true)
    expect(inStatusView(asleep, 'open', now + 2 * 3600_000)).toBe(true)
    expect(inStatusView({ ...base, status: 'resolved' }, 'resolved', now)).toBe(true)
    expect(inStatusView({ ...base, status: 'resolved' }, 'open', now)).toBe(false)
  })

  it('shows open and waiting-for-the-customer chats under "Aktif" (the default), not resolved or snoozed ones', () => {
    expect(inStatusView(base, 'active', now)).toBe(true)
    expect(inStatusView({ ...base, status: 'waiting' }, 'active', now)).toBe(true)
    expect(inStatusView({ ...base, status: 'resolved' }, 'active', now)).toBe(false)
    expect(inStatusView({ ...base, snoozedUntil: '2026-12-03T11:00:00Z' }, 'active', now)).toBe(false)
  })

  it('filters "Milik saya" and "Belum ditugaskan" by the signed-in teammate', () => {
    const f: InboxFilters = { tag: '', label: '', mode: '', unread: false, q: '', status: 'all', assignee: 'me' }
    const c = { ...base, assigneeId: 'u1' } as unknown as ConversationSummary
    expect(conversationMatches({ ...c, tags: [], unreadCount: 0, contact: { id: 'k', name: 'A', phone: null, jid: 'x', lid: null }, lastMessage: null } as ConversationSummary, f, 'u1')).toBe(true)
    expect(conversationMatches({ ...c, tags: [], unreadCount: 0, contact: { id: 'k', name: 'A', phone: null, jid: 'x', lid: null }, lastMessage: null } as ConversationSummary, f, 'u2')).toBe(false)
    expect(conversationMatches({ ...c, tags: [], unreadCount: 0, contact: { id: 'k', name: 'A', phone: null, jid: 'x', lid: null }, lastMessage: null } as ConversationSummary, { ...f, assignee: 'none' }, 'u1')).toBe(false)
  })
})
