// The transactional outbox for every webhook event type, against a real HTTP receiver. The
// pipeline runs as if the process died right after each commit (crashBeforeWebhookDispatch): the
// change commits with its event row and nothing is dispatched, so only the sweep can deliver.
// For each type the event must be recorded with its change, and the sweep must deliver it exactly
// once per endpoint, signed, with the recorded event's id and body. (`message.received` has its
// own crash test in webhooks.http.int.test.ts; `session.state` in webhooks.session.int.test.ts.)
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webhookEvents } from './webhooks.tables.js'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhook-receiver.js'

type EventRow = typeof webhookEvents.$inferSelect
interface Owner { tenantId: string; auth: Record<string, string> }

let h: PipelineHarness
let receiver: WebhookReceiver
const outboxTenants = new Set<string>()

beforeAll(async () => {
  h = await startPipeline({ env: { WEBHOOK_RETRY_BASE_MS: '20' }, crashBeforeWebhookDispatch: true })
  await h.startWorker()
  await h.startOutbox(async () => {}, () => [...outboxTenants])
  receiver = await startWebhookReceiver()
})
afterAll(async () => {
  await h?.close()
  await receiver?.close()
})

/** A shop whose AI answers by itself and nudges hot leads `afterHours` after its answer. */
async function shop(afterHours: number): Promise<Owner> {
  const owner = await registerOwner(h.app)
  const res = await h.app.inject({
    method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth,
    payload: {
      priceList: [{ name: 'Kopi Susu', price: 18000 }], autoReply: true, enabledModes: ['faq', 'order'],
      followUp: { enabled: true, maxCount: 1, onlyHotLeads: true, afterHours }, quietHours: { start: '00:00', end: '00:00' },
    },
  })
  expect(res.statusCode).toBe(200)
  return owner
}

async function subscribe(owner: Owner, path: string, events: string[]): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: receiver.url(path), events } })
  expect(res.statusCode).toBe(201)
  return res.json().secret as string
}

/** What reached `path`, each delivery's signature checked first. */
const delivered = (path: string, secret: string) => receiver.checked(path, secret).map((d) => ({ id: d.event.id, type: d.event.type, body: d.body }))

const recorded = (tenantId: string) => h.database.db.select().from(webhookEvents).where(eq(webhookEvents.tenantId, tenantId))
const count = (rows: EventRow[], type: string) => rows.filter((r) => r.type === type).length

/**
 * Waits until the change's events are recorded (`enough`), checks that nothing was dispatched,
 * runs two racing sweeps and checks that each recorded event reached `path` exactly once, with
 * its own id and body. Returns the recorded events.
 */
