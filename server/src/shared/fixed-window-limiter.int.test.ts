// The fixed-window limiter on real Redis: a refused request is not counted (hammering while
// limited neither grows the count nor keeps the key alive longer), and a window always ends.
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { FixedWindowLimiter } from './fixed-window-limiter.js'

let redis: Redis
const prefix = `test-limiter-${randomUUID()}`
beforeAll(() => { redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null, keyPrefix: `${prefix}:` }) })
afterAll(async () => { await redis.quit() })

describe('FixedWindowLimiter', () => {
  it('lets `max` hits through in a window, then refuses with the seconds left, without counting the refused ones', async () => {
    const limiter = new FixedWindowLimiter(redis, 'rl:test', 3, 60_000)
    expect(await Promise.all([1, 2, 3].map(() => limiter.hit('k1')))).toEqual([0, 0, 0])
    for (let i = 0; i < 20; i++) {
      const wait = await limiter.hit('k1')
      expect(wait).toBeGreaterThan(0)
      expect(wait).toBeLessThanOrEqual(60)
    }
    // Twenty refusals later the window still holds the three requests it let through.
    expect(await redis.get('rl:test:k1')).toBe('3')
    expect(await limiter.hit('k2')).toBe(0)
  })

  it('ends a window whose expiry was lost (a crash between counting and setting it), instead of refusing forever', async () => {
    const limiter = new FixedWindowLimiter(redis, 'rl:test', 2, 60_000)
    await redis.set('rl:test:stuck', '5')
    expect(await limiter.hit('stuck')).toBeGreaterThan(0)
    const ttl = await redis.pttl('rl:test:stuck')
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(60_000)
  })

  it('opens again once the window ended', async () => {
    const limiter = new FixedWindowLimiter(redis, 'rl:test', 1, 200)
    expect(await limiter.hit('short')).toBe(0)
    expect(await limiter.hit('short')).toBe(1)
    await new Promise((ok) => setTimeout(ok, 250))
    expect(await limiter.hit('short')).toBe(0)
  })
})
