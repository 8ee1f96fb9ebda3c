import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import type { WartaEvent } from '../realtime/realtime.bus.js'

// Notes and the audit log share one pipeline: the audit log is about what the other tests did.
let h: PipelineHarness
type Who = { auth: Record<string, string>; userId: string }
let owner: Who & { tenantId: string }
let agent: Who
let viewer: Who
let stranger: Who & { tenantId: string }
let conversationId: string
let events: WartaEvent[]
let webhookEvents: string[]

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  stranger = await registerOwner(h.app)
  agent = await h.member(owner, 'agent')
  viewer = await h.member(owner, 'viewer')
  events = await h.record(owner.tenantId)
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '628555000001', pushName: 'Dewi', text: 'Kak, ongkir ke Bogor berapa?' })], 'live')
  conversationId = (await call(owner, 'GET', '/conversations')).json().items[0].id
  // What a webhook endpoint would be sent: the fan-out's mapping of every published event.
  webhookEvents = []
  const { webhookEventsFor } = await import('../webhooks/webhooks.fanout.js')
  const original = h.pipeline.events.publish.bind(h.pipeline.events)
  h.pipeline.events.publish = async (tenantId, type, data) => { webhookEvents.push(...webhookEventsFor(type, data)); return original(tenantId, type, data) }
})
afterAll(async () => { await h?.close() })

const call = (who: { auth: Record<string, string> }, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) })

describe('internal notes', () => {
  it('keeps a note in the chat, never in its messages or outbox, and tells the mentioned teammate', async () => {
    const res = await call(agent, 'POST', `/conversations/${conversationId}/notes`, { body: '@Pemilik tolong cek ongkir ya', mentions: [owner.userId] })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ conversationId, authorId: agent.userId, mentions: [owner.userId], body: '@Pemilik tolong cek ongkir ya' })
    expect((await call(viewer, 'GET', `/conversations/${conversationId}/notes`)).json().items.map((n: { body: string }) => n.body)).toEqual(['@Pemilik tolong cek ongkir ya'])
    const thread = (await call(owner, 'GET', `/conversations/${conversationId}/messages`)).json().items as Array<{ body: string }>
    expect(thread.map((m) => m.body)).toEqual(['Kak, ongkir ke Bogor berapa?'])
    const told = await waitFor(() => events.find((e) => e.type === 'note.created'), 5000, 'note.created')
    expect(told.data).toMatchObject({ note: { mentions: [owner.userId] } })
    expect(webhookEvents.filter((e) => e.startsWith('message.'))).toEqual([])
  })

  it('refuses a mention of someone outside the team, a viewer writing, and another tenant', async () => {
    const foreign = await call(agent, 'POST', `/conversations/${conversationId}/notes`, { body: 'hai', mentions: [stranger.userId] })
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([422, 'notes.mention_not_member'])
    expect((await call(viewer, 'POST', `/conversations/${conversationId}/notes`, { body: 'hai' })).statusCode).toBe(403)
    expect((await call(stranger, 'GET', `/conversations/${conversationId}/notes`)).json().error.code).toBe('inbox.conversation_not_found')
    expect((await call(agent, 'POST', `/conversations/${conversationId}/notes`, { body: '   ' })).json().error.code).toBe('validation.failed')
  })
})

describe('the audit log', () => {
  it('records who sent, took over, assigned, changed status and settings, keys and teammates', async () => {
    await call(agent, 'POST', `/conversations/${conversationId}/messages`, { text: 'Rahasia pelanggan: alamat lengkap' })
    await call(agent, 'POST', `/conversations/${conversationId}/takeover`)
    await call(owner, 'PATCH', `/conversations/${conversationId}`, { assigneeId: agent.userId, status: 'waiting' })
    await call(owner, 'PUT', '/ai-config', { tone: 'casual' })
    const key = (await call(owner, 'POST', '/api-keys', { name: 'Kasir', scopes: ['messages:read'] })).json()
    await call(owner, 'DELETE', `/api-keys/${key.key.id}`)
    const member = await h.member(owner, 'agent')
    await call(owner, 'DELETE', `/team/${member.userId}`)
    // A refused change is no event.
    await call(owner, 'PATCH', `/conversations/${conversationId}`, { assigneeId: stranger.userId })

    const page = (await call(owner, 'GET', '/audit?limit=100')).json()
    const actions = (page.items as Array<{ action: string }>).map((e) => e.action)
    for (const a of ['message.sent', 'conversation.taken_over', 'conversation.assigned', 'conversation.status_changed', 'settings.updated', 'api_key.created', 'api_key.revoked', 'team.invited', 'team.removed', 'note.created']) {
      expect(actions).toContain(a)
    }
    expect(actions.filter((a) => a === 'conversation.assigned')).toHaveLength(1)
    const sent = page.items.find((e: { action: string }) => e.action === 'message.sent')
    expect(sent).toMatchObject({ actor: { type: 'user', id: agent.userId, name: expect.any(String) }, target: { type: 'conversation', id: conversationId } })
    expect(page.items.find((e: { action: string }) => e.action === 'settings.updated').details).toEqual({ fields: 'tone' })
    // No message text or secret in the log.
    expect(JSON.stringify(page)).not.toMatch(/Rahasia pelanggan|wk_live_|ongkir/)
  })

  it('filters by actor, action and time, pages with a cursor, and is for owners and admins only', async () => {
    const byAgent = (await call(owner, 'GET', `/audit?actor=${agent.userId}`)).json().items as Array<{ actor: { id: string } }>
    expect(byAgent.length).toBeGreaterThan(0)
    expect(byAgent.every((e) => e.actor.id === agent.userId)).toBe(true)
    expect((await call(owner, 'GET', '/audit?action=api_key.revoked')).json().items).toHaveLength(1)
    expect((await call(owner, 'GET', `/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json().items).toEqual([])
    const first = (await call(owner, 'GET', '/audit?limit=2')).json()
    const second = (await call(owner, 'GET', `/audit?limit=2&cursor=${first.nextCursor}`)).json()
    expect(second.items).toHaveLength(2)
    expect(new Set([...first.items, ...second.items].map((e: { id: string }) => e.id)).size).toBe(4)
    expect((await call(agent, 'GET', '/audit')).statusCode).toBe(403)
    expect((await call(stranger, 'GET', '/audit')).json().items).toEqual([])
    expect((await call(owner, 'GET', '/audit?action=DROP TABLE')).json().error.code).toBe('validation.failed')
  })
})
