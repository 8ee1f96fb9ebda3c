// Vitest harness for suites that drive stock Baileys against an in-process simulator: one
// simulator per file, sockets ended after every test, and every test fails when the simulator saw
// an IQ it does not know (in real use that is a silent 60 s stall).
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import type { WAMessage, WASocket } from '@whiskeysockets/baileys'
import { quietLibsignal } from '../cli/quiet.js'
import { WaSim, type WaSimOptions } from '../sim.js'
import type { SimPhone } from '../handles.js'
import { trustSimulatorRoot } from '../trust.js'
import { memoryAuth, simSocket, type MemoryAuth } from './baileys-client.js'

export type Update = { connection?: string; qr?: string; isNewLogin?: boolean; lastDisconnect?: { error?: unknown } }

export const statusOf = (u: Update): number | undefined => (u.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode

export const textOf = (m: WAMessage): string => m.message?.conversation ?? m.message?.extendedTextMessage?.text ?? ''

/** One Baileys socket plus everything it emitted, recorded from the start so tests cannot race. */
export class Client {
  readonly updates: Update[] = []
  readonly upserts: Array<{ type: string; message: WAMessage }> = []
  readonly statuses: Array<{ id: string; status: number }> = []

  constructor(readonly sock: WASocket, readonly auth: MemoryAuth) {
    sock.ev.on('connection.update', (u) => this.updates.push(u as Update))
    sock.ev.on('messages.upsert', ({ messages, type }) => {
      for (const message of messages) {
        this.upserts.push({ type, message })
        // A receipt that lands while Baileys still buffers the own message is merged into it.
        if (message.key.fromMe && message.status) this.statuses.push({ id: message.key.id!, status: message.status })
      }
    })
    sock.ev.on('messages.update', (ups) => { for (const u of ups) if (u.update.status) this.statuses.push({ id: u.key.id!, status: u.update.status }) })
  }

  wait(pred: (u: Update) => boolean, ms = 15_000): Promise<Update> {
    return waitUntil(() => this.updates.find(pred), ms, 'connection update')
  }

  async qr(): Promise<string> { return (await this.wait((u) => Boolean(u.qr))).qr! }
  async opened(): Promise<void> { await this.wait((u) => u.connection === 'open') }
  async closeCode(ms?: number): Promise<number | undefined> { return statusOf(await this.wait((u) => u.connection === 'close', ms)) }

  texts(): string[] { return this.upserts.map((u) => textOf(u.message)) }
}

/** Polls until `fn` returns something truthy. */
export async function waitUntil<T>(fn: () => T | undefined | false, ms = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

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
      const sock = simSocket(sim!.url, auth, extra)
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
