// Starts what WARTA_ROLES asks for in this process: the gateway (WhatsApp sockets), the worker
// (queue consumers) and the api's route plugins. Tests call it with a fake WhatsApp port.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Config } from './config/config.js'
import type { Database } from './db/client.js'
import type { RedisHandle } from './infra/redis.js'
import type { Logger } from './shared/logger.js'
import type { WhatsAppPort } from './adapters/whatsapp/whatsapp.port.js'
import { BaileysWhatsApp } from './adapters/whatsapp/baileys/baileys-whatsapp.js'
import { RedisEventBus } from './modules/realtime/event-bus.js'
import { eventsRoutes } from './modules/realtime/events.routes.js'
import { QrStore } from './modules/sessions/qr-store.js'
import { SessionLeases } from './modules/sessions/session-lease.js'
import { SessionManager } from './modules/sessions/session-manager.js'
import { RemoteSessionControl, SessionCommandServer } from './modules/sessions/session-commands.js'
import { DeviceService } from './modules/sessions/device.service.js'
import { deviceRoutes } from './modules/sessions/device.routes.js'
import { markDisconnected, wipeDeviceState } from './modules/sessions/sessions.offline.js'
import type { SessionHooks } from './modules/sessions/live-session.js'
import { metricsRoutes, type MetricsSource } from './modules/metrics/metrics.routes.js'
import { createPipeline, type Pipeline, type PipelineDeps } from './pipeline.js'

export interface RoleDeps {
  config: Config
  database: Database
  redis: RedisHandle
  logger: Logger
}

export interface RoleOverrides {
  /** Replace Baileys (tests use the in-memory fake). */
  whatsapp?: WhatsAppPort
  /** Lease TTL; tests shorten it to exercise takeover quickly. */
  leaseTtlMs?: number
  takeoverIntervalMs?: number
  /** Extra API plugins (demo routes). */
  apiPlugins?: Array<(app: FastifyInstance) => Promise<void>>
  /** Where inbound messages and receipts go; defaults to the pipeline's inbox. */
  hooks?: SessionHooks
  /** Passed to the pipeline (tests point the tenant AI at a local OpenAI-shaped server). */
  llmOverride?: PipelineDeps['llmOverride']
}

export interface RunningRoles {
  apiPlugins: Array<(app: FastifyInstance) => Promise<void>>
  /** Plugins mounted at the root (outside /api/v1), e.g. /metrics. */
  rootPlugins: Array<(app: FastifyInstance) => Promise<void>>
  bus: RedisEventBus
  pipeline: Pipeline
  manager: SessionManager | undefined
  whatsapp: WhatsAppPort
  stop(): Promise<void>
}

export async function startRoles(deps: RoleDeps, overrides: RoleOverrides = {}): Promise<RunningRoles> {
  const { config, database, redis, logger } = deps
  const prefix = config.redis.prefix
  const command = redis.connect()
  const bus = new RedisEventBus(redis.connect(), redis.connect(), prefix)
  const qrStore = new QrStore(command, prefix)
  const stops: Array<() => Promise<void>> = []
  // Demo mode runs the WhatsApp simulator in this process; the import is dynamic so that the
  // normal start path never loads simulator code.
  const demo = config.demo ? await (await import('./demo/index.js')).createDemo({ db: database.db, dataDir: config.dataDir, logger }) : undefined
  if (demo) stops.push(() => demo.stop())
  const whatsapp = overrides.whatsapp ?? new BaileysWhatsApp({
    db: database.db, logger, wsUrl: demo?.wsUrl ?? config.whatsapp.wsUrl, keyCacheMaxEntries: config.whatsapp.keyCacheMaxEntries,
  })
  const metrics: MetricsSource[] = []
  const pipeline = createPipeline({ config, database, redis, bus, logger, ...(overrides.llmOverride ? { llmOverride: overrides.llmOverride } : {}) })
  stops.push(() => pipeline.close())
  metrics.push({ gauges: async () => Object.entries(await pipeline.jobs.depths()).map(([queue, value]) => ({ name: 'warta_queue_jobs', help: 'Jobs waiting, delayed or active per queue.', value, labels: { queue } })) })
  const apiPlugins: RunningRoles['apiPlugins'] = []
  const rootPlugins: RunningRoles['rootPlugins'] = []

  let manager: SessionManager | undefined
  let drainer: Awaited<ReturnType<Pipeline['startOutbox']>> | undefined
  if (config.roles.gateway) {
    const ttl = overrides.leaseTtlMs ?? config.whatsapp.leaseTtlSeconds * 1000
    manager = new SessionManager({
      db: database.db, port: whatsapp, bus, qrStore, logger: logger.child({ module: 'sessions' }),
      leases: new SessionLeases(command, prefix, `gw-${randomUUID()}`, ttl),
      hooks: overrides.hooks ?? pipeline.sessionHooks((tenantId) => void drainer?.kick(tenantId)),
      watchdogMs: config.whatsapp.watchdogSeconds * 1000,
      restoreConcurrency: config.whatsapp.restoreConcurrency,
      takeoverIntervalMs: overrides.takeoverIntervalMs ?? ttl,
    })
    const server = new SessionCommandServer(redis.connect(), command, prefix, manager, logger)
    await server.start()
    const m = manager
    drainer = await pipeline.startOutbox(async (tenantId, msg) => { await m.sendText(tenantId, msg) }, () => m.ownedTenants().filter((t) => m.isConnected(t)))
    await manager.start()
    demo?.start(() => m.ownedTenants())
    metrics.push({ gauges: async () => [{ name: 'warta_gateway_live_sockets', help: 'Sessions whose socket this process holds.', value: m.ownedTenants().length }] })
    stops.push(async () => { await server.stop(); await m.stop() })
  }

  if (config.roles.worker) {
    const worker = await pipeline.startWorker()
    stops.push(() => worker.close())
  }

  if (config.roles.api) {
    const control = manager ?? new RemoteSessionControl(command, () => redis.connect(), prefix, {
      disconnect: (tenantId) => markDisconnected(database.db, tenantId),
      logout: (tenantId) => wipeDeviceState(database.db, tenantId),
    })
    const device = new DeviceService(database.db, qrStore, control, (t) => whatsapp.hasCredentials(t), config.demo)
    apiPlugins.push(eventsRoutes(bus), deviceRoutes(device), ...pipeline.apiPlugins, ...(demo ? [demo.apiPlugin(qrStore, pipeline.aiConfig)] : []), ...(overrides.apiPlugins ?? []))
    rootPlugins.push(metricsRoutes(database.db, metrics))
  }

  return {
    apiPlugins, rootPlugins, bus, pipeline, manager, whatsapp,
    stop: async () => {
      for (const stop of stops.reverse()) await stop()
      await bus.close()
      command.disconnect()
    },
  }
}
