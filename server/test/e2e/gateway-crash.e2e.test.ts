// Crash safety: a real gateway process under steady inbound traffic is killed with SIGKILL again
// and again. After every restart it must come back without a re-scan (same device, no new
// pairing), and every message the customers sent — before, during and after the crash — must be
// decrypted by it (a plain receipt, never a retry receipt: no Bad MAC, no lost Signal state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { join } from 'node:path'
import { WaSim, type SimCustomer } from '../../sim/index.js'
import { isolatedTestConfig } from '../build-test-app.js'
import { waitFor } from '../gateway-harness.js'
import { startProduct, type ProductProcess } from './product-process.js'

let sim: WaSim
beforeAll(async () => { sim = await WaSim.start({ deliveryReceiptMs: 100 }) })
afterAll(async () => { await sim?.close() })

describe('gateway crash safety', () => {
  it('survives repeated SIGKILL under inbound traffic without a re-scan, Bad MAC or new identity', async () => {
    const config = await isolatedTestConfig()
    const env = {
      DATABASE_URL: config.db.url!, REDIS_URL: inject('redisUrl'), REDIS_PREFIX: config.redis.prefix,
      WA_WS_URL: sim.url, WA_SIM: '1', WA_SIM_ROOT_PUB: sim.rootPublicKey.toString('hex'),
      WARTA_DATA_DIR: config.dataDir, JWT_SECRET: config.auth.jwtSecret, WARTA_SECRET_KEY: config.secretKey.toString('hex'),
      WARTA_ROLES: 'api,gateway',
    }
    const preload = join(import.meta.dirname, '../../sim/preload.mjs')
    let product: ProductProcess = await startProduct(env, { preload })
    try {
      const reg = await fetch(`${product.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ businessName: 'Toko Tahan Banting', email: `crash-${Date.now()}@example.com`, password: 'rahasia-123' }) }).then((r) => r.json()) as { accessToken: string }
      const auth = { authorization: `Bearer ${reg.accessToken}` }
      const status = async () => (await fetch(`${product.url}/api/v1/device/status`, { headers: auth }).then((r) => r.json())) as { state: string }
      const connect = await fetch(`${product.url}/api/v1/device/connect`, { method: 'POST', headers: auth }).then((r) => r.json()) as { qr: { code: string } }
      const phone = sim.createPhone({ pushName: 'Toko Tahan Banting' })
      const device = await phone.scan(connect.qr.code)
      await waitFor(async () => (await status()).state === 'connected', 20_000, 'first connection')
      const identity = Buffer.from(device.identity)
      const pairsBefore = sim.stats().pairs
      const customers: SimCustomer[] = Array.from({ length: 4 }, (_, i) => sim.createCustomer({ name: `Pelanggan ${i}` }))
      const sent: string[] = []
      let traffic = true
      const pump = (async () => {
        for (let i = 0; traffic; i++) {
          sent.push(await customers[i % customers.length]!.sendText(phone, `pesan ${i}`))
          await new Promise((r) => setTimeout(r, 40))
        }
      })()

      for (let round = 0; round < 3; round++) {
        await new Promise((r) => setTimeout(r, 600))
        await product.kill()
        await new Promise((r) => setTimeout(r, 200))
        product = await startProduct(env, { preload })
        await waitFor(async () => (await status()).state === 'connected', 30_000, `reconnect after crash ${round + 1}`)
      }
      await new Promise((r) => setTimeout(r, 500))
      traffic = false
      await pump

      // Same device, never paired again.
      expect(sim.stats().pairs).toBe(pairsBefore)
      expect(phone.devices).toHaveLength(1)
      expect(Buffer.from(phone.devices[0]!.identity).equals(identity)).toBe(true)
      // Every message decrypted by the gateway: a receipt for each, and no retry receipt at all.
      await waitFor(() => sent.every((id) => sim.deviceReceipts.has(id)), 30_000, 'receipts for every message')
      const retries = sent.filter((id) => sim.deviceReceipts.get(id)!.includes('retry'))
      expect(retries).toEqual([])
      expect(sent.length).toBeGreaterThan(30)
      expect(sim.stats().unknownIq).toBe(0)
    } finally {
      await product.kill()
    }
  })
})
