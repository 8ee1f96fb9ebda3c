// Who of a tenant's team has the dashboard open: a teammate is online while one of their event
// sockets is. Kept in Redis so every API node sees every socket: one sorted set per tenant, one
// member per socket, scored with the time it lapses. The socket's heartbeat pushes that forward;
// a node that dies without closing its sockets simply lets them lapse.
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { EventPublisher } from './realtime.bus.js'

/** A socket counts as present this long after its last heartbeat (the heartbeat runs every 30 s). */
export const PRESENCE_TTL_MS = 75_000

export class Presence {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly bus: EventPublisher) {}

  private key(tenantId: string) { return `${this.prefix}:presence:${tenantId}` }

  /** Registers a socket of `userId`; returns its handle (call `touch` on heartbeats, `leave` on close). */
  async join(tenantId: string, userId: string): Promise<{ touch(): Promise<void>; leave(): Promise<void> }> {
    const member = `${userId}|${randomUUID()}`
    const wasOnline = (await this.online(tenantId)).has(userId)
    await this.redis.zadd(this.key(tenantId), Date.now() + PRESENCE_TTL_MS, member)
    if (!wasOnline) await this.bus.publish(tenantId, 'presence.changed', { userId, online: true })
    return {
      touch: async () => { await this.redis.zadd(this.key(tenantId), 'XX', Date.now() + PRESENCE_TTL_MS, member) },
      leave: async () => {
        await this.redis.zrem(this.key(tenantId), member)
        if (!(await this.online(tenantId)).has(userId)) await this.bus.publish(tenantId, 'presence.changed', { userId, online: false })
      },
    }
  }

  /** The user ids with at least one live socket. */
  async online(tenantId: string): Promise<Set<string>> {
    const members = await this.redis.zrangebyscore(this.key(tenantId), Date.now(), '+inf')
    return new Set(members.map((m) => m.split('|')[0]!))
  }
}
