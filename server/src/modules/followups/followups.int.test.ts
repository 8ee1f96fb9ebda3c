import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { messages } from '../inbox/inbox.tables.js'
import { followUps } from './followups.tables.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline(); await h.startWorker() })
afterAll(async () => { await h?.close() })

// ~1.8 s after the customer's message; quiet hours off (start = end) so the test never waits a night.
const fast = { afterHours: 0.0005, quietHours: { start: '00:00', end: '00:00' } }
async function shop(rule: { afterHours: number; maxCount?: number; onlyHotLeads?: boolean; quietHours?: object } = fast) {
  const owner = await registerOwner(h.app)
  const { quietHours, ...followUp } = rule
  const res = await h.app.inject({
    method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth,
    payload: { priceList: [{ name: 'Kopi Susu', price: 18000 }], followUp: { enabled: true, maxCount: 1, onlyHotLeads: true, ...followUp }, ...(quietHours ? { quietHours } : {}) },
  })
  expect(res.statusCode).toBe(200)
  return owner
}
const rowsOf = (tenantId: string) => h.database.db.select().from(followUps).where(eq(followUps.tenantId, tenantId)).orderBy(followUps.attempt)
const hotLead = (over = {}) => customerMessage({ text: 'Mau pesan 2 kopi susu ya kak', ...over })

describe('follow-ups', () => {
  it('are scheduled for a hot lead, fire when due and go out through the outbox', async () => {
    const owner = await shop()
    const events = await h.record(owner.tenantId)
    await h.pipeline.inbox.ingest(owner.tenantId, [hotLead()], 'live')
    const [scheduled] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length ? r : undefined }, 10_000, 'scheduled')
    expect(scheduled).toMatchObject({ status: 'scheduled', attempt: 1, reason: 'hot_lead' })
    const [sent] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r[0]?.status === 'sent' ? r : undefined }, 15_000, 'sent')
    const [msg] = await h.database.db.select().from(messages).where(and(eq(messages.tenantId, owner.tenantId), eq(messages.sentBy, 'followup')))
    expect(msg).toMatchObject({ status: 'pending', followUpId: sent!.id, body: sent!.text })
    expect(sent!.messageId).toBe(msg!.id)
    await waitFor(() => ['followup.scheduled', 'followup.sent'].every((t) => events.some((e) => e.type === t)), 5000, 'events')
    const listed = await h.app.inject({ method: 'GET', url: '/api/v1/follow-ups?status=sent', headers: owner.auth })
    expect(listed.json().items).toEqual([expect.objectContaining({ id: sent!.id, status: 'sent', contact: expect.objectContaining({ name: 'Budi' }) })])
  })

  it('are cancelled when the customer writes again before they are due', async () => {
    const owner = await shop({ afterHours: 1, quietHours: fast.quietHours })
    const first = hotLead()
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    await waitFor(async () => (await rowsOf(owner.tenantId)).length === 1, 10_000, 'scheduled')
    const events = await h.record(owner.tenantId)
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ chatJid: first.chatJid, customerPn: first.customerPn, text: 'ok kak' })], 'live')
    const [row] = await rowsOf(owner.tenantId)
    expect(row).toMatchObject({ status: 'cancelled', cancelReason: 'customer_replied' })
    await waitFor(() => events.some((e) => e.type === 'followup.cancelled'), 5000, 'followup.cancelled')
  })

  it('are cancelled when a person replies from the dashboard, and can be cancelled by hand once', async () => {
    const owner = await shop({ afterHours: 1, quietHours: fast.quietHours })
    await h.pipeline.inbox.ingest(owner.tenantId, [hotLead()], 'live')
    const [row] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length ? r : undefined }, 10_000, 'scheduled')
    const byHand = await h.app.inject({ method: 'POST', url: `/api/v1/follow-ups/${row!.id}/cancel`, headers: owner.auth })
    expect(byHand.json()).toMatchObject({ status: 'cancelled', cancelReason: 'cancelled_by_user' })
    const again = await h.app.inject({ method: 'POST', url: `/api/v1/follow-ups/${row!.id}/cancel`, headers: owner.auth })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('followups.not_scheduled')

    const other = await shop({ afterHours: 1, quietHours: fast.quietHours })
    await h.pipeline.inbox.ingest(other.tenantId, [hotLead()], 'live')
    const [pending] = await waitFor(async () => { const r = await rowsOf(other.tenantId); return r.length ? r : undefined }, 10_000, 'scheduled')
    const reply = await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${pending!.conversationId}/messages`, headers: other.auth, payload: { text: 'Siap kak, kami proses' } })
    expect(reply.statusCode).toBe(202)
    expect((await rowsOf(other.tenantId))[0]).toMatchObject({ status: 'cancelled', cancelReason: 'human_replied' })
  })

  it('send a second nudge when the first got no answer, up to the maximum', async () => {
    const owner = await shop({ ...fast, maxCount: 2 })
    await h.pipeline.inbox.ingest(owner.tenantId, [hotLead()], 'live')
    const rows = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length === 2 && r.every((x) => x.status === 'sent') ? r : undefined }, 20_000, 'two nudges')
    expect(rows.map((r) => r.attempt)).toEqual([1, 2])
    expect(await rowsOf(owner.tenantId)).toHaveLength(2) // a third is never planned
  })

  it('due in quiet hours move to the end of them in the shop\'s timezone', async () => {
    h.clock.fixed = new Date('2026-11-23T15:30:00Z') // 22:30 WIB
    try {
      const owner = await shop({ afterHours: 0.25, quietHours: { start: '21:00', end: '08:00' } })
      await h.pipeline.inbox.ingest(owner.tenantId, [hotLead()], 'live')
      const [row] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length ? r : undefined }, 10_000, 'scheduled')
      expect(row!.dueAt.toISOString()).toBe('2026-11-24T01:00:00.000Z') // 08:00 WIB the next morning
    } finally { h.clock.fixed = undefined }
  })

  it('whose delayed job Redis lost are re-armed from the database by the sweep', async () => {
    const owner = await shop({ afterHours: 1, quietHours: fast.quietHours })
    await h.pipeline.inbox.ingest(owner.tenantId, [hotLead()], 'live')
    const [row] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length ? r : undefined }, 10_000, 'scheduled')
    // Redis forgets the job; meanwhile the row fell due.
    await h.pipeline.jobs.queue('followups').remove(`fu-${row!.id}`)
    await h.database.db.update(followUps).set({ dueAt: new Date(Date.now() - 1000) }).where(eq(followUps.id, row!.id))
    expect(await h.pipeline.followUps.sweep()).toBeGreaterThanOrEqual(1)
    await waitFor(async () => (await rowsOf(owner.tenantId))[0]?.status === 'sent', 10_000, 'sent after sweep')
  })
})
