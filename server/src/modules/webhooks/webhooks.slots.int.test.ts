// The per-endpoint slots against real Redis: the limit holds, a delivery that finds its endpoint
// full is parked and handed the next free slot (a newcomer cannot take it first), parked jobs are
// woken oldest first, and a slot freed before a job finished parking is not missed.
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { RedisEndpointSlots } from './webhooks.slots.js'

let redis: Redis
const woken: string[][] = []
const slots = (limit: number) => new RedisEndpointSlots(redis, `t-slots-${randomUUID()}`, limit, 60_000, async (ids) => { woken.push(ids) })

beforeAll(() => { redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null }) })
afterAll(async () => { await redis.quit() })

describe('webhook endpoint slots', () => {
  it('holds the limit, and hands a freed slot to the oldest parked job rather than to a newcomer', async () => {
    woken.length = 0
    const s = slots(2)
    const a = await s.acquire('ep', 'job-a')
    const b = await s.acquire('ep', 'job-b')
    expect(a).not.toBeNull()
    expect(b).not.toBeNull()
    expect(await s.acquire('ep', 'job-c')).toBeNull()
    expect(await s.acquire('ep', 'job-d')).toBeNull()
    await s.park('ep', 'job-c')
    await s.park('ep', 'job-d')
    expect(woken).toEqual([]) // nothing free: both wait

    await a!()
    expect(woken).toEqual([['job-c']])
    // The slot is job-c's now: a newcomer is refused, job-c (woken) gets it.
    expect(await s.acquire('ep', 'job-e')).toBeNull()
    const c = await s.acquire('ep', 'job-c')
    expect(c).not.toBeNull()

    await b!()
    expect(woken).toEqual([['job-c'], ['job-d']])
    await c!()
    // Nobody waits any more: the freed slot is simply free.
    expect(woken).toHaveLength(2)
    expect(await s.acquire('ep', 'job-e')).not.toBeNull()
  })

  it('wakes a job at once when the slot freed between its failed attempt and its parking', async () => {
    woken.length = 0
    const s = slots(1)
    const a = await s.acquire('ep', 'job-a')
    expect(await s.acquire('ep', 'job-b')).toBeNull()
    await a!() // freed before job-b joined the line
    expect(woken).toEqual([])
    await s.park('ep', 'job-b')
    expect(woken).toEqual([['job-b']])
    expect(await s.acquire('ep', 'job-b')).not.toBeNull()
  })

  it('keeps endpoints apart', async () => {
    woken.length = 0
    const s = slots(1)
    expect(await s.acquire('ep-1', 'job-a')).not.toBeNull()
    expect(await s.acquire('ep-2', 'job-b')).not.toBeNull()
    expect(await s.acquire('ep-1', 'job-c')).toBeNull()
  })
})
