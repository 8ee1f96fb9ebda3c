// Vitest harness for suites that drive stock Baileys against an in-process simulator: one
// simulator per file, sockets ended after every test, and every test fails when the simulator saw
// an IQ it does not know (in real use that is a silent 60 s stall).
import { Agent } from 'node:https'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { quietLibsignal } from '../cli/quiet.js'
import { WaSim, type WaSimOptions } from '../sim.js'
import type { SimPhone } from '../handles.js'
import { trustSimulatorRoot } from '../trust.js'
import { memoryAuth, simSocket, type MemoryAuth } from './baileys-client.js'
import { Client } from './client.js'

export { Client, statusOf, textOf, waitUntil, type Update } from './client.js'

export interface SimSuite {
  readonly sim: WaSim
  /** A new stock Baileys socket (fresh in-memory creds unless `auth` is given). */
  client(auth?: MemoryAuth, extra?: Parameters<typeof simSocket>[2]): Client
  /** QR → phone scan → 515 → a second socket logged in with the saved creds and open. */
  pair(pushName?: string): Promise<{ client: Client; phone: SimPhone; auth: MemoryAuth }>
  /** Registers a socket or simulator to be closed after the current test. */
  cleanup(fn: () => unknown): void
}

export function simSuite(opts: WaSimOptions = {}): SimSuite {
  quietLibsignal()
  process.env.WA_SIM = '1'
  let sim: WaSim | undefined
  const cleanups: Array<() => unknown> = []
  beforeAll(async () => {
    sim = await WaSim.start({ deliveryReceiptMs: 100, ...opts })
    trustSimulatorRoot(sim.rootPublicKey)
  })
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
    expect(sim!.stats().unknownIqs).toEqual([])
  })
  afterAll(async () => { await sim?.close() })

  const suite: SimSuite = {
    get sim() { return sim! },
    cleanup: (fn) => { cleanups.push(fn) },
    client(auth = memoryAuth(), extra = {}) {
      // Uploads go to the simulator's HTTPS media host, whose self-signed certificate this trusts.
      const sock = simSocket(sim!.url, auth, { fetchAgent: new Agent({ ca: sim!.mediaCaPem }), ...extra })
      cleanups.push(() => sock.end(undefined))
      return new Client(sock, auth)
    },
    async pair(pushName = 'Toko Test') {
      const first = suite.client()
      const phone = sim!.createPhone({ pushName })
      await phone.scan(await first.qr())
      expect(await first.closeCode()).toBe(515)
      const client = suite.client(first.auth)
      await client.opened()
      return { client, phone, auth: first.auth }
    },
  }
  return suite
}
