// Pinia stores in plain Node: auth (session in memory, roles), events (dispatch, catch-up),
// inbox (live updates, receipts that never go backwards).
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useAuthStore } from '~/stores/auth'
import { useEventsStore } from '~/stores/events'
import { conversationMatches, newerStatus, useInboxStore } from '~/stores/inbox'
import { mergeListed } from '~/stores/knowledge'
import type { ConversationSummary, KnowledgeDocument, Message, Session } from '~/types/api'
import type { SocketLike } from '~/utils/reconnecting-socket'
import { invitableRoles, roleCan } from '~/utils/permissions'

const session = (role: Session['user']['role']): Session => ({
  accessToken: 'tok', expiresIn: 900,
  user: { id: 'u1', email: 'sari@toko.id', name: 'Sari', role, mustChangePassword: false },
  tenant: { id: 't1', name: 'Warung', timezone: 'Asia/Makassar', onboarded: false },
})
const conv = (over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id: 'c1', contact: { id: 'k1', name: 'Budi', phone: '6281234567890', jid: '6281234567890@s.whatsapp.net', lid: null },
  lastMessage: { body: 'harga kopi?', direction: 'in', at: '2026-11-23T10:00:00Z', status: 'received', type: 'text', media: null },
  unreadCount: 1, aiEnabled: true, humanTakeover: false, tags: ['price_inquiry'], mode: 'faq', intent: 'ask_price', labelIds: [], device: { id: 'd1', name: 'WhatsApp', colour: 'green', removed: false }, updatedAt: '2026-11-23T10:00:00Z',
  nextReply: { outcome: 'ai_drafts', reason: 'auto_reply_off' }, waitingSince: '2026-11-23T10:00:00Z', status: 'open', snoozedUntil: null, assigneeId: null,
  ...over,
})
const msg = (over: Partial<Message> = {}): Message => ({
  id: 'm1', conversationId: 'c1', direction: 'out', type: 'text', body: 'Rp 18.000', status: 'pending', sentBy: 'owner', error: null, sources: [], transcript: null,
  createdAt: '2026-11-23T10:01:00Z', insight: null, media: null, quoted: null, reactions: [], location: null, contactCard: null, edited: false, deleted: false, ...over,
})

beforeEach(() => setActivePinia(createPinia()))

describe('auth store', () => {
  it('keeps the session in memory and exposes the tenant timezone', () => {
    const auth = useAuthStore()
    expect(auth.isLoggedIn).toBe(false)
    auth.setSession(session('owner'), 1_000)
    expect(auth.isLoggedIn).toBe(true)
    expect(auth.accessToken).toBe('tok')
    expect(auth.expiresAt).toBe(1_000 + 900_000)
    expect(auth.timezone).toBe('Asia/Makassar')
    auth.clear()
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.timezone).toBe('Asia/Jakarta')
  })

  it('hides what a viewer cannot do', () => {
    const auth = useAuthStore()
    auth.setSession(session('viewer'))
    for (const a of ['reply', 'takeover', 'settings', 'device', 'team', 'cancelFollowUp'] as const) expect(auth.can(a)).toBe(false)
  })

  it('lets agents answer but not change settings, and admins do both', () => {
    expect(roleCan('agent', 'reply')).toBe(true)
    expect(roleCan('agent', 'takeover')).toBe(true)
    expect(roleCan('agent', 'settings')).toBe(false)
    expect(roleCan('admin', 'device')).toBe(true)
    expect(roleCan('owner', 'team')).toBe(true)
    expect(roleCan(null, 'reply')).toBe(false)
    expect(invitableRoles('owner')).toEqual(['admin', 'agent', 'viewer'])
    expect(invitableRoles('agent')).toEqual([])
  })
})

