// The message pipeline assembled: the inbox (durable ingest, outbox, receipts), AI settings,
// classification and follow-up jobs, and their routes. roles.ts gives its pieces to the api, the
// gateway and the worker.
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Config } from './config/config.js'
import type { Database } from './db/client.js'
import type { RedisHandle } from './infra/redis.js'
import type { LlmPort } from './adapters/llm/llm.port.js'
import { SecretBox } from './shared/crypto.js'
import { systemClock, type Clock } from './shared/clock.js'
import { JobQueues, startWorkers } from './queue/job-runtime.js'
import type { RedisEventBus } from './modules/realtime/event-bus.js'
import { InboxService } from './modules/inbox/inbox.service.js'
import { inboxRoutes } from './modules/inbox/inbox.routes.js'
import { OutboxDrainer, outboxChannel } from './modules/inbox/outbox-drainer.js'
import { AiConfigService, type AiConfigRow } from './modules/ai-config/ai-config.service.js'
import { aiConfigRoutes } from './modules/ai-config/ai-config.routes.js'
import { FollowUpService, type FollowUpDto } from './modules/followups/followups.service.js'
import { followUpRoutes } from './modules/followups/followups.routes.js'
import { inboundJob } from './modules/insights/inbound.job.js'
import { requeueUnprocessed } from './modules/insights/requeue-unprocessed.js'
import { teamRoutes } from './modules/team/team.routes.js'
import { overviewRoutes } from './modules/overview/overview.routes.js'
import type { SessionHooks } from './modules/sessions/live-session.js'
import type { OutgoingText } from './adapters/whatsapp/whatsapp.port.js'

export interface PipelineDeps {
  config: Config
  database: Database
  redis: RedisHandle
  bus: RedisEventBus
  logger: Logger
  clock?: Clock
  /** Tests swap the tenant's AI for one pointed at a local OpenAI-shaped server. */
  llmOverride?: (row: AiConfigRow, apiKey: string | null) => LlmPort
}

export interface Pipeline {
  inbox: InboxService
  aiConfig: AiConfigService
  followUps: FollowUpService
  jobs: JobQueues
  apiPlugins: Array<(app: FastifyInstance) => Promise<void>>
  /** What the gateway's sessions call for messages, receipts and retries. */
  sessionHooks(onConnected: (tenantId: string) => void): SessionHooks
  startOutbox(send: (tenantId: string, msg: OutgoingText) => Promise<void>, ownedConnected: () => string[]): Promise<OutboxDrainer>
  startWorker(): Promise<{ close(): Promise<void> }>
  close(): Promise<void>
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const { config, database, redis, bus, logger } = deps
  const db = database.db
  const clock = deps.clock ?? systemClock
  const prefix = config.redis.prefix
  const publisher = redis.connect({ maxRetriesPerRequest: null })
  const jobs = new JobQueues(redis.connect({ maxRetriesPerRequest: null }), prefix)
  // Settings are cached per process; a change announces itself so every process drops its copy.
  const aiConfigChannel = `${prefix}:ai-config-changed`
  const aiConfig = new AiConfigService(db, new SecretBox(config.secretKey), config.llm.timeoutMs, {
    ...(deps.llmOverride ? { llmOverride: deps.llmOverride } : {}),
    announce: async (tenantId) => { await publisher.publish(aiConfigChannel, tenantId) },
  })
  const aiConfigSub = redis.connect()
  aiConfigSub.on('message', (_channel: string, tenantId: string) => aiConfig.invalidate(tenantId))
  void aiConfigSub.subscribe(aiConfigChannel).catch((err: unknown) => logger.error({ err }, 'could not subscribe to settings changes'))
  // The inbox cancels follow-ups and follow-ups write through the inbox: tie the knot lazily.
  const followUps: FollowUpService = new FollowUpService({ db, bus, jobs, clock, aiConfig, inbox: () => inbox })
  const inbox: InboxService = new InboxService({
    db, bus, jobs,
    notifyOutbox: async (tenantId) => { await publisher.publish(outboxChannel(prefix), tenantId) },
    cancelFollowUps: (tx, tenantId, conversationId, reason) => followUps.cancelForConversation(tx, tenantId, conversationId, reason),
    publishCancelled: (tenantId, cancelled) => followUps.publishCancelled(tenantId, cancelled as FollowUpDto[]),
  })
  const stops: Array<() => Promise<void>> = []

  return {
    inbox, aiConfig, followUps, jobs,
    apiPlugins: [inboxRoutes({ db, inbox, followUps }), aiConfigRoutes(aiConfig), followUpRoutes(followUps), teamRoutes(db), overviewRoutes(db)],
    sessionHooks: (onConnected) => ({
      onMessages: (tenantId, messages, kind) => inbox.ingest(tenantId, messages, kind),
      onReceipts: (tenantId, updates) => inbox.applyReceipts(tenantId, updates),
      getMessageText: (tenantId, waId) => inbox.messageText(tenantId, waId),
      onConnected,
    }),
    startOutbox: async (send, ownedConnected) => {
      const drainer = new OutboxDrainer({ db, bus, logger: logger.child({ module: 'outbox' }), send, ownedConnected })
      const sub = redis.connect()
      await drainer.start(sub, prefix)
      stops.push(async () => { drainer.stop(); sub.disconnect() })
      return drainer
    },
    startWorker: async () => {
      const log = logger.child({ module: 'worker' })
      const handleInbound = inboundJob({ db, bus, aiConfig, inbox, followUps, logger: log })
      const workers = startWorkers({
        connect: () => redis.connect({ maxRetriesPerRequest: null }), prefix, concurrency: config.worker.concurrency, logger: log,
        handlers: {
          'inbound.process': (p) => handleInbound(p),
          'followup.fire': (p, ctx) => followUps.fire(p.tenantId, p.followUpId, ctx.delayUntil),
        },
        onFinalFailure: {
          'inbound.process': (p, err) => inbox.markProcessingFailed(p.tenantId, p.messageId, err),
          'followup.fire': (p, err) => followUps.markFailed(p.tenantId, p.followUpId, err),
        },
      })
      // Delayed jobs live in Redis; the database is the truth. Re-arm due follow-ups periodically,
      // and re-enqueue customer messages stored without their job (a crash between the two).
      const requeue = () => requeueUnprocessed(db, jobs, { olderThanMs: 15_000 })
        .then((n) => { if (n) log.warn({ count: n }, 'customer messages without a classification job were queued again') })
      const runSweeps = () => {
        void followUps.sweep().catch((err) => log.warn({ err }, 'follow-up sweep failed'))
        void requeue().catch((err) => log.warn({ err }, 'inbound sweep failed'))
      }
      const sweep = setInterval(runSweeps, 30_000)
      sweep.unref()
      runSweeps()
      const handle = { close: async () => { clearInterval(sweep); await workers.close() } }
      stops.push(handle.close)
      return handle
    },
    close: async () => {
      for (const stop of stops.reverse()) await stop()
      await jobs.close()
      aiConfigSub.disconnect()
      publisher.disconnect()
    },
  }
}
