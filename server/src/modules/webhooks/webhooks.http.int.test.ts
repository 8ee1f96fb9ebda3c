// Webhooks against a real local HTTP receiver: deliveries are signed as documented, retried with
// back-off until the receiver takes them (exactly one success per event), a hanging receiver is
// timed out without holding up another endpoint, and a delivery that never succeeds lands in the
// dead-letter list, from where it can be redelivered. A customer message's event is written in the
// message's own transaction (the outbox), and one whose dispatch a crash prevented is still
// delivered exactly once per endpoint.
import { createHmac, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { webhooksRepository } from './webhooks.repository.js'
import { webhookEvents } from './webhooks.tables.js'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'

interface Received { path: string; headers: IncomingMessage['headers']; body: string; answered: number | null }
type Behaviour = (req: Received, res: ServerResponse) => void

const TIMEOUT_MS = 3000
let h: PipelineHarness
let receiver: Server
let base: string
const received: Received[] = []
const behaviours = new Map<string, Behaviour>()
const hanging: ServerResponse[] = []

beforeAll(async () => {
  h = await startPipeline({ env: { WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), WEBHOOK_MAX_ATTEMPTS: '8' } })
  await h.startWorker()
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: Received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: null }
      received.push(r)
      const behave = behaviours.get(r.path) ?? ((_r, s) => { s.statusCode = 200; s.end('ok') })
      res.on('finish', () => { r.answered = res.statusCode })
      behave(r, res)
    })
  })
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`
})
afterAll(async () => {
  for (const res of hanging) res.destroy()
  await h?.close()
  await new Promise((ok) => receiver?.close(ok))
})

async function endpoint(owner: { auth: Record<string, string> }, path: string, events = ['message.received']) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: `${base}${path}`, events } })
  expect(res.statusCode).toBe(201)
  return res.json() as { webhook: { id: string }; secret: string }
}
const deliveriesOf = async (owner: { auth: Record<string, string> }, endpointId: string) =>
  (await h.app.inject({ method: 'GET', url: `/api/v1/webhooks/${endpointId}/deliveries`, headers: owner.auth })).json().items as Array<{ id: string; eventId: string; status: string; attempts: number; lastError: string | null }>

describe('webhooks', () => {
  it('signs each delivery: v1=HMAC-SHA256(secret, timestamp + "." + body), with the event id', async () => {
    const owner = await registerOwner(h.app)
    const { secret } = await endpoint(owner, '/signed')
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Kak, ready stok?' })], 'live')
    const got = await waitFor(() => received.find((r) => r.path === '/signed'), 10_000, 'delivery')
    const timestamp = String(got.headers['x-warta-timestamp'])
    const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${got.body}`).digest('hex')}`
    expect(got.headers['x-warta-signature']).toBe(expected)
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300)
    const event = JSON.parse(got.body)
    expect(event).toMatchObject({ id: got.headers['x-warta-event-id'], type: 'message.received' })
    expect(event.data.message.body).toBe('Kak, ready stok?')
    // A body changed in transit no longer matches.
    expect(createHmac('sha256', secret).update(`${timestamp}.${got.body} `).digest('hex')).not.toBe(expected.slice(3))
  })

  it('retries a receiver that fails 5 times, then records exactly one successful delivery per event', async () => {
    const owner = await registerOwner(h.app)
    const { webhook } = await endpoint(owner, '/flaky')
    const tries = new Map<string, number>()
    behaviours.set('/flaky', (r, res) => {
      const id = String(r.headers['x-warta-event-id'])
      const n = (tries.get(id) ?? 0) + 1
      tries.set(id, n)
      res.statusCode = n <= 5 ? 500 : 200
      res.end()
    })
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Pesan satu' }), customerMessage({ text: 'Pesan dua' })], 'live')
    const done = await waitFor(async () => {
      const items = await deliveriesOf(owner, webhook.id)
      return items.length === 2 && items.every((d) => d.status === 'succeeded') ? items : undefined
    }, 30_000, 'both deliveries succeeded')
    for (const d of done) {
      expect(d.attempts).toBe(6)
      const answers = received.filter((r) => r.path === '/flaky' && r.headers['x-warta-event-id'] === d.eventId).map((r) => r.answered)
      expect(answers).toEqual([500, 500, 500, 500, 500, 200])
      // The delivery is marked succeeded inside the job, which BullMQ completes a moment later:
      // wait for the job to leave 'active' (CI once read it in between), then it must be completed.
      const settled = await waitFor(async () => {
        const state = await h.pipeline.jobs.queue('webhooks').getJobState(`wh-${d.id}-0`)
        return state === 'active' ? undefined : state
      }, 10_000, 'the delivery job settled')
      expect(settled).toBe('completed')
    }
  })

  it('times out a hanging receiver without holding up another endpoint', async () => {
    const owner = await registerOwner(h.app)
    const slow = await endpoint(owner, '/hang')
    const fast = await endpoint(owner, '/fast')
    behaviours.set('/hang', (_r, res) => { hanging.push(res) })
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Halo dua endpoint' })], 'live')
    await waitFor(async () => (await deliveriesOf(owner, fast.webhook.id))[0]?.status === 'succeeded', 10_000, 'fast endpoint delivered')
    // The hanging receiver has the request open and no attempt of it has ended yet.
    expect(received.some((r) => r.path === '/hang')).toBe(true)
    expect((await deliveriesOf(owner, slow.webhook.id))[0]).toMatchObject({ status: 'pending', attempts: 0 })
    const timedOut = await waitFor(async () => {
      const d = (await deliveriesOf(owner, slow.webhook.id))[0]
      return d && d.attempts >= 1 ? d : undefined
    }, TIMEOUT_MS * 4, 'timeout recorded')
    expect(timedOut.lastError).toBe(`no answer within ${TIMEOUT_MS} ms`)
    behaviours.delete('/hang')
    await waitFor(async () => (await deliveriesOf(owner, slow.webhook.id))[0]?.status === 'succeeded', TIMEOUT_MS * 4, 'retried and delivered')
  })

  it('moves a delivery that never succeeds to the dead-letter list, and redelivers it with the same event id', async () => {
    const owner = await registerOwner(h.app)
    const { webhook } = await endpoint(owner, '/down')
    behaviours.set('/down', (_r, res) => { res.statusCode = 503; res.end() })
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Ada promo?' })], 'live')
    const dead = await waitFor(async () => {
      const items = (await h.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries?status=failed', headers: owner.auth })).json().items
      return items[0] as { id: string; eventId: string; attempts: number; lastError: string } | undefined
    }, 30_000, 'dead letter')
    expect(dead).toMatchObject({ attempts: 8, lastError: 'receiver answered 503' })
    behaviours.delete('/down')
    const again = await h.app.inject({ method: 'POST', url: `/api/v1/webhooks/deliveries/${dead.id}/redeliver`, headers: owner.auth })
    expect(again.statusCode).toBe(200)
    await waitFor(async () => (await deliveriesOf(owner, webhook.id))[0]?.status === 'succeeded', 10_000, 'redelivered')
    const last = received.filter((r) => r.path === '/down').at(-1)!
    expect(last.headers['x-warta-event-id']).toBe(dead.eventId)
    expect(last.answered).toBe(200)
    const twice = await h.app.inject({ method: 'POST', url: `/api/v1/webhooks/deliveries/${dead.id}/redeliver`, headers: owner.auth })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('webhooks.not_failed')
  })

  it('sends a delivery whose job was lost (a crash between the row and the queue) once the sweep finds it', async () => {
    const owner = await registerOwner(h.app)
    const { webhook } = await endpoint(owner, '/swept')
    // The row as dispatch writes it, with no job behind it: what a crash right after the insert leaves.
    const [row] = await webhooksRepository.insertDeliveries(h.database.db, [{
      id: randomUUID(), tenantId: owner.tenantId, endpointId: webhook.id, eventId: randomUUID(), eventType: 'message.received', body: '{"probe":true}',
    }])
    // created_at is rounded to the millisecond (possibly up): let the clock pass it before sweeping.
    await new Promise((ok) => setTimeout(ok, 5))
    expect(await h.pipeline.webhooks.sweep(0)).toBeGreaterThanOrEqual(1)
    await waitFor(async () => (await deliveriesOf(owner, webhook.id))[0]?.status === 'succeeded', 10_000, 'swept delivery sent')
    const got = received.filter((r) => r.path === '/swept')
    expect(got).toHaveLength(1)
    expect(got[0]!.headers['x-warta-delivery-id']).toBe(row!.id)
  })

  it('writes a customer message\'s event in the message\'s transaction and marks it dispatched once its deliveries exist', async () => {
    const owner = await registerOwner(h.app)
    await endpoint(owner, '/outbox')
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Kak, bisa kirim hari ini?' })], 'live')
    const got = await waitFor(() => received.find((r) => r.path === '/outbox'), 10_000, 'delivery')
    const [event] = await h.database.db.select().from(webhookEvents).where(eq(webhookEvents.tenantId, owner.tenantId))
    expect(event).toMatchObject({ id: got.headers['x-warta-event-id'], type: 'message.received', dispatchedAt: expect.any(Date) })
    expect(got.body).toBe(event!.body)
  })

  it('delivers an event committed without its dispatch (a crash in between) exactly once per endpoint, with the event\'s id', async () => {
    const owner = await registerOwner(h.app)
    const a = await endpoint(owner, '/crash-a')
    const b = await endpoint(owner, '/crash-b')
    // What a crash right after the inbox's commit leaves: the event row, nothing dispatched.
    const eventId = await h.database.db.transaction((tx) => h.pipeline.webhooks.record(tx, owner.tenantId, 'message.received', { probe: 'outbox' }))
    expect(eventId).toBeDefined()
    expect(received.filter((r) => r.path.startsWith('/crash-'))).toHaveLength(0)
    // created_at is rounded to the millisecond (possibly up): let the clock pass it before sweeping.
    await new Promise((ok) => setTimeout(ok, 5))
    // Two sweeps racing (two workers, or the sweep and a late dispatch) still make one delivery each.
    const swept = await Promise.all([h.pipeline.webhooks.sweep(0, 0), h.pipeline.webhooks.sweep(0, 0)])
    expect(swept.some((n) => n >= 1)).toBe(true)
    for (const { webhook } of [a, b]) {
      await waitFor(async () => (await deliveriesOf(owner, webhook.id))[0]?.status === 'succeeded', 10_000, 'swept event delivered')
    }
    await h.pipeline.webhooks.sweep(0, 0) // dispatched now: nothing more
    for (const { webhook } of [a, b]) {
      const rows = await deliveriesOf(owner, webhook.id)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ eventId, status: 'succeeded', attempts: 1 })
    }
    for (const path of ['/crash-a', '/crash-b']) {
      const got = received.filter((r) => r.path === path)
      expect(got).toHaveLength(1)
      expect(got[0]!.headers['x-warta-event-id']).toBe(eventId)
      expect(JSON.parse(got[0]!.body)).toMatchObject({ id: eventId, type: 'message.received', data: { probe: 'outbox' } })
    }
  })

  it('refuses private targets, unknown events and keys without webhooks:manage, with stable codes', async () => {
    const owner = await registerOwner(h.app)
    const metadata = await h.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: 'http://169.254.169.254/latest/meta-data', events: ['message.received'] } })
    expect(metadata.statusCode).toBe(400)
    expect(metadata.json().error.code).toBe('webhooks.url_forbidden')
    const unknown = await h.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: `${base}/x`, events: ['everything'] } })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('validation.failed')
    const keys = await Promise.all([['messages:read'], ['webhooks:manage']].map(async (scopes) =>
      (await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'n8n', scopes } })).json().secret as string))
    const denied = await h.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: { authorization: `Bearer ${keys[0]}` } })
    expect(denied.statusCode).toBe(403)
    expect(denied.json().error.code).toBe('auth.scope_missing')
    const allowed = await h.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: { authorization: `Bearer ${keys[1]}` }, payload: { url: `${base}/from-key`, events: ['followup.*'] } })
    expect(allowed.statusCode).toBe(201)
    const other = await registerOwner(h.app)
    const foreign = await h.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${allowed.json().webhook.id}`, headers: other.auth })
    expect(foreign.statusCode).toBe(404)
  })
})
