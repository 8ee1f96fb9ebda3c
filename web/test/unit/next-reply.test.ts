// The stores behind the chat header's promise, "Saran AI", the "Menunggu" filter and linking by
// code: live events keep them true without a reload.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useEventsStore } from '~/stores/events'
import { conversationMatches, useInboxStore } from '~/stores/inbox'
import { useSuggestionsStore } from '~/stores/suggestions'
import { useDeviceStore } from '~/stores/device'
import type { AiSuggestion, ConversationSummary, DeviceStatus } from '~/types/api'
import { setApiClient } from '~/composables/useApi'
import type { ApiClient } from '~/utils/api-client'

const conv = (over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id: 'c1', contact: { id: 'k1', name: 'Andi', phone: '6281234567890', jid: '6281234567890@s.whatsapp.net', lid: null },
  lastMessage: { body: 'bisa antar?', direction: 'in', at: '2026-11-23T10:00:00Z', status: 'received', type: 'text', media: null },
  unreadCount: 1, aiEnabled: true, humanTakeover: false, tags: [], mode: 'faq', intent: 'ask_service', labelIds: [], device: { id: 'd1', name: 'WhatsApp', colour: 'green', removed: false }, updatedAt: '2026-11-23T10:00:00Z',
  nextReply: { outcome: 'ai_drafts', reason: 'auto_reply_off' }, waitingSince: '2026-11-23T10:00:00Z', status: 'open', snoozedUntil: null, assigneeId: null,
  ...over,
})
const suggestion: AiSuggestion = { id: 's1', conversationId: 'c1', messageId: 'm1', text: 'Bisa kak, ongkir mulai Rp 10.000.', handoff: false, source: 'offline', createdAt: 'x' }

beforeEach(() => setActivePinia(createPinia()))

describe('waiting chats', () => {
  it('match the "Menunggu" filter only while the customer waits', () => {
    const f = { tag: '', label: '', mode: '', unread: false, q: '', waiting: true }
    expect(conversationMatches(conv(), f)).toBe(true)
    expect(conversationMatches(conv({ waitingSince: null }), f)).toBe(false)
  })

  it('take the conversation of a conversation.waiting alert into the list', () => {
    const events = useEventsStore()
    const inbox = useInboxStore()
    inbox.listLoaded = true
    events.dispatch({ type: 'conversation.waiting', tenantId: 't', at: 'x', data: { conversation: conv({ nextReply: { outcome: 'human', reason: 'handed_over' } }), waitingMinutes: 30 } })
    expect(inbox.summaries.c1?.nextReply).toEqual({ outcome: 'human', reason: 'handed_over' })
    expect(inbox.conversations.map((c) => c.id)).toEqual(['c1'])
  })
})

describe('AI suggestions', () => {
  it('arrive live and go to the reply box on request, once per tap', () => {
    const events = useEventsStore()
    const s = useSuggestionsStore()
    events.dispatch({ type: 'suggestion.created', tenantId: 't', at: 'x', data: { conversationId: 'c1', suggestion } })
    expect(s.byConversation.c1).toEqual(suggestion)
    s.insert(suggestion)
    s.insert(suggestion)
    expect(s.insertRequest).toEqual({ conversationId: 'c1', text: suggestion.text, n: 2 })
    expect(s.used.s1).toBe(true)
  })
})

describe('linking by code', () => {
  it('shows the code while the server says code mode, and drops it for a QR or once connected', () => {
    const events = useEventsStore()
    const device = useDeviceStore()
    device.status = { deviceId: 'd1', state: 'qr', phone: null, pushName: null, lastError: null, lastCloseCode: null, qr: { code: 'q', dataUrl: 'd', expiresAt: 'e' }, pairingMode: 'qr', pairingCode: null, demo: true } satisfies DeviceStatus
    const code = { code: 'ABCD1234', phoneNumber: '6281234567890', expiresAt: '2999-01-01T00:00:00Z' }
    events.dispatch({ type: 'session.state', tenantId: 't', at: 'x', data: { deviceId: 'd1', state: 'qr', phone: null, pushName: null, lastError: null, lastCloseCode: null, pairingMode: 'code', pairingCode: code, demo: true } })
    expect(device.pairCode).toBe('ABCD1234')
    expect(device.status?.qr).toBeNull() // a QR could not link the device now
    events.dispatch({ type: 'session.qr', tenantId: 't', at: 'x', data: { code: 'q2', dataUrl: 'd', expiresAt: 'e' } })
    expect(device.pairCode).toBeNull()
    expect(device.status).toMatchObject({ pairingMode: 'qr', qr: { code: 'q2' } })
    events.dispatch({ type: 'session.state', tenantId: 't', at: 'x', data: { deviceId: 'd1', state: 'connected', phone: '6281234567890', pushName: 'Toko', lastError: null, lastCloseCode: null, pairingMode: null, pairingCode: null, demo: true } })
    expect(device.pairCode).toBeNull()
  })
})

describe('a suggestion that arrives while the chat is being opened', () => {
  it('is not overwritten by the older, empty answer of that fetch', async () => {
    const events = useEventsStore()
    const s = useSuggestionsStore()
    let answer!: (v: unknown) => void
    setApiClient({ get: () => new Promise((r) => { answer = r }) } as unknown as ApiClient)
    const loading = s.load('c1')
    events.dispatch({ type: 'suggestion.created', tenantId: 't', at: 'x', data: { conversationId: 'c1', suggestion } })
    answer({ suggestion: null })
    await loading
    expect(s.byConversation.c1).toEqual(suggestion)
  })
})
