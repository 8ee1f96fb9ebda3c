// Issue 11 item 4 end to end: a simulated customer's text carrying a NUL and lone surrogates
// travels through stock Baileys (Signal-encrypted protobuf, as WhatsApp delivers it) and lands in
// the inbox — live to the dashboard and in the thread — with U+FFFD where the unreadable parts
// were. It used to be lost: the insert failed and only a log line remained.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WaSim } from '../../sim/index.js'
import { connectEvents } from '../events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
  gw = await startGateway({ env: { WA_WS_URL: sim.url } })
})
afterAll(async () => { await gw?.close(); await sim?.close() })

describe('inbound text PostgreSQL cannot hold as sent', () => {
  it('a customer message with a NUL and lone surrogates appears in the inbox, marked where they were', async () => {
    const owner = await registerOwner(gw.app)
    const events = await connectEvents(gw.url, owner.token)
    const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
    const phone = sim.createPhone({ pushName: 'Toko Aman' })
    await phone.scan(qr.code)
    await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)

    const customer = sim.createCustomer({ name: 'Ra\u0000ka' })
    await customer.sendText(phone, 'Halo\u0000kak, \ud800 masih buka? \udc00')
    await customer.sendText(phone, 'Pesan biasa sesudahnya')
    const expected = 'Halo\ufffdkak, \ufffd masih buka? \ufffd'
    const created = await events.waitForEvent('message.created', (d) => d.message.body === expected, 20_000)
    expect(created.conversation.contact.phone).toBe(customer.pn)
    await events.waitForEvent('message.created', (d) => d.message.body === 'Pesan biasa sesudahnya', 20_000)

    const thread = await waitFor(async () => {
      const res = await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${created.conversation.id}/messages`, headers: owner.auth })
      const items = res.json().items as Array<{ body: string; sentBy: string; insight?: unknown }>
      return items.filter((m) => m.sentBy === 'customer').length === 2 && items.every((m) => m.sentBy !== 'customer' || m.insight) ? items : undefined
    }, 20_000, 'both messages stored and classified')
    expect(thread.filter((m) => m.sentBy === 'customer').map((m) => m.body).sort()).toEqual([expected, 'Pesan biasa sesudahnya'].sort())
    const dead = await gw.app.inject({ method: 'GET', url: '/api/v1/inbox/dead-letters', headers: owner.auth })
    expect(dead.json()).toEqual({ count: 0, items: [] })
    events.close()
  })
})
