// A Map that forgets its oldest entries past a size limit: the simulator keeps per-message
// bookkeeping (receipts, retry sources) for tests, but demo mode runs for days.
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) { super() }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) {
      const oldest = this.keys().next()
      if (!oldest.done) this.delete(oldest.value)
    }
    return super.set(key, value)
  }
}
