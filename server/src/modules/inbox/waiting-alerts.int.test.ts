// "Andi menunggu jawaban 30 menit": one `conversation.waiting` event per wait once the tenant's
// threshold passed, none when the shop answered in time, re-armed by the sweep. The worker runs;
// the test clock jumps past the threshold instead of sleeping through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, processed, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { eq } from 'drizzle-orm'
import type { WartaEvent } from '../realtime/realtime.bus.js'
import { messages } from './inbox.tables.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline(); await h.startWorker() })
afterAll(async () => { await h?.close() })

type Owner = Awaited<ReturnType<typeof registerOwner>>
async function shop(settings: object = {}): Promise<Owner> {
  const owner = await registerOwner(h.app)
  const res = await h.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: { waitingAlert: { enabled: true, afterMinutes: 30 }, ...settings } })
  expect(res.statusCode).toBe(200)
  return owner
}
const alerts = (events: WartaEvent[]) => events.filter((e) => e.type === 'conversation.waiting') as Array<WartaEvent<{ conversation: { id: string; contact: { name: string } }; waitingMinutes: number }>>
const summary = async (o: Owner, id: string) => (await h.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: o.auth })).json()

describe('the owner is alerted when a customer waits', () => {
  it('once per wait, after the threshold, however often the alert is armed, fired or swept', async () => {
    const owner = await shop()
    const events = await h.record(owner.tenantId)
    const first = customerMessage({ text: 'bisa antar ke Dago?', pushName: 'Andi' })
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    const { conversationId } = await processed(h, owner.tenantId, 'bisa antar ke Dago?')
    const since = (await summary(owner, conversationId)).waitingSince as string

    // Before the threshold: the job is armed for later, nothing is said.
    await h.pipeline.waiting.fire({ tenantId: owner.tenantId, conversationId, since }, async () => { throw new Error('delayed') }).catch(() => {})
    expect(alerts(events)).toEqual([])

    h.clock.offsetMs = 31 * 60_000
    try {
      // The job armed when the wait began fires now (rather than in 30 real minutes).
      const job = await h.pipeline.jobs.queue('waiting').getJob(`wait-${conversationId}-${Date.parse(since)}`)
      expect(await job?.getState()).toBe('delayed')
      await job!.promote()
      const [alert] = await waitFor(() => { const a = alerts(events); return a.length ? a : undefined }, 10_000, 'conversation.waiting')
      expect(alert!.data).toMatchObject({ conversation: { id: conversationId, contact: { name: 'Andi' }, waitingSince: since }, waitingMinutes: 31 })

      // The same wait again: a second message, the job firing again, the sweep.
      await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ chatJid: first.chatJid, customerPn: first.customerPn, text: 'halo kak?' })], 'live')
      await processed(h, owner.tenantId, 'halo kak?')
      expect((await summary(owner, conversationId)).waitingSince).toBe(since)
      await h.pipeline.waiting.fire({ tenantId: owner.tenantId, conversationId, since }, async () => { throw new Error('not due?') })
      await h.pipeline.waiting.sweep()
      await h.pipeline.waiting.fire({ tenantId: owner.tenantId, conversationId, since }, async () => { throw new Error('not due?') })
      expect(alerts(events)).toHaveLength(1)
    } finally { h.clock.offsetMs = 0 }

    // The shop answers: the wait is over. The customer writes again: a new wait, a new alert.
    await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/messages`, headers: owner.auth, payload: { text: 'Bisa kak' } })
    expect((await summary(owner, conversationId)).waitingSince).toBeNull()
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ chatJid: first.chatJid, customerPn: first.customerPn, text: 'ongkirnya berapa?' })], 'live')
    const { conversationId: again } = await processed(h, owner.tenantId, 'ongkirnya berapa?')
    const secondSince = (await summary(owner, again)).waitingSince as string
    expect(secondSince).not.toBe(since)
    h.clock.offsetMs = 45 * 60_000
    try {
      // Redis lost this one's job: the sweep arms it again, already due.
      await h.pipeline.jobs.queue('waiting').remove(`wait-${conversationId}-${Date.parse(secondSince)}`)
      expect(await h.pipeline.waiting.sweep()).toBeGreaterThanOrEqual(1)
      await waitFor(() => alerts(events).length === 2, 10_000, 'second alert')
    } finally { h.clock.offsetMs = 0 }
    expect(alerts(events)[1]!.data.conversation).toMatchObject({ id: conversationId, waitingSince: secondSince })
  })

  it('within seconds when the threshold is a fraction of a minute (demos and browser tests)', async () => {
    const owner = await shop({ waitingAlert: { enabled: true, afterMinutes: 0.05 } })
    const events = await h.record(owner.tenantId)
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'bisa bayar di tempat?', pushName: 'Rina' })], 'live')
    const { conversationId } = await processed(h, owner.tenantId, 'bisa bayar di tempat?')
    // The real delayed job fires (3 s): no clock jump.
    const [alert] = await waitFor(() => { const a = alerts(events); return a.length ? a : undefined }, 15_000, 'conversation.waiting')
    expect(alert!.data).toMatchObject({ conversation: { id: conversationId, contact: { name: 'Rina' } }, waitingMinutes: 0 })
    expect((await h.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: { waitingAlert: { afterMinutes: 0.01 } } })).json().error.code).toBe('validation.failed')
  })

  it('not when the shop answered in time', async () => {
    const owner = await shop({ autoReply: true, profile: { hours: 'Setiap hari 08.00–21.00' } })
    const events = await h.record(owner.tenantId)
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'jam berapa buka?' })], 'live')
    const { conversationId, id } = await processed(h, owner.tenantId, 'jam berapa buka?')
    expect((await summary(owner, conversationId)).waitingSince).toBeNull()
    const [message] = await h.database.db.select().from(messages).where(eq(messages.id, id))
    h.clock.offsetMs = 31 * 60_000
    try {
      await h.pipeline.waiting.fire({ tenantId: owner.tenantId, conversationId, since: message!.createdAt.toISOString() }, async () => { throw new Error('not due?') })
    } finally { h.clock.offsetMs = 0 }
    expect(alerts(events)).toEqual([])
  })

  it('not at all when the owner switched the alert off', async () => {
    const owner = await shop({ waitingAlert: { enabled: false } })
    const events = await h.record(owner.tenantId)
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'ada yang bisa bantu?' })], 'live')
    const { conversationId } = await processed(h, owner.tenantId, 'ada yang bisa bantu?')
    const since = (await summary(owner, conversationId)).waitingSince as string
    h.clock.offsetMs = 31 * 60_000
    try {
      await h.pipeline.waiting.fire({ tenantId: owner.tenantId, conversationId, since }, async () => { throw new Error('not due?') })
    } finally { h.clock.offsetMs = 0 }
    expect(alerts(events)).toEqual([])
    expect((await h.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: { waitingAlert: { afterMinutes: 0 } } })).json().error.code).toBe('validation.failed')
  })
})
