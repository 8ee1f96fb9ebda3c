import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { customerMessage, processed as processedJob, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { messages } from '../inbox/inbox.tables.js'
import { followUps } from './followups.tables.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline(); await h.startWorker() })
afterAll(async () => { await h?.close() })

// ~1.8 s after the shop's answer; quiet hours off (start = end) so the test never waits a night.
const fast = { afterHours: 0.0005, quietHours: { start: '00:00', end: '00:00' } }
interface ShopRule { afterHours: number; maxCount?: number; onlyHotLeads?: boolean; quietHours?: object; autoReply?: boolean; priceList?: object[] }
/** A shop whose AI answers customers by itself (so the shop's word comes first), unless told otherwise. */
async function shop(rule: ShopRule = fast) {
  const owner = await registerOwner(h.app)
  const { quietHours, autoReply = true, priceList = [{ name: 'Kopi Susu', price: 18000 }], ...followUp } = rule
  const res = await h.app.inject({
    method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth,
    payload: { priceList, autoReply, enabledModes: ['faq', 'order'], followUp: { enabled: true, maxCount: 1, onlyHotLeads: true, ...followUp }, ...(quietHours ? { quietHours } : {}) },
  })
  expect(res.statusCode).toBe(200)
  return owner
}
const rowsOf = (tenantId: string) => h.database.db.select().from(followUps).where(eq(followUps.tenantId, tenantId)).orderBy(followUps.attempt)
const hotLead = (over = {}) => customerMessage({ text: 'Mau pesan 2 kopi susu ya kak', ...over })
const sameChat = (first: { chatJid: string; customerPn: string | null }, text: string) => customerMessage({ chatJid: first.chatJid, customerPn: first.customerPn, text })
const messageRow = async (tenantId: string, text: string) =>
  (await h.database.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.body, text))))[0]!
/** The message's inbound job ran to its end (its last step is the follow-up rule). */
const processed = (tenantId: string, text: string) => processedJob(h, tenantId, text)

