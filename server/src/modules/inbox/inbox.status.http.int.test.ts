import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import type { WartaEvent } from '../realtime/realtime.bus.js'

let h: PipelineHarness
type Who = { auth: Record<string, string>; userId: string }
let owner: Who & { tenantId: string }
let agent: Who
let viewer: Who
let stranger: Who & { tenantId: string }
let events: WartaEvent[]
let phoneSeq = 0

beforeAll(async () => {
  h = await startPipeline()
  await h.startWorker()
  owner = await registerOwner(h.app)
  stranger = await registerOwner(h.app)
  agent = await h.member(owner, 'agent')
  viewer = await h.member(owner, 'viewer')
  events = await h.record(owner.tenantId)
})
afterAll(async () => { await h?.close() })

const call = (who: { auth: Record<string, string> }, method: 'GET' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) })

/** A new chat: a customer writes `text`; returns the conversation id. */
async function chat(text = 'Halo kak'): Promise<string> {
  const phone = `62844400${String(++phoneSeq).padStart(4, '0')}`
  await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, pushName: `Pelanggan ${phoneSeq}`, text })], 'live')
  const page = (await call(owner, 'GET', `/conversations?q=${phone}`)).json()
  return page.items[0].id as string
}
const ids = async (who: Who, query: string) => ((await call(who, 'GET', `/conversations?${query}`)).json().items as Array<{ id: string }>).map((c) => c.id)

describe('conversation status and snooze', () => {
  it('moves a chat between open, waiting and resolved; the list filters by status', async () => {
    const id = await chat()
    expect((await call(owner, 'GET', `/conversations/${id}`)).json()).toMatchObject({ status: 'open', snoozedUntil: null, assigneeId: null })
    expect((await call(agent, 'PATCH', `/conversations/${id}`, { status: 'waiting' })).json()).toMatchObject({ status: 'waiting' })
    expect(await ids(owner, 'status=waiting')).toContain(id)
    expect(await ids(owner, 'status=open')).not.toContain(id)
    expect((await call(agent, 'PATCH', `/conversations/${id}`, { status: 'resolved' })).json()).toMatchObject({ status: 'resolved' })
    expect(await ids(owner, 'status=resolved')).toContain(id)
    // Other dashboards hear it.
    await waitFor(() => events.some((e) => e.type === 'conversation.updated' && (e.data as { id: string; status: string }).id === id && (e.data as { status: string }).status === 'resolved'), 5000, 'conversation.updated')
  })

  it('reopens a resolved chat when the customer writes again (in the storing transaction)', async () => {
    const id = await chat('Pesanan sudah sampai, makasih')
    await call(owner, 'PATCH', `/conversations/${id}`, { status: 'resolved' })
    const phone = (await call(owner, 'GET', `/conversations/${id}`)).json().contact.phone as string
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: phone.replace('+', ''), text: 'Kak, satu lagi ya' })], 'live')
    expect((await call(owner, 'GET', `/conversations/${id}`)).json()).toMatchObject({ status: 'open' })
    expect(await ids(owner, 'status=open')).toContain(id)
  })

  it('hides a snoozed chat from the open list until a customer message wakes it', async () => {
    const id = await chat()
    const until = new Date(Date.now() + 3600_000).toISOString()
    expect((await call(agent, 'PATCH', `/conversations/${id}`, { snoozedUntil: until })).json()).toMatchObject({ status: 'open', snoozedUntil: until })
    expect(await ids(owner, 'status=open')).not.toContain(id)
    expect(await ids(owner, 'status=snoozed')).toContain(id)
    const phone = (await call(owner, 'GET', `/conversations/${id}`)).json().contact.phone as string
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: phone.replace('+', ''), text: 'Kak?' })], 'live')
    expect((await call(owner, 'GET', `/conversations/${id}`)).json()).toMatchObject({ status: 'open', snoozedUntil: null })
  })

  it('wakes a snoozed chat when its time comes, through the delayed job', async () => {
    const id = await chat()
    await call(agent, 'PATCH', `/conversations/${id}`, { snoozedUntil: new Date(Date.now() + 800).toISOString() })
    await waitFor(() => events.some((e) => e.type === 'conversation.updated' && (e.data as { id: string; snoozedUntil: string | null }).id === id && (e.data as { snoozedUntil: string | null }).snoozedUntil === null), 10_000, 'woken by the job')
    expect(await ids(owner, 'status=open')).toContain(id)
  })

  it('wakes due chats in the sweep once, whatever runs it twice', async () => {
    const id = await chat()
    await call(agent, 'PATCH', `/conversations/${id}`, { snoozedUntil: new Date(Date.now() + 3600_000).toISOString() })
    expect(await h.pipeline.inboxStatus.wake()).toBe(0)
    h.clock.offsetMs = 2 * 3600_000
    try {
      expect(await h.pipeline.inboxStatus.wake()).toBeGreaterThanOrEqual(1)
      expect(await h.pipeline.inboxStatus.wake()).toBe(0)
    } finally { h.clock.offsetMs = 0 }
    expect((await call(owner, 'GET', `/conversations/${id}`)).json()).toMatchObject({ snoozedUntil: null, status: 'open' })
  })

  it('refuses a snooze in the past, an empty change and a viewer, with codes', async () => {
    const id = await chat()
    const past = await call(agent, 'PATCH', `/conversations/${id}`, { snoozedUntil: new Date(Date.now() - 60_000).toISOString() })
    expect([past.statusCode, past.json().error.code]).toEqual([400, 'inbox.snooze_in_past'])
    expect((await call(agent, 'PATCH', `/conversations/${id}`, {})).statusCode).toBe(400)
    expect((await call(agent, 'PATCH', `/conversations/${id}`, { status: 'closed' })).json().error.code).toBe('validation.failed')
    expect((await call(viewer, 'PATCH', `/conversations/${id}`, { status: 'resolved' })).statusCode).toBe(403)
    expect((await call(stranger, 'PATCH', `/conversations/${id}`, { status: 'resolved' })).json().error.code).toBe('inbox.conversation_not_found')
  })
})

