import { AsyncLocalStorage as NativeAsyncLocalStorage } from 'node:async_hooks'
import { describe, expect, it } from 'vitest'
import { MultiplexedAsyncLocalStorage, shareAsyncLocalStorage } from './shared-async-context.js'

const silent = { level: 'silent', trace() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return silent } }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('MultiplexedAsyncLocalStorage', () => {
  it('keeps each instance\'s value to itself, through awaits, timers and nesting', async () => {
    const a = new MultiplexedAsyncLocalStorage<string>()
    const b = new MultiplexedAsyncLocalStorage<number>()
    expect(a.getStore()).toBeUndefined()
    await a.run('outer', async () => {
      expect(a.getStore()).toBe('outer')
      expect(b.getStore()).toBeUndefined()
      await b.run(7, async () => {
        await sleep(1)
        expect([a.getStore(), b.getStore()]).toEqual(['outer', 7])
        await a.run('inner', async () => {
          await new Promise<void>((resolve) => setTimeout(() => { expect([a.getStore(), b.getStore()]).toEqual(['inner', 7]); resolve() }, 1))
        })
        expect(a.getStore()).toBe('outer')
        a.exit(() => expect([a.getStore(), b.getStore()]).toEqual([undefined, 7]))
        expect(a.getStore()).toBe('outer')
      })
      expect(b.getStore()).toBeUndefined()
    })
    expect(a.getStore()).toBeUndefined()
  })

  it('runs concurrent contexts side by side without mixing them', async () => {
    const s = new MultiplexedAsyncLocalStorage<number>()
    const seen = await Promise.all([1, 2, 3, 4].map((n) => s.run(n, async () => { await sleep(5 - n); await sleep(n); return s.getStore() })))
    expect(seen).toEqual([1, 2, 3, 4])
  })

  it('passes arguments, returns the callback\'s value, and disable hides the value until the next run', () => {
    const s = new MultiplexedAsyncLocalStorage<string>()
    expect(s.run('x', (p: number, q: number) => `${s.getStore()}${p + q}`, 1, 2)).toBe('x3')
    s.run('y', () => {
      s.disable()
      expect(s.getStore()).toBeUndefined()
      s.run('z', () => expect(s.getStore()).toBe('z'))
    })
  })

  it('enterWith sets the value for the rest of the current async context', async () => {
    const s = new MultiplexedAsyncLocalStorage<string>()
    await (async () => {
      s.enterWith('entered')
      await sleep(1)
      expect(s.getStore()).toBe('entered')
    })()
  })
})

// Node 20 visits every enabled native storage on each new promise (`_propagate`). This counts those
// visits: with the fix they stay constant however many Baileys key stores have run a transaction.
const propagate = (NativeAsyncLocalStorage.prototype as unknown as { _propagate?: (...args: unknown[]) => void })._propagate

describe('shareAsyncLocalStorage with Baileys', () => {
  it.skipIf(!propagate)('keeps the per-promise cost flat with hundreds of sockets\' key stores, and their transactions apart', async () => {
    shareAsyncLocalStorage()
    // Loaded after the switch, as the gateway does (its adapter calls it before any socket).
    const { addTransactionCapability } = await import('@whiskeysockets/baileys')
    const data = new Map<string, unknown>()
    const stores = Array.from({ length: 300 }, () => addTransactionCapability({
      get: async (type: string, ids: string[]) => Object.fromEntries(ids.map((id) => [id, data.get(`${type}:${id}`)])),
      set: async () => {},
    } as never, silent as never, { maxCommitRetries: 1, delayBetweenTriesMs: 1 }))
    // Each store runs a transaction (that is what enables a native storage) and, inside it, only
    // itself is in a transaction.
    for (const [i, store] of stores.entries()) {
      const other = stores[(i + 1) % stores.length]!
      const inside = await store.transaction(async () => [store.isInTransaction(), other.isInTransaction()], `tx-${i}`)
      expect(inside).toEqual([true, false])
      expect(store.isInTransaction()).toBe(false)
    }
    const proto = NativeAsyncLocalStorage.prototype as unknown as { _propagate: (...args: unknown[]) => void }
    let visits = 0
    proto._propagate = function (this: unknown, ...args: unknown[]) { visits++; return propagate!.apply(this, args) }
    try {
      for (let i = 0; i < 1000; i++) await Promise.resolve(i)
    } finally {
      proto._propagate = propagate!
    }
    // Unshared, this is ≥ 300 visits per promise (one per store).
    expect(visits / 1000).toBeLessThan(10)
  })
})
