// `session.state` reaches a subscribed endpoint over real HTTP, signed, from a gateway's live session
// (the in-memory WhatsApp fake, the roles as main.ts starts them): the device going to `qr` and then
// `connected` once the phone scans. And each state change commits with its event: with the
// process dying right after every commit (nothing dispatched), the sweep delivers each once.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webhookEvents } from './webhooks.tables.js'
import { FakeWhatsApp } from '../../adapters/whatsapp/fake/fake-whatsapp.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../../test/gateway-harness.js'

interface Received { path: string; headers: IncomingMessage['headers']; body: string }

let fake: FakeWhatsApp
let gw: GatewayHarness
let receiver: Server
let base: string
const received: Received[] = []

beforeAll(async () => {
  fake = new FakeWhatsApp()
  gw = await startGateway({ overrides: { whatsapp: fake }, env: { WEBHOOK_RETRY_BASE_MS: '20' } })
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.statusCode = 200
      res.end()
    })
  })
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`
})
afterAll(async () => {
  await gw?.close()
  await new Promise((ok) => receiver?.close(ok))
})

describe('session.state webhook', () => {
  it('is delivered, signed, when the device shows a QR and when the phone has scanned it', async () => {
    const owner = await registerOwner(gw.app)
    const created = await gw.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: `${base}/device`, events: ['session.state'] } })
    expect(created.statusCode).toBe(201)
    const secret = created.json().secret as string
    const connect = await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })
    expect(connect.statusCode).toBe(200)
    fake.scan(connect.json().qr.code, '6281234567001')

    const events = () => received.filter((r) => r.path === '/device').map((r) => {
      const timestamp = String(r.headers['x-warta-timestamp'])
      expect(r.headers['x-warta-signature']).toBe(`v1=${createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')}`)
      return JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> }
    })
    const connected = await waitFor(() => events().find((e) => e.data.state === 'connected'), 20_000, 'session.state connected')
    expect(connected).toMatchObject({ type: 'session.state', data: { state: 'connected', phone: '6281234567001', lastError: null, pairingMode: null, pairingCode: null } })
    // DeviceStatus without the QR: a QR never leaves through a webhook.
    expect(connected.data).not.toHaveProperty('qr')
    expect(events().some((e) => e.data.state === 'qr' && e.data.pairingMode === 'qr')).toBe(true)
    expect(events().every((e) => e.type === 'session.state')).toBe(true)
  })

  it('commits each state change with its event: after a crash right after the commit, the sweep delivers each once, with its id', async () => {
    const crashFake = new FakeWhatsApp()
    const crashed = await startGateway({ overrides: { whatsapp: crashFake }, env: { WEBHOOK_RETRY_BASE_MS: '20' }, crashBeforeWebhookDispatch: true })
    try {
      const owner = await registerOwner(crashed.app)
      const created = await crashed.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: `${base}/device-crash`, events: ['session.state'] } })
      expect(created.statusCode).toBe(201)
      const secret = created.json().secret as string
      const connect = await crashed.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })
      crashFake.scan(connect.json().qr.code, '6281234567002')
      const recorded = () => crashed.database.db.select().from(webhookEvents).where(eq(webhookEvents.tenantId, owner.tenantId))
      const rows = await waitFor(async () => {
        const r = await recorded()
        return r.some((e) => (JSON.parse(e.body) as { data: { state: string } }).data.state === 'connected') ? r : undefined
      }, 20_000, 'session.state connected recorded')
      expect(rows.every((r) => r.type === 'session.state' && r.dispatchedAt === null)).toBe(true)
      expect(received.filter((r) => r.path === '/device-crash')).toHaveLength(0)
      await new Promise((ok) => setTimeout(ok, 5))
      await Promise.all([crashed.services.webhooks.sweep(0, 0), crashed.services.webhooks.sweep(0, 0)])
      const got = await waitFor(() => {
        const d = received.filter((r) => r.path === '/device-crash')
        return d.length >= rows.length ? d : undefined
      }, 20_000, 'swept session.state delivered')
      for (const row of rows) {
        const copies = got.filter((r) => r.headers['x-warta-event-id'] === row.id)
        expect(copies).toHaveLength(1)
        expect(copies[0]!.body).toBe(row.body)
        const timestamp = String(copies[0]!.headers['x-warta-timestamp'])
        expect(copies[0]!.headers['x-warta-signature']).toBe(`v1=${createHmac('sha256', secret).update(`${timestamp}.${row.body}`).digest('hex')}`)
      }
    } finally {
      await crashed.close()
    }
  })
})
