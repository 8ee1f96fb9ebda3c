// SEND_TYPING_PRESENCE: with it on, the simulated customer sees the shop "typing…" (a chatstate
// sent by stock Baileys) and then stop, before the message itself arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WaSim } from '../../sim/index.js'
import { connectEvents } from '../events-client.js'
import { registerOwner, startGateway, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
let auth: Record<string, string>
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
  gw = await startGateway({ env: { WA_WS_URL: sim.url, SEND_TYPING_PRESENCE: 'true' } })
  const owner = await registerOwner(gw.app)
  auth = owner.auth
  const events = await connectEvents(gw.url, owner.token)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  await sim.createPhone({ pushName: 'Toko Ketik' }).scan(qr.code)
  await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
  events.close()
})
afterAll(async () => { await gw?.close(); await sim?.close() })

describe('typing presence before a send', () => {
  it('shows composing, then paused, before the message reaches the customer', async () => {
    const customer = sim.createCustomer({ pn: '6281234569001', name: 'Wati' })
    const started = Date.now()
    const res = await gw.app.inject({ method: 'POST', url: '/api/v1/messages', headers: { ...auth, 'idempotency-key': 'typing-1' }, payload: { to: '+6281234569001', text: 'Halo kak Wati, pesanan sudah siap diambil ya' } })
    expect(res.statusCode).toBe(201)
    const msg = await sim.waitForOutgoing({ to: customer, match: (m) => m.text === 'Halo kak Wati, pesanan sudah siap diambil ya', timeout: 20_000 })
    const index = sim.outgoing.indexOf(msg)
    const states = customer.chatStates()
    expect(states.map((s) => s.state)).toEqual(['composing', 'paused'])
    // Both came before the message (seq = messages sent before the state).
    expect(states.every((s) => s.seq <= index)).toBe(true)
    // The shop "typed" for a moment proportional to the 44 characters (30 ms each, at least 0.5 s).
    expect(Date.now() - started).toBeGreaterThanOrEqual(44 * 30)
  })
})