async function sweptExactlyOnce(owner: Owner, path: string, secret: string, enough: (rows: EventRow[]) => boolean): Promise<EventRow[]> {
  const rows = await waitFor(async () => {
    const r = await recorded(owner.tenantId)
    return enough(r) ? r : undefined
  }, 20_000, 'events recorded with their change')
  expect(rows.every((r) => r.dispatchedAt === null)).toBe(true)
  expect(receiver.at(path)).toHaveLength(0)
  // created_at is rounded to the millisecond (possibly up): let the clock pass it before sweeping.
  await new Promise((ok) => setTimeout(ok, 5))
  await Promise.all([h.pipeline.webhooks.sweep(0, 0), h.pipeline.webhooks.sweep(0, 0)])
  const got = await waitFor(() => {
    const d = delivered(path, secret)
    return rows.every((r) => d.some((e) => e.id === r.id)) ? d : undefined
  }, 20_000, 'swept events delivered')
  for (const row of rows) {
    const copies = got.filter((e) => e.id === row.id)
    expect(copies).toHaveLength(1)
    expect(copies[0]).toMatchObject({ type: row.type, body: row.body })
  }
  const deliveries = (await h.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries?limit=100', headers: owner.auth })).json().items as Array<{ eventId: string }>
  for (const row of rows) expect(deliveries.filter((d) => d.eventId === row.id)).toHaveLength(1)
  return rows
}

describe('webhook events committed without their dispatch (a crash right after the commit)', () => {
  it('insight.created, followup.scheduled, followup.sent, message.status and message.sent are each delivered once by the sweep', async () => {
    const owner = await shop(0.0005)
    outboxTenants.add(owner.tenantId)
    const types = ['insight.created', 'followup.scheduled', 'followup.sent', 'message.status', 'message.sent']
    const secret = await subscribe(owner, '/pipeline', types)
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Mau pesan 2 kopi susu ya kak' })], 'live')
    // The AI's answer and the nudge each leave through the outbox: two `sent` statuses.
    const rows = await sweptExactlyOnce(owner, '/pipeline', secret, (r) =>
      count(r, 'insight.created') === 1 && count(r, 'followup.scheduled') === 1 && count(r, 'followup.sent') === 1 && count(r, 'message.status') >= 2 && count(r, 'message.sent') >= 2)
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(types))
  })

  it('followup.cancelled, by the owner and by the customer writing again, is delivered once by the sweep', async () => {
    const owner = await shop(1)
    const secret = await subscribe(owner, '/cancelled', ['followup.cancelled'])
    const planned = () => waitFor(async () => {
      const items = (await h.app.inject({ method: 'GET', url: '/api/v1/follow-ups?status=scheduled', headers: owner.auth })).json().items as Array<{ id: string }>
      return items[0]
    }, 15_000, 'a planned follow-up')
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Mau pesan 3 kopi susu ya kak' })], 'live')
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/follow-ups/${(await planned()).id}/cancel`, headers: owner.auth })
    expect(res.statusCode).toBe(200)
    // Another customer writes again: their nudge is moot, cancelled in the message's transaction.
    const phone = '6281355510002'
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, text: 'Mau pesan 2 kopi susu ya kak' })], 'live')
    await planned()
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, text: 'Oh iya, jadi besok aja kak' })], 'live')
    const rows = await sweptExactlyOnce(owner, '/cancelled', secret, (r) => count(r, 'followup.cancelled') === 2)
    const reasons = rows.map((r) => (JSON.parse(r.body) as { data: { cancelReason: string } }).data.cancelReason)
    expect(reasons.sort()).toEqual(['cancelled_by_user', 'customer_replied'])
  })

  it('message.status for an owner\'s reply (sent, delivered, read) and message.sent are each delivered once by the sweep', async () => {
    const owner = await registerOwner(h.app)
    outboxTenants.add(owner.tenantId)
    const secret = await subscribe(owner, '/receipts', ['message.status', 'message.sent'])
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Kak, masih buka?' })], 'live')
    const conversation = await waitFor(async () => (await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })).json().items[0] as { id: string } | undefined, 10_000, 'conversation')
    const reply = await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversation.id}/messages`, headers: owner.auth, payload: { text: 'Masih kak, sampai jam 9' } })
    expect(reply.statusCode).toBe(202)
    await waitFor(async () => count(await recorded(owner.tenantId), 'message.sent') === 1, 10_000, 'reply sent')
    const { waId, chatJid } = (await h.pipeline.inbox.message(owner.tenantId, reply.json().id as string))!
    await h.pipeline.inbox.applyReceipts(owner.tenantId, [{ waId, chatJid, status: 'delivered' }])
    await h.pipeline.inbox.applyReceipts(owner.tenantId, [{ waId, chatJid, status: 'read' }])
    const rows = await sweptExactlyOnce(owner, '/receipts', secret, (r) => count(r, 'message.status') === 3 && count(r, 'message.sent') === 1)
    const statuses = rows.filter((r) => r.type === 'message.status').map((r) => (JSON.parse(r.body) as { data: { status: string } }).data.status)
    expect(statuses.sort()).toEqual(['delivered', 'read', 'sent'])
  })

  it('message.status failed for batch recipients that are never sent (no WhatsApp, batch cancelled) is delivered once by the sweep', async () => {
    const owner = await registerOwner(h.app)
    const secret = await subscribe(owner, '/batch', ['message.status'])
    const noWa = '6281277779001'
    const redis = h.redis.connect()
    await redis.set(`${h.config.redis.prefix}:wa-number:${owner.tenantId}:${noWa}`, '0', 'EX', 600)
    await redis.quit()
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/batches', headers: owner.auth, payload: {
      template: 'Promo hari ini', recipients: [{ to: `+${noWa}` }, { to: '+6281277779002' }, { to: '+6281277779003' }],
    } })
    expect(created.statusCode).toBe(201)
    const cancelled = await h.app.inject({ method: 'POST', url: `/api/v1/batches/${created.json().id}/cancel`, headers: owner.auth })
    expect(cancelled.statusCode).toBe(200)
    const rows = await sweptExactlyOnce(owner, '/batch', secret, (r) => count(r, 'message.status') === 3)
    const errors = rows.map((r) => (JSON.parse(r.body) as { data: { status: string; error: string } }).data)
    expect(errors.every((d) => d.status === 'failed')).toBe(true)
    expect(errors.map((d) => d.error).sort()).toEqual(['batch cancelled', 'batch cancelled', 'not on WhatsApp'])
  })
})
