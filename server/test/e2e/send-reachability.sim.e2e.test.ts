// A send to a number without WhatsApp is refused before it enters the outbox, over real HTTP against
// a shop paired through stock Baileys with the simulator (it answers the usync query; a number it
// does not know has no WhatsApp). The answer is cached per shop and number, so retries and batches
// do not ask again and the check budget is spent once per number; a customer who wrote to the shop
// is never asked about; in a batch, such a recipient fails alone with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WaSim, type SimPhone } from '../../sim/index.js'
import { connectEvents, type EventsClient } from '../events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
let key: string
let phone: SimPhone
let events: EventsClient
let ownerAuth: Record<string, string>
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
  // Budget of 4 asks a minute: the test counts exactly which sends may ask WhatsApp.
  gw = await startGateway({ env: { WA_WS_URL: sim.url, NUMBER_CHECKS_PER_MINUTE: '4' } })
  const owner = await registerOwner(gw.app)
  ownerAuth = owner.auth
  events = await connectEvents(gw.url, owner.token)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  phone = sim.createPhone({ pushName: 'Toko Cek Kirim' })
  await phone.scan(qr.code)
  await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
  const made = await gw.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'POS', scopes: ['messages:send', 'messages:read'] } })
  key = made.json().secret
})
afterAll(async () => { events?.close(); await gw?.close(); await sim?.close() })

const api = (path: string, init: { method?: string; body?: unknown; idempotencyKey?: string } = {}) => fetch(`${gw.url}/api/v1${path}`, {
  method: init.method ?? 'GET',
  headers: {
    authorization: `Bearer ${key}`,
    ...(init.body ? { 'content-type': 'application/json' } : {}),
    ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
  },
  ...(init.body ? { body: JSON.stringify(init.body) } : {}),
})
const code = async (res: Response) => (await res.json() as { error: { code: string } }).error.code

describe('sending to a number that is not on WhatsApp', () => {
  it('refuses it with 422 before the outbox, caches answers, and fails only that recipient of a batch', async () => {
    const sari = sim.createCustomer({ pn: '6281234560001', name: 'Sari' })
    sim.createCustomer({ pn: '6281234560002', name: 'Dodi' })

    // Ask 1: no WhatsApp. The retry is answered from the cache (no ask).
    const refused = await api('/messages', { method: 'POST', idempotencyKey: 'promo-x', body: { to: '+6281399990001', text: 'Promo!' } })
    expect(refused.status).toBe(422)
    expect(await code(refused)).toBe('messages.not_on_whatsapp')
    const retried = await api('/messages', { method: 'POST', idempotencyKey: 'promo-x', body: { to: '+6281399990001', text: 'Promo!' } })
    expect(retried.status).toBe(422)
    // Nothing entered the outbox: not even the chat exists.
    const list = await gw.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: ownerAuth })
    expect(list.json().items).toEqual([])

    // Ask 2: Sari is on WhatsApp, the message reaches her.
    const ok = await api('/messages', { method: 'POST', idempotencyKey: 'sari-1', body: { to: '+6281234560001', text: 'Halo Sari' } })
    expect(ok.status).toBe(201)
    await sim.waitForOutgoing({ to: sari, match: (m) => m.text === 'Halo Sari', timeout: 20_000 })

    // Asks 3 and 4: Dodi and one more unknown; Sari and the first unknown come from the cache.
    const made = await api('/batches', { method: 'POST', body: {
      template: 'Halo {{nama}}, stok baru datang',
      recipients: [
        { to: '+6281234560001', variables: { nama: 'Sari' } }, { to: '+6281399990001', variables: { nama: 'X' } },
        { to: '+6281234560002', variables: { nama: 'Dodi' } }, { to: '+6281399990002', variables: { nama: 'Y' } },
      ],
    } })
    expect(made.status).toBe(201)
    const batch = await made.json() as { id: string; total: number; progress: { failed: number } }
    expect(batch.total).toBe(4)
    expect(batch.progress.failed).toBe(2)
    const done = await waitFor(async () => {
      const b = await (await api(`/batches/${batch.id}`)).json() as { progress: { pending: number; failed: number } }
      return b.progress.pending === 0 ? b : undefined
    }, 60_000, 'batch drained')
    expect(done.progress.failed).toBe(2)
    expect(sari.received().filter((m) => m.text === 'Halo Sari, stok baru datang')).toHaveLength(1)

    // The budget is spent: a fresh number is refused with 429 rather than sent unchecked...
    const limited = await api('/messages', { method: 'POST', idempotencyKey: 'new-1', body: { to: '+6281234560003', text: 'Halo' } })
    expect(limited.status).toBe(429)
    expect(await code(limited)).toBe('contacts.check_rate_limited')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)

    // ...but a customer who wrote to the shop needs no ask at all.
    const rina = sim.createCustomer({ pn: '6281234560004', name: 'Rina' })
    await rina.sendText(phone, 'Kak, masih ada stok?')
    await events.waitForEvent('message.created', (d) => d.message.body === 'Kak, masih ada stok?', 20_000)
    const answer = await api('/messages', { method: 'POST', idempotencyKey: 'rina-1', body: { to: '+6281234560004', text: 'Masih kak' } })
    expect(answer.status).toBe(201)
  })
})
