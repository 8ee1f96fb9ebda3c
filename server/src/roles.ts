// Starts what WARTA_ROLES asks for in this process, from the services composition.ts built: the
// gateway (WhatsApp sockets and the outbox they send) and the worker (queue consumers and sweeps).
// The api role is the routes app.ts mounts. Tests start the roles the same way.
import { knowledgeJobs } from './modules/knowledge/knowledge.jobs.js'
import { randomUUID } from 'node:crypto'
import type { Services } from './composition.js'
import { startWorkers } from './queue/job-runtime.js'
import { OutboxDrainer, toOutgoingMessage, type OutboxItem } from './modules/inbox/inbox.outbox.js'
import type { OutgoingMessage } from './adapters/whatsapp/whatsapp.port.js'
import { SendPacer, typingMs } from './modules/inbox/inbox.pacing.js'
import { ingestHooks } from './modules/inbox/inbox.ingest-hooks.js'
import { SessionLeases } from './modules/sessions/sessions.lease.js'
import { SessionManager } from './modules/sessions/sessions.manager.js'
import type { DeviceRef } from './modules/sessions/sessions.types.js'
import type { SessionHooks } from './modules/sessions/sessions.live.js'
import { SessionCommandServer } from './modules/sessions/sessions.commands.js'

export interface RoleOptions {
  /** Lease TTL; tests shorten it to exercise takeover quickly. */
  leaseTtlMs?: number
  takeoverIntervalMs?: number
  /** Where inbound messages and receipts go; defaults to the inbox (a test records them instead). */
  hooks?: SessionHooks
}

export interface RunningRoles {
  manager: SessionManager | undefined
  stop(): Promise<void>
}

type Stop = () => Promise<void>

export async function startRoles(services: Services, opts: RoleOptions = {}): Promise<RunningRoles> {
  const { config } = services
  const stops: Stop[] = []
  services.metrics.add({ gauges: async () => Object.entries(await services.jobs.depths()).map(([queue, value]) => ({ name: 'warta_queue_jobs', help: 'Jobs waiting, delayed or active per queue.', value, labels: { queue } })) })
  services.metrics.add({ gauges: () => services.media.gauges() })
  services.metrics.add({ gauges: async () => [{ name: 'warta_inbound_dead_letters', help: 'Inbound messages not stored yet (retried with back-off).', value: await services.deadLetters.openCount() }] })
  let manager: SessionManager | undefined
  if (config.roles.gateway) {
    const gateway = await startGateway(services, opts)
    manager = gateway.manager
    stops.push(gateway.stop)
  }
  if (config.roles.worker) stops.push(await startWorker(services))
  return {
    manager,
    stop: async () => { for (const stop of stops.reverse()) await stop() },
  }
}

/** The outbox drainer of this gateway: sends what the inbox queued, woken through Redis. */
export async function startOutbox(services: Services, send: (tenantId: string, deviceId: string, msg: OutboxItem) => Promise<void>, ownedConnected: () => DeviceRef[]): Promise<{ drainer: OutboxDrainer; stop: Stop }> {
  const { config, logger } = services
  // The pacing state is in Redis (survives restarts, shared by gateways); its own connection, which
  // fails fast while Redis is away: paced sends wait for the next pass, replies are never paced.
  const pacing = services.redis.connect({ maxRetriesPerRequest: 1 })
  // One clock for the 24-hour reply window and the pacing (tests move it; the product's is the system's).
  const { clock } = services
  const pacer = new SendPacer(pacing, config.redis.prefix, config.pacing, () => clock.now().getTime())
  const drainer = new OutboxDrainer({ db: services.database.db, bus: services.events, logger: logger.child({ module: 'outbox' }), send, ownedConnected, pacer, clock })
  const sub = services.redis.connect()
  await drainer.start(sub, config.redis.prefix)
  return { drainer, stop: async () => { drainer.stop(); sub.disconnect(); pacing.disconnect() } }
}

/**
 * A message this tenant sent, rebuilt as the outbox sent it (the same upload, caption, location,
 * quote), for a retry request from the customer's phone. A media message that was never uploaded
 * was never sent: nothing to re-send.
 */
