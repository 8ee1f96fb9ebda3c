// Every documented event type other than `message.received` reaches a subscribed endpoint over real
// HTTP, signed, with the documented payload: `insight.created` from the worker's classifier,
// `followup.scheduled` / `followup.sent` / `followup.cancelled` from the follow-up service, and
// `message.status` / `message.sent` from a gateway's outbox drainer (the roles' own wiring).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { startWebhookReceiver, type DeliveredEvent, type WebhookReceiver } from '../../../test/support/webhook-receiver.js'

let h: PipelineHarness
let receiver: WebhookReceiver
const outboxTenants = new Set<string>()

beforeAll(async () => {
  h = await startPipeline({ env: { WEBHOOK_RETRY_BASE_MS: '20' } })
  await h.startWorker()
  await h.startOutbox(async () => {}, () => [...outboxTenants])
  receiver = await startWebhookReceiver()
})
afterAll(async () => {
  await h?.close()
  await receiver?.close()
})

/** A shop whose AI answers by itself and nudges hot leads about 1.8 s after its answer. */
async function shop(afterHours = 0.0005) {
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

async function subscribe(owner: { auth: Record<string, string> }, path: string, events: string[]) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: receiver.url(path), events } })
  expect(res.statusCode).toBe(201)
  return res.json().secret as string
}

const verified = (path: string, secret: string) => receiver.verified(path, secret)
const waitForEvent = (path: string, secret: string, type: string, match: (e: DeliveredEvent) => boolean = () => true) =>
  waitFor(() => verified(path, secret).find((e) => e.type === type && match(e)), 20_000, `${type} at ${path}`)

describe('webhook events beyond message.received', () => {
  it('delivers insight.created, followup.scheduled, followup.sent, message.status and message.sent, signed, as documented', async () => {
    const owner = await shop()
    outboxTenants.add(owner.tenantId)
    const secret = await subscribe(owner, '/all', ['insight.created', 'followup.*', 'message.status', 'message.sent'])
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Mau pesan 2 kopi susu ya kak' })], 'live')

    const insight = await waitForEvent('/all', secret, 'insight.created')
    expect(insight.data).toMatchObject({
      conversationId: expect.any(String), messageId: expect.any(String),
      insight: expect.objectContaining({ mode: 'order', classifier: 'offline' }),
      conversation: expect.objectContaining({ id: insight.data.conversationId }),
    })

    const scheduled = await waitForEvent('/all', secret, 'followup.scheduled')
    expect(scheduled.data).toMatchObject({ id: expect.any(String), conversationId: insight.data.conversationId, status: 'scheduled', attempt: 1 })
    const sent = await waitForEvent('/all', secret, 'followup.sent', (e) => e.data.id === scheduled.data.id)
    expect(sent.data).toMatchObject({ status: 'sent', messageId: expect.any(String), text: expect.stringContaining('Kopi Susu') })

    // The nudge leaves through the outbox: it becomes `message.status` (sent) and `message.sent`, two events.
    for (const messageId of [sent.data.messageId]) {
      const status = await waitForEvent('/all', secret, 'message.status', (e) => e.data.messageId === messageId)
      expect(status.data).toEqual({ conversationId: insight.data.conversationId, messageId, status: 'sent' })
      const out = await waitForEvent('/all', secret, 'message.sent', (e) => e.data.messageId === messageId)
      expect(out.data).toEqual(status.data)
      expect(out.id).not.toBe(status.id)
    }
    // Only the subscribed types came, and each event once.
    const events = verified('/all', secret)
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['insight.created', 'followup.scheduled', 'followup.sent', 'message.status', 'message.sent']))
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length)
  })

  it('delivers followup.cancelled when the owner cancels a planned nudge, only to endpoints that asked for it', async () => {
    const owner = await shop(1)
    const secret = await subscribe(owner, '/cancelled', ['followup.cancelled'])
    const other = await subscribe(owner, '/insights-only', ['insight.created'])
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Mau pesan 3 kopi susu ya kak' })], 'live')
    const planned = await waitFor(async () => {
      const items = (await h.app.inject({ method: 'GET', url: '/api/v1/follow-ups?status=scheduled', headers: owner.auth })).json().items as Array<{ id: string }>
      return items[0]
    }, 15_000, 'planned follow-up')
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/follow-ups/${planned.id}/cancel`, headers: owner.auth })
    expect(res.statusCode).toBe(200)
    const cancelled = await waitForEvent('/cancelled', secret, 'followup.cancelled')
    expect(cancelled.data).toMatchObject({ id: planned.id, status: 'cancelled', cancelReason: 'cancelled_by_user' })
    expect(verified('/cancelled', secret).map((e) => e.type)).toEqual(['followup.cancelled'])
    await waitForEvent('/insights-only', other, 'insight.created')
    expect(verified('/insights-only', other).every((e) => e.type === 'insight.created')).toBe(true)
  })

  it('delivers message.status failed, with the reason, for batch recipients that are never sent: no WhatsApp, or the batch cancelled', async () => {
    const owner = await registerOwner(h.app)
    const secret = await subscribe(owner, '/batch', ['message.status'])
    // The number check already answered "no WhatsApp" for this number (kept in Redis per shop).
    const noWa = '6281277770001'
    const redis = h.redis.connect()
    await redis.set(`${h.config.redis.prefix}:wa-number:${owner.tenantId}:${noWa}`, '0', 'EX', 600)
    await redis.quit()
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/batches', headers: owner.auth, payload: {
      template: 'Promo hari ini', recipients: [{ to: `+${noWa}` }, { to: '+6281277770002' }, { to: '+6281277770003' }],
    } })
    expect(created.statusCode).toBe(201)
    const gone = await waitForEvent('/batch', secret, 'message.status', (e) => e.data.error === 'not on WhatsApp')
    expect(gone.data).toMatchObject({ status: 'failed', error: 'not on WhatsApp', messageId: expect.any(String) })

    // No gateway drains this shop's outbox: the other two are still pending when it is cancelled.
    const cancelled = await h.app.inject({ method: 'POST', url: `/api/v1/batches/${created.json().id}/cancel`, headers: owner.auth })
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', progress: { pending: 0, failed: 3 } })
    const stopped = await waitFor(() => {
      const items = verified('/batch', secret).filter((e) => e.data.error === 'batch cancelled')
      return items.length === 2 ? items : undefined
    }, 20_000, 'two cancelled recipients')
    for (const e of stopped) expect(e.data).toMatchObject({ status: 'failed', error: 'batch cancelled' })
    expect(new Set([gone, ...stopped].map((e) => e.data.messageId)).size).toBe(3)
  })
})
