// One gateway per device session (a tenant has one per linked number), across processes and hosts.
// A lease in Redis (SET NX PX) names the holder; each new holder gets a fencing token from a
// per-device counter (INCR), recorded in wa_sessions.fence, which device-store writes check. Keys
// are named by device id; a tenant's first device has id = tenant id, so leases and counters from
// before there were several numbers still count. A holder that stalls past its lease can
// therefore no longer write keys after another gateway took over.
import type { Redis } from 'ioredis'

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`

import type { DeviceRef } from './sessions.types.js'

export interface Lease extends DeviceRef {
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

  private key(deviceId: string) { return `${this.prefix}:lease:${deviceId}` }

  /** Takes the lease if nobody holds it. Returns undefined when another gateway does. */
  async acquire(device: DeviceRef): Promise<Lease | undefined> {
    const fence = await this.redis.incr(`${this.prefix}:fence:${device.deviceId}`)
    const value = `${this.ownerId}:${fence}`
    const ok = await this.redis.set(this.key(device.deviceId), value, 'PX', this.ttlMs, 'NX')
    return ok === 'OK' ? { tenantId: device.tenantId, deviceId: device.deviceId, fence, value } : undefined
  }

  /** Extends the lease; false means it was lost (expired and taken, or deleted). */
  async renew(lease: Lease): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key(lease.deviceId), lease.value, String(this.ttlMs))) === 1
  }

  async release(lease: Lease): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(lease.deviceId), lease.value)
  }

  async holder(deviceId: string): Promise<string | null> {
    const value = await this.redis.get(this.key(deviceId))
    return value ? value.slice(0, value.lastIndexOf(':')) : null
  }
}

/**
 * Renews every held lease at once and returns the holders whose lease is gone. All at once because
 * ioredis sends commands issued together as one pipeline: a thousand renewals are one round trip.
 * One after another, each waited its turn on a busy event loop, and during a 1,000-number restore
 * a pass outlasted the lease itself — thousands of sessions closed as "lost" and reopened.
 */
export async function renewAll<T extends { lease: Lease }>(held: readonly T[], renew: (lease: Lease) => Promise<boolean>): Promise<T[]> {
  const renewed = await Promise.all(held.map((h) => renew(h.lease).catch(() => false)))
  return held.filter((_, i) => !renewed[i])
}
