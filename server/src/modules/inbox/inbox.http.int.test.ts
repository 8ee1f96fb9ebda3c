import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { customerInsights } from '../insights/insights.tables.js'
import { followUps } from '../followups/followups.tables.js'

let h: PipelineHarness
type Who = { auth: Record<string, string> }
let owner: Who & { tenantId: string }
let viewer: Who
let agent: Who
let stranger: Who & { tenantId: string }
let convId: string
let contactId: string
let insightId: string
let followUpId: string

beforeAll(async () => {
  h = await startPipeline()
  await h.startWorker()
  owner = await registerOwner(h.app)
  stranger = await registerOwner(h.app)
  viewer = await h.member(owner, 'viewer')
  agent = await h.member(owner, 'agent')
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '628333000001', pushName: 'Sari', text: 'Mau pesan 2 kopi susu ya kak' })], 'live')
  const [order] = await waitFor(async () => { const r = await h.database.db.select().from(customerInsights).where(eq(customerInsights.tenantId, owner.tenantId)); return r.length === 1 ? r : undefined }, 15_000, 'insight')
  convId = order!.conversationId
  insightId = order!.id
  // A nudge is planned once the shop has answered the lead (and the customer went quiet).
  await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${convId}/messages`, headers: owner.auth, payload: { text: 'Siap kak, dicatat' } })
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '628333000002', pushName: 'Andi', text: 'Buka jam berapa?' })], 'live')
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '628333000003', pushName: 'Rina', text: 'Pesanan saya belum datang, kecewa' })], 'live')
  await waitFor(async () => (await h.database.db.select().from(customerInsights).where(eq(customerInsights.tenantId, owner.tenantId))).length === 3, 15_000, 'insights')
  const [fu] = await waitFor(async () => { const r = await h.database.db.select().from(followUps).where(eq(followUps.tenantId, owner.tenantId)); return r.length ? r : undefined }, 10_000, 'follow-up')
  followUpId = fu!.id
})
afterAll(async () => { await h?.close() })

const call = (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) })

describe('the inbox API', () => {
  it('lists conversations newest first with filters and cursor pages', async () => {
    const all = (await call(viewer, 'GET', '/conversations')).json()
    expect(all.items).toHaveLength(3)
    expect(all.items[0].contact.name).toBe('Rina')
    expect((await call(owner, 'GET', '/conversations?tag=hot_lead')).json().items.map((c: { id: string }) => c.id)).toEqual([convId])
    expect((await call(owner, 'GET', '/conversations?mode=complaint')).json().items[0].contact.name).toBe('Rina')
    expect((await call(owner, 'GET', '/conversations?intent=place_order')).json().items).toHaveLength(1)
    expect((await call(owner, 'GET', '/conversations?q=andi')).json().items[0].contact.name).toBe('Andi')
    expect((await call(owner, 'GET', '/conversations?q=628333000001')).json().items).toHaveLength(1)
    const first = (await call(owner, 'GET', '/conversations?limit=2')).json()
    expect(first.items).toHaveLength(2)
    const second = (await call(owner, 'GET', `/conversations?limit=2&cursor=${first.nextCursor}`)).json()
    expect(second.items).toHaveLength(1)
    expect(second.nextCursor).toBeNull()
    expect(new Set([...first.items, ...second.items].map((c: { id: string }) => c.id)).size).toBe(3)
  })

  it('shows a thread with its insights, takes replies from agents and marks conversations read', async () => {
    const thread = (await call(viewer, 'GET', `/conversations/${convId}/messages`)).json()
    expect(thread.items.find((m: { direction: string }) => m.direction === 'in')).toMatchObject({ direction: 'in', sentBy: 'customer', insight: expect.objectContaining({ mode: 'order', classifier: 'offline' }) })
    const reply = await call(agent, 'POST', `/conversations/${convId}/messages`, { text: 'Siap kak, atas nama siapa?' })
    expect(reply.statusCode).toBe(202)
    expect(reply.json()).toMatchObject({ status: 'pending', sentBy: 'agent', direction: 'out' })
    expect((await call(viewer, 'GET', `/conversations/${convId}/messages?limit=1`)).json().items[0].body).toBe('Siap kak, atas nama siapa?')
    expect((await call(agent, 'POST', `/conversations/${convId}/read`)).statusCode).toBe(204)
    expect((await call(viewer, 'GET', `/conversations/${convId}`)).json().unreadCount).toBe(0)
    expect((await call(agent, 'POST', `/conversations/${convId}/takeover`)).json()).toMatchObject({ humanTakeover: true, aiEnabled: false })
    expect((await call(agent, 'POST', `/conversations/${convId}/handback`)).json()).toMatchObject({ humanTakeover: false, aiEnabled: true })
  })

  it('takes a tag correction and shows it on the conversation', async () => {
    const res = await call(agent, 'PATCH', `/conversations/${convId}/insights/${insightId}`, { tags: ['order_intent'] })
    expect(res.json()).toMatchObject({ tags: ['order_intent'], corrected: true })
    expect((await call(viewer, 'GET', `/conversations/${convId}`)).json().tags).toEqual(['order_intent'])
  })

  it('shows a customer with insights and follow-ups, and lists follow-ups', async () => {
    contactId = (await call(viewer, 'GET', `/conversations/${convId}`)).json().contact.id
    const res = (await call(viewer, 'GET', `/contacts/${contactId}`)).json()
    expect(res.contact).toMatchObject({ name: 'Sari', phone: '628333000001' })
    expect(res.insights).toHaveLength(1)
    expect(res.followUps.map((f: { id: string }) => f.id)).toContain(followUpId)
    const list = (await call(viewer, 'GET', '/follow-ups?limit=1')).json()
    expect(list.items).toHaveLength(1)
  })
})

describe('inbox routes refuse', () => {
  const bad: Array<[string, 'GET' | 'POST' | 'PATCH', () => string, object | undefined, string]> = [
    ['a malformed conversation id', 'GET', () => '/conversations/not-a-uuid', undefined, 'validation.failed'],
    ['an unknown list filter', 'GET', () => '/conversations?colour=red', undefined, 'validation.failed'],
    ['a tag that is not snake_case', 'GET', () => '/conversations?tag=Hot%20Lead', undefined, 'validation.failed'],
    ['a limit above 100', 'GET', () => '/conversations?limit=1000', undefined, 'validation.failed'],
    ['a forged cursor', 'GET', () => '/conversations?cursor=bm9wZQ', undefined, 'validation.bad_cursor'],
    ['a forged thread cursor', 'GET', () => `/conversations/${convId}/messages?cursor=xyz`, undefined, 'validation.bad_cursor'],
    ['an empty reply', 'POST', () => `/conversations/${convId}/messages`, { text: '   ' }, 'validation.failed'],
    ['a reply with extra fields', 'POST', () => `/conversations/${convId}/messages`, { text: 'hi', to: 'x' }, 'validation.failed'],
    ['a body on takeover', 'POST', () => `/conversations/${convId}/takeover`, { force: true }, 'validation.failed'],
    ['tags that are not a list', 'PATCH', () => `/conversations/${convId}/insights/${insightId}`, { tags: 'hot_lead' }, 'validation.failed'],
    ['a malformed contact id', 'GET', () => '/contacts/42', undefined, 'validation.failed'],
    ['an unknown follow-up status', 'GET', () => '/follow-ups?status=lost', undefined, 'validation.failed'],
    ['a malformed follow-up id', 'POST', () => '/follow-ups/x/cancel', undefined, 'validation.failed'],
  ]
  it.each(bad)('%s with a 400 and a stable code', async (_what, method, url, payload, code) => {
    const res = await call(owner, method, url(), payload)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe(code)
  })

  const foreign: Array<[string, 'GET' | 'POST' | 'PATCH', () => string, object | undefined]> = [
    ['read', 'GET', () => `/conversations/${convId}`, undefined],
    ['read the thread of', 'GET', () => `/conversations/${convId}/messages`, undefined],
    ['reply to', 'POST', () => `/conversations/${convId}/messages`, { text: 'hi' }],
    ['take over', 'POST', () => `/conversations/${convId}/takeover`, undefined],
    ['hand back', 'POST', () => `/conversations/${convId}/handback`, undefined],
    ['mark read', 'POST', () => `/conversations/${convId}/read`, undefined],
    ['correct the tags of', 'PATCH', () => `/conversations/${convId}/insights/${insightId}`, { tags: [] }],
    ['read the customer of', 'GET', () => `/contacts/${contactId}`, undefined],
    ['cancel the follow-up of', 'POST', () => `/follow-ups/${followUpId}/cancel`, undefined],
  ]
  it.each(foreign)('to let another tenant %s a conversation (404)', async (_what, method, url, payload) => {
    const res = await call(stranger, method, url(), payload)
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toMatch(/not_found$/)
  })

  it('to show another tenant\'s rows in its lists', async () => {
    expect((await call(stranger, 'GET', '/conversations')).json().items).toEqual([])
    expect((await call(stranger, 'GET', '/follow-ups')).json().items).toEqual([])
  })

  const writes: Array<[string, 'POST' | 'PATCH', () => string, object | undefined]> = [
    ['reply', 'POST', () => `/conversations/${convId}/messages`, { text: 'hi' }],
    ['take over', 'POST', () => `/conversations/${convId}/takeover`, undefined],
    ['hand back', 'POST', () => `/conversations/${convId}/handback`, undefined],
    ['mark read', 'POST', () => `/conversations/${convId}/read`, undefined],
    ['correct tags', 'PATCH', () => `/conversations/${convId}/insights/${insightId}`, { tags: [] }],
    ['cancel a follow-up', 'POST', () => `/follow-ups/${followUpId}/cancel`, undefined],
  ]
  it.each(writes)('to let a viewer %s (403)', async (_what, method, url, payload) => {
    const res = await call(viewer, method, url(), payload)
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('auth.forbidden')
  })

  it('everything without a token (401)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/conversations' })
    expect(res.statusCode).toBe(401)
  })
})