async function sentMessage(services: Services, tenantId: string, waId: string): Promise<OutgoingMessage | undefined> {
  const item = await services.inbox.sentOutboxItem(tenantId, waId)
  if (!item) return undefined
  const media = item.hasMedia ? await services.outgoingMedia.sent(tenantId, item.rowId) : undefined
  return item.hasMedia && !media ? undefined : toOutgoingMessage(item, media)
}

async function startGateway(services: Services, opts: RoleOptions): Promise<{ manager: SessionManager; stop: Stop }> {
  const { config, logger, redis } = services
  const prefix = config.redis.prefix
  const ttl = opts.leaseTtlMs ?? config.whatsapp.leaseTtlSeconds * 1000
  // The session hooks wake the outbox on connect; the outbox needs the manager: set once both exist.
  const outbox: { drainer?: OutboxDrainer } = {}
  const manager = new SessionManager({
    db: services.database.db, port: services.whatsapp, bus: services.events, qrStore: services.qrStore, logger: logger.child({ module: 'sessions' }),
    leases: new SessionLeases(services.command, prefix, `gw-${randomUUID()}`, ttl),
    hooks: opts.hooks ?? ingestHooks(services.inbox, logger, (tenantId) => void outbox.drainer?.kick(tenantId), (tenantId, waId) => sentMessage(services, tenantId, waId)),
    watchdogMs: config.whatsapp.watchdogSeconds * 1000,
    restoreConcurrency: config.whatsapp.restoreConcurrency,
    takeoverIntervalMs: opts.takeoverIntervalMs ?? ttl,
  })
  const server = new SessionCommandServer(redis.connect(), services.command, prefix, manager, logger)
  await server.start()
  // A chat's messages leave from the socket of the number the chat is with.
  const drain = await startOutbox(services, async (tenantId, deviceId, msg) => {
    if (services.config.pacing.typingPresence) await manager.showTyping(deviceId, msg.toJid, typingMs(msg.text))
    if (!msg.hasMedia && !msg.location && !msg.quoted) return void await manager.sendText(deviceId, msg)
    // The file is uploaded once; its location is stored before the message goes (media.outgoing.ts).
    const media = msg.hasMedia ? await services.outgoingMedia.forSending(tenantId, msg.rowId, (file) => manager.uploadMedia(deviceId, file)) : undefined
    await manager.send(deviceId, toOutgoingMessage(msg, media))
  }, () => manager.ownedDevices().filter((d) => manager.isConnected(d.deviceId)))
  outbox.drainer = drain.drainer
  await manager.start()
  // The device API of this process talks to this gateway directly from now on.
  services.sessionControl.attach(manager)
  services.demo?.start(() => manager.ownedDevices().map((d) => d.deviceId))
  services.metrics.add({ gauges: async () => [
    { name: 'warta_gateway_live_sockets', help: 'Sessions whose socket this process holds.', value: manager.ownedDevices().length },
    // -1 while the first restore pass after start is still opening sessions.
    { name: 'warta_gateway_restore_seconds', help: 'How long the restore pass after start took to open every wanted session (-1: still running).', value: manager.lastRestoreMs === undefined ? -1 : manager.lastRestoreMs / 1000 },
  ] })
  // The sockets close first (flushing what they hold), then the outbox stops.
  return { manager, stop: async () => { await server.stop(); await manager.stop(); await drain.stop() } }
}

/** A parked webhook delivery wakes on its own after this (plus jitter) if its wake-up was lost. */
const WEBHOOK_PARK_BACKSTOP_MS = 30_000

