// Webhook controls against a real local HTTP receiver: a hanging endpoint holds at most its
// per-endpoint limit of worker slots (so other tenants' deliveries go straight through), the test
// event, secret rotation with an overlap window (both signatures valid in it), and an endpoint
// failing for a day is turned off with an alert to its owner.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'

interface Received { path: string; headers: IncomingMessage['headers']; body: string }
type Behaviour = (req: Received, res: ServerResponse) => void

const TIMEOUT_MS = 6000
let h: PipelineHarness
let receiver: Server
let base: string
const received: Received[] = []
const behaviours = new Map<string, Behaviour>()
const open = new Map<string, number>()
const maxOpen = new Map<string, number>()
const hanging: ServerResponse[] = []

beforeAll(async () => {
  h = await startPipeline({
    env: {
      WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), WEBHOOK_MAX_ATTEMPTS: '12',
      WEBHOOK_CONCURRENCY: '4', WEBHOOK_ENDPOINT_CONCURRENCY: '2',
    },
  })
  await h.startWorker()
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: Received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(r)
      open.set(r.path, (open.get(r.path) ?? 0) + 1)
      maxOpen.set(r.path, Math.max(maxOpen.get(r.path) ?? 0, open.get(r.path)!))
      res.on('close', () => open.set(r.path, open.get(r.path)! - 1))
      const behave = behaviours.get(r.path) ?? ((_r, s) => { s.statusCode = 200; s.end('ok') })
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

type Owner = { auth: Record<string, string>; tenantId: string }
async function endpoint(owner: Owner, path: string, events = ['message.received']) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: `${base}${path}`, events } })
  expect(res.statusCode).toBe(201)
  return res.json() as { webhook: { id: string }; secret: string }
}
const deliveriesOf = async (owner: Owner, endpointId: string) =>
  (await h.app.inject({ method: 'GET', url: `/api/v1/webhooks/${endpointId}/deliveries`, headers: owner.auth })).json().items as Array<{ id: string; eventId: string; eventType: string; status: string; attempts: number }>
const endpointOf = async (owner: Owner, id: string) =>
  ((await h.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: owner.auth })).json().items as Array<Record<string, unknown>>).find((w) => w.id === id)!
const hmac = (secret: string, r: Received) => `v1=${createHmac('sha256', secret).update(`${r.headers['x-warta-timestamp']}.${r.body}`).digest('hex')}`

