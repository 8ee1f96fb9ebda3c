// Linking by phone number has no dead end: the code survives a reload (status says code mode and
// shows no QR), asking again gives the live code or a fresh one, concurrent requests get one code
// or a 409, a QR can be asked for again, and nothing answers 5xx. Real HTTP, PostgreSQL and Redis,
// the in-memory WhatsApp (the same flow against Baileys and the simulator: src/demo/demo.int.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeWhatsApp } from '../../adapters/whatsapp/fake/fake-whatsapp.js'
import { connectEvents } from '../../../test/events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../../test/gateway-harness.js'

let fake: FakeWhatsApp
let gw: GatewayHarness
beforeAll(async () => {
  fake = new FakeWhatsApp()
  gw = await startGateway({ overrides: { whatsapp: fake } })
})
afterAll(async () => { await gw?.close() })

const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
  gw.app.inject({ method: 'POST', url: `/api/v1/device${url}`, headers, payload })
const status = async (headers: Record<string, string>) => (await gw.app.inject({ method: 'GET', url: '/api/v1/device/status', headers })).json()

describe('linking by phone number', () => {
  it('keeps code mode across a reload: the status shows the code for the number and no QR', async () => {
    const owner = await registerOwner(gw.app)
    const shown = (await post('/connect', owner.auth)).json()
    expect(shown).toMatchObject({ state: 'qr', pairingMode: 'qr', pairingCode: null })
    const res = await post('/pair-code', owner.auth, { phoneNumber: '0812-3456-7890'.replace(/^0/, '62') })
    expect(res.statusCode).toBe(200)
    const { code } = res.json()
    // What a reloaded page reads.
    const after = await status(owner.auth)
    expect(after).toMatchObject({ state: 'qr', pairingMode: 'code', qr: null, pairingCode: { code, phoneNumber: '6281234567890' } })
    expect(new Date(after.pairingCode.expiresAt).getTime()).toBeGreaterThan(Date.now() + 60_000)
    fake.enterPairingCode(code)
    await waitFor(async () => (await status(owner.auth)).state === 'connected', 10_000, 'connected')
    expect(await status(owner.auth)).toMatchObject({ phone: '6281234567890', pairingMode: null, pairingCode: null, qr: null })
  })

  it('gives the live code again for the same number, and a fresh one, cleanly, for another', async () => {
    const owner = await registerOwner(gw.app)
    const first = (await post('/pair-code', owner.auth, { phoneNumber: '6281111111111' })).json().code
    const sockets = fake.connects
    expect((await post('/pair-code', owner.auth, { phoneNumber: '6281111111111' })).json().code).toBe(first)
    expect(fake.connects).toBe(sockets) // no new socket for a repeat
    const other = await post('/pair-code', owner.auth, { phoneNumber: '6282222222222' })
    expect(other.statusCode).toBe(200)
    expect(other.json().code).not.toBe(first)
    expect(await status(owner.auth)).toMatchObject({ state: 'qr', pairingMode: 'code', pairingCode: { code: other.json().code, phoneNumber: '6282222222222' } })
    expect(() => fake.enterPairingCode(first)).toThrow(/no socket/) // the old code links nothing
  })

  it('serialises concurrent requests: one code, the others get it too or a 409, never a 5xx', async () => {
    const owner = await registerOwner(gw.app)
    const answers = await Promise.all([1, 2, 3].map(() => post('/pair-code', owner.auth, { phoneNumber: '6283333333333' })))
    for (const a of answers) expect([200, 409]).toContain(a.statusCode)
    const codes = new Set(answers.filter((a) => a.statusCode === 200).map((a) => a.json().code))
    expect(codes.size).toBe(1)
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.code).toBe('device.pairing_in_progress')
    // Afterwards every ask gets that one code.
    expect((await post('/pair-code', owner.auth, { phoneNumber: '6283333333333' })).json().code).toBe([...codes][0])
  })

  it('goes back to a QR when the owner asks for one, live over the events socket', async () => {
    const owner = await registerOwner(gw.app)
    await post('/pair-code', owner.auth, { phoneNumber: '6284444444444' })
    const events = await connectEvents(gw.url, owner.token)
    await post('/connect', owner.auth)
    const qr = await events.waitForEvent('session.qr')
    const now = await waitFor(async () => { const s = await status(owner.auth); return s.pairingMode === 'qr' && s })
    expect(now).toMatchObject({ state: 'qr', pairingCode: null, qr: { code: qr.code } })
    events.close()
    fake.scan(qr.code)
    await waitFor(async () => (await status(owner.auth)).state === 'connected', 10_000, 'connected')
  })

  it('refuses a code once connected, and a number it cannot use, with clear 4xx codes', async () => {
    const owner = await registerOwner(gw.app)
    expect((await post('/pair-code', owner.auth, { phoneNumber: '081234567890' })).json().error.code).toBe('device.invalid_phone')
    const { code } = (await post('/pair-code', owner.auth, { phoneNumber: '6285555555555' })).json()
    fake.enterPairingCode(code)
    await waitFor(async () => (await status(owner.auth)).state === 'connected', 10_000, 'connected')
    const again = await post('/pair-code', owner.auth, { phoneNumber: '6285555555555' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('device.already_connected')
  })
})