describe('waiting for the customer, automatically', () => {
  const status = async (id: string) => (await call(owner, 'GET', `/conversations/${id}`)).json().status as string
  const customerWrites = async (id: string, text: string) => {
    const phone = (await call(owner, 'GET', `/conversations/${id}`)).json().contact.phone as string
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: phone.replace('+', ''), text })], 'live')
  }

  it('an open chat becomes "waiting" when a person, the AI or a nudge answers, and open again when the customer writes', async () => {
    const id = await chat('Kak, ready?')
    const reply = await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: agent.auth, payload: { text: 'Ready kak' } })
    expect(reply.statusCode).toBe(202)
    expect(await status(id)).toBe('waiting')
    // Still among the active chats (the inbox's default view), no longer among those owing an answer.
    expect(await ids(owner, 'status=active')).toContain(id)
    expect(await ids(owner, 'status=open')).not.toContain(id)
    await customerWrites(id, 'Oke, pesan 1')
    expect(await status(id)).toBe('open')
    for (const by of ['ai', 'followup'] as const) {
      await h.pipeline.inbox.enqueueOutgoing(owner.tenantId, id, `Jawaban ${by}`, by)
      expect(await status(id)).toBe('waiting')
      await customerWrites(id, `Balas ${by}`)
      expect(await status(id)).toBe('open')
    }
  })

  it('the away message leaves the chat open, and a resolved or snoozed chat keeps its status when the shop speaks', async () => {
    const id = await chat('Kak, buka?')
    await h.pipeline.inbox.enqueueOutgoing(owner.tenantId, id, 'Kami sedang tutup', 'away')
    expect(await status(id)).toBe('open')
    await call(owner, 'PATCH', `/conversations/${id}`, { status: 'resolved' })
    await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: agent.auth, payload: { text: 'Sama-sama kak' } })
    expect(await status(id)).toBe('resolved')
    expect(await ids(owner, 'status=active')).not.toContain(id)
    const snoozed = await chat('Kak, nanti ya')
    await call(owner, 'PATCH', `/conversations/${snoozed}`, { snoozedUntil: new Date(Date.now() + 3600_000).toISOString() })
    await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${snoozed}/messages`, headers: agent.auth, payload: { text: 'Siap kak' } })
    expect(await status(snoozed)).toBe('open')
  })
})

describe('assignment', () => {
  it('assigns to a teammate, who is told; "mine" and "unassigned" filters follow', async () => {
    const id = await chat()
    expect(await ids(agent, 'assignee=none')).toContain(id)
    expect((await call(owner, 'PATCH', `/conversations/${id}`, { assigneeId: agent.userId })).json()).toMatchObject({ assigneeId: agent.userId })
    const told = await waitFor(() => events.find((e) => e.type === 'conversation.assigned' && (e.data as { conversationId: string }).conversationId === id), 5000, 'conversation.assigned')
    expect(told.data).toMatchObject({ assigneeId: agent.userId, by: owner.userId })
    expect(await ids(agent, 'assignee=me')).toContain(id)
    expect(await ids(owner, 'assignee=me')).not.toContain(id)
    expect(await ids(agent, 'assignee=none')).not.toContain(id)
    expect((await call(agent, 'PATCH', `/conversations/${id}`, { assigneeId: null })).json()).toMatchObject({ assigneeId: null })
    expect(await ids(agent, 'assignee=none')).toContain(id)
  })

  it('refuses a user of another tenant, a viewer and a removed teammate, with codes', async () => {
    const id = await chat()
    const foreign = await call(owner, 'PATCH', `/conversations/${id}`, { assigneeId: stranger.userId })
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([422, 'inbox.assignee_not_member'])
    const toViewer = await call(owner, 'PATCH', `/conversations/${id}`, { assigneeId: viewer.userId })
    expect([toViewer.statusCode, toViewer.json().error.code]).toEqual([422, 'inbox.assignee_viewer'])
    const leaving = await h.member(owner, 'agent')
    expect((await call(owner, 'DELETE', `/team/${leaving.userId}`)).statusCode).toBe(204)
    const removed = await call(owner, 'PATCH', `/conversations/${id}`, { assigneeId: leaving.userId })
    expect([removed.statusCode, removed.json().error.code]).toEqual([422, 'inbox.assignee_not_member'])
    expect((await call(owner, 'GET', `/conversations/${id}`)).json().assigneeId).toBeNull()
  })

  it("unassigns a removed teammate's chats", async () => {
    const id = await chat()
    const leaving = await h.member(owner, 'agent')
    await call(owner, 'PATCH', `/conversations/${id}`, { assigneeId: leaving.userId })
    await call(owner, 'DELETE', `/team/${leaving.userId}`)
    expect((await call(owner, 'GET', `/conversations/${id}`)).json().assigneeId).toBeNull()
  })

  it('takes two staff replying at once, both, in order', async () => {
    const id = await chat()
    const [a, b] = await Promise.all([
      h.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: owner.auth, payload: { text: 'Dari pemilik' } }),
      h.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: agent.auth, payload: { text: 'Dari agen' } }),
    ])
    expect([a.statusCode, b.statusCode]).toEqual([202, 202])
    const thread = (await call(owner, 'GET', `/conversations/${id}/messages`)).json().items as Array<{ body: string; createdAt: string }>
    const mine = thread.filter((m) => m.body === 'Dari pemilik' || m.body === 'Dari agen')
    expect(mine).toHaveLength(2)
    expect(Date.parse(mine[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(mine[1]!.createdAt))
  })
})

describe('round-robin assignment', () => {
  it('is off by default; when on, gives new chats in turn to teammates online who may answer, never over a person', async () => {
    expect((await call(agent, 'GET', '/inbox/team-settings')).json()).toEqual({ roundRobin: false })
    const before = await chat()
    expect((await call(owner, 'GET', `/conversations/${before}`)).json().assigneeId).toBeNull()

    expect((await h.app.inject({ method: 'PUT', url: '/api/v1/inbox/team-settings', headers: agent.auth, payload: { roundRobin: true } })).statusCode).toBe(403)
    expect((await h.app.inject({ method: 'PUT', url: '/api/v1/inbox/team-settings', headers: owner.auth, payload: { roundRobin: 'ya' } })).json().error.code).toBe('validation.failed')
    expect((await h.app.inject({ method: 'PUT', url: '/api/v1/inbox/team-settings', headers: owner.auth, payload: { roundRobin: true } })).json()).toEqual({ roundRobin: true })
    // Nobody online: the chat waits unassigned.
    const nobody = await chat()
    expect((await call(owner, 'GET', `/conversations/${nobody}`)).json().assigneeId).toBeNull()

    const here = await Promise.all([owner, agent, viewer].map((w) => h.pipeline.presence.join(owner.tenantId, w.userId)))
    try {
      const got: string[] = []
      for (let i = 0; i < 4; i++) {
        const id = await chat()
        got.push((await call(owner, 'GET', `/conversations/${id}`)).json().assigneeId)
      }
      const turn = [owner.userId, agent.userId].sort()
      // In turn, and never the viewer.
      expect(new Set(got)).toEqual(new Set(turn))
      expect(got[0]).not.toBe(got[1])
      expect(got[2]).toBe(got[0])
      expect(got[3]).toBe(got[1])
      // A chat a person already gave to someone stays theirs when the customer writes again.
      const mine = await chat()
      await call(owner, 'PATCH', `/conversations/${mine}`, { assigneeId: owner.userId })
      const phone = (await call(owner, 'GET', `/conversations/${mine}`)).json().contact.phone as string
      await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: phone.replace('+', ''), text: 'Halo lagi' })], 'live')
      expect((await call(owner, 'GET', `/conversations/${mine}`)).json().assigneeId).toBe(owner.userId)
    } finally {
      for (const x of here) await x.leave()
      await h.app.inject({ method: 'PUT', url: '/api/v1/inbox/team-settings', headers: owner.auth, payload: { roundRobin: false } })
    }
  })
})
