// The session manager, device API and events socket over real HTTP/WebSocket, PostgreSQL and
// Redis, with the in-memory WhatsApp fake (the same flows run against Baileys + the simulator in
// sessions.sim.int.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeWhatsApp } from '../../adapters/whatsapp/fake/fake-whatsapp.js'
import { connectEvents } from '../../../test/events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../../test/gateway-harness.js'
import { sessionsRepository } from './sessions.repository.js'
import { TEST_METRICS_TOKEN } from '../../../test/build-test-app.js'

let fake: FakeWhatsApp
let gw: GatewayHarness
beforeAll(async () => {
  fake = new FakeWhatsApp()
  gw = await startGateway({ overrides: { whatsapp: fake } })
})
afterAll(async () => { await gw?.close() })

const post = (url: string, headers: Record<string, string>, payload?: object) =>
  gw.app.inject({ method: 'POST', url: `/api/v1/device${url}`, headers, ...(payload ? { payload } : {}) })
const status = async (headers: Record<string, string>) => (await gw.app.inject({ method: 'GET', url: '/api/v1/device/status', headers })).json()

describe('device API with the fake WhatsApp', () => {
  it('shows a QR on connect, turns connected when the phone scans, live over the events socket', async () => {
    const owner = await registerOwner(gw.app)
    const events = await connectEvents(gw.url, owner.token)
    const res = await post('/connect', owner.auth)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.state).toBe('qr')
    expect(body.qr.code).toMatch(/^fake-qr:/)
    expect(body.qr.dataUrl).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(new Date(body.qr.expiresAt).getTime()).toBeGreaterThan(Date.now())
    const qrEvent = await events.waitForEvent('session.qr')
    expect(qrEvent.code).toBe(body.qr.code)
    fake.scan(body.qr.code, '6281234567890')
    const connected = await events.waitForEvent('session.state', (d) => d.state === 'connected')
    expect(connected.phone).toBe('6281234567890')
    expect(await status(owner.auth)).toMatchObject({ state: 'connected', phone: '6281234567890', qr: null })
    events.close()
  })

  it('answers wrong-state requests with clear 409s and bad input with 400s', async () => {
    const owner = await registerOwner(gw.app)
    expect((await post('/logout', owner.auth)).json().error.code).toBe('device.not_paired')
    expect((await post('/disconnect', owner.auth)).json().error.code).toBe('device.not_connected')
    expect((await post('/pair-code', owner.auth, { phoneNumber: '0812-345' })).json().error.code).toBe('device.invalid_phone')
    expect((await post('/pair-code', owner.auth, {})).json().error.code).toBe('validation.failed')
    expect((await post('/connect', owner.auth, { extra: 1 })).statusCode).toBe(400)
    const { qr } = (await post('/connect', owner.auth)).json()
    fake.scan(qr.code)
    await waitFor(async () => (await status(owner.auth)).state === 'connected')
    const again = await post('/connect', owner.auth)
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('device.already_connected')
    expect((await post('/pair-code', owner.auth, { phoneNumber: '6281234567890' })).statusCode).toBe(409)
  })

  it('returns a pairing code for a phone number', async () => {
    const owner = await registerOwner(gw.app)
    const res = await post('/pair-code', owner.auth, { phoneNumber: '+62 812-3456-7890' })
    expect(res.statusCode).toBe(200)
    expect(res.json().code).toMatch(/^[0-9A-F]{8}$/)
  })

  it('disconnects keeping the pairing, and logs out wiping it', async () => {
    const owner = await registerOwner(gw.app)
    fake.scan((await post('/connect', owner.auth)).json().qr.code)
    await waitFor(async () => (await status(owner.auth)).state === 'connected')
    expect((await post('/disconnect', owner.auth)).json().state).toBe('disconnected')
    expect(await fake.hasCredentials(owner.tenantId)).toBe(true)
    const reconnect = (await post('/connect', owner.auth)).json()
    expect(reconnect.state).toBe('connected') // no QR: the pairing was kept
    expect((await post('/logout', owner.auth)).json().state).toBe('logged_out')
    expect(await fake.hasCredentials(owner.tenantId)).toBe(false)
  })

  it('lets only owners and admins change the device', async () => {
    const owner = await registerOwner(gw.app)
    const viewerToken = gw.app.signAccessToken({ userId: owner.userId, tenantId: owner.tenantId, role: 'viewer', sessionId: crypto.randomUUID(), version: 0, mustChangePassword: false })
    const res = await post('/connect', { authorization: `Bearer ${viewerToken}` })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('auth.forbidden')
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/device/status', headers: { authorization: `Bearer ${viewerToken}` } })).statusCode).toBe(200)
  })
})

