// The embedded default (`npm start` with no REDIS_URL) when its private redis-server dies (issue 11,
// chaos): the product starts it again by itself and carries on, logging the outage once; and when
// it cannot be started again, /healthz says so (an orchestrator restarts the process) while
// requests get a 503 with a code, never a 500.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isolatedTestConfig } from '../build-test-app.js'
import { waitFor } from '../gateway-harness.js'
import { startProduct, type ProductProcess } from './product-process.js'

async function startEmbeddedProduct(extra: Record<string, string> = {}) {
  const config = await isolatedTestConfig()
  // No REDIS_URL: the product runs (and supervises) its own redis-server under the data dir.
  const product = await startProduct({
    DATABASE_URL: config.db.url!, WARTA_DATA_DIR: config.dataDir, JWT_SECRET: config.auth.jwtSecret,
    WARTA_SECRET_KEY: config.secretKey.toString('hex'), LOG_LEVEL: 'info', ...extra,
  })
  const redisState = () => JSON.parse(readFileSync(join(config.dataDir, 'redis/embedded.json'), 'utf8')) as { pid: number; port: number }
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${product.url}${path}`, {
      method, headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json().catch(() => undefined) as any }
  }
  let n = 0
  const register = () => call('POST', '/api/v1/auth/register', { businessName: 'Toko Tahan Banting', email: `embedded-${Date.now()}-${n++}@example.com`, password: 'rahasia-123' })
  return { product, redisState, call, register }
}

/** Log lines (JSON) whose msg matches. */
const lines = (product: ProductProcess, msg: RegExp) => product.output().split('\n').filter((l) => {
  try { return msg.test((JSON.parse(l) as { msg?: string }).msg ?? '') } catch { return false }
})

/** Holds a port (refusing every connection) once the dead server has let go of it. */
async function occupy(port: number): Promise<Server> {
  return waitFor(() => new Promise<Server | undefined>((resolve) => {
    const srv = createServer((socket) => socket.destroy())
    srv.once('error', () => resolve(undefined))
    srv.listen(port, '127.0.0.1', () => resolve(srv))
  }), 10_000, `port ${port} to be free`)
}

describe('embedded redis-server supervision', () => {
  it('restarts a redis-server killed with SIGKILL on the same port: register works again and /readyz is green, with one log line per event', async () => {
    const { product, redisState, call, register } = await startEmbeddedProduct()
    try {
      expect((await register()).status).toBe(201)
      const before = redisState()
      process.kill(before.pid, 'SIGKILL')
      const after = await waitFor(() => { const s = redisState(); return s.pid !== before.pid ? s : undefined }, 30_000, 'a new redis-server')
      expect(after.port).toBe(before.port)
      await waitFor(async () => (await call('GET', '/readyz')).status === 200, 30_000, '/readyz green again')
      await waitFor(async () => (await register()).status === 201, 30_000, 'register to work again')
      expect((await call('GET', '/healthz')).status).toBe(200)
      await waitFor(() => lines(product, /^redis reachable again$/).length > 0, 10_000, 'the recovery line')
      expect(lines(product, /^embedded redis-server exited/)).toHaveLength(1)
      expect(lines(product, /^embedded redis-server restarted/)).toHaveLength(1)
      // Every connection failed to reconnect a few times; the log says so once per outage.
      expect(lines(product, /^redis unreachable/)).toHaveLength(1)
      expect(lines(product, /redis connection error/)).toHaveLength(0)
      expect(lines(product, /^(unhandled error|worker error)$/)).toEqual([])
    } finally {
      await product.stop()
    }
  }, 120_000)

  it('fails /healthz once the redis-server cannot be restarted, and answers 503 service.unavailable meanwhile', async () => {
    const { product, redisState, call, register } = await startEmbeddedProduct({ REDIS_EMBEDDED_MAX_RESTARTS: '2' })
    let squatter: Server | undefined
    try {
      const { pid, port } = redisState()
      process.kill(pid, 'SIGKILL')
      // Someone else takes the port: every restart on it fails.
      squatter = await occupy(port)
      await waitFor(async () => (await call('GET', '/healthz')).status === 503, 30_000, '/healthz to fail')
      const health = await call('GET', '/healthz')
      expect(health.body).toMatchObject({ status: 'unrecoverable' })
      expect(health.body.reason).toMatch(/redis/)
      const ready = await call('GET', '/readyz')
      expect(ready.status).toBe(503)
      expect(ready.body.checks.database).toBe('ok')
      const res = await register()
      expect(res.status).toBe(503)
      expect(res.body.error.code).toBe('service.unavailable')
      expect(Number(res.retryAfter)).toBeGreaterThan(0)
      expect(lines(product, /^embedded redis-server could not be restarted/)).toHaveLength(1)
      expect(lines(product, /^unhandled error$/)).toEqual([])
    } finally {
      squatter?.close()
      await product.kill()
    }
  }, 120_000)
})