describe('events store', () => {
  it('dispatches events by type and runs catch-up listeners only after a reconnect', () => {
    const events = useEventsStore()
    const sockets: (SocketLike & { fire: (m: unknown) => void; drop: () => void })[] = []
    vi.useFakeTimers()
    events.start({
      getToken: () => 'tok', renewToken: async () => 'tok', url: () => 'ws://x/api/v1/events',
      createSocket: () => {
        const s = {
          readyState: 1, onopen: null, onmessage: null, onclose: null, onerror: null, send: () => {}, close: () => {},
          fire(m: unknown) { s.onmessage?.({ data: JSON.stringify(m) }) },
          drop() { s.onclose?.({ code: 1006 }) },
        } as SocketLike & { fire: (m: unknown) => void; drop: () => void }
        sockets.push(s)
        return s
      },
    })
    const qr = vi.fn()
    const resync = vi.fn()
    const off = events.on('session.qr', qr)
    events.onResync(resync)
    sockets[0]!.onopen?.({})
    sockets[0]!.fire({ type: 'ready' })
    sockets[0]!.fire({ type: 'session.qr', tenantId: 't', at: 'x', data: { code: 'c', dataUrl: 'd', expiresAt: 'e' } })
    expect(qr).toHaveBeenCalledWith({ code: 'c', dataUrl: 'd', expiresAt: 'e' }, expect.objectContaining({ type: 'session.qr' }))
    expect(resync).not.toHaveBeenCalled()
    sockets[0]!.drop()
    expect(events.reconnecting).toBe(true)
    vi.advanceTimersByTime(1000)
    sockets[1]!.onopen?.({})
    sockets[1]!.fire({ type: 'ready' })
    expect(events.reconnecting).toBe(false)
    expect(resync).toHaveBeenCalledOnce()
    off()
    sockets[1]!.fire({ type: 'session.qr', tenantId: 't', at: 'x', data: {} })
    expect(qr).toHaveBeenCalledOnce()
    events.stop()
    vi.useRealTimers()
  })
})

