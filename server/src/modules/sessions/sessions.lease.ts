// One gateway per tenant session, across processes and hosts. A lease in Redis (SET NX PX) names
// the holder; each new holder gets a fencing token from a per-tenant counter (INCR), recorded in
// wa_sessions.fence, which device-store writes check. A holder that stalls past its lease can
// therefore no longer write keys after another gateway took over.
import type { Redis } from 'ioredis'

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`

export interface Lease {
  tenantId: string
  fence: number
  value: string
}

export class SessionLeases {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ownerId: string,
    readonly ttlMs: number,
  ) {}

  private key(tenantId: string) { return `${this.prefix}:lease:${tenantId}` }

  /** Takes the lease if nobody holds it. Returns undefined when another gateway does. */
  async acquire(tenantId: string): Promise<Lease | undefined> {
    const fence = await this.redis.incr(`${this.prefix}:fence:${tenantId}`)
    const value = `${this.ownerId}:${fence}`
    const ok = await this.redis.set(this.key(tenantId), value, 'PX', this.ttlMs, 'NX')
    return ok === 'OK' ? { tenantId, fence, value } : undefined
  }

  /** Extends the lease; false means it was lost (expired and taken, or deleted). */
  async renew(lease: Lease): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key(lease.tenantId), lease.value, String(this.ttlMs))) === 1
  }

  async release(lease: Lease): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(lease.tenantId), lease.value)
  }

  async holder(tenantId: string): Promise<string | null> {
    const value = await this.redis.get(this.key(tenantId))
    return value ? value.slice(0, value.lastIndexOf(':')) : null
  }
}
