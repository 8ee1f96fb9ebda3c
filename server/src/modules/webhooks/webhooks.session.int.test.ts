// `session.state` reaches a subscribed endpoint over real HTTP, signed, from a gateway's live session
// (the in-memory WhatsApp fake, the roles as main.ts starts them): the device going to `qr` and then
// `connected` once the phone scans.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
})
