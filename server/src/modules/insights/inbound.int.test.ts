import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { UnrecoverableError } from 'bullmq'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { silentLogger } from '../../../test/build-test-app.js'
import { JobQueues, startWorkers } from '../../queue/job-runtime.js'
import { messages, conversations } from '../inbox/inbox.tables.js'
import { customerInsights } from './insights.tables.js'
import { sessionsRepository } from '../sessions/sessions.repository.js'
import { inboxRepository } from '../inbox/inbox.repository.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline(); await h.startWorker() })
afterAll(async () => { await h?.close() })

const profile = {
  businessName: 'Kopi Senja', profile: { hours: 'Setiap hari 08.00-21.00', address: 'Jl. Melati 5' },
  priceList: [{ name: 'Kopi Susu', price: 18000 }], autoReply: true,
}
async function shop(settings: object = profile) {
  const owner = await registerOwner(h.app)
  const res = await h.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: settings })
  expect(res.statusCode).toBe(200)
  return owner
}
const rows = (tenantId: string) => h.database.db.select().from(messages).where(eq(messages.tenantId, tenantId)).orderBy(messages.createdAt)
const insights = (tenantId: string) => h.database.db.select().from(customerInsights).where(eq(customerInsights.tenantId, tenantId))
const aiReplies = async (tenantId: string) => (await rows(tenantId)).filter((r) => r.sentBy === 'ai')

