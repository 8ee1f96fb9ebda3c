// /healthz: the process is alive. /readyz: it can reach PostgreSQL and Redis (what a load balancer
// should route on).
import type { FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import type { Database } from '../../db/client.js'

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())])

export async function healthRoutes(app: FastifyInstance, opts: { database: Database; redis: Redis }): Promise<void> {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }))

  app.get('/readyz', { logLevel: 'warn' }, async (_req, reply) => {
    const check = async (fn: () => Promise<unknown>) => {
      try { await withTimeout(fn(), 2000); return 'ok' } catch (err) { return `error: ${(err as Error).message}` }
    }
    const [db, redis] = await Promise.all([check(() => opts.database.ping()), check(() => opts.redis.ping())])
    const ready = db === 'ok' && redis === 'ok'
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { database: db, redis } })
  })
}
