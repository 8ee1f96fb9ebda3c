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

describe('demo mode with the whole pipeline', () => {
  it('seeds the demo café profile on scan, so the visitor’s question gets an AI answer in the inbox', async () => {
    const full = await startGateway({ env: { WARTA_DEMO: '1' } })
    try {
      const owner = await registerOwner(full.app)
      await full.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })
      expect((await full.app.inject({ method: 'POST', url: '/api/v1/demo/scan', headers: owner.auth })).statusCode).toBe(204)
      await waitFor(async () => (await full.app.inject({ method: 'GET', url: '/api/v1/device/status', headers: owner.auth })).json().state === 'connected', 20_000, 'connected')
      const config = (await full.app.inject({ method: 'GET', url: '/api/v1/ai-config', headers: owner.auth })).json()
      expect(config.autoReply).toBe(true)
      expect(config.priceList.length).toBeGreaterThan(0)
      await full.app.inject({ method: 'POST', url: '/api/v1/demo/customer-message', headers: owner.auth, payload: { text: 'Kak, harga es kopi susu gula aren berapa?' } })
      const thread = await waitFor(async () => {
        const list = (await full.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })).json()
        const conv = list.items[0]
        if (!conv) return undefined
        const t = (await full.app.inject({ method: 'GET', url: `/api/v1/conversations/${conv.id}/messages`, headers: owner.auth })).json()
        return t.items.some((m: { sentBy: string }) => m.sentBy === 'ai') && t
      }, 20_000, 'AI answer in the thread')
      expect(thread.items.find((m: { sentBy: string }) => m.sentBy === 'ai').body).toContain('22.000')
    } finally { await full.close() }
  })
})
