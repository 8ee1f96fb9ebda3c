// Demo mode end to end: the in-process simulator, the "scan with a simulated phone" button and the
// "write as a customer" box, over the real API and stock Baileys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../test/gateway-harness.js'

let gw: GatewayHarness
const received: Array<{ tenantId: string; text: string | null; pn: string | null; type: string; media: string | null; change: string | null }> = []
beforeAll(async () => {
  gw = await startGateway({
    env: { WARTA_DEMO: '1' },
    overrides: { hooks: { onMessages: async (tenantId, messages) => { for (const m of messages) received.push({ tenantId, text: m.text, pn: m.customerPn, type: m.type, media: m.media?.kind ?? null, change: m.change?.kind ?? null }) }, onReceipts: async () => {} } },
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
    // A customer from abroad, with the number the visitor chose.
    const sg = await gw.app.inject({ method: 'POST', url: '/api/v1/demo/customer-message', headers: owner.auth, payload: { text: 'Hi, open today?', customerName: 'Sarah', phone: '6591234567' } })
    expect(sg.statusCode).toBe(204)
    const got = await waitFor(() => received.find((r) => r.tenantId === owner.tenantId && r.text === 'Hi, open today?'), 15_000, 'the Singapore customer')
    expect(got.pn).toBe('6591234567@s.whatsapp.net')
    const bad = await gw.app.inject({ method: 'POST', url: '/api/v1/demo/customer-message', headers: owner.auth, payload: { text: 'x', phone: '0812' } })
    expect(bad.json().error.code).toBe('validation.failed')

    // The box's photo and voice note arrive as real WhatsApp media; replies, edits and deletes
    // name the customer's own earlier message by its text.
    const media = (payload: object) => gw.app.inject({ method: 'POST', url: '/api/v1/demo/customer-media', headers: owner.auth, payload: { customerName: 'Sarah', phone: '6591234567', ...payload } })
    expect((await media({ kind: 'photo', caption: 'bukti transfer ya kak' })).statusCode).toBe(204)
    expect((await media({ kind: 'voice', seconds: 4 })).statusCode).toBe(204)
    expect((await media({ kind: 'reply', text: 'yang tadi ya', target: 'Hi, open today?' })).statusCode).toBe(204)
    expect((await media({ kind: 'edit', text: 'yang kemarin ya', target: 'yang tadi ya' })).statusCode).toBe(204)
    expect((await media({ kind: 'delete', target: 'yang kemarin ya' })).statusCode).toBe(204)
    const unknown = await media({ kind: 'reaction', emoji: '👍', target: 'never said this' })
    expect(unknown.statusCode).toBe(409)
    expect(unknown.json().error.code).toBe('demo.no_such_message')
    expect((await media({ kind: 'photo', amount: '<svg>' })).json().error.code).toBe('validation.failed')
    const mine = () => received.filter((r) => r.tenantId === owner.tenantId && r.pn === '6591234567@s.whatsapp.net')
    await waitFor(() => mine().find((r) => r.change === 'revoke'), 15_000, 'the delete')
    expect(mine().find((r) => r.media === 'image')).toMatchObject({ type: 'image', text: 'bukti transfer ya kak' })
    expect(mine().find((r) => r.media === 'ptt')).toMatchObject({ type: 'audio' })
    expect(mine().find((r) => r.text === 'yang tadi ya')).toMatchObject({ type: 'text', change: null })
    expect(mine().find((r) => r.change === 'edit')).toMatchObject({ text: 'yang kemarin ya' })
  })
})

describe('linking by phone number in demo mode (stock Baileys, the simulator)', () => {
  it('has no dead end: code mode survives a reload, a scan is refused clearly, bursts get one code, another number gets a fresh one, the simulated phone enters it', async () => {
    const owner = await registerOwner(gw.app)
    const post = (url: string, payload: object = {}) => gw.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: owner.auth, payload })
    const status = async () => (await gw.app.inject({ method: 'GET', url: '/api/v1/device/status', headers: owner.auth })).json()
    expect((await post('/device/connect')).json().state).toBe('qr')

    // Three at once, as a double-tapping owner or three tabs would.
    const burst = await Promise.all([1, 2, 3].map(() => post('/device/pair-code', { phoneNumber: '6281200000001' })))
    expect(burst.map((r) => r.statusCode).every((c) => c === 200 || c === 409)).toBe(true)
    const codes = new Set(burst.filter((r) => r.statusCode === 200).map((r) => r.json().code))
    expect(codes.size).toBe(1)
    const [first] = [...codes]

    // A reload: the page reads status and must show the code, not a QR it cannot use.
    expect(await status()).toMatchObject({ state: 'qr', pairingMode: 'code', qr: null, pairingCode: { code: first, phoneNumber: '6281200000001' } })
    const scan = await post('/demo/scan')
    expect(scan.statusCode).toBe(409)
    expect(scan.json().error.code).toBe('demo.pairing_code_mode')
    expect((await post('/device/pair-code', { phoneNumber: '6281200000001' })).json().code).toBe(first)

    // Another number after a code was issued: a fresh code on a fresh registration, not a logout.
    const second = await post('/device/pair-code', { phoneNumber: '6281200000002' })
    expect(second.statusCode).toBe(200)
    expect(second.json().code).not.toBe(first)
    expect(await status()).toMatchObject({ state: 'qr', pairingMode: 'code', pairingCode: { phoneNumber: '6281200000002' } })

    expect((await post('/demo/enter-code')).statusCode).toBe(204)
    const linked = await waitFor(async () => { const s = await status(); return s.state === 'connected' && s }, 20_000, 'connected')
    expect(linked).toMatchObject({ phone: '6281200000002', pairingMode: null, pairingCode: null, lastError: null })
    expect((await post('/demo/enter-code')).json().error.code).toBe('demo.no_pairing_code')
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
