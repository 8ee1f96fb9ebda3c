// Follow-ups and the waiting alert respect the chat's status: a resolved or snoozed chat is never
// nudged nor alerted about; resolving cancels planned nudges (announced as `followup.cancelled`);
// a customer writing again reopens the chat and plans as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { customerMessage, processed, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { followUps } from './followups.tables.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline(); await h.startWorker() })
afterAll(async () => { await h?.close() })

type Owner = Awaited<ReturnType<typeof registerOwner>>
const HOUR = 3600_000
/** A shop whose AI answers by itself, nudging hot leads an hour after its answer, and alerting after 30 minutes of waiting. */
async function shop(over: object = {}): Promise<Owner> {
  const owner = await registerOwner(h.app)
  const res = await h.app.inject({
    method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth,
    payload: {
      priceList: [{ name: 'Kopi Susu', price: 18000 }], autoReply: true, enabledModes: ['faq', 'order'],
      followUp: { enabled: true, maxCount: 1, onlyHotLeads: true, afterHours: 1 }, quietHours: { start: '00:00', end: '00:00' },
      waitingAlert: { enabled: true, afterMinutes: 30 }, ...over,
    },
  })
  expect(res.statusCode).toBe(200)
  return owner
}
const rowsOf = (tenantId: string) => h.database.db.select().from(followUps).where(eq(followUps.tenantId, tenantId)).orderBy(followUps.createdAt)
const call = (o: Owner, method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: o.auth, ...(payload ? { payload } : {}) })
const notDelayed = async (): Promise<never> => { throw new Error('not due yet') }

describe('follow-ups and the waiting alert respect the chat status', () => {
  it('resolving cancels the planned nudge (announced); the shop speaking in a resolved chat plans none; a new customer message plans again', async () => {
    const owner = await shop()
    const events = await h.record(owner.tenantId)
    const first = customerMessage({ text: 'Mau pesan 2 kopi susu ya kak' })
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    const [planned] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length ? r : undefined }, 10_000, 'planned')
    const conversationId = planned!.conversationId

    expect((await call(owner, 'PATCH', `/conversations/${conversationId}`, { status: 'resolved' })).statusCode).toBe(200)
    expect(await rowsOf(owner.tenantId)).toEqual([expect.objectContaining({ id: planned!.id, status: 'cancelled', cancelReason: 'conversation_resolved' })])
    await waitFor(() => events.some((e) => e.type === 'followup.cancelled' && (e.data as { id: string }).id === planned!.id), 5000, 'followup.cancelled')

    // The shop still has a word in the resolved chat: nothing is planned.
    await call(owner, 'POST', `/conversations/${conversationId}/messages`, { text: 'Terima kasih kak' })
    expect(await h.pipeline.followUps.onShopWord(owner.tenantId, conversationId)).toBeUndefined()
    expect((await rowsOf(owner.tenantId)).filter((r) => r.status === 'scheduled')).toEqual([])

    // The customer writes again: the chat reopens, the AI answers, a nudge is planned as usual.
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ chatJid: first.chatJid, customerPn: first.customerPn, text: 'Kak, mau pesan 3 kopi susu lagi' })], 'live')
    await waitFor(async () => (await rowsOf(owner.tenantId)).some((r) => r.status === 'scheduled'), 10_000, 'planned again')
  })

  it('a nudge falling due while the chat is snoozed is not sent', async () => {
    const owner = await shop()
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Mau pesan 2 kopi susu ya kak' })], 'live')
    const [planned] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length ? r : undefined }, 10_000, 'planned')
    await call(owner, 'PATCH', `/conversations/${planned!.conversationId}`, { snoozedUntil: new Date(Date.now() + 3 * HOUR).toISOString() })
    h.clock.offsetMs = 2 * HOUR
    try {
      await h.pipeline.followUps.fire(owner.tenantId, planned!.id, notDelayed)
    } finally { h.clock.offsetMs = 0 }
    expect(await rowsOf(owner.tenantId)).toEqual([expect.objectContaining({ status: 'cancelled', cancelReason: 'conversation_snoozed', messageId: null })])
  })

  it('never alerts the owner about a resolved or snoozed chat', async () => {
    const owner = await shop({ autoReply: false })
    const events = await h.record(owner.tenantId)
    const chats: string[] = []
    for (const text of ['Kak, bisa antar ke Dago?', 'Kak, bisa antar ke Cimahi?']) {
      await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text })], 'live')
      chats.push((await processed(h, owner.tenantId, text)).conversationId)
    }
    await call(owner, 'PATCH', `/conversations/${chats[0]}`, { status: 'resolved' })
    await call(owner, 'PATCH', `/conversations/${chats[1]}`, { snoozedUntil: new Date(Date.now() + 3 * HOUR).toISOString() })
    h.clock.offsetMs = 31 * 60_000
    try {
      for (const id of chats) {
        const since = (await call(owner, 'GET', `/conversations/${id}`)).json().waitingSince as string
        await h.pipeline.waiting.fire({ tenantId: owner.tenantId, conversationId: id, since }, notDelayed)
      }
    } finally { h.clock.offsetMs = 0 }
    expect(events.filter((e) => e.type === 'conversation.waiting')).toEqual([])
  })
})