describe('the inbound job', () => {
  it('classifies a customer message, saves the insight, updates the chips and answers from the profile', async () => {
    const { tenantId } = await shop()
    const events = await h.record(tenantId)
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ text: 'Kopi susu berapa harganya kak?' })], 'live')
    const [reply] = await waitFor(async () => { const r = await aiReplies(tenantId); return r.length ? r : undefined }, 10_000, 'AI reply')
    expect(reply).toMatchObject({ status: 'pending', direction: 'out', fromMe: true })
    expect(reply!.body).toContain('18.000')
    const [insight] = await insights(tenantId)
    expect(insight).toMatchObject({ mode: 'faq', intent: 'ask_price', classifier: 'offline', fallbackReason: null })
    expect(reply!.replyToMessageId).toBe(insight!.messageId)
    const [conv] = await h.database.db.select().from(conversations).where(eq(conversations.tenantId, tenantId))
    expect(conv).toMatchObject({ mode: 'faq', intent: 'ask_price' })
    expect(conv!.tags).toContain('price_inquiry')
    await waitFor(() => events.some((e) => e.type === 'insight.created'), 5000, 'insight.created')
    const created = events.find((e) => e.type === 'insight.created')!.data as { insight: { classifier: string }; conversation: { tags: string[] } }
    expect(created.insight.classifier).toBe('offline')
    expect(created.conversation.tags).toContain('price_inquiry')
  })

  it('run twice (or twice at once) saves one insight and one auto-reply', async () => {
    const { tenantId } = await shop()
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ text: 'Mau pesan 2 kopi susu ya kak' })], 'live')
    await waitFor(async () => (await aiReplies(tenantId)).length === 1, 10_000, 'first run')
    const [message] = (await rows(tenantId)).filter((r) => r.direction === 'in')
    const run = h.pipeline.insights.processInbound
    await Promise.all([run({ tenantId, messageId: message!.id }), run({ tenantId, messageId: message!.id })])
    await run({ tenantId, messageId: message!.id })
    expect(await insights(tenantId)).toHaveLength(1)
    expect(await aiReplies(tenantId)).toHaveLength(1)
  })

  it('hands a complaint to a person: tagged, not answered, unless the owner wants complaints acknowledged', async () => {
    const complaint = 'Pesanan saya belum datang dari tadi, kecewa banget'
    const quiet = await shop()
    await h.pipeline.inbox.ingest(quiet.tenantId, [customerMessage({ text: complaint })], 'live')
    const [insight] = await waitFor(async () => { const i = await insights(quiet.tenantId); return i.length ? i : undefined }, 10_000, 'insight')
    expect(insight!.mode).toBe('complaint')
    expect(insight!.tags).toContain('complaint')
    const acknowledging = await shop({ ...profile, enabledModes: ['faq', 'order', 'complaint'], replyToComplaints: true })
    await h.pipeline.inbox.ingest(acknowledging.tenantId, [customerMessage({ text: complaint })], 'live')
    await waitFor(async () => (await aiReplies(acknowledging.tenantId)).length === 1, 10_000, 'acknowledgement')
    expect(await aiReplies(quiet.tenantId)).toHaveLength(0)
  })

  it('does not answer a conversation a person has taken over', async () => {
    const owner = await shop()
    const first = customerMessage({ text: 'Halo kak' })
    await h.pipeline.inbox.ingest(owner.tenantId, [first], 'live')
    const [conv] = await h.database.db.select().from(conversations).where(eq(conversations.tenantId, owner.tenantId))
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv!.id}/takeover`, headers: owner.auth })
    expect(res.json()).toMatchObject({ humanTakeover: true, aiEnabled: false })
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ chatJid: first.chatJid, customerPn: first.customerPn, text: 'Kopi susu berapa?' })], 'live')
    await waitFor(async () => (await insights(owner.tenantId)).length === 2, 10_000, 'both classified')
    expect((await aiReplies(owner.tenantId)).filter((r) => r.body?.includes('18.000'))).toHaveLength(0)
  })

  it('classifies every backlog message and answers only the newest', async () => {
    const { tenantId } = await shop()
    const phone = '628222000001'
    const t0 = Date.now() - 600_000
    const backlog = ['Halo kak', 'Buka jam berapa?', 'Kopi susu berapa?'].map((text, i) => customerMessage({ phone, text, timestamp: new Date(t0 + i * 1000) }))
    await h.pipeline.inbox.ingest(tenantId, backlog, 'backlog')
    await waitFor(async () => (await insights(tenantId)).length === 3, 10_000, 'three insights')
    const [reply] = await waitFor(async () => { const r = await aiReplies(tenantId); return r.length ? r : undefined }, 10_000, 'one reply')
    const newest = (await rows(tenantId)).find((r) => r.body === 'Kopi susu berapa?')!
    expect(reply!.replyToMessageId).toBe(newest.id)
    expect(await aiReplies(tenantId)).toHaveLength(1)
  })
})

describe('permanent job failures', () => {
  it('leave the message visibly failed and the job in the failed set, not retried forever', async () => {
    const { tenantId } = await registerOwner(h.app)
    await h.pipeline.inbox.ingest(tenantId, [customerMessage({ text: 'Halo' })], 'live')
    const [message] = await rows(tenantId)
    const prefix = `${h.config.redis.prefix}-failing`
    const queues = new JobQueues(h.redis.connect({ maxRetriesPerRequest: null }), prefix)
    let runs = 0
    const workers = startWorkers({
      connect: () => h.redis.connect({ maxRetriesPerRequest: null }), prefix, concurrency: 1, logger: silentLogger,
      handlers: { 'inbound.process': async () => { runs += 1; throw new UnrecoverableError('tenant AI settings unreadable') }, 'followup.fire': async () => {}, 'conversation.waiting': async () => {}, 'webhook.deliver': async () => {}, 'knowledge.process': async () => {}, 'media.fetch': async () => {}, 'conversation.wake': async () => {}, 'media.understand': async () => {} },
      onFinalFailure: { 'inbound.process': (p, err) => h.pipeline.inbox.markProcessingFailed(p.tenantId, p.messageId, err) },
    })
    try {
      await queues.add('inbound.process', { tenantId, messageId: message!.id })
      const failed = await waitFor(async () => (await queues.queue('inbound').getFailed()).find((j) => j.data.messageId === message!.id), 10_000, 'failed job')
      expect(failed.failedReason).toBe('tenant AI settings unreadable')
      const [after] = await h.database.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.id, message!.id)))
      expect(after!.error).toBe('processing failed: tenant AI settings unreadable')
      expect(runs).toBe(1)
    } finally {
      await workers.close()
      await queues.close()
    }
  })
})

describe('customer messages stored without their job (a crash between the insert and the enqueue)', () => {
  it('are queued again by the worker sweep and classified once', async () => {
    const { tenantId } = await shop()
    const m = customerMessage({ text: 'Kak, kopi susu masih ada?' })
    // What ingest does before a crash: the rows, but no job.
    const db = h.database.db
    const contact = await inboxRepository.upsertContact(db, tenantId, { pn: m.customerPn, lid: null, chatJid: m.chatJid, name: 'Budi' })
    const conversation = await inboxRepository.conversationFor(db, tenantId, (await sessionsRepository.ensureFirst(db, tenantId)).id, contact.id)
    const stored = (await inboxRepository.insertMessageOnce(db, tenantId, {
      conversationId: conversation.id, waId: m.waId, chatJid: m.chatJid, fromMe: false, direction: 'in', type: 'text', body: m.text,
      status: 'received', sentBy: 'customer', waTimestamp: m.timestamp, createdAt: new Date(Date.now() - 60_000),
    }))!
    expect(await h.pipeline.insights.requeueUnprocessed({ olderThanMs: 15_000 })).toBeGreaterThanOrEqual(1)
    await waitFor(async () => (await insights(tenantId)).some((i) => i.messageId === stored.id) || undefined, 10_000, 'the insight')
    // A second sweep finds nothing left to do for it, and it keeps exactly one insight.
    await h.pipeline.insights.requeueUnprocessed({ olderThanMs: 15_000 })
    expect((await insights(tenantId)).filter((i) => i.messageId === stored.id)).toHaveLength(1)
  })
})
