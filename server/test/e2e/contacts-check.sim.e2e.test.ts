// "Is this number on WhatsApp" over real HTTP with an API key, answered through the shop's own
// stock-Baileys session by the simulator's usync contact query: a known customer is, an unknown
// number is not, a malformed number is a 400 naming it, and the per-shop budget ends in a 429
// with Retry-After before WhatsApp is asked again; a cached answer costs no budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WaSim } from '../../sim/index.js'
import { connectEvents } from '../events-client.js'
import { registerOwner, startGateway, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
let key: string
let ownerAuth: Record<string, string>

beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
  gw = await startGateway({ env: { WA_WS_URL: sim.url, NUMBER_CHECKS_PER_MINUTE: '5' } })
  const owner = await registerOwner(gw.app)
  ownerAuth = owner.auth
  const events = await connectEvents(gw.url, owner.token)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  await sim.createPhone({ pushName: 'Toko Cek' }).scan(qr.code)
  await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
  events.close()
  const made = await gw.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'CRM', scopes: ['contacts:read'] } })
  key = made.json().secret
})
afterAll(async () => { await gw?.close(); await sim?.close() })

const check = (numbers: unknown, auth = `Bearer ${key}`) => fetch(`${gw.url}/api/v1/contacts/check`, {
  method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ numbers }),
})

describe('POST /api/v1/contacts/check against the simulator', () => {
  it('says which numbers have WhatsApp, refuses malformed ones, and rate-limits the shop', async () => {
    sim.createCustomer({ pn: '6281234500011', name: 'Budi' })
    const res = await check(['+62 812-3450-0011', '+6281399998888'])
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ results: [{ number: '+6281234500011', onWhatsApp: true }, { number: '+6281399998888', onWhatsApp: false }] })

    const bad = await check(['+6281234500011', '0812345', 'halo'])
    expect(bad.status).toBe(400)
    const body = await bad.json() as { error: { code: string; details: Array<{ path: string }> } }
    expect(body.error.code).toBe('contacts.invalid_number')
    expect(body.error.details.map((d) => d.path)).toEqual(['numbers.1', 'numbers.2'])
    expect((await check([])).status).toBe(400)
    expect((await check(Array.from({ length: 21 }, () => '+6281234500011'))).status).toBe(400)

    // Budget 5 per minute: 2 used. Answers are cached, so asking again about a number costs
    // nothing; 3 new numbers pass, the next new one is refused with Retry-After.
    expect(await (await check(['+6281234500011', '+6281399998888'])).json()).toEqual({ results: [{ number: '+6281234500011', onWhatsApp: true }, { number: '+6281399998888', onWhatsApp: false }] })
    expect((await check(['+6281234500015', '+6281234500012', '+6281234500013'])).status).toBe(200)
    const limited = await check(['+6281234500014'])
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await limited.json() as { error: { code: string } }).error.code).toBe('contacts.check_rate_limited')
  })

  it('needs the contacts:read scope', async () => {
    const made = await gw.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: ownerAuth, payload: { name: 'Kirim', scopes: ['messages:send'] } })
    const res = await check(['+6281234500011'], `Bearer ${made.json().secret}`)
    expect(res.status).toBe(403)
    expect((await res.json() as { error: { code: string } }).error.code).toBe('auth.scope_missing')
  })
})
