// One AsyncLocalStorage for every Baileys socket, instead of one each.
//
// Baileys 7.0.0-rc14 gives every socket its own `new AsyncLocalStorage()` (the key store's
// transaction context, `addTransactionCapability`) and never disables it. On Node 20 each enabled
// AsyncLocalStorage is visited on *every* promise and async resource the process creates
// (async_hooks' init hook loops over all of them), so with N sockets each promise costs O(N): the
// gateway's CPU grows with the square of its sessions. A CPU profile of the product restoring 300
// numbers spent 16% of all samples in that loop (`_propagate`) — more than Signal's crypto — and
// the 1,000-session restore ran CPU-bound for minutes. Closed sockets' storages stay in the loop too.
//
// Fix without changing Baileys: before the first socket is made, `AsyncLocalStorage` (the binding
// Baileys imports from `async_hooks`) becomes a class whose instances all live in one real storage.
// Each instance keeps its value under its own key in an immutable frame, so instances never see
// each other's values and every context still flows through awaits, timers and callbacks exactly as
// before; the per-promise cost stays constant however many sockets the process holds.
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { AsyncLocalStorage as NativeAsyncLocalStorage } from 'node:async_hooks'

type Frame = ReadonlyMap<symbol, unknown>
const EMPTY: Frame = new Map()
/** The one real storage behind every multiplexed instance. */
const shared = new NativeAsyncLocalStorage<Frame>()

function withValue(key: symbol, value: unknown): Frame {
  const frame = new Map(shared.getStore() ?? EMPTY)
  frame.set(key, value)
  return frame
}

/**
 * AsyncLocalStorage's interface on top of the one shared storage. `run`, `exit`, `enterWith` and
 * `getStore` behave as the native ones do for this instance alone; `disable` hides this
 * instance's value until the next `run`/`enterWith`. The statics (`bind`, `snapshot`) are the
 * native ones (inherited).
 */
export class MultiplexedAsyncLocalStorage<T> extends NativeAsyncLocalStorage<T> {
  readonly #key = Symbol('async-local-store')
  #disabled = false

  override getStore(): T | undefined {
    if (this.#disabled) return undefined
    return shared.getStore()?.get(this.#key) as T | undefined
  }

  override run<R, A extends unknown[]>(store: T, callback: (...args: A) => R, ...args: A): R {
    this.#disabled = false
    return shared.run(withValue(this.#key, store), callback, ...args)
  }

  override exit<R, A extends unknown[]>(callback: (...args: A) => R, ...args: A): R {
    const current = shared.getStore()
    if (!current?.has(this.#key)) return callback(...args)
    const frame = new Map(current)
    frame.delete(this.#key)
    return shared.run(frame, callback, ...args)
  }

  override enterWith(store: T): void {
    this.#disabled = false
    shared.enterWith(withValue(this.#key, store))
  }

  override disable(): void {
    this.#disabled = true
  }
}

/**
 * Makes `AsyncLocalStorage` from `async_hooks` the multiplexed class for every module, Baileys
 * included (its import is a live binding; `syncBuiltinESMExports` updates it). Idempotent. Storages
 * made before the call stay native, which is harmless: only their number matters.
 */
export function shareAsyncLocalStorage(): void {
  const hooks = createRequire(import.meta.url)('node:async_hooks') as { AsyncLocalStorage: unknown }
  if (hooks.AsyncLocalStorage === MultiplexedAsyncLocalStorage) return
  hooks.AsyncLocalStorage = MultiplexedAsyncLocalStorage
  syncBuiltinESMExports()
}
