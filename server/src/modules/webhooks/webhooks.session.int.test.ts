// `session.state` reaches a subscribed endpoint over real HTTP, signed, from a gateway's live session
// (the in-memory WhatsApp fake, the roles as main.ts starts them): the device going to `qr` and then
// `connected` once the phone scans. And each state change commits with its event: with the
// process dying right after every commit (nothing dispatched), the sweep delivers each once.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webhookEvents } from './webhooks.tables.js'
import { FakeWhatsApp } from '../../adapters/whatsapp/fake/fake-whatsapp.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../../test/gateway-harness.js'
import { signatureOf, startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhook-receiver.js'

let fake: FakeWhatsApp
let gw: GatewayHarness
let receiver: WebhookReceiver

beforeAll(async () => {
  fake = new FakeWhatsApp()
  gw = await startGateway({ overrides: { whatsapp: fake }, env: { WEBHOOK_RETRY_BASE_MS: '20' } })
  receiver = await startWebhookReceiver(200)
})
afterAll(async () => {
  await gw?.close()
  await receiver?.close()
})

describe('session.state webhook', () => {
  it('is delivered, signed, when the device shows a QR and when the phone has scanned it', async () => {
    const owner = await registerOwner(gw.app)
    const created = await gw.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: receiver.url('/device'), events: ['session.state'] } })
    expect(created.statusCode).toBe(201)
    const secret = created.json().secret as string
    const connect = await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })
    expect(connect.statusCode).toBe(200)
    fake.scan(connect.json().qr.code, '6281234567001')

    const events = () => receiver.verified('/device', secret)
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
      const created = await crashed.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: owner.auth, payload: { url: receiver.url('/device-crash'), events: ['session.state'] } })
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
      expect(receiver.at('/device-crash')).toHaveLength(0)
      await new Promise((ok) => setTimeout(ok, 5))
      await Promise.all([crashed.services.webhooks.sweep(0, 0), crashed.services.webhooks.sweep(0, 0)])
      const got = await waitFor(() => {
        const d = receiver.at('/device-crash')
        return d.length >= rows.length ? d : undefined
      }, 20_000, 'swept session.state delivered')
      for (const row of rows) {
        const copies = got.filter((r) => r.headers['x-warta-event-id'] === row.id)
        expect(copies).toHaveLength(1)
        expect(copies[0]!.body).toBe(row.body)
        const timestamp = String(copies[0]!.headers['x-warta-timestamp'])
        expect(copies[0]!.headers['x-warta-signature']).toBe(signatureOf(secret, timestamp, row.body))
      }
    } finally {
      await crashed.close()
    }
  })
})
