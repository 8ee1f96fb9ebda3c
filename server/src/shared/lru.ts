/**
 * A bounded least-recently-used map. Map keeps insertion order, so re-inserting on access moves a
 * key to the young end and the first key is always the oldest.
 */
export class LruCache<V> {
  private readonly map = new Map<string, V>()

  constructor(readonly maxEntries: number) {}

  get size(): number { return this.map.size }

  get(key: string): V | undefined {
    const value = this.map.get(key)
    if (value === undefined) return undefined
    this.map.delete(key)
    this.map.set(key, value)
    return value
  }

  set(key: string, value: V): void {
    if (this.maxEntries <= 0) return
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value as string
      this.map.delete(oldest)
    }
  }

  delete(key: string): void { this.map.delete(key) }

  clear(): void { this.map.clear() }

  /** Drops every key starting with `prefix` (one tenant's entries). */
  deletePrefix(prefix: string): void {
    for (const key of [...this.map.keys()]) if (key.startsWith(prefix)) this.map.delete(key)
  }
}