describe('close codes', () => {
  const connectedTenant = async () => {
    const owner = await registerOwner(gw.app)
    fake.scan((await post('/connect', owner.auth)).json().qr.code)
    await waitFor(async () => (await status(owner.auth)).state === 'connected')
    return owner
  }

  it('401 logs out and wipes the keys', async () => {
    const owner = await connectedTenant()
    fake.forceClose(owner.tenantId, 401)
    await waitFor(async () => (await status(owner.auth)).state === 'logged_out')
    expect(await fake.hasCredentials(owner.tenantId)).toBe(false)
    expect((await status(owner.auth)).lastError).toMatch(/unlinked/)
  })

  it('403 stops as failed without reconnecting', async () => {
    const owner = await connectedTenant()
    const before = fake.connects
    fake.forceClose(owner.tenantId, 403)
    await waitFor(async () => (await status(owner.auth)).state === 'failed')
    await new Promise((r) => setTimeout(r, 300))
    expect(fake.connects).toBe(before)
  })

  it('reconnects after a transient close, and flags a duplicate owner after two 440s', async () => {
    const owner = await connectedTenant()
    fake.forceClose(owner.tenantId, 428)
    await waitFor(() => fake.isOpen(owner.tenantId), 10_000, 'reconnect after 428')
    fake.forceClose(owner.tenantId, 440)
    await waitFor(() => fake.isOpen(owner.tenantId), 10_000, 'one retry after 440')
    fake.forceClose(owner.tenantId, 440)
    const s = await waitFor(async () => { const st = await status(owner.auth); return st.state === 'failed' && st })
    expect(s.lastError).toMatch(/duplicate owner/)
    expect((await sessionsRepository.get(gw.database.db, { tenantId: owner.tenantId, deviceId: owner.tenantId }))?.wanted).toBe(false)
  })
})

describe('events socket', () => {
  it('refuses a socket that sends no or a bad token', async () => {
    const bad = await connectEvents(gw.url, undefined)
    bad.send({ type: 'auth', token: 'not-a-jwt' })
    expect(await bad.closeCode).toBe(4401)
  })

  it('delivers a tenant only its own events', async () => {
    const a = await registerOwner(gw.app)
    const b = await registerOwner(gw.app)
    const eventsA = await connectEvents(gw.url, a.token)
    const eventsB = await connectEvents(gw.url, b.token)
    await post('/connect', b.auth)
    await eventsB.waitForEvent('session.qr')
    await post('/connect', a.auth)
    await eventsA.waitForEvent('session.qr')
    expect(eventsA.events.every((e) => e.tenantId === a.tenantId)).toBe(true)
    expect(eventsB.events.every((e) => e.tenantId === b.tenantId)).toBe(true)
    eventsA.close()
    eventsB.close()
  })
})

describe('metrics', () => {
  it('exposes session counts by state and this gateway’s live sockets in Prometheus format', async () => {
    expect((await gw.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401)
    expect((await gw.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).json().error.code).toBe('metrics.unauthorized')
    const res = await gw.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain')
    expect(res.body).toMatch(/^warta_sessions\{state="connected"\} \d+$/m)
    expect(res.body).toMatch(/^warta_gateway_live_sockets \d+$/m)
    expect(res.body).toMatch(/^warta_inbound_dead_letters 0$/m)
    expect(res.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/) // no tenant ids
  })
})
