// A fixed-window counter in Redis. @fastify/rate-limit runs at most one limiter per request, and
// login needs two (per IP and per e-mail), so the per-e-mail one is this.
import type { Redis } from 'ioredis'

export class FixedWindowLimiter {
  constructor(private readonly redis: Redis, private readonly name: string, private readonly max: number, private readonly windowMs: number) {}

  /** Counts one hit for `key`; returns the seconds to wait when over the limit, else 0. */
  async hit(key: string): Promise<number> {
    const redisKey = `${this.name}:${key}`
    const [[, count], [, ttl]] = (await this.redis.multi().incr(redisKey).pttl(redisKey).exec()) as [[null, number], [null, number]]
    if (ttl < 0) await this.redis.pexpire(redisKey, this.windowMs)
    return count > this.max ? Math.ceil((ttl < 0 ? this.windowMs : ttl) / 1000) : 0
  }
}
