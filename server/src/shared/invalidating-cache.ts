// A per-process cache of settings read on every message, dropped by key when they change: here at
// once, in the other processes when the change's announcement (over Redis) arrives. The TTL only
// bounds staleness should an announcement be lost.
import { LruCache } from './lru.js'

export class InvalidatingCache<V> {
  private readonly entries: LruCache<{ at: number; value: V }>
  /** Bumped by every invalidation, so a read that raced a change never caches the old value. */
  private generation = 0

  constructor(private readonly ttlMs: number, maxEntries = 10_000) {
    this.entries = new LruCache(maxEntries)
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key)
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value
    const generation = this.generation
    const value = await load()
    if (generation === this.generation) this.entries.set(key, { at: Date.now(), value })
    return value
  }

  invalidate(key: string): void {
    this.generation += 1
    this.entries.delete(key)
  }
}