describe('follow-ups', () => {
  it('nudge a hot lead who went quiet after the shop (here the AI) answered, through the outbox', async () => {
    const owner = await shop()
    const events = await h.record(owner.tenantId)
    await h.pipeline.inbox.ingest(owner.tenantId, [hotLead()], 'live')
    const [scheduled] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length ? r : undefined }, 10_000, 'scheduled')
    expect(scheduled).toMatchObject({ status: 'scheduled', attempt: 1, reason: 'hot_lead' })
    const [sent] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r[0]?.status === 'sent' ? r : undefined }, 15_000, 'sent')
    const [msg] = await h.database.db.select().from(messages).where(and(eq(messages.tenantId, owner.tenantId), eq(messages.sentBy, 'followup')))
    expect(msg).toMatchObject({ status: 'pending', followUpId: sent!.id, body: sent!.text })
    expect(sent!.text).toContain('Kopi Susu')
    expect(sent!.messageId).toBe(msg!.id)
    await waitFor(() => ['followup.scheduled', 'followup.sent'].every((t) => events.some((e) => e.type === t)), 5000, 'events')
    const listed = await h.app.inject({ method: 'GET', url: '/api/v1/follow-ups?status=sent', headers: owner.auth })
    expect(listed.json().items).toEqual([expect.objectContaining({ id: sent!.id, status: 'sent', contact: expect.objectContaining({ name: 'Budi' }) })])
  })

  it('never nudge a customer the shop left unanswered: the chat is marked waiting instead', async () => {
    const owner = await shop({ ...fast, autoReply: false })
    const text = 'Mau pesan 2 kopi susu, bisa antar?'
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text })], 'live')
    await processed(owner.tenantId, text)
    expect(await rowsOf(owner.tenantId)).toEqual([])
    const conv = (await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })).json().items[0]
    expect(conv.waitingSince).toEqual(expect.any(String))
    expect(conv.tags).toContain('hot_lead')
  })

  it('start when a person answers, timed from that answer, and name the product this customer asked about — never a guess', async () => {
    // "kopi susu" fits both items; the customer asked for ES kopi susu first.
    const owner = await shop({ ...fast, autoReply: false, priceList: [{ name: 'Kopi Susu Panas', price: 20000 }, { name: 'Es Kopi Susu', price: 18000 }] })
    const first = customerMessage({ text: 'harga es kopi susu?' })
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    await processed(owner.tenantId, 'harga es kopi susu?')
    await h.pipeline.inbox.ingest(owner.tenantId, [sameChat(first, 'mau pesan 2 kopi susu ya, bisa antar?')], 'live')
    await processed(owner.tenantId, 'mau pesan 2 kopi susu ya, bisa antar?')
    expect(await rowsOf(owner.tenantId)).toEqual([]) // nobody answered yet
    const { conversationId } = await messageRow(owner.tenantId, 'harga es kopi susu?')
    const reply = await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/messages`, headers: owner.auth, payload: { text: 'Bisa kak, ongkir 10 ribu' } })
    expect(reply.statusCode).toBe(202)
    const [sent] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r[0]?.status === 'sent' ? r : undefined }, 15_000, 'sent')
    expect(sent!.text).toContain('Es Kopi Susu')
    expect(sent!.text).not.toContain('Panas')
  })

  it('name the item the customer asked about, not one that merely shares words with their later message', async () => {
    const owner = await shop({ ...fast, priceList: [{ name: 'Kopi Susu Panas', price: 20000 }, { name: 'Es Kopi Susu', price: 18000 }] })
    const first = customerMessage({ text: 'harga es kopi susu?' })
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    await processed(owner.tenantId, 'harga es kopi susu?')
    await h.pipeline.inbox.ingest(owner.tenantId, [sameChat(first, 'oke kak mau pesan 2 kopi susu ya')], 'live')
    const [sent] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r[0]?.status === 'sent' ? r : undefined }, 15_000, 'sent')
    expect(sent!.text).toContain('Es Kopi Susu')
    expect(sent!.text).not.toContain('Panas')
  })

  it('with no product known, nudge without naming one', async () => {
    const owner = await shop({ ...fast, priceList: [{ name: 'Roti Bakar', price: 15000 }] })
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'mau pesan dong kak 3 ya' })], 'live')
    const [sent] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r[0]?.status === 'sent' ? r : undefined }, 15_000, 'sent')
    expect(sent!.text).toBe('Halo kak, masih tertarik dengan pesanannya? Kalau mau pesan, tinggal kabari kami ya 😊')
  })

  it('are cancelled when the customer writes again before they are due', async () => {
    const owner = await shop({ afterHours: 1, quietHours: fast.quietHours })
    const first = hotLead()
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    await waitFor(async () => (await rowsOf(owner.tenantId)).length === 1, 10_000, 'scheduled')
    const events = await h.record(owner.tenantId)
    await h.pipeline.inbox.ingest(owner.tenantId, [sameChat(first, 'ok kak')], 'live')
    const [row] = await rowsOf(owner.tenantId)
    expect(row).toMatchObject({ status: 'cancelled', cancelReason: 'customer_replied' })
    await waitFor(() => events.some((e) => e.type === 'followup.cancelled'), 5000, 'followup.cancelled')
  })

  it('are planned even when the shop wrote more than a screenful after the customer\'s last word', async () => {
    // After a backlog the AI's answers can outnumber any window of newest rows (the pipeline
    // crash test saw 20+); the customer's turn must still be found behind them.
    const owner = await shop({ afterHours: 1, quietHours: fast.quietHours, autoReply: false })
    const first = hotLead()
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    await processed(owner.tenantId, first.text!)
    const phoneReplies = Array.from({ length: 21 }, (_, i) => ({ ...sameChat(first, `Siap kak, dicatat (${i + 1})`), fromMe: true }))
    await h.pipeline.inbox.ingest(owner.tenantId, phoneReplies, 'live')
    const [row] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length ? r : undefined }, 10_000, 'scheduled')
    expect(row).toMatchObject({ status: 'scheduled', reason: 'hot_lead', triggerMessageId: (await messageRow(owner.tenantId, first.text!)).id })
    const conversationId = row!.conversationId
    // Planned once, then moved by each later word; asked again now, it is still found.
    expect(await h.pipeline.followUps.onShopWord(owner.tenantId, conversationId)).toMatchObject({ status: 'scheduled' })
  })

  it('a stale nudge that falls due cancels only itself, never the newer one planned after the customer\'s later word', async () => {
    // Two nudges in one chat (the crash test made them by a race: the AI's answer to A planned a
    // nudge before B's insert was visible). A's check finds B and stops A — B must still go out.
    const owner = await shop({ ...fast, autoReply: false })
    const a = hotLead()
    await h.pipeline.inbox.ingest(owner.tenantId, [a], 'live')
    await processed(owner.tenantId, a.text!)
    const aRow = await messageRow(owner.tenantId, a.text!)
    await h.pipeline.inbox.ingest(owner.tenantId, [{ ...sameChat(a, 'Siap kak, dicatat'), fromMe: true }], 'live')
    await waitFor(async () => (await rowsOf(owner.tenantId)).length === 1, 10_000, 'nudge for A')
    // B was written just after A but arrives late (backlog), after A's nudge was planned.
    const b = { ...sameChat(a, 'Mau pesan 3 kopi susu juga kak'), timestamp: new Date(aRow.createdAt.getTime() + 5) }
    await h.pipeline.inbox.ingest(owner.tenantId, [b], 'backlog')
    await processed(owner.tenantId, b.text!)
    await h.pipeline.inbox.ingest(owner.tenantId, [{ ...sameChat(a, 'Oke kak, 3 ya'), fromMe: true }], 'live')
    const bRow = await messageRow(owner.tenantId, b.text!)
    const done = await waitFor(async () => {
      const rows = await rowsOf(owner.tenantId)
      return rows.length === 2 && rows.every((r) => r.status !== 'scheduled') ? rows : undefined
    }, 15_000, 'both nudges decided')
    const byTrigger = Object.fromEntries(done.map((r) => [r.triggerMessageId, r]))
    expect(byTrigger[aRow.id]).toMatchObject({ status: 'cancelled', cancelReason: 'customer_replied' })
    expect(byTrigger[bRow.id]).toMatchObject({ status: 'sent' })
  })

  it('stay when a backlog message arrives late that the customer wrote before the shop answered', async () => {
    // After a restart WhatsApp delivers the offline backlog with the time each message was
    // written; one written before the AI's answer is not the customer breaking their silence.
    // (Seen in the pipeline crash test: late backlog rows cancelled every planned nudge.)
    const owner = await shop({ afterHours: 1, quietHours: fast.quietHours })
    const written = new Date()
    const first = hotLead()
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    await waitFor(async () => (await rowsOf(owner.tenantId)).length === 1, 10_000, 'scheduled')
    await h.pipeline.inbox.ingest(owner.tenantId, [{ ...sameChat(first, 'sama 1 roti ya'), timestamp: new Date(written.getTime() - 1000) }], 'backlog')
    expect(await rowsOf(owner.tenantId)).toEqual([expect.objectContaining({ status: 'scheduled' })])
    await h.pipeline.inbox.ingest(owner.tenantId, [sameChat(first, 'ok kak')], 'live')
    expect(await rowsOf(owner.tenantId)).toEqual([expect.objectContaining({ status: 'cancelled', cancelReason: 'customer_replied' })])
  })

  it('move on when a person writes after the AI, and can be cancelled by hand once', async () => {
    const owner = await shop({ afterHours: 1, quietHours: fast.quietHours })
    await h.pipeline.inbox.ingest(owner.tenantId, [hotLead()], 'live')
    const [planned] = await waitFor(async () => { const r = await rowsOf(owner.tenantId); return r.length ? r : undefined }, 10_000, 'scheduled')
    h.clock.offsetMs = 10 * 60_000
    try {
      const reply = await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${planned!.conversationId}/messages`, headers: owner.auth, payload: { text: 'Siap kak, kami proses' } })
      expect(reply.statusCode).toBe(202)
    } finally { h.clock.offsetMs = 0 }
    const [moved] = await rowsOf(owner.tenantId)
    expect(moved).toMatchObject({ id: planned!.id, status: 'scheduled' })
    expect(moved!.dueAt.getTime() - planned!.dueAt.getTime()).toBeGreaterThanOrEqual(9 * 60_000)
    const byHand = await h.app.inject({ method: 'POST', url: `/api/v1/follow-ups/${planned!.id}/cancel`, headers: owner.auth })
    expect(byHand.json()).toMatchObject({ status: 'cancelled', cancelReason: 'cancelled_by_user' })
    const again = await h.app.inject({ method: 'POST', url: `/api/v1/follow-ups/${planned!.id}/cancel`, headers: owner.auth })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('followups.not_scheduled')
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
