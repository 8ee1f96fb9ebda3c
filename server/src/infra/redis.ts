// Connects to Redis, or (with no REDIS_URL) runs a supervised private redis-server from the PATH
// for this process (see embedded-redis.ts). Every connection made here shares one outage log, so a
// Redis that goes away prints one line, not one per connection per reconnect attempt.
import { Redis, type RedisOptions } from 'ioredis'
import type { Logger } from 'pino'
import { OutageLog } from '../shared/outage-log.js'
import { RedisUnavailableError, startEmbeddedRedis, type SupervisorOptions } from './embedded-redis.js'

export { NO_REDIS_MESSAGE, RedisUnavailableError } from './embedded-redis.js'

export interface RedisHandle {
  url: string
  /** Creates a new connection. BullMQ workers need `maxRetriesPerRequest: null`. */
  connect(opts?: RedisOptions): Redis
  /** Why Redis will not come back without a process restart (embedded server out of restarts), else undefined. */
  unrecoverable(): string | undefined
  /** Stops the embedded server if this process started it. */
  close(): Promise<void>
  embedded: boolean
}

/** BullMQ loses jobs silently when Redis evicts keys; say so loudly at boot. */
async function warnOnEviction(client: Redis, logger: Logger): Promise<void> {
  try {
    const res = (await client.config('GET', 'maxmemory-policy')) as string[]
    const policy = res[1]
    if (policy && policy !== 'noeviction') {
      logger.warn({ policy }, 'Redis maxmemory-policy is not noeviction: queued jobs may be evicted and lost. Set maxmemory-policy noeviction.')
    }
  } catch {
    logger.warn('could not read Redis maxmemory-policy (CONFIG GET refused); make sure it is noeviction')
  }
}

export interface OpenRedisOptions {
  url: string | undefined
  dataDir: string
  logger: Logger
  /** How the embedded server is restarted when it dies. */
  supervisor?: SupervisorOptions
}

export async function openRedis(opts: OpenRedisOptions): Promise<RedisHandle> {
  const embedded = opts.url ? undefined : await startEmbeddedRedis(opts.dataDir, opts.logger, opts.supervisor)
  const url = opts.url ?? embedded!.url
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  probe.on('error', () => {})
  try {
    await probe.connect()
    await probe.ping()
  } catch (err) {
    probe.disconnect()
    await embedded?.stop()
    throw new RedisUnavailableError(`cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(err as Error).message}`)
  }
  await warnOnEviction(probe, opts.logger)
  probe.disconnect()

  // The outage lasts while any connection that failed has not reconnected.
  const outage = new OutageLog(opts.logger, 'redis')
  const failing = new Set<Redis>()
  const settle = (c: Redis, recovered: boolean) => {
    if (!failing.delete(c) || failing.size) return
    if (recovered) outage.recovered()
    else outage.reset()
  }
  return {
    url,
    embedded: Boolean(embedded),
    connect: (o) => {
      const c = new Redis(url, o ?? {})
      c.on('error', (err) => { failing.add(c); outage.failed(err) })
      c.on('ready', () => settle(c, true))
      c.on('end', () => settle(c, false))
      return c
    },
    unrecoverable: () => embedded?.gaveUp(),
    close: async () => { await embedded?.stop() },
  }
}
