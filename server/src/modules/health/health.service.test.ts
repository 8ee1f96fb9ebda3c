import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { HealthService, type Dependency } from './health.service.js'

const logger = pino({ level: 'silent' })

function fakeDependency(name: string) {
  const state = { up: true, unrecoverable: undefined as string | undefined }
  const dep: Dependency = {
    name,
    ping: async () => { if (!state.up) throw new Error('connect ECONNREFUSED') },
    unrecoverable: () => state.unrecoverable,
  }
  return { dep, state }
}

describe('HealthService', () => {
  it('is not ready while a dependency is down, and ready again after', async () => {
    const db = fakeDependency('database')
    const monitor = new HealthService([db.dep], { logger })
    expect(await monitor.check()).toEqual({ database: 'ok' })
    db.state.up = false
    expect(await monitor.check()).toEqual({ database: 'error: connect ECONNREFUSED' })
    db.state.up = true
    expect(await monitor.check()).toEqual({ database: 'ok' })
  })

  it('stays alive through a short outage and not past unrecoveredAfterMs', async () => {
    let now = 0
    const redis = fakeDependency('redis')
    const monitor = new HealthService([redis.dep], { logger, unrecoveredAfterMs: 60_000, now: () => now })
    redis.state.up = false
    await monitor.check()
    now += 59_000
    await monitor.check()
    expect(monitor.liveness()).toEqual({ alive: true })
    now += 1_000
    await monitor.check()
    expect(monitor.liveness()).toMatchObject({ alive: false, reason: expect.stringContaining('redis unreachable for 60 s') })
    redis.state.up = true
    await monitor.check()
    expect(monitor.liveness()).toEqual({ alive: true })
  })

  it('is not alive as soon as a dependency says it will not recover', () => {
    const redis = fakeDependency('redis')
    const monitor = new HealthService([redis.dep], { logger, unrecoveredAfterMs: 0 })
    expect(monitor.liveness()).toEqual({ alive: true })
    redis.state.unrecoverable = 'embedded redis-server could not be restarted after 10 attempts'
    expect(monitor.liveness()).toEqual({ alive: false, reason: 'redis: embedded redis-server could not be restarted after 10 attempts' })
  })
})
