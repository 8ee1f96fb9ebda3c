// A fixed-window counter in Redis. @fastify/rate-limit runs at most one limiter per request, and
// login needs two (per IP and per e-mail), so the per-e-mail one is this.
import type { Redis } from 'ioredis'

// One atomic step: a request over the limit is refused without being counted (a client hammering
// while limited must not pile up a count), the first hit of a window sets its expiry, and a count
// found without one (a crash of an older version between counting and expiring) gets one, so a
// window always ends. Returns { 1 when refused else 0, ms left in the window }.
const HIT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local refused = count >= max
if not refused then count = redis.call('INCR', KEYS[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
end
return { refused and 1 or 0, ttl }
`

export class FixedWindowLimiter {
  constructor(private readonly redis: Redis, private readonly name: string, private readonly max: number, private readonly windowMs: number) {}

  /** Counts one hit for `key`; returns the seconds to wait when over the limit (the hit not counted), else 0. */
  async hit(key: string): Promise<number> {
    const [refused, ttl] = (await this.redis.eval(HIT, 1, `${this.name}:${key}`, this.max, this.windowMs)) as [number, number]
    return refused ? Math.max(1, Math.ceil(ttl / 1000)) : 0
  }
}
