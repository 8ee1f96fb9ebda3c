// The whole API + gateway as main.ts assembles it (createServices, startRoles, buildApp), on the run's PostgreSQL and Redis, with any
// WhatsApp port (the in-memory fake or Baileys against the simulator). `restart()` builds a fresh
// process-equivalent on the same database to test restore.
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../src/app.js'
import { createServices, type Services } from '../src/composition.js'
import type { WhatsAppPort } from '../src/adapters/whatsapp/whatsapp.port.js'
import type { Config } from '../src/config/config.js'
import { openDatabase, type Database } from '../src/db/client.js'
import { openRedis, type RedisHandle } from '../src/infra/redis.js'
import { startRoles, type RoleOptions, type RunningRoles } from '../src/roles.js'

/** Role options, and a WhatsApp port to use instead of Baileys (the in-memory fake). */
export type RoleOverrides = RoleOptions & { whatsapp?: WhatsAppPort }
import { isolatedTestConfig, silentLogger } from './build-test-app.js'

export interface GatewayHarness {
  app: FastifyInstance
  roles: RunningRoles
  services: Services
  config: Config
  database: Database
  redis: RedisHandle
  url: string
  close(): Promise<void>
}

export async function startGateway(opts: { config?: Config; env?: Record<string, string>; overrides?: RoleOverrides; listen?: boolean; onRoute?: AppOptions['onRoute']; crashBeforeWebhookDispatch?: boolean } = {}): Promise<GatewayHarness> {
  const config = opts.config ?? await isolatedTestConfig(opts.env)
  const database = await openDatabase({ url: config.db.url, dataDir: config.dataDir, poolSize: 6 })
  const redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger: silentLogger })
  const { whatsapp, ...roleOptions } = opts.overrides ?? {}
  const services = await createServices({
    config, database, redis, logger: silentLogger, ...(whatsapp ? { whatsapp } : {}), ...(opts.crashBeforeWebhookDispatch ? { crashBeforeWebhookDispatch: true } : {}),
  })
  const roles = await startRoles(services, roleOptions)
  const app = await buildApp(services, { checkResponses: true, ...(opts.onRoute ? { onRoute: opts.onRoute } : {}) })
  let url = ''
  if (opts.listen !== false) {
    await app.listen({ port: 0, host: '127.0.0.1' })
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  } else await app.ready()
  return {
    app, roles, services, config, database, redis, url,
    close: async () => { await app.close(); await roles.stop(); await services.close(); await database.close(); await redis.close() },
  }
}

export async function registerOwner(app: FastifyInstance, suffix = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { businessName: `Toko ${suffix}`, email: `owner-${suffix}@example.com`, password: 'rahasia-123' } })
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.body}`)
  const body = res.json() as { accessToken: string; tenant: { id: string }; user: { id: string } }
  return { token: body.accessToken, tenantId: body.tenant.id, userId: body.user.id, auth: { authorization: `Bearer ${body.accessToken}` } }
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await fn()
      if (value) return value as T
    } catch (err) { last = err }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`)
}
