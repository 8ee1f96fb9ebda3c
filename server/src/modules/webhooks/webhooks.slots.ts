// Per-endpoint concurrency across every worker process: a Redis sorted set per endpoint holds one
// member per delivery in flight, scored by when its slot lapses on its own (a worker killed
// mid-delivery cannot keep a slot for ever).
//
// A delivery that finds its endpoint full is *parked*: its job goes back to BullMQ's delayed set
// (not occupying a worker slot, so a hanging receiver holds at most `limit` of them) and its job
// id joins the endpoint's waiting line. Whoever frees a slot hands it to the oldest parked job and
// wakes it at once.
// Waking on release instead of polling matters twice over: a busy healthy endpoint's next delivery
// goes out milliseconds after a slot frees (polling every few hundred ms was most of its p95), and
// the hundreds of deliveries queued behind a hanging receiver cost nothing while they wait
// (polling them all was what slowed every other endpoint down). A parked job also wakes on its own
// after a while, in case the wake-up was lost with a crashed worker.
import type { Redis } from 'ioredis'

// KEYS: slots. ARGV: now, lapse, limit, holder, ttl.
// Drops lapsed holders; a holder already in the set was handed its slot when it was woken.
// Otherwise takes a slot if one is free. Atomic, so two workers never both take the last one.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[4]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`

// KEYS: slots, parked. ARGV: now, limit, holder ('' when none), parkId ('' when none), ttl, lapse.
// Frees `holder`'s slot and/or parks `parkId`, then hands each free slot to the oldest parked job
// (it is entered as that job's holder, so a newcomer cannot take it first) and returns those job
// ids: the caller wakes them. Parking and counting in one script closes the gap where a slot frees
// between a delivery finding the endpoint full and joining the line.
const SETTLE = `
if ARGV[3] ~= '' then redis.call('ZREM', KEYS[1], ARGV[3]) end
if ARGV[4] ~= '' then
  redis.call('RPUSH', KEYS[2], ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local free = tonumber(ARGV[2]) - redis.call('ZCARD', KEYS[1])
local woken = {}
while free > 0 do
  local id = redis.call('LPOP', KEYS[2])
  if not id then break end
  if redis.call('ZADD', KEYS[1], ARGV[6], id) == 1 then
    woken[#woken + 1] = id
    free = free - 1
  end
end
return woken`

type SlotRedis = Redis & {
  whSlotAcquire(slots: string, now: string, lapse: string, limit: string, token: string, ttl: string): Promise<number>
  whSlotSettle(slots: string, parked: string, now: string, limit: string, holder: string, parkId: string, ttl: string, lapse: string): Promise<string[]>
}

export interface EndpointSlots {
  /**
   * A release function, or null while the endpoint already has `limit` deliveries in flight.
   * `holder` names the job asking (its job id): a parked job woken by `park`'s hand-over finds its
   * slot already reserved under that name.
   */
  acquire(endpointId: string, holder: string): Promise<(() => Promise<void>) | null>
  /** Puts an (already delayed) job in the endpoint's waiting line; wakes whatever can run now. */
  park(endpointId: string, jobId: string): Promise<void>
}

export class RedisEndpointSlots implements EndpointSlots {
  private readonly redis: SlotRedis

  /**
   * `wake` moves parked jobs from delayed to waiting (a job that is no longer delayed is skipped).
   * The scripts are sent once and then called by hash (EVALSHA), not re-sent per delivery.
   */
  constructor(redis: Redis, private readonly prefix: string, private readonly limit: number, private readonly holdMs: number,
    private readonly wake: (jobIds: string[]) => Promise<void>) {
    if (!('whSlotAcquire' in redis)) {
      redis.defineCommand('whSlotAcquire', { numberOfKeys: 1, lua: ACQUIRE })
      redis.defineCommand('whSlotSettle', { numberOfKeys: 2, lua: SETTLE })
    }
    this.redis = redis as SlotRedis
  }

  private keys(endpointId: string): [string, string] {
    return [`${this.prefix}:wh-slots:${endpointId}`, `${this.prefix}:wh-parked:${endpointId}`]
  }

  async acquire(endpointId: string, holder: string): Promise<(() => Promise<void>) | null> {
    const [slots] = this.keys(endpointId)
    const now = Date.now()
    const got = await this.redis.whSlotAcquire(slots, String(now), String(now + this.holdMs), String(this.limit), holder, String(this.holdMs * 2))
    if (got !== 1) return null
    return () => this.settle(endpointId, holder, '')
  }

  async park(endpointId: string, jobId: string): Promise<void> {
    await this.settle(endpointId, '', jobId)
  }

  private async settle(endpointId: string, holder: string, parkId: string): Promise<void> {
    const [slots, parked] = this.keys(endpointId)
    const now = Date.now()
    // The waiting line outlives any parked job's own wake-up time by far; it only has to expire
    // once an endpoint is gone.
    const woken = await this.redis.whSlotSettle(slots, parked, String(now), String(this.limit), holder, parkId, String(24 * 3600_000), String(now + this.holdMs))
    if (woken.length) await this.wake(woken)
  }
}