describe('inbox store', () => {
  it('never moves a message status backwards (receipts arrive out of order)', () => {
    expect(newerStatus('read', 'delivered')).toBe('read')
    expect(newerStatus('sent', 'read')).toBe('read')
    expect(newerStatus('pending', 'failed')).toBe('failed')
    expect(newerStatus('delivered', 'failed')).toBe('delivered')
  })

  it('matches conversations against the filters, including phone digits', () => {
    const c = conv()
    expect(conversationMatches(c, { tag: '', label: '', mode: '', unread: false, q: '' })).toBe(true)
    expect(conversationMatches(c, { tag: 'hot_lead', label: '', mode: '', unread: false, q: '' })).toBe(false)
    expect(conversationMatches(c, { tag: 'price_inquiry', label: '', mode: 'faq', unread: true, q: 'budi' })).toBe(true)
    expect(conversationMatches(c, { tag: '', label: '', mode: '', unread: false, q: '0812-3456' })).toBe(true)
    expect(conversationMatches({ ...c, unreadCount: 0 }, { tag: '', label: '', mode: '', unread: true, q: '' })).toBe(false)
  })

  it('applies live events: new conversation on top, messages deduplicated, ticks updated', () => {
    const events = useEventsStore()
    const inbox = useInboxStore()
    inbox.listLoaded = true
    inbox.conversations = [conv({ id: 'c0', lastMessage: { body: 'old', direction: 'in', at: '2026-11-23T09:00:00Z', status: 'received', type: 'text', media: null } })]
    const thread = inbox.thread('c1')
    thread.loaded = true

    const c1 = conv()
    events.dispatch({ type: 'message.created', tenantId: 't', at: 'x', data: { conversation: c1, message: msg({ id: 'in1', direction: 'in', status: 'received', sentBy: 'customer' }) } })
    expect(inbox.conversations.map((c) => c.id)).toEqual(['c1', 'c0'])

    // The reply comes back from POST and as an event; it is shown once.
    events.dispatch({ type: 'message.created', tenantId: 't', at: 'x', data: { conversation: c1, message: msg() } })
    events.dispatch({ type: 'message.created', tenantId: 't', at: 'x', data: { conversation: c1, message: msg() } })
    expect(inbox.threads.c1!.messages.map((m) => m.id)).toEqual(['in1', 'm1'])

    events.dispatch({ type: 'message.status', tenantId: 't', at: 'x', data: { conversationId: 'c1', messageId: 'm1', status: 'read' } })
    events.dispatch({ type: 'message.status', tenantId: 't', at: 'x', data: { conversationId: 'c1', messageId: 'm1', status: 'delivered' } })
    expect(inbox.threads.c1!.messages[1]!.status).toBe('read')

    const insight = { id: 'i1', messageId: 'in1', mode: 'order' as const, intent: 'place_order', tags: ['hot_lead'], sentiment: 'positive', productInterest: 'Es Kopi', summary: 's', needsFollowUp: false, confidence: 0.9, classifier: 'offline' as const, model: null, fallbackReason: null, corrected: false, createdAt: 'x', cue: null }
    events.dispatch({ type: 'insight.created', tenantId: 't', at: 'x', data: { conversationId: 'c1', messageId: 'in1', insight, conversation: conv({ tags: ['hot_lead'], mode: 'order' }) } })
    expect(inbox.threads.c1!.messages[0]!.insight?.tags).toEqual(['hot_lead'])
    expect(inbox.conversations[0]!.tags).toEqual(['hot_lead'])
  })

  it('applies message.updated: a finished media fetch, and a reaction, edit or delete (keeping the insight)', () => {
    const events = useEventsStore()
    const inbox = useInboxStore()
    inbox.thread('c1').loaded = true
    const media = { id: 'md1', kind: 'image', mime: 'image/jpeg', size: 10, width: 4, height: 3, durationMs: null, fileName: null, waveform: null, state: 'pending', url: null, thumbnailUrl: null, transcript: null, description: null, understanding: null }
    const insight = { id: 'i1', messageId: 'in1', mode: 'order' as const, intent: 'pay', tags: ['payment'], sentiment: 'neutral', productInterest: null, summary: 's', needsFollowUp: false, confidence: 0.9, classifier: 'offline' as const, model: null, fallbackReason: null, corrected: false, createdAt: 'x', cue: null }
    const photo = msg({ id: 'in1', direction: 'in', status: 'received', sentBy: 'customer', type: 'image', body: 'bukti', media, insight })
    events.dispatch({ type: 'message.created', tenantId: 't', at: 'x', data: { conversation: conv(), message: photo } })
    events.dispatch({ type: 'message.updated', tenantId: 't', at: 'x', data: { messageId: 'in1', media: { ...media, state: 'ready', url: '/api/v1/media/md1/file?t=x' } } })
    expect(inbox.threads.c1!.messages[0]!.media).toMatchObject({ state: 'ready', url: '/api/v1/media/md1/file?t=x' })
    events.dispatch({ type: 'message.updated', tenantId: 't', at: 'x', data: { messageId: 'in1', conversationId: 'c1', message: { ...photo, insight: null, edited: true, reactions: [{ by: 'customer', emoji: '👍', at: 'x' }] } } })
    expect(inbox.threads.c1!.messages[0]).toMatchObject({ edited: true, reactions: [{ emoji: '👍' }], insight: { id: 'i1' } })
    // An event for a message in no open thread changes nothing (and does not throw).
    events.dispatch({ type: 'message.updated', tenantId: 't', at: 'x', data: { messageId: 'elsewhere', media } })
  })

  it('drops a live conversation that no longer matches the active filter', () => {
    const events = useEventsStore()
    const inbox = useInboxStore()
    inbox.listLoaded = true
    inbox.filters.tag = 'complaint'
    inbox.conversations = [conv({ tags: ['complaint'] })]
    events.dispatch({ type: 'conversation.updated', tenantId: 't', at: 'x', data: conv({ tags: ['thanks'] }) })
    expect(inbox.conversations).toEqual([])
  })
})

describe('inbox order', () => {
  it('sorts by the last message like the server list, whatever updatedAt says', async () => {
    const { compareConversations } = await import('~/stores/inbox')
    const older = conv({ id: 'c-old', lastMessage: { body: 'a', direction: 'in', at: '2026-11-23T09:00:00.000Z', status: 'received', type: 'text', media: null }, updatedAt: '2026-11-23T12:00:00.000Z' })
    const newer = conv({ id: 'c-new', lastMessage: { body: 'b', direction: 'in', at: '2026-11-23T10:00:00.000Z', status: 'received', type: 'text', media: null }, updatedAt: '2026-11-23T10:00:00.000Z' })
    expect([older, newer].sort(compareConversations).map((c) => c.id)).toEqual(['c-new', 'c-old'])
    const tieA = conv({ id: 'a', lastMessage: newer.lastMessage })
    const tieB = conv({ id: 'b', lastMessage: newer.lastMessage })
    expect([tieA, tieB].sort(compareConversations).map((c) => c.id)).toEqual(['b', 'a'])
  })

  it('keeps a live update for a read chat in its place', () => {
    const inbox = useInboxStore()
    const a = conv({ id: 'a', lastMessage: { body: 'x', direction: 'in', at: '2026-11-23T09:00:00.000Z', status: 'received', type: 'text', media: null } })
    const b = conv({ id: 'b', lastMessage: { body: 'y', direction: 'in', at: '2026-11-23T10:00:00.000Z', status: 'received', type: 'text', media: null } })
    inbox.listLoaded = true
    inbox.upsertConversation(a)
    inbox.upsertConversation(b)
    inbox.upsertConversation({ ...a, unreadCount: 0, updatedAt: '2026-11-23T11:00:00.000Z' })
    expect(inbox.conversations.map((c) => c.id)).toEqual(['b', 'a'])
  })
})

