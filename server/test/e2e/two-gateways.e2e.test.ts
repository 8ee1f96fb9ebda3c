// Two gateway processes on one Redis and one database: the tenant's WhatsApp socket is opened by
// exactly one of them; when that one dies (SIGKILL), the other takes the lease and reconnects
// the session without a re-scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { WaSim } from '../../sim/index.js'
import { isolatedTestConfig, TEST_METRICS_TOKEN } from '../build-test-app.js'
import { waitFor } from '../gateway-harness.js'
import { SIM_PRELOAD, simProductEnv, startProduct, type ProductProcess } from './product-process.js'

let sim: WaSim
beforeAll(async () => { sim = await WaSim.start() })
afterAll(async () => { await sim?.close() })

const liveSockets = async (p: ProductProcess) => Number(/warta_gateway_live_sockets (\d+)/.exec(await fetch(`${p.url}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } }).then((r) => r.text()))?.[1] ?? -1)

describe('two gateway processes', () => {
  it('open the session once, and the survivor takes over when the owner dies', async () => {
    const config = await isolatedTestConfig()
    const env = { ...simProductEnv(config, inject('redisUrl'), sim), WARTA_ROLES: 'api,gateway', WA_LEASE_TTL_SECONDS: '3' }
    const preload = SIM_PRELOAD
    const a = await startProduct(env, { preload })
    const b = await startProduct(env, { preload })
    try {
      const reg = await fetch(`${a.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ businessName: 'Toko Dua', email: `two-${Date.now()}@example.com`, password: 'rahasia-123' }) }).then((r) => r.json()) as { accessToken: string }
      const auth = { authorization: `Bearer ${reg.accessToken}` }
      const connect = await fetch(`${a.url}/api/v1/device/connect`, { method: 'POST', headers: auth }).then((r) => r.json()) as { qr: { code: string } }
      const phone = sim.createPhone()
      await phone.scan(connect.qr.code)
      const status = async (p: ProductProcess) => ((await fetch(`${p.url}/api/v1/device/status`, { headers: auth }).then((r) => r.json())) as { state: string }).state
      await waitFor(async () => (await status(b)) === 'connected', 20_000, 'connected')
      await new Promise((r) => setTimeout(r, 4000)) // longer than a lease: both gateways had their chances
      expect([await liveSockets(a), await liveSockets(b)].sort()).toEqual([0, 1])
      const logins = sim.stats().logins
      const owner = (await liveSockets(a)) === 1 ? a : b
      const survivor = owner === a ? b : a
      await owner.kill()
      await waitFor(async () => (await liveSockets(survivor)) === 1, 30_000, 'takeover')
      await waitFor(async () => (await status(survivor)) === 'connected', 30_000, 'connected again')
      expect(sim.stats().logins).toBe(logins + 1)
      expect(phone.devices).toHaveLength(1)
    } finally {
      await a.kill()
      await b.kill()
    }
  }, 180_000)
})
