// Send-to-number through HTTP without a gateway (the outbox row is the result): the key's 24-hour
// window, tenant scoping of keys and messages, and the person-facing side (agents may send too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline() })
afterAll(async () => { await h?.close() })

const send = (auth: Record<string, string>, key: string, body: Record<string, unknown>) =>
  h.app.inject({ method: 'POST', url: '/api/v1/messages', headers: { ...auth, 'idempotency-key': key }, payload: body })

describe('POST /api/v1/messages', () => {
  it('treats a key as new once its 24 hours are over', async () => {
    const owner = await registerOwner(h.app)
    const first = await send(owner.auth, 'daily-report', { to: '+6281234567001', text: 'Laporan hari ini' })
    expect(first.statusCode).toBe(201)
    expect((await send(owner.auth, 'daily-report', { to: '+6281234567001', text: 'Laporan besok' })).statusCode).toBe(409)
    h.clock.offsetMs += 25 * 3_600_000
    try {
      const later = await send(owner.auth, 'daily-report', { to: '+6281234567001', text: 'Laporan besok' })
      expect(later.statusCode).toBe(201)
      expect(later.json().id).not.toBe(first.json().id)
    } finally { h.clock.offsetMs -= 25 * 3_600_000 }
  })

  it('keeps keys and messages per tenant: the same key in two shops sends two messages, neither reads the other\'s', async () => {
    const a = await registerOwner(h.app)
    const b = await registerOwner(h.app)
    const body = { to: '+6281234567002', text: 'Promo minggu ini' }
    const sentA = await send(a.auth, 'promo-1', body)
    const sentB = await send(b.auth, 'promo-1', body)
    expect([sentA.statusCode, sentB.statusCode]).toEqual([201, 201])
    expect(sentA.json().id).not.toBe(sentB.json().id)
    const peek = await h.app.inject({ method: 'GET', url: `/api/v1/messages/${sentA.json().id}`, headers: b.auth })
    expect(peek.statusCode).toBe(404)
    const own = await h.app.inject({ method: 'GET', url: `/api/v1/messages/${sentA.json().id}`, headers: a.auth })
    expect(own.json()).toMatchObject({ status: 'pending', to: '+6281234567002', sentBy: 'api', text: 'Promo minggu ini' })
  })

  it('lands in the same chat as the customer\'s own messages, and a viewer may not send', async () => {
    const owner = await registerOwner(h.app)
    const first = await send(owner.auth, 'a', { to: '+6281234567003', text: 'Halo' })
    const second = await send(owner.auth, 'b', { to: '+62 812-3456-7003', text: 'Halo lagi' })
    expect(second.json().conversationId).toBe(first.json().conversationId)
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281234567003', text: 'Iya kak?' })], 'live')
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([first.json().conversationId])
    const viewer = await h.member(owner, 'viewer')
    const refused = await send(viewer.auth, 'c', { to: '+6281234567003', text: 'x' })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('auth.forbidden')
  })

  it('shows when each queued send is expected to leave: paced ones one gap apart, a reply at once', async () => {
    const owner = await registerOwner(h.app)
    // Defaults: 10 paced sends a minute plus 1.5 s of average jitter = one every 7.5 s.
    const gap = 60_000 / 10 + 3000 / 2
    const sent = []
    for (const n of [11, 12, 13]) sent.push((await send(owner.auth, `paced-${n}`, { to: `+62812345670${n}`, text: `Promo ${n}` })).json())
    const at = sent.map((m: { expectedAt: string }) => Date.parse(m.expectedAt))
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(gap)
    expect(at[1]! - at[0]!).toBeLessThan(gap + 1000)
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(gap)
    // The status endpoint says the same of the third, still two behind.
    const third = (await h.app.inject({ method: 'GET', url: `/api/v1/messages/${sent[2].id}`, headers: owner.auth })).json()
    expect(Date.parse(third.expectedAt) - h.clock.now().getTime()).toBeGreaterThanOrEqual(2 * gap - 1000)
    // A customer who just wrote is answered in its own lane: expected now, ahead of the paced ones.
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281234567014', text: 'Kak, ready?' })], 'live')
    const reply = (await send(owner.auth, 'reply-14', { to: '+6281234567014', text: 'Ready kak' })).json()
    expect(Date.parse(reply.expectedAt)).toBeLessThan(at[1]!)
    expect(Math.abs(Date.parse(reply.expectedAt) - h.clock.now().getTime())).toBeLessThan(2000)
  })
})