describe('label filter', () => {
  it('matches chats carrying the label', () => {
    const c = conv({ labelIds: ['l-lunas'] })
    expect(conversationMatches(c, { tag: '', label: 'l-lunas', mode: '', unread: false, q: '' })).toBe(true)
    expect(conversationMatches(c, { tag: '', label: 'l-dikirim', mode: '', unread: false, q: '' })).toBe(false)
  })
})

describe('opening a thread while messages arrive', () => {
  it('keeps a message that arrived live while the page was loading (the AI answer right after a customer question)', async () => {
    const { setApiClient } = await import('~/composables/useApi')
    const { createApiClient } = await import('~/utils/api-client')
    let release!: () => void
    const gate = new Promise<void>((r) => { release = r })
    const question = msg({ id: 'q', direction: 'in', status: 'received', sentBy: 'customer', body: 'es kopi susu berapa?', createdAt: '2026-11-23T10:00:00.000Z' })
    const answer = msg({ id: 'a', direction: 'out', status: 'pending', sentBy: 'ai', body: 'Rp 18.000 kak', createdAt: '2026-11-23T10:00:01.000Z' })
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
    setApiClient(createApiClient({
      baseUrl: 'http://warta.test/api/v1', getToken: () => 'tok', onSession: () => {}, onSessionLost: () => {},
      // The server read the page before the AI answered; the answer's event lands while it travels.
      fetch: async (input) => {
        await gate
        const url = String(input)
        if (url.includes('/messages')) return json({ items: [question], nextCursor: null })
        return json(conv({ unreadCount: 0 }))
      },
    }))
    const events = useEventsStore()
    const inbox = useInboxStore()
    const opening = inbox.openThread('c1')
    events.dispatch({ type: 'message.created', tenantId: 't', at: 'x', data: { conversation: conv(), message: answer } })
    events.dispatch({ type: 'message.status', tenantId: 't', at: 'x', data: { conversationId: 'c1', messageId: 'a', status: 'delivered' } })
    release()
    await opening
    expect(inbox.threads.c1!.messages.map((m) => [m.id, m.status])).toEqual([['q', 'received'], ['a', 'delivered']])
  })
})

describe('knowledge store: a list fetched while documents changed', () => {
  const doc = (id: string, state: string, updatedAt: string) => ({ id, name: `${id}.pdf`, state, updatedAt }) as unknown as KnowledgeDocument
  it('keeps the newer state an event brought, documents added since, and never revives one deleted since', () => {
    // The upload's list request was answered with the state from before the worker failed it.
    const current = [doc('new', 'queued', '2026-12-03T10:00:05Z'), doc('rusak', 'failed', '2026-12-03T10:00:02Z'), doc('gone', 'ready', '2026-12-03T09:00:00Z')]
    const listed = [doc('rusak', 'queued', '2026-12-03T10:00:01Z'), doc('menu', 'ready', '2026-12-03T09:59:00Z'), doc('gone', 'ready', '2026-12-03T09:00:00Z'), doc('old', 'ready', '2026-12-01T00:00:00Z')]
    const merged = mergeListed(current.filter((d) => d.id !== 'gone'), listed, { added: new Set(['new', 'rusak']), deleted: new Set(['gone']) })
    expect(merged.map((d) => `${d.id}:${d.state}`)).toEqual(['new:queued', 'rusak:failed', 'menu:ready', 'old:ready'])
  })
})