/** Job handlers, and the sweeps that put right what Redis lost or a crash left half done. */
export async function startWorker(services: Services): Promise<Stop> {
  const { config, redis, followUps, waiting, insights, inbox, webhooks, webhookSender, apiMessages, deadLetters, media } = services
  const log = services.logger.child({ module: 'worker' })
  const knowledgeJob = knowledgeJobs(services.knowledge)
  const understand = insights.understand!
  const workers = startWorkers({
    connect: () => redis.connect({ maxRetriesPerRequest: null }), prefix: config.redis.prefix, concurrency: config.worker.concurrency, lockMs: config.worker.lockMs, logger: log,
    handlers: {
      'inbound.process': (p) => insights.processInbound(p),
      'followup.fire': (p, ctx) => followUps.fire(p.tenantId, p.followUpId, ctx.delayUntil),
      'conversation.waiting': (p, ctx) => waiting.fire(p, ctx.delayUntil),
      // An endpoint at its limit: the job is parked without using up an attempt, and woken as soon
      // as one of the endpoint's slots frees; the delay is only a backstop for a lost wake-up.
      'webhook.deliver': async (p, ctx) => {
        const outcome = await webhookSender.deliver(p.tenantId, p.deliveryId, p.endpointId, ctx.job.id)
        if (outcome === 'done') return
        const backstop = new Date(Date.now() + WEBHOOK_PARK_BACKSTOP_MS * (1 + Math.random() / 2))
        await ctx.delayUntil(backstop, () => webhookSender.park(outcome.busy, ctx.job.id!))
      },
      'media.fetch': async (p) => { await media.fetch(p.tenantId, p.mediaId) },
      'media.understand': (p) => understand.handle(p),
      'knowledge.process': knowledgeJob.handler,
      'conversation.wake': async (p) => { await services.inboxStatus.wake({ tenantId: p.tenantId, conversationId: p.conversationId }) },
    },
    // Reading a document is CPU work in this process (pdf.js, OCR): two at a time leave the
    // worker room for customer messages. Media downloads have their own setting (decrypt, hash,
    // thumbnail are CPU beside the inbox); on a quiet 2-core box bench:media saw no difference.
    queueConcurrency: { webhooks: config.webhooks.concurrency, knowledge: 2, media: config.media.fetchConcurrency },
    onFinalFailure: {
      'inbound.process': (p, err) => inbox.markProcessingFailed(p.tenantId, p.messageId, err),
      'followup.fire': (p, err) => followUps.markFailed(p.tenantId, p.followUpId, err),
      'webhook.deliver': (p) => webhookSender.markFailed(p.tenantId, p.deliveryId),
      'media.fetch': (p, err) => media.markFailed(p.tenantId, p.mediaId, err),
      'media.understand': (p) => understand.onFinalFailure(p),
      'knowledge.process': knowledgeJob.onFinalFailure,
    },
  })
  // Delayed jobs live in Redis; the database is the truth. Re-arm due follow-ups periodically,
  // and re-enqueue customer messages stored without their job (a crash between the two).
  const requeue = () => insights.requeueUnprocessed({ olderThanMs: 15_000 })
    .then((n) => { if (n) log.warn({ count: n }, 'customer messages without a classification job were queued again') })
  const runSweeps = () => {
    void followUps.sweep().catch((err) => log.warn({ err }, 'follow-up sweep failed'))
    void waiting.sweep().catch((err) => log.warn({ err }, 'waiting-alert sweep failed'))
    void services.inboxStatus.wake().catch((err) => log.warn({ err }, 'snooze sweep failed'))
    void requeue().catch((err) => log.warn({ err }, 'inbound sweep failed'))
    void webhooks.sweep().catch((err) => log.warn({ err }, 'webhook sweep failed'))
    void apiMessages.pruneKeys().catch((err) => log.warn({ err }, 'idempotency key pruning failed'))
    void deadLetters.retryDue((tenantId, batch, kind, deviceId) => inbox.ingest(tenantId, batch, kind, deviceId))
      .catch((err) => log.warn({ err }, 'dead-letter retry sweep failed'))
  }
  const sweep = setInterval(runSweeps, 30_000)
  sweep.unref()
  runSweeps()
  // Media past retention and files no message needs (hourly by default; one run at a time).
  let mediaSweeping = false
  const sweepMedia = () => {
    if (mediaSweeping) return
    mediaSweeping = true
    void media.sweep({ orphanGraceMs: config.media.orphanGraceMs })
      .then((r) => { if (r.expired || r.orphans || r.errors) log.info({ ...r }, 'media sweep') })
      .catch((err) => log.warn({ err }, 'media sweep failed'))
      .finally(() => { mediaSweeping = false })
  }
  const mediaSweep = setInterval(sweepMedia, config.media.sweepIntervalMs)
  mediaSweep.unref()
  sweepMedia()
  return async () => { clearInterval(sweep); clearInterval(mediaSweep); await workers.close() }
}
