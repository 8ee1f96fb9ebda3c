import { describe, expect, it } from 'vitest'
import { LruCache } from './lru.js'

describe('LruCache', () => {
  it('evicts the least recently used entry past its cap', () => {
    const cache = new LruCache<number>(2)
    cache.set('a', 1)
    cache.set('b', 2)
    expect(cache.get('a')).toBe(1)
    cache.set('c', 3)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBe(1)
    expect(cache.get('c')).toBe(3)
    expect(cache.size).toBe(2)
  })

  it('drops one namespace without touching the others', () => {
    const cache = new LruCache<number>(10)
    cache.set('t1|x', 1)
    cache.set('t1|y', 2)
    cache.set('t2|x', 3)
    cache.deletePrefix('t1|')
    expect(cache.size).toBe(1)
    expect(cache.get('t2|x')).toBe(3)
  })

  it('stores nothing when its cap is zero', () => {
    const cache = new LruCache<number>(0)
    cache.set('a', 1)
    expect(cache.get('a')).toBeUndefined()
  })
})
