// The reply box's "/" picker and the owner alerts' pure rules.
import { describe, expect, it } from 'vitest'
import { matchQuickReplies, slashToken } from '~/stores/quickReplies'
import { DEFAULT_ALERTS, readAlertSettings, titleWithUnread, wants } from '~/utils/alerts'
import type { QuickReply } from '~/types/api'

const q = (shortcut: string, text: string): QuickReply => ({ id: shortcut, shortcut, text, createdAt: '', updatedAt: '' })

describe('quick replies in the reply box', () => {
  it('opens on a "/word" at the start or after a space, up to the caret', () => {
    expect(slashToken('/ong', 4)).toEqual({ start: 0, query: 'ong' })
    expect(slashToken('Halo kak /rek', 13)).toEqual({ start: 9, query: 'rek' })
    expect(slashToken('/', 1)).toEqual({ start: 0, query: '' })
    expect(slashToken('1/2 kg', 3)).toBeNull()
    expect(slashToken('https://x', 9)).toBeNull()
    expect(slashToken('/ongkir sudah', 13)).toBeNull()
  })

  it('lists shortcuts starting with the query first, then other matches', () => {
    const items = [q('rekening', 'BCA 123'), q('ongkir', 'Ongkir Rp 10.000'), q('jam', 'Buka 08.00, ongkir gratis Minggu')]
    expect(matchQuickReplies(items, 'ong').map((x) => x.shortcut)).toEqual(['ongkir', 'jam'])
    expect(matchQuickReplies(items, '').map((x) => x.shortcut)).toEqual(['rekening', 'ongkir', 'jam'])
  })
})

describe('owner alerts', () => {
  it('puts the number of unread chats in the tab title, once', () => {
    expect(titleWithUnread('Kotak Masuk · Warta', 2)).toBe('(2) Kotak Masuk · Warta')
    expect(titleWithUnread('(2) Kotak Masuk · Warta', 3)).toBe('(3) Kotak Masuk · Warta')
    expect(titleWithUnread('(3) Kotak Masuk · Warta', 0)).toBe('Kotak Masuk · Warta')
    expect(titleWithUnread('Warta', 150)).toBe('(99+) Warta')
  })

  it('starts with notifications off (permission is asked from the toggle) and reads saved choices', () => {
    expect(readAlertSettings(null)).toEqual(DEFAULT_ALERTS)
    expect(DEFAULT_ALERTS.notify).toBe(false)
    const saved = readAlertSettings({ getItem: () => JSON.stringify({ notify: true, complaints: false, junk: 1 }) })
    expect(saved).toEqual({ ...DEFAULT_ALERTS, notify: true, complaints: false })
    expect(wants(saved, 'complaint')).toBe(false)
    expect(wants(saved, 'newChat')).toBe(true)
    expect(readAlertSettings({ getItem: () => '{broken' })).toEqual(DEFAULT_ALERTS)
  })
})
