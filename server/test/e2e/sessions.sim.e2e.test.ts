// End to end over real HTTP and WebSocket: the product (API + gateway with stock Baileys) pairs
// with the WhatsApp simulator's phone, survives a restart without a re-scan, and logs out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { WaSim, trustSimulatorRoot } from '../../sim/index.js'
import { waCreds, waKeys } from '../../src/db/schema.js'
import { isolatedTestConfig } from '../build-test-app.js'
import { connectEvents } from '../events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
beforeAll(async () => {
  sim = await WaSim.start({ port: 0 })
  trustSimulatorRoot(sim.rootPublicKey)
})
afterAll(async () => { await sim?.close() })

describe('WhatsApp session end to end against the simulator', () => {
  it('pairs by QR, comes back after a restart without a re-scan, and logs out wiping keys', async () => {
    const config = await isolatedTestConfig({ WA_WS_URL: sim.url })
    let gw: GatewayHarness = await startGateway({ config })
    try {
      const owner = await registerOwner(gw.app)
      const events = await connectEvents(gw.url, owner.token)
      const started = Date.now()
      const res = await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })
      expect(res.statusCode).toBe(200)
      const qr = res.json().qr ?? (await events.waitForEvent('session.qr'))
      expect(qr.code).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/)
      expect(Date.now() - started).toBeLessThan(30_000)
      const phone = sim.createPhone({ pushName: 'Kopi Senja' })
      await phone.scan(qr.code)
      const connected = await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
      expect(connected.phone).toBe(phone.pn)
      events.close()

      await gw.close()
      gw = await startGateway({ config })
      const status = await waitFor(async () => {
        const s = (await gw.app.inject({ method: 'GET', url: '/api/v1/device/status', headers: owner.auth })).json()
        return s.state === 'connected' && s
      }, 20_000, 'restored session')
      expect(status.phone).toBe(phone.pn)
      expect(sim.stats().unknownIq).toBe(0)

      const out = await gw.app.inject({ method: 'POST', url: '/api/v1/device/logout', headers: owner.auth })
      expect(out.json().state).toBe('logged_out')
      expect(await gw.database.db.select().from(waCreds).where(eq(waCreds.tenantId, owner.tenantId))).toHaveLength(0)
      expect(await gw.database.db.select().from(waKeys).where(eq(waKeys.tenantId, owner.tenantId))).toHaveLength(0)
    } finally {
      await gw.close()
    }
  })
})
