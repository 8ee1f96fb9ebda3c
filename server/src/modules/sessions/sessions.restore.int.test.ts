// Restore after restart and ownership across gateways, with the in-memory WhatsApp fake standing
// in for WhatsApp's servers (it remembers which devices are paired, as WhatsApp does).
import { afterEach, describe, expect, it } from 'vitest'
import { FakeWhatsApp } from '../../adapters/whatsapp/fake/fake-whatsapp.js'
import { isolatedTestConfig } from '../../../test/build-test-app.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../../../test/gateway-harness.js'
import { sessionsRepository } from './sessions.repository.js'

const open: GatewayHarness[] = []
afterEach(async () => { for (const g of open.splice(0)) await g.close().catch(() => {}) })
const start = async (...args: Parameters<typeof startGateway>) => { const g = await startGateway(...args); open.push(g); return g }

async function pairTenant(gw: GatewayHarness, fake: FakeWhatsApp) {
  const owner = await registerOwner(gw.app)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  fake.scan(qr.code)
  await waitFor(() => fake.isOpen(owner.tenantId), 20_000, 'open')
  return owner
}

describe('restore and ownership', () => {
  it('restores every connected session after a restart, without a new scan', async () => {
    const fake = new FakeWhatsApp()
    const config = await isolatedTestConfig()
    const first = await start({ config, overrides: { whatsapp: fake } })
    const owners = [await pairTenant(first, fake), await pairTenant(first, fake), await pairTenant(first, fake)]
    await first.close()
    open.splice(open.indexOf(first), 1)
    for (const o of owners) expect(fake.isOpen(o.tenantId)).toBe(false)
    const second = await start({ config, overrides: { whatsapp: fake } })
    for (const o of owners) {
      await waitFor(() => fake.isOpen(o.tenantId), 20_000, 'restored')
      await waitFor(async () => (await sessionsRepository.get(second.database.db, { tenantId: o.tenantId, deviceId: o.tenantId }))?.state === 'connected', 20_000, 'state connected')
      expect(fake.currentQr(o.tenantId)).toBeUndefined()
    }
  })

  // Found while measuring a 1,000-session restore: the process listened only after every session
  // was back (minutes), so the dashboard and /readyz were down the whole time.
  it('answers the API while sessions are still being restored', async () => {
    const fake = new FakeWhatsApp()
    const config = await isolatedTestConfig()
    const first = await start({ config, overrides: { whatsapp: fake } })
    const owner = await pairTenant(first, fake)
    await first.close()
    open.splice(open.indexOf(first), 1)
    let release!: () => void
    fake.connectGate = new Promise((r) => { release = r })
    const second = await Promise.race([
      start({ config, overrides: { whatsapp: fake } }),
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000)),
    ])
    try {
      expect(second, 'the gateway started while WhatsApp had not answered a single restore').toBeDefined()
      const status = await second!.app.inject({ method: 'GET', url: '/api/v1/device/status', headers: owner.auth })
      expect(status.statusCode).toBe(200)
      expect(fake.isOpen(owner.tenantId)).toBe(false)
    } finally {
      release()
      fake.connectGate = undefined
    }
    await waitFor(() => fake.isOpen(owner.tenantId), 20_000, 'restored once WhatsApp answered')
  })

  it('does not restore a session its owner disconnected', async () => {
    const fake = new FakeWhatsApp()
    const config = await isolatedTestConfig()
    const first = await start({ config, overrides: { whatsapp: fake } })
    const owner = await pairTenant(first, fake)
    await first.app.inject({ method: 'POST', url: '/api/v1/device/disconnect', headers: owner.auth })
    await first.close()
    open.splice(open.indexOf(first), 1)
    const connectsBefore = fake.connects
    await start({ config, overrides: { whatsapp: fake } })
    await new Promise((r) => setTimeout(r, 300))
    expect(fake.connects).toBe(connectsBefore)
  })

  it('opens a tenant socket once across two gateways, and the survivor takes over when the owner dies', async () => {
    const fake = new FakeWhatsApp()
    const config = await isolatedTestConfig()
    const overrides = { whatsapp: fake, leaseTtlMs: 2000, takeoverIntervalMs: 300 }
    const a = await start({ config, overrides })
    const b = await start({ config, overrides })
    const owner = await pairTenant(a, fake)
    await new Promise((r) => setTimeout(r, 2500)) // several renew and takeover rounds
    const ownedBy = [a, b].filter((g) => g.roles.manager!.owns(owner.tenantId))
    expect(ownedBy).toHaveLength(1)
    const connectsBefore = fake.connects
    // The owner dies without a goodbye: its timers stop and its lease simply expires.
    const dead = ownedBy[0]!
    const survivor = dead === a ? b : a
    ;(dead.roles.manager as unknown as { renewTimer: NodeJS.Timeout; takeoverTimer: NodeJS.Timeout; stopping: boolean }).stopping = true
    clearInterval((dead.roles.manager as unknown as { renewTimer: NodeJS.Timeout }).renewTimer)
    clearInterval((dead.roles.manager as unknown as { takeoverTimer: NodeJS.Timeout }).takeoverTimer)
    // The dead owner's socket still looks open in the fake, and the survivor owns the tenant a
    // moment before it opens its socket: wait for the survivor's own connect.
    await waitFor(() => survivor.roles.manager!.owns(owner.tenantId) && fake.connects > connectsBefore && fake.isOpen(owner.tenantId), 20_000, 'takeover')
    expect(fake.connects).toBe(connectsBefore + 1)
    const row = await sessionsRepository.get(survivor.database.db, { tenantId: owner.tenantId, deviceId: owner.tenantId })
    expect(row?.fence).toBeGreaterThan(1)
  })
})