describe('webhook controls', () => {
  it('lets a hanging endpoint hold at most its limit of worker slots, so another endpoint is delivered at once', async () => {
    const slowOwner = await registerOwner(h.app)
    await endpoint(slowOwner, '/hang')
    behaviours.set('/hang', (_r, res) => { hanging.push(res) })
    await h.pipeline.inbox.ingest(slowOwner.tenantId, Array.from({ length: 6 }, (_, i) => customerMessage({ text: `Lambat ${i}` })), 'live')
    await waitFor(() => (open.get('/hang') ?? 0) >= 2 || undefined, 10_000, 'hanging receiver holds two requests')

    // Six deliveries to the hanging receiver and four worker slots: without the per-endpoint
    // limit all four would wait out the timeout and this endpoint would wait with them.
    const fastOwner = await registerOwner(h.app)
    const fast = await endpoint(fastOwner, '/fast')
    const started = Date.now()
    await h.pipeline.inbox.ingest(fastOwner.tenantId, Array.from({ length: 3 }, (_, i) => customerMessage({ text: `Cepat ${i}` })), 'live')
    await waitFor(async () => {
      const items = await deliveriesOf(fastOwner, fast.webhook.id)
      return items.length === 3 && items.every((d) => d.status === 'succeeded') || undefined
    }, TIMEOUT_MS, 'fast endpoint delivered')
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS / 2)
    expect(maxOpen.get('/hang')).toBe(2)
    behaviours.delete('/hang')
    for (const res of hanging.splice(0)) res.destroy()
  })

  it('sends a signed test event to one endpoint, and refuses it for an endpoint that is off', async () => {
    const owner = await registerOwner(h.app)
    const { webhook, secret } = await endpoint(owner, '/test-event', ['followup.*'])
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test`, headers: owner.auth })
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({ eventType: 'webhook.test', status: 'pending' })
    const got = await waitFor(() => received.find((r) => r.path === '/test-event'), 10_000, 'test event')
    expect(got.headers['x-warta-signature']).toBe(hmac(secret, got))
    expect(JSON.parse(got.body)).toMatchObject({ type: 'webhook.test', data: { webhookId: webhook.id } })
    await waitFor(async () => (await deliveriesOf(owner, webhook.id))[0]?.status === 'succeeded' || undefined, 10_000, 'recorded')

    await h.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: owner.auth, payload: { active: false } })
    const off = await h.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test`, headers: owner.auth })
    expect(off.statusCode).toBe(409)
    expect(off.json().error.code).toBe('webhooks.inactive')
    const other = await registerOwner(h.app)
    const foreign = await h.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test`, headers: other.auth })
    expect(foreign.statusCode).toBe(404)
  })

  it('rotates the secret: both signatures during the overlap, only the new one after it', async () => {
    const owner = await registerOwner(h.app)
    const { webhook, secret: first } = await endpoint(owner, '/rotate')
    const bad = await h.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/rotate-secret`, headers: owner.auth, payload: { overlapSeconds: -5 } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('validation.failed')
    const rotated = await h.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/rotate-secret`, headers: owner.auth, payload: { overlapSeconds: 3600 } })
    expect(rotated.statusCode).toBe(200)
    const second = rotated.json().secret as string
    expect(second).not.toBe(first)
    expect(rotated.json().webhook.previousSecretValidUntil).toEqual(expect.any(String))

    const probe = async (n: number) => {
      await h.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test`, headers: owner.auth })
      return waitFor(() => received.filter((r) => r.path === '/rotate')[n], 10_000, `test event ${n}`)
    }
    const during = await probe(0)
    expect(String(during.headers['x-warta-signature']).split(',')).toEqual([hmac(second, during), hmac(first, during)])

    // An hour and a minute later the old secret no longer signs.
    h.clock.offsetMs = 3_660_000
    try {
      const after = await probe(1)
      expect(after.headers['x-warta-signature']).toBe(hmac(second, after))
    } finally { h.clock.offsetMs = 0 }

    // Without overlap the new secret replaces the old at once.
    const third = (await h.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/rotate-secret`, headers: owner.auth, payload: { overlapSeconds: 0 } })).json().secret as string
    const now = await probe(2)
    expect(now.headers['x-warta-signature']).toBe(hmac(third, now))
  })

  it('turns off an endpoint that has failed for a day and tells its owner; turning it on delivers what waited', async () => {
    const owner = await registerOwner(h.app)
    const events = await h.record(owner.tenantId)
    const { webhook } = await endpoint(owner, '/broken')
    behaviours.set('/broken', (_r, res) => { res.statusCode = 500; res.end() })
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Halo rusak' })], 'live')
    const failing = await waitFor(async () => {
      const w = await endpointOf(owner, webhook.id)
      return w.failingSince ? w : undefined
    }, 10_000, 'failure noted')
    expect(failing).toMatchObject({ active: true, disabledAt: null })

    // A day and a bit later the next failed attempt turns it off.
    h.clock.offsetMs = 25 * 3_600_000
    try {
      const off = await waitFor(async () => {
        const w = await endpointOf(owner, webhook.id)
        return w.active === false ? w : undefined
      }, 10_000, 'endpoint turned off')
      expect(off).toMatchObject({ disabledReason: 'receiver answered 500', disabledAt: expect.any(String) })
      const alert = await waitFor(() => events.find((e) => e.type === 'webhook.disabled'), 5000, 'owner told')
      expect(alert.data).toMatchObject({ webhookId: webhook.id, reason: 'receiver answered 500' })
    } finally { h.clock.offsetMs = 0 }

    behaviours.delete('/broken')
    const on = await h.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: owner.auth, payload: { active: true } })
    expect(on.json()).toMatchObject({ active: true, disabledAt: null, disabledReason: null, failingSince: null })
    await h.pipeline.webhooks.sweep(0)
    await waitFor(async () => (await deliveriesOf(owner, webhook.id))[0]?.status === 'succeeded' || undefined, 20_000, 'delivered after turning on')
  })
})
