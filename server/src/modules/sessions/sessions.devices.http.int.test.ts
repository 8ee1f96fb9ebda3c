// Several WhatsApp numbers (devices) per shop, over real HTTP, PostgreSQL and Redis with the
// in-memory WhatsApp fake: the device list and its limit, tenant isolation, chats filed under the
// number they came in on, replies leaving from the chat's number, removal wiping the keys, and
// restore of two numbers of one shop after a restart.
import { afterEach, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { FakeWhatsApp } from '../../adapters/whatsapp/fake/fake-whatsapp.js'
import type { InboundMessage } from '../../adapters/whatsapp/whatsapp.port.js'
import { isolatedTestConfig } from '../../../test/build-test-app.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../../test/gateway-harness.js'

const open: GatewayHarness[] = []
afterEach(async () => { for (const g of open.splice(0)) await g.close().catch(() => {}) })
const start = async (...args: Parameters<typeof startGateway>) => { const g = await startGateway(...args); open.push(g); return g }

type Owner = Awaited<ReturnType<typeof registerOwner>>
const call = (gw: GatewayHarness, owner: Owner, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
  gw.app.inject({ method, url: `/api/v1${url}`, headers: { ...owner.auth, ...headers }, ...(payload ? { payload } : {}) })

/** Links a number of the owner's shop to a fresh phone through the per-device routes. */
async function link(gw: GatewayHarness, fake: FakeWhatsApp, owner: Owner, deviceId: string, phone: string) {
  const res = await call(gw, owner, 'POST', `/devices/${deviceId}/connect`)
  expect(res.statusCode).toBe(200)
  expect(res.json()).toMatchObject({ deviceId, state: 'qr' })
  fake.scan(res.json().qr.code, phone)
  await waitFor(async () => (await call(gw, owner, 'GET', `/devices/${deviceId}/status`)).json().state === 'connected', 10_000, 'connected')
}

const customerWrites = (jid: string, text: string): InboundMessage => ({
  waId: randomBytes(10).toString('hex').toUpperCase(), chatJid: jid, fromMe: false, customerPn: jid, customerLid: null,
  pushName: 'Sari', type: 'text', text, timestamp: new Date(),
})

describe('several WhatsApp numbers per shop', () => {
  it('lists the first number, adds up to the limit, renames, and refuses one more with a stable code', async () => {
    const gw = await start({ overrides: { whatsapp: new FakeWhatsApp() }, env: { MAX_DEVICES_PER_TENANT: '3' } })
    const owner = await registerOwner(gw.app)
    const list = await call(gw, owner, 'GET', '/devices')
    expect(list.statusCode).toBe(200)
    expect(list.json().items).toEqual([expect.objectContaining({ id: owner.tenantId, first: true, name: 'WhatsApp', status: expect.objectContaining({ state: 'disconnected', deviceId: owner.tenantId }) })])

    const added = await call(gw, owner, 'POST', '/devices', { name: 'Cabang Bekasi' })
    expect(added.statusCode).toBe(201)
    const second = added.json()
    expect(second).toMatchObject({ name: 'Cabang Bekasi', first: false, status: { state: 'disconnected' } })
    expect(second.colour).not.toBe(list.json().items[0].colour)

    const renamed = await call(gw, owner, 'PATCH', `/devices/${second.id}`, { name: 'CS', colour: 'orange' })
    expect(renamed.json()).toMatchObject({ id: second.id, name: 'CS', colour: 'orange' })
    expect((await call(gw, owner, 'PATCH', `/devices/${second.id}`, { colour: 'gold' })).statusCode).toBe(400)
    expect((await call(gw, owner, 'POST', '/devices', { name: '' })).json().error.code).toBe('validation.failed')

    expect((await call(gw, owner, 'POST', '/devices', { name: 'Cabang Depok' })).statusCode).toBe(201)
    const over = await call(gw, owner, 'POST', '/devices', { name: 'Satu lagi' })
    expect(over.statusCode).toBe(409)
    expect(over.json().error.code).toBe('device.limit_reached')
    expect((await call(gw, owner, 'GET', '/devices')).json().items.map((d: { name: string }) => d.name)).toEqual(['WhatsApp', 'CS', 'Cabang Depok'])
  })

  it("answers 404 for another shop's number on every route, and 400 for a malformed id", async () => {
    const gw = await start({ overrides: { whatsapp: new FakeWhatsApp() } })
    const a = await registerOwner(gw.app)
    const b = await registerOwner(gw.app)
    const theirs = (await call(gw, a, 'POST', '/devices', { name: 'Milik A' })).json().id as string
    for (const [method, url, body] of [
      ['GET', `/devices/${theirs}`], ['PATCH', `/devices/${theirs}`, { name: 'Punya B' }], ['DELETE', `/devices/${theirs}`],
      ['GET', `/devices/${theirs}/status`], ['POST', `/devices/${theirs}/connect`], ['POST', `/devices/${theirs}/logout`],
      ['POST', `/devices/${theirs}/pair-code`, { phoneNumber: '6281234567890' }],
    ] as const) {
      const res = await call(gw, b, method, url, body)
      expect(res.statusCode, `${method} ${url}`).toBe(404)
      expect(res.json().error.code).toBe('device.not_found')
    }
    // B's send cannot pick A's number either.
    const send = await call(gw, b, 'POST', '/messages', { to: '+6281234500001', text: 'Halo', deviceId: theirs }, { 'idempotency-key': `k-${theirs}` })
    expect(send.statusCode).toBe(404)
    expect((await call(gw, b, 'GET', '/devices/not-a-uuid')).json().error.code).toBe('validation.failed')
    expect((await call(gw, a, 'GET', `/devices/${theirs}`)).json().name).toBe('Milik A')
  })

  it("files each customer's chat under the number written to, filters by number, and replies from the chat's number", async () => {
    const fake = new FakeWhatsApp()
    const gw = await start({ overrides: { whatsapp: fake } })
    const owner = await registerOwner(gw.app)
    const first = owner.tenantId
    await call(gw, owner, 'GET', '/devices')
    const second = (await call(gw, owner, 'POST', '/devices', { name: 'Cabang Bekasi' })).json().id as string
    await link(gw, fake, owner, first, '6281100000001')
    await link(gw, fake, owner, second, '6281100000002')
    // The /device routes are the first number.
    expect((await call(gw, owner, 'GET', '/device/status')).json()).toMatchObject({ deviceId: first, phone: '6281100000001' })

    const sari = '6281299990001@s.whatsapp.net'
    await fake.deliver(first, [customerWrites(sari, 'Halo toko pusat')])
    await fake.deliver(second, [customerWrites(sari, 'Halo cabang Bekasi')])
    const chats = await waitFor(async () => {
      const items = (await call(gw, owner, 'GET', '/conversations')).json().items as Array<{ id: string; device: { id: string; name: string }; lastMessage: { body: string } }>
      return items.length === 2 && items
    }, 10_000, 'two chats')
    const byDevice = Object.fromEntries(chats.map((c) => [c.device.id, c]))
    expect(byDevice[first]!.lastMessage.body).toBe('Halo toko pusat')
    expect(byDevice[second]).toMatchObject({ device: { id: second, name: 'Cabang Bekasi' }, lastMessage: { body: 'Halo cabang Bekasi' } })
    const filtered = (await call(gw, owner, 'GET', `/conversations?deviceId=${second}`)).json().items as Array<{ id: string }>
    expect(filtered.map((c) => c.id)).toEqual([byDevice[second]!.id])

    const reply = await call(gw, owner, 'POST', `/conversations/${byDevice[second]!.id}/messages`, { text: 'Siap kak, dari Bekasi' })
    expect(reply.statusCode).toBe(202)
    const sent = await waitFor(() => fake.sent.find((s) => s.text === 'Siap kak, dari Bekasi'), 10_000, 'the reply sent')
    expect(sent).toMatchObject({ tenantId: owner.tenantId, deviceId: second, toJid: sari })

    // An integrator send picks the number; without one it is the first number's chat.
    const viaApi = await call(gw, owner, 'POST', '/messages', { to: '+6281299990001', text: 'Pesanan siap', deviceId: second }, { 'idempotency-key': 'send-2' })
    expect(viaApi.statusCode).toBe(201)
    expect(viaApi.json().conversationId).toBe(byDevice[second]!.id)
    expect((await waitFor(() => fake.sent.find((s) => s.text === 'Pesanan siap'), 10_000, 'api send'))).toMatchObject({ deviceId: second })
    const viaFirst = await call(gw, owner, 'POST', '/messages', { to: '+6281299990001', text: 'Dari pusat' }, { 'idempotency-key': 'send-1' })
    expect(viaFirst.json().conversationId).toBe(byDevice[first]!.id)
    expect((await waitFor(() => fake.sent.find((s) => s.text === 'Dari pusat'), 10_000, 'first send'))).toMatchObject({ deviceId: first })
  })

  it('removes a number: unlinks it, wipes its credentials, hides it, and keeps its chats', async () => {
    const fake = new FakeWhatsApp()
    const gw = await start({ overrides: { whatsapp: fake } })
    const owner = await registerOwner(gw.app)
    await call(gw, owner, 'GET', '/devices') // as the dashboard does: the first number exists
    const second = (await call(gw, owner, 'POST', '/devices', { name: 'Sementara' })).json().id as string
    await link(gw, fake, owner, second, '6281100000003')
    await fake.deliver(second, [customerWrites('6281299990002@s.whatsapp.net', 'Masih buka?')])
    await waitFor(async () => (await call(gw, owner, 'GET', `/conversations?deviceId=${second}`)).json().items.length === 1, 10_000, 'chat stored')
    expect(await fake.hasCredentials(second)).toBe(true)
    // A reply still waiting when the number goes (its socket closed first, so it never left).
    const chatId = (await call(gw, owner, 'GET', `/conversations?deviceId=${second}`)).json().items[0].id as string
    await call(gw, owner, 'POST', `/devices/${second}/disconnect`)
    const waiting = await call(gw, owner, 'POST', `/conversations/${chatId}/messages`, { text: 'Sebentar ya kak' })
    expect(waiting.statusCode).toBe(202)

    const removed = await call(gw, owner, 'DELETE', `/devices/${second}`)
    expect(removed.statusCode).toBe(204)
    expect(await fake.hasCredentials(second)).toBe(false)
    expect(fake.isOpen(second)).toBe(false)
    expect((await call(gw, owner, 'GET', '/devices')).json().items.map((d: { id: string }) => d.id)).toEqual([owner.tenantId])
    expect((await call(gw, owner, 'GET', `/devices/${second}`)).statusCode).toBe(404)
    const thread = (await call(gw, owner, 'GET', `/conversations/${chatId}/messages`)).json().items as Array<{ body: string; status: string; error: string | null }>
    expect(thread.find((m) => m.body === 'Sebentar ya kak')).toMatchObject({ status: 'failed', error: 'number removed' })
    const kept = (await call(gw, owner, 'GET', `/conversations?deviceId=${second}`)).json().items
    expect(kept).toEqual([expect.objectContaining({ device: expect.objectContaining({ id: second, name: 'Sementara', removed: true }) })])
    // Nothing can leave from a removed number: a reply there is refused, not queued for ever.
    const reply = await call(gw, owner, 'POST', `/conversations/${kept[0].id}/messages`, { text: 'Halo?' })
    expect(reply.statusCode).toBe(409)
    expect(reply.json().error.code).toBe('inbox.number_removed')
  })

  it('restores both numbers of one shop after a restart, without a new scan', async () => {
    const fake = new FakeWhatsApp()
    const config = await isolatedTestConfig()
    const before = await start({ config, overrides: { whatsapp: fake } })
    const owner = await registerOwner(before.app)
    await call(before, owner, 'GET', '/devices')
    const second = (await call(before, owner, 'POST', '/devices', { name: 'Cabang' })).json().id as string
    await link(before, fake, owner, owner.tenantId, '6281100000004')
    await link(before, fake, owner, second, '6281100000005')
    await before.close()
    open.splice(open.indexOf(before), 1)
    expect(fake.isOpen(owner.tenantId) || fake.isOpen(second)).toBe(false)

    const after = await start({ config, overrides: { whatsapp: fake } })
    await waitFor(() => fake.isOpen(owner.tenantId) && fake.isOpen(second), 20_000, 'both restored')
    const items = await waitFor(async () => {
      const list = (await call(after, owner, 'GET', '/devices')).json().items as Array<{ id: string; status: { state: string; phone: string } }>
      return list.every((d) => d.status.state === 'connected') && list
    }, 20_000, 'both connected')
    expect(items.map((d) => d.status.phone)).toEqual(['6281100000004', '6281100000005'])
    expect(fake.currentQr(owner.tenantId)).toBeUndefined()
    expect(fake.currentQr(second)).toBeUndefined()
  })
})
