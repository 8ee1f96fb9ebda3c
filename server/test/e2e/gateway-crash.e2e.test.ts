// Crash safety: a real gateway process under steady inbound traffic is killed with SIGKILL again
// and again. After every restart it must come back without a re-scan (same device, no new
// pairing), and every message the customers sent — before, during and after the crash — must in
// the end be decrypted by it (a plain receipt). A message caught mid-crash may be redelivered and
// need one retry; messages sent while the gateway was up must never need one (that would be a
// Bad MAC from lost or stale Signal state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { WaSim, type SimCustomer } from '../../sim/index.js'
import { isolatedTestConfig } from '../build-test-app.js'
import { waitFor } from '../gateway-harness.js'
import { SIM_PRELOAD, simProductEnv, startProduct, type ProductProcess } from './product-process.js'

let sim: WaSim
beforeAll(async () => { sim = await WaSim.start({ deliveryReceiptMs: 100 }) })
afterAll(async () => { await sim?.close() })

describe('gateway crash safety', () => {
  it('survives repeated SIGKILL under inbound traffic without a re-scan, Bad MAC or new identity', async () => {
    const config = await isolatedTestConfig()
    const env = { ...simProductEnv(config, inject('redisUrl'), sim), WARTA_ROLES: 'api,gateway' }
    const preload = SIM_PRELOAD
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
      const sentWhileUp: string[] = []
      let up = true
      let traffic = true
      const pump = (async () => {
        for (let i = 0; traffic; i++) {
          const wasUp = up
          const id = await customers[i % customers.length]!.sendText(phone, `pesan ${i}`)
          sent.push(id)
          if (wasUp && up) sentWhileUp.push(id)
          await new Promise((r) => setTimeout(r, 40))
        }
      })()

      for (let round = 0; round < 3; round++) {
        await new Promise((r) => setTimeout(r, 600))
        up = false
        await product.kill()
        await new Promise((r) => setTimeout(r, 200))
        product = await startProduct(env, { preload })
        await waitFor(async () => (await status()).state === 'connected', 30_000, `reconnect after crash ${round + 1}`)
        await new Promise((r) => setTimeout(r, 300)) // backlog drained before we call it "up"
        up = true
      }
      await new Promise((r) => setTimeout(r, 500))
      traffic = false
      await pump

      // Same device, never paired again.
      expect(sim.stats().pairs).toBe(pairsBefore)
      expect(phone.devices).toHaveLength(1)
      expect(Buffer.from(phone.devices[0]!.identity).equals(identity)).toBe(true)
      // Every message decrypted in the end; none sent while the gateway was up needed a retry.
      const decrypted = (id: string) => (sim.deviceReceipts.get(id) ?? []).some((t) => t !== 'retry')
      await waitFor(() => sent.every(decrypted), 60_000, 'a decryption receipt for every message').catch((err: Error) => {
        // Which messages, and what the simulator knows of each: receipts, retries, still queued.
        const companion = sim.companion(phone.devices[0]!.jid)
        const missing = sent.filter((id) => !decrypted(id)).map((id) => ({
          id, receipts: sim.deviceReceipts.get(id) ?? [], retries: sim.sentInbound.get(id)?.retries,
          unacked: Boolean(companion?.unacked?.has(id)), queued: Boolean(companion?.offlineQueue.some((n) => n.attrs.id === id)),
          online: Boolean(companion?.conn), errorAcks: sim.errorAcks.filter((e) => e.id === id),
        }))
        throw new Error(`${err.message}: ${JSON.stringify(missing)}`)
      })
      expect(sentWhileUp.filter((id) => sim.deviceReceipts.get(id)!.includes('retry'))).toEqual([])
      expect(sentWhileUp.length).toBeGreaterThan(20)
      // And a clean SIGTERM: sockets closed, writes flushed, exit code 0.
      const code = await product.stop()
      if (code !== 0) console.error('PRODUCT OUTPUT', product.output().slice(-3000))
      expect(code).toBe(0)
      expect(sent.length).toBeGreaterThan(30)
      expect(sim.stats().unknownIq).toBe(0)
    } finally {
      await product.kill()
    }
  }, 240_000)
})
