// Sending to a phone number through the public API, over real HTTP, to a shop paired through
// stock Baileys with the simulator: concurrent retries of one request (one Idempotency-Key) put
// exactly one WhatsApp message in front of the customer, and the status endpoint follows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WaSim, type SimCustomer } from '../../sim/index.js'
import { connectEvents } from '../events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
let key: string
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
  gw = await startGateway({ env: { WA_WS_URL: sim.url } })
  const owner = await registerOwner(gw.app)
  const events = await connectEvents(gw.url, owner.token)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  await sim.createPhone({ pushName: 'Toko Api' }).scan(qr.code)
  await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
  events.close()
  const made = await gw.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'POS', scopes: ['messages:send', 'messages:read'] } })
  key = made.json().secret
})
afterAll(async () => { await gw?.close(); await sim?.close() })

const api = (path: string, init: { method?: string; body?: unknown; idempotencyKey?: string } = {}) => fetch(`${gw.url}/api/v1${path}`, {
  method: init.method ?? 'GET',
  headers: {
    authorization: `Bearer ${key}`,
    ...(init.body ? { 'content-type': 'application/json' } : {}),
    ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
  },
  ...(init.body ? { body: JSON.stringify(init.body) } : {}),
})

const textsTo = (customer: SimCustomer, text: string) => customer.received().filter((m) => m.text === text)

describe('POST /api/v1/messages against the simulator', () => {
  it('turns concurrent retries with one Idempotency-Key into exactly one WhatsApp message', async () => {
    const customer = sim.createCustomer({ pn: '6281234567890', name: 'Sari' })
    const text = 'Pesanan #1042 sudah dikirim, kak. Resi: JNE123'
    const responses = await Promise.all(Array.from({ length: 8 }, () =>
      api('/messages', { method: 'POST', idempotencyKey: 'order-1042-shipped', body: { to: '+62 812-3456-7890', text } })))
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ id: string; status: string; to: string }>))
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201])
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1)
    expect(bodies[0]!.to).toBe('+6281234567890')
    const id = bodies[0]!.id

    const delivered = await waitFor(async () => {
      const m = await (await api(`/messages/${id}`)).json() as { status: string }
      return m.status === 'delivered' || m.status === 'read' ? m : undefined
    }, 20_000, 'delivered')
    expect(delivered).toMatchObject({ id, direction: 'out', sentBy: 'api', error: null, expectedAt: null })

    // A later send leaves after any duplicate would have (the outbox keeps order): once the
    // customer has it, a second copy of the first text would be there too.
    const later = await api('/messages', { method: 'POST', idempotencyKey: 'order-1042-thanks', body: { to: '+6281234567890', text: 'Terima kasih sudah belanja!' } })
    expect(later.status).toBe(201)
    await sim.waitForOutgoing({ to: customer, match: (m) => m.text === 'Terima kasih sudah belanja!', timeout: 20_000 })
    expect(textsTo(customer, text)).toHaveLength(1)

    const again = await api('/messages', { method: 'POST', idempotencyKey: 'order-1042-shipped', body: { to: '+6281234567890', text } })
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect((await again.json() as { id: string }).id).toBe(id)
    expect(textsTo(customer, text)).toHaveLength(1)
  })

  it('refuses a reused key with another body, a bad number and a missing key with stable codes', async () => {
    const reused = await api('/messages', { method: 'POST', idempotencyKey: 'order-1042-shipped', body: { to: '+6281234567890', text: 'Another text' } })
    expect(reused.status).toBe(409)
    expect((await reused.json() as { error: { code: string } }).error.code).toBe('idempotency.key_reused')
    for (const [i, to] of ['081234567890', '+62 12', 'not a number'].entries()) {
      const res = await api('/messages', { method: 'POST', idempotencyKey: `bad-${i}`, body: { to, text: 'Halo' } })
      expect(res.status, to).toBe(400)
      expect((await res.json() as { error: { code: string } }).error.code).toBe('messages.invalid_number')
    }
    const missing = await api('/messages', { method: 'POST', body: { to: '+6281234567890', text: 'Halo' } })
    expect(missing.status).toBe(400)
    expect((await missing.json() as { error: { code: string } }).error.code).toBe('messages.idempotency_key_required')
    const unknown = await api('/messages/00000000-0000-4000-8000-000000000000')
    expect(unknown.status).toBe(404)
  })
})
