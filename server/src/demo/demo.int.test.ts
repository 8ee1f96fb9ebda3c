// Demo mode end to end: the in-process simulator, the "scan with a simulated phone" button and the
// "write as a customer" box, over the real API and stock Baileys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../test/gateway-harness.js'

let gw: GatewayHarness
const received: Array<{ tenantId: string; text: string | null }> = []
beforeAll(async () => {
  gw = await startGateway({
    env: { WARTA_DEMO: '1' },
    overrides: { hooks: { onMessages: async (tenantId, messages) => { for (const m of messages) received.push({ tenantId, text: m.text }) }, onReceipts: async () => {} } },
  })
})
afterAll(async () => { await gw?.close() })

describe('demo mode', () => {
  it('pairs the simulated phone from the dashboard and lets the visitor write as a customer', async () => {
    const owner = await registerOwner(gw.app)
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/demo', headers: owner.auth })).json()).toEqual({ enabled: true })
    const early = await gw.app.inject({ method: 'POST', url: '/api/v1/demo/scan', headers: owner.auth })
    expect(early.json().error.code).toBe('demo.no_qr')
    const connect = await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })
    expect(connect.json().state).toBe('qr')
    expect((await gw.app.inject({ method: 'POST', url: '/api/v1/demo/scan', headers: owner.auth })).statusCode).toBe(204)
    await waitFor(async () => (await gw.app.inject({ method: 'GET', url: '/api/v1/device/status', headers: owner.auth })).json().state === 'connected', 20_000, 'connected')
    const res = await gw.app.inject({ method: 'POST', url: '/api/v1/demo/customer-message', headers: owner.auth, payload: { text: 'Kak, masih buka?' } })
    expect(res.statusCode).toBe(204)
    await waitFor(() => received.find((r) => r.tenantId === owner.tenantId && r.text === 'Kak, masih buka?'), 15_000, 'message at the gateway')
    expect((await gw.app.inject({ method: 'POST', url: '/api/v1/demo/customer-message', headers: owner.auth, payload: { text: '' } })).statusCode).toBe(400)
  })
})

describe('outside demo mode', () => {
  it('has no demo routes', async () => {
    const plain = await startGateway()
    try {
      const owner = await registerOwner(plain.app)
      expect((await plain.app.inject({ method: 'GET', url: '/api/v1/demo', headers: owner.auth })).statusCode).toBe(404)
    } finally { await plain.close() }
  })
})
