// Webhook durability across a crash: the worker process is killed with SIGKILL while deliveries
// are in flight at a real HTTP receiver (requests open, answers not yet sent), and a new worker is
// started. Every event still reaches the receiver with a 2xx and every delivery row ends
// succeeded: a killed worker's jobs come back once their lock lapses (QUEUE_LOCK_MS); nothing is lost.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { isolatedTestConfig } from '../build-test-app.js'
import { waitFor } from '../gateway-harness.js'
import { startProduct, type ProductProcess } from './product-process.js'

const EVENTS = 30
let receiver: Server
let base: string
const answered = new Map<string, number>() // event id → 2xx answers
let requests = 0
// While `hold` is on, requests stay open (unanswered) until released: the kill then certainly
// finds deliveries on the wire. (Waiting for "some request open" alone raced: between two rounds
// of deliveries every request can be answered for a moment.)
let hold = false
const held: Array<() => void> = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests += 1
      const id = String(req.headers['x-warta-event-id'])
      const answer = () => {
        res.statusCode = 200
        res.end('ok', () => { if (!res.destroyed) answered.set(id, (answered.get(id) ?? 0) + 1) })
      }
      if (hold) held.push(answer)
      else setTimeout(answer, 400)
    })
  })
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`
})
afterAll(async () => {
  receiver.closeAllConnections()
  await new Promise((ok) => receiver.close(ok))
})

describe('webhook crash safety', () => {
  it('delivers every event after the worker is SIGKILLed mid-delivery', { timeout: 240_000 }, async () => {
    const config = await isolatedTestConfig()
    const env = {
      DATABASE_URL: config.db.url!, REDIS_URL: inject('redisUrl'), REDIS_PREFIX: config.redis.prefix, WARTA_DATA_DIR: config.dataDir,
      JWT_SECRET: config.auth.jwtSecret, WARTA_SECRET_KEY: config.secretKey.toString('hex'),
      OUTBOUND_ALLOW_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_HTTP: 'true', WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_TIMEOUT_MS: '3000', WEBHOOK_ENDPOINT_CONCURRENCY: '4',
      // A dead worker's jobs come back once their lock lapses: 3 s here instead of 30 s, and its
      // endpoint slots lapse after the delivery timeout (+5 s), so recovery takes seconds.
      QUEUE_LOCK_MS: '3000',
    }
    const api = await startProduct({ ...env, WARTA_ROLES: 'api' })
    let worker: ProductProcess = await startProduct({ ...env, WARTA_ROLES: 'worker' })
    try {
      const call = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
        const r = await fetch(`${api.url}/api/v1${path}`, {
          method: init.method ?? 'GET',
          headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
          ...(init.body ? { body: JSON.stringify(init.body) } : {}),
        })
        return { status: r.status, body: await r.json().catch(() => undefined) as any }
      }
      const reg = await call('/auth/register', { method: 'POST', body: { businessName: 'Toko Tahan Banting', email: `whcrash-${Date.now()}@example.com`, password: 'rahasia-123' } })
      const token = reg.body.accessToken as string
      const hook = await call('/webhooks', { method: 'POST', token, body: { url: `${base}/hook`, events: ['message.received'] } })
      expect(hook.status).toBe(201)
      const id = hook.body.webhook.id as string
      const eventIds: string[] = []
      for (let i = 0; i < EVENTS; i++) {
        const sent = await call(`/webhooks/${id}/test`, { method: 'POST', token })
        expect(sent.status).toBe(202)
        eventIds.push(sent.body.eventId as string)
      }
      // Some delivered, some on the wire right now: kill the worker without any shutdown.
      await waitFor(() => answered.size >= 6 || undefined, 30_000, 'first deliveries')
      hold = true
      await waitFor(() => held.length > 0 || undefined, 30_000, 'a delivery on the wire')
      const before = requests
      await worker.kill()
      expect(held.length).toBeGreaterThan(0) // requests were open when it died
      expect(answered.size).toBeLessThan(EVENTS)
      // Answer what the dead worker asked (its sockets are gone: none of these counts), then
      // answer normally again.
      hold = false
      for (const answer of held.splice(0)) answer()

      worker = await startProduct({ ...env, WARTA_ROLES: 'worker' })
      await waitFor(() => eventIds.every((e) => answered.has(e)) || undefined, 180_000, 'every event answered 2xx')
      expect(requests).toBeGreaterThan(before)
      const rows = await waitFor(async () => {
        const { body } = await call(`/webhooks/${id}/deliveries?limit=200`, { token })
        const items = body.items as Array<{ eventId: string; status: string }>
        return items.length === EVENTS && items.every((d) => d.status === 'succeeded') ? items : undefined
      }, 30_000, 'every delivery succeeded')
      expect(new Set(rows.map((r) => r.eventId))).toEqual(new Set(eventIds))
    } finally {
      await worker.kill().catch(() => {})
      await api.stop().catch(() => {})
    }
  })
})
