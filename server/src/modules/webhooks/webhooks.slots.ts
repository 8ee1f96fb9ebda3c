// Per-endpoint concurrency across every worker process: a Redis sorted set per endpoint holds one
// member per delivery in flight, scored by when its slot lapses on its own (a worker killed
// mid-delivery cannot keep a slot for ever). A delivery that finds its endpoint full is put back
// for a moment instead of occupying a worker slot, so a hanging receiver holds at most `limit`
// of the worker's slots and every other endpoint keeps the rest.
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'

// Drops lapsed holders, then takes a slot if one is free. Atomic, so two workers never both take the last one.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`

export interface EndpointSlots {
  /** A release function, or null while the endpoint already has `limit` deliveries in flight. */
  acquire(endpointId: string): Promise<(() => Promise<void>) | null>
}

export class RedisEndpointSlots implements EndpointSlots {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly limit: number, private readonly holdMs: number) {}

  async acquire(endpointId: string): Promise<(() => Promise<void>) | null> {
    const key = `${this.prefix}:wh-slots:${endpointId}`
    const token = randomUUID()
    const now = Date.now()
    const got = await this.redis.eval(ACQUIRE, 1, key, String(now), String(now + this.holdMs), String(this.limit), token, String(this.holdMs * 2))
    if (got !== 1) return null
    return async () => { await this.redis.zrem(key, token) }
  }
}
