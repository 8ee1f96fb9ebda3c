// At the simulated customer's phone: a reply the shop sends arrives, an internal note never does
// (demo mode: stock Baileys against the in-process simulator, all three roles running).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../../test/gateway-harness.js'

let gw: GatewayHarness
beforeAll(async () => { gw = await startGateway({ env: { WARTA_DEMO: '1', WARTA_DEMO_CUSTOMERS: 'false' } }) })
afterAll(async () => { await gw?.close() })

describe('internal notes at the simulator', () => {
  it('never reach the customer, while the reply written after them does', async () => {
    const owner = await registerOwner(gw.app)
    const call = (method: 'GET' | 'POST', url: string, payload?: object) => gw.app.inject({ method, url: `/api/v1${url}`, headers: owner.auth, ...(payload ? { payload } : {}) })
    await call('POST', '/device/connect')
    expect((await call('POST', '/demo/scan')).statusCode).toBe(204)
    await waitFor(async () => (await call('GET', '/device/status')).json().state === 'connected', 20_000, 'connected')
    expect((await call('POST', '/demo/customer-message', { text: 'Kak, masih buka?', customerName: 'Rina', phone: '6281277700001' })).statusCode).toBe(204)
    const conversationId = await waitFor(async () => (await call('GET', '/conversations')).json().items[0]?.id as string | undefined, 15_000, 'chat stored')

    expect((await call('POST', `/conversations/${conversationId}/notes`, { body: 'CATATAN-RAHASIA jangan kirim' })).statusCode).toBe(201)
    expect((await call('POST', `/conversations/${conversationId}/messages`, { text: 'Masih kak, sampai jam 9' })).statusCode).toBe(202)

    const received = () => gw.services.demo!.receivedBy('6281277700001')
    await waitFor(() => received().some((m) => m.text === 'Masih kak, sampai jam 9'), 15_000, 'the reply at the customer')
    expect(received().some((m) => (m.text ?? '').includes('CATATAN-RAHASIA'))).toBe(false)
  })
})
