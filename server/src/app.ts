// buildApp(services): the Fastify instance with every plugin and every module's routes (mounted
// from one list, routeModules), never listening. main.ts and the tests build it the same way, from
// the services createServices (composition.ts) made.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import { authPlugin } from './plugins/auth.js'
import { registerErrorHandler, registerNotFound } from './plugins/errors.js'
import { API_VERSION, registerContract } from './plugins/contract.js'
import { securityHeaders } from './plugins/security-headers.js'
import { newId } from './shared/ids.js'
import type { Services } from './composition.js'
import { authRoutes } from './modules/auth/auth.routes.js'
import { teamRoutes } from './modules/team/team.routes.js'
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { metricsRoutes } from './modules/metrics/metrics.routes.js'
import { eventsRoutes } from './modules/realtime/realtime.routes.js'
import { deviceRoutes } from './modules/sessions/sessions.routes.js'
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js'
import { inboxRoutes } from './modules/inbox/inbox.routes.js'
import { insightsRoutes } from './modules/insights/insights.routes.js'
import { followUpRoutes } from './modules/followups/followups.routes.js'
import { customersRoutes } from './modules/customers/customers.routes.js'
import { awayRoutes } from './modules/away/away.routes.js'
import { deviceSettingsRoutes } from './modules/device-settings/device-settings.routes.js'
import { aiConfigRoutes } from './modules/ai-config/ai-config.routes.js'
import { replyPreviewRoutes } from './modules/ai-config/ai-config.reply-preview.routes.js'
import { knowledgeRoutes } from './modules/knowledge/knowledge.routes.js'
import { overviewRoutes } from './modules/overview/overview.routes.js'
import { quickRepliesRoutes } from './modules/quick-replies/quick-replies.routes.js'
import { labelsRoutes } from './modules/labels/labels.routes.js'
import { messagesRoutes } from './modules/messages/messages.routes.js'
import { mediaRoutes } from './modules/media/media.routes.js'
import { contactsRoutes } from './modules/contacts/contacts.routes.js'
import { batchesRoutes } from './modules/batches/batches.routes.js'
import { inboxStatusRoutes } from './modules/inbox/inbox.status.routes.js'
import { notesRoutes } from './modules/notes/notes.routes.js'
import { auditRoutes } from './modules/audit/audit.routes.js'
import { presenceRoutes } from './modules/realtime/realtime.presence.routes.js'

type RoutePlugin = (app: FastifyInstance) => Promise<void>

export interface AppOptions {
  /** Extra plugins mounted at the root (tests add failing routes). */
  rootPlugins?: RoutePlugin[]
  /** Told of every route as it is added (the API fuzz test covers whatever routes exist). */
  onRoute?: (route: RouteOptions) => void
  /** Parse every response with its declared schema; a mismatch is a 500 (tests). */
  checkResponses?: boolean
}

/**
 * Every module's routes, in one list: at the root (health, metrics) and under /api/v1. A process
 * without the api role serves only the health checks and the account routes.
 */
export function routeModules(s: Services): { root: RoutePlugin[]; api: RoutePlugin[]; accounts: RoutePlugin[] } {
  const { config } = s
  const accounts: RoutePlugin[] = [
    async (api) => {
      await api.register(authRoutes, {
        prefix: '/auth', auth: s.auth, passwordResets: s.passwordResets, accessTtlSeconds: config.auth.accessTtlSeconds,
        limits: config.auth.limits, secureCookies: config.http.publicUrl.startsWith('https://'), redis: s.limiterRedis, clock: s.clock,
      })
    },
    teamRoutes(s.team),
    apiKeysRoutes(s.apiKeys),
  ]
  return {
    root: [healthRoutes(s.health), ...(config.roles.api ? [metricsRoutes(s.metrics, config.metrics.token)] : [])],
    accounts,
    api: [
      eventsRoutes(s.bus, s.presence),
      presenceRoutes(s.presence),
      deviceRoutes(s.device, s.devices),
      deviceSettingsRoutes(s.deviceSettings),
      webhooksRoutes(s.webhooks),
      inboxRoutes({ inbox: s.inbox, deadLetters: s.deadLetters }),
      inboxStatusRoutes(s.inboxStatus),
      notesRoutes(s.notes),
      auditRoutes(s.audit),
      insightsRoutes(s.insights),
      followUpRoutes(s.followUps),
      customersRoutes(s.customers, s.labels, s.customerDeletion),
      awayRoutes(s.away),
      aiConfigRoutes(s.aiConfig, { testLimiter: s.limits.aiTest }),
      overviewRoutes(s.overview),
      quickRepliesRoutes(s.quickReplies),
      labelsRoutes(s.labels),
      replyPreviewRoutes({ aiConfig: s.aiConfig, limiter: s.limits.aiPreview, knowledge: s.knowledge }),
      knowledgeRoutes(s.knowledge, { maxFileBytes: config.knowledge.maxFileBytes }),
      messagesRoutes(s.apiMessages),
      mediaRoutes(s.media, s.mediaLinks, config.media),
      contactsRoutes(s.numberChecks),
      batchesRoutes(s.batches),
      ...(s.demo ? [s.demo.apiPlugin(s.qrStore, s.aiConfig)] : []),
    ],
  }
}

export async function buildApp(services: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const { config, logger } = services
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimit,
    trustProxy: config.http.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : newId()
    },
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance
  registerContract(app, { checkResponses: opts.checkResponses ?? false, version: API_VERSION })
  const { onRoute } = opts
  if (onRoute) app.addHook('onRoute', (route) => { onRoute(route) })
  registerErrorHandler(app)
  const webDir = config.web.dir && existsSync(join(config.web.dir, 'index.html')) ? config.web.dir : undefined
  await app.register(securityHeaders, { webDir, httpsPublicUrl: config.http.publicUrl.startsWith('https://') })
  app.addHook('onSend', async (req, reply) => { reply.header('x-request-id', req.id) })
  await app.register(fastifyCookie)
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } })
  await app.register(authPlugin, { secret: config.auth.jwtSecret, accessTtlSeconds: config.auth.accessTtlSeconds, guard: services.guard, apiKeys: services.apiKeys })

  services.health.start()
  app.addHook('onClose', async () => { services.health.stop() })
  const modules = routeModules(services)
  for (const plugin of [...modules.root, ...(opts.rootPlugins ?? [])]) await app.register(plugin)
  await app.register(async (api) => {
    for (const plugin of [...modules.accounts, ...(config.roles.api ? modules.api : [])]) await api.register(plugin)
  }, { prefix: '/api/v1' })

  if (webDir) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] })
  registerNotFound(app, webDir ? (existsSync(join(webDir, '200.html')) ? '200.html' : 'index.html') : undefined)
  return app
}
