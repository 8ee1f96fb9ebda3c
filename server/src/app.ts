// buildApp(deps): the Fastify instance with every plugin and route, never listening. main.ts and
// the tests build it the same way, with real infrastructure passed in.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import type { Logger } from 'pino'
import type { Config } from './config/config.js'
import type { Database } from './db/client.js'
import type { RedisHandle } from './infra/redis.js'
import { authPlugin } from './plugins/auth.js'
import { registerErrorHandler, registerNotFound } from './plugins/errors.js'
import { systemClock, type Clock } from './shared/clock.js'
import { newId } from './shared/ids.js'
import { loggerOptions } from './shared/logger.js'
import { AuthService } from './modules/auth/auth.service.js'
import { authRoutes } from './modules/auth/auth.routes.js'
import { healthRoutes } from './modules/health/health.routes.js'

export interface AppDeps {
  config: Config
  database: Database
  redis: RedisHandle
  /** Use this logger instead of building one from config (tests pass a silent one). */
  logger?: Logger
  clock?: Clock
  /** Extra route plugins mounted under /api/v1 by the roles that own them. */
  apiPlugins?: Array<(app: FastifyInstance) => Promise<void>>
  /** Route plugins mounted at the root (/metrics). */
  rootPlugins?: Array<(app: FastifyInstance) => Promise<void>>
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger as FastifyBaseLogger } : { logger: loggerOptions(config.log.level) }),
    bodyLimit: config.http.bodyLimit,
    trustProxy: config.http.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : newId()
    },
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance
  registerErrorHandler(app)
  app.addHook('onSend', async (req, reply) => { reply.header('x-request-id', req.id) })

  const rateLimitRedis = deps.redis.connect({ maxRetriesPerRequest: 1, enableOfflineQueue: true, keyPrefix: `${config.redis.prefix}:` })
  app.addHook('onClose', async () => { rateLimitRedis.disconnect() })
  await app.register(fastifyCookie)
  // Rate limits are per route (auth) and live in Redis so several API nodes share the count.
  // skipOnError false: when Redis is down, auth fails closed rather than allowing unlimited tries.
  await app.register(fastifyRateLimit, { global: false, redis: rateLimitRedis, nameSpace: 'rl:', skipOnError: false })
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } })
  await app.register(authPlugin, { secret: config.auth.jwtSecret, accessTtlSeconds: config.auth.accessTtlSeconds })

  const clock = deps.clock ?? systemClock
  const auth = new AuthService(deps.database.db, clock, config.auth.refreshTtlDays)

  await app.register(healthRoutes, { database: deps.database, redis: rateLimitRedis })
  for (const plugin of deps.rootPlugins ?? []) await app.register(plugin)
  await app.register(async (api) => {
    await api.register(authRoutes, {
      prefix: '/auth', auth, accessTtlSeconds: config.auth.accessTtlSeconds,
      rateLimitPerMinute: config.auth.rateLimitPerMinute, secureCookies: config.http.publicUrl.startsWith('https://'), redis: rateLimitRedis,
    })
    for (const plugin of deps.apiPlugins ?? []) await api.register(plugin)
  }, { prefix: '/api/v1' })

  const webDir = config.web.dir && existsSync(join(config.web.dir, 'index.html')) ? config.web.dir : undefined
  if (webDir) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] })
  registerNotFound(app, webDir ? (existsSync(join(webDir, '200.html')) ? '200.html' : 'index.html') : undefined)
  return app
}
