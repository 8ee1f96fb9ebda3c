// What a real product process prints (issue 11.5), outside demo mode: libsignal's session dumps
// ("Closing session: SessionEntry {…}" with ratchet private keys) never reach the console, and
// the log at info level carries neither the customer's phone number nor the message text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { WaSim } from '../../sim/index.js'
import { isolatedTestConfig } from '../build-test-app.js'
import { waitFor } from '../gateway-harness.js'
import { SIM_PRELOAD, simProductEnv, startProduct, type ProductProcess } from './product-process.js'

let sim: WaSim
let product: ProductProcess
beforeAll(async () => {
  sim = await WaSim.start()
  const config = await isolatedTestConfig()
  product = await startProduct({ ...simProductEnv(config, inject('redisUrl'), sim), LOG_LEVEL: 'info' }, { preload: SIM_PRELOAD })
})
afterAll(async () => { await product?.stop(); await sim?.close() })

const LIBSIGNAL = ['Closing session', 'Opening session', 'Removing old closed session', 'Session already closed', 'SessionEntry', 'privKey', 'Closing open session']

describe('the product process console', () => {
  it('never prints libsignal session records, nor customers’ numbers or words at info level', async () => {
    const api = async (method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`${product.url}/api/v1${path}`, {
        method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return res.json() as Promise<any>
    }
    const owner = await api('POST', '/auth/register', undefined, { businessName: 'Toko Sunyi', email: `quiet-${Date.now()}@example.com`, password: 'rahasia-123' })
    const connect = await api('POST', '/device/connect', owner.accessToken, {})
    const phone = sim.createPhone()
    await phone.scan(connect.qr.code)
    await waitFor(async () => (await api('GET', '/device/status', owner.accessToken)).state === 'connected', 30_000, 'connected')
    const customer = sim.createCustomer({ name: 'Rina' })
    const messages = async () => (await api('GET', '/conversations', owner.accessToken)).items[0]?.lastMessage?.body as string | undefined
    await customer.sendText(phone, 'Kak, roti sobek masih ada?')
    await waitFor(async () => (await messages()) === 'Kak, roti sobek masih ada?', 30_000, 'first message')
    // The customer reinstalls WhatsApp: a new session supersedes the old one, and libsignal
    // "closes" the old session record — the moment it dumps the record to the console.
    ;(customer.customer.party as unknown as { sessions: Map<string, unknown> }).sessions.clear()
    await customer.sendText(phone, 'Halo lagi, pesan 3 ya')
    await waitFor(async () => (await messages()) === 'Halo lagi, pesan 3 ya', 30_000, 'second message')
    await new Promise((r) => setTimeout(r, 500)) // let the process flush what it printed
    const out = product.output()
    for (const needle of LIBSIGNAL) expect(out, needle).not.toContain(needle)
    expect(out).not.toContain(customer.pn)
    expect(out).not.toContain('roti sobek')
    expect(out).not.toContain('pesan 3')
  })
})
