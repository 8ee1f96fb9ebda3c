// The composition root: createServices(infra) builds every service of the product once, from the
// opened infrastructure. app.ts mounts the modules' routes from what it returns, roles.ts starts the
// gateway and the worker from the same object, and the tests build exactly this too. Nothing else
// constructs a service, so who calls whom is read here and nowhere else.
import type { Config } from './config/config.js'
import type { Database, DbOrTx } from './db/client.js'
import type { RedisHandle } from './infra/redis.js'
import type { Logger } from './shared/logger.js'
import { systemClock, type Clock } from './shared/clock.js'
import { SecretBox } from './shared/crypto.js'
import { createGuardedHttp } from './shared/net/guarded-fetch.js'
import { FixedWindowLimiter } from './shared/fixed-window-limiter.js'
import { signal } from './infra/redis-signal.js'
import { JobQueues } from './queue/job-runtime.js'
import type { LlmPort } from './adapters/llm/llm.port.js'
import type { MailPort } from './adapters/mail/mail.port.js'
import { SmtpMailer } from './adapters/mail/smtp/smtp-mailer.js'
import type { WhatsAppPort } from './adapters/whatsapp/whatsapp.port.js'
import { BaileysWhatsApp } from './adapters/whatsapp/baileys/baileys-whatsapp.js'
import { RedisEventBus, type OutboxPublisher } from './modules/realtime/realtime.bus.js'
import { Presence } from './modules/realtime/realtime.presence.js'
import { InboxStatusService } from './modules/inbox/inbox.status.js'
import { NotesService } from './modules/notes/notes.service.js'
import { AuditService } from './modules/audit/audit.service.js'
import { AuthService } from './modules/auth/auth.service.js'
import { PasswordResetService } from './modules/auth/auth.password-reset.service.js'
import { SessionGuard } from './modules/auth/auth.session-guard.service.js'
import { TeamService } from './modules/team/team.service.js'
import { ApiKeysService } from './modules/api-keys/api-keys.service.js'
import { HealthService } from './modules/health/health.service.js'
import { MetricsService } from './modules/metrics/metrics.service.js'
import { WebhooksService } from './modules/webhooks/webhooks.service.js'
import { WebhookSender } from './modules/webhooks/webhooks.sender.js'
import { WebhookFanout, type WebhookOutbox } from './modules/webhooks/webhooks.fanout.js'
import { RedisEndpointSlots } from './modules/webhooks/webhooks.slots.js'
import { NumberCheckService } from './modules/contacts/contacts.service.js'
import { Reachability } from './modules/contacts/contacts.reachability.js'
import { BatchesService } from './modules/batches/batches.service.js'
import { AiConfigService, type AiConfigRow } from './modules/ai-config/ai-config.service.js'
import { InboxService } from './modules/inbox/inbox.service.js'
import { InboxEvents } from './modules/inbox/inbox.events.js'
import { InboxHistory } from './modules/inbox/inbox.history.js'
import { TenantsService } from './modules/tenants/tenants.service.js'
import { outboxChannel } from './modules/inbox/inbox.outbox.js'
import { InboundDeadLetters } from './modules/inbox/inbox.dead-letters.js'
import { WaitingAlerts } from './modules/inbox/inbox.waiting.service.js'
import { InsightsService } from './modules/insights/insights.service.js'
import { KnowledgeService } from './modules/knowledge/knowledge.service.js'
import { FollowUpService } from './modules/followups/followups.service.js'
import { CustomersService } from './modules/customers/customers.service.js'
import { CustomerDeletion } from './modules/customers/customers.deletion.js'
import { AwayService } from './modules/away/away.service.js'
import { DeviceOverrides } from './modules/device-settings/device-settings.overrides.js'
import { DeviceSettingsService } from './modules/device-settings/device-settings.service.js'
import { ContactDirectory } from './modules/inbox/inbox.directory.js'
import { OverviewService } from './modules/overview/overview.service.js'
import { QuickRepliesService } from './modules/quick-replies/quick-replies.service.js'
import { LabelsService } from './modules/labels/labels.service.js'
import { ApiMessagesService } from './modules/messages/messages.service.js'
import { QrStore } from './modules/sessions/sessions.qr-store.js'
import { DeviceService, resolveDevice } from './modules/sessions/sessions.service.js'
import { DeviceListService } from './modules/sessions/sessions.devices.js'
import { SessionControlSwitch } from './modules/sessions/sessions.commands.js'
import type { Demo } from './demo/index.js'
import { createMediaStore } from './adapters/media/media.factory.js'
import { WaMediaDownloader } from './adapters/whatsapp/wa-media-download.js'
import { MediaLinks } from './modules/media/media-links.js'
import { MediaService } from './modules/media/media.service.js'
import { messageTypeOf, OutgoingMedia, type PreparedMedia } from './modules/media/media.outgoing.js'

export interface Infra {
  config: Config
  database: Database
  redis: RedisHandle
  logger: Logger
  clock?: Clock
  /** Replaces the SMTP mailer built from config (never needed by the product). */
  mailer?: MailPort
  /** Replaces Baileys (tests use the in-memory fake). */
  whatsapp?: WhatsAppPort
  /** Tests swap the tenant's AI for one pointed at a local OpenAI-shaped server. */
  llmOverride?: (row: AiConfigRow, apiKey: string | null) => LlmPort
  /**
   * Tests: what a crash right after each commit leaves. Webhook events are recorded with their
   * change but this process never dispatches them, so only the sweep can deliver them.
   */
  crashBeforeWebhookDispatch?: boolean
}

/** Reply previews per tenant per minute: plenty for trying a few questions, cheap on model credits. */
const PREVIEWS_PER_MINUTE = 20

export type Services = Awaited<ReturnType<typeof createServices>>

export async function createServices(infra: Infra) {
  const { config, database, redis, logger } = infra
  const db = database.db
  const clock = infra.clock ?? systemClock
  const prefix = config.redis.prefix
  const closers: Array<() => Promise<void> | void> = []
  const connection = (opts?: Parameters<RedisHandle['connect']>[0]) => {
    const c = redis.connect(opts)
    closers.push(() => { c.disconnect() })
    return c
  }
  const command = connection()
  const publisher = connection({ maxRetriesPerRequest: null })
  // Rate limits live in Redis so several API nodes share the counts; when Redis is down they fail
  // fast (the request gets an error, not a hang) and auth fails closed.
  const limiterRedis = connection({ maxRetriesPerRequest: 1, enableOfflineQueue: true, keyPrefix: `${prefix}:` })
  const previewRedis = connection({ maxRetriesPerRequest: 1 })
  const bus = new RedisEventBus(connection(), connection(), prefix)
  closers.push(() => bus.close())
  const jobs = new JobQueues(connection({ maxRetriesPerRequest: null }), prefix, logger.child({ module: 'queue' }))
  closers.push(() => jobs.close())
  // Every call to a tenant-chosen URL goes through the guarded client (no private/loopback targets
  // unless the operator allows them).
  const outbound = createGuardedHttp(config.outbound, { responseTimeoutMs: config.llm.timeoutMs })
  const webhookHttp = createGuardedHttp(config.outbound, { responseTimeoutMs: config.webhooks.timeoutMs, maxRedirects: 0 })
  closers.push(() => outbound.close(), () => webhookHttp.close())
  const box = new SecretBox(config.secretKey)

  // Demo mode runs the WhatsApp simulator in this process; the import is dynamic so that the
  // normal start path never loads simulator code.
  const demo: Demo | undefined = config.demo
    ? await (await import('./demo/index.js')).createDemo({ db, dataDir: config.dataDir, logger, customersStartChats: config.demoCustomers })
    : undefined
  const whatsapp = infra.whatsapp ?? new BaileysWhatsApp({
    db, logger, wsUrl: demo?.wsUrl ?? config.whatsapp.wsUrl, keyCacheMaxEntries: config.whatsapp.keyCacheMaxEntries,
    simMediaCaPem: demo?.mediaCaPem ?? config.media.simCaPem,
  })

  // Accounts and access.
  const tenants = new TenantsService(db)
  const guard = new SessionGuard(db, connection(), connection(), prefix, logger.child({ module: 'session-guard' }))
  await guard.start()
  closers.push(() => guard.close())
  const auth = new AuthService(db, clock, config.auth.refreshTtlDays, guard, tenants)
  // The audit log: every audited change writes its entry inside its own transaction.
  const audit = new AuditService({ db, clock, members: auth })
  const apiKeys = new ApiKeysService({ db, clock, audit, limiter: new FixedWindowLimiter(limiterRedis, 'rl:api-key', config.apiKeys.requestsPerMinute, 60_000) })
  const mailer = infra.mailer ?? (config.smtp.url ? new SmtpMailer(config.smtp.url, config.smtp.from) : undefined)
  if (mailer) closers.push(() => mailer.close())
  const passwordResets = new PasswordResetService({
    db, clock, auth, ttlMinutes: config.auth.passwordResetTtlMinutes, publicUrl: config.http.publicUrl, mailer, logger: logger.child({ module: 'password-reset' }),
  })
  const team = new TeamService({ db, audit, members: auth, guard, passwordResets })
  const health = new HealthService([
    { name: 'database', ping: () => database.ping(), unrecoverable: () => database.unrecoverable() },
    { name: 'redis', ping: () => limiterRedis.ping(), unrecoverable: () => redis.unrecoverable(), logsItself: true },
  ], { logger: logger.child({ module: 'health' }), unrecoveredAfterMs: config.health.unrecoveredSeconds * 1000 })
  const metrics = new MetricsService(db)

  // Events: everything below publishes through the fan-out, so each event also becomes its
  // webhook deliveries.
  const webhooks = new WebhooksService({
    db, clock, audit, box, http: webhookHttp, jobs, retry: { maxAttempts: config.webhooks.maxAttempts, baseMs: config.webhooks.retryBaseMs },
  })
  const webhookOutbox: WebhookOutbox = infra.crashBeforeWebhookDispatch
    ? { record: (tx, tenantId, type, data) => webhooks.record(tx, tenantId, type, data), dispatch: async () => {}, dispatchRecorded: async () => {} }
    : webhooks
  const events: OutboxPublisher = new WebhookFanout(bus, webhookOutbox, logger.child({ module: 'webhooks' }))
  const webhookSender = new WebhookSender({
    db, clock, box, http: webhookHttp, timeoutMs: config.webhooks.timeoutMs, bus: events, disableAfterMs: config.webhooks.disableAfterMs,
    slots: new RedisEndpointSlots(publisher, prefix, config.webhooks.endpointConcurrency, config.webhooks.timeoutMs + 5000, (ids) => jobs.promote('webhooks', ids)),
  })

  // Settings are cached per process; a change announces itself so every process drops its copy.
  const aiConfigChannel = `${prefix}:ai-config-changed`
  const aiConfig: AiConfigService = new AiConfigService(db, tenants, box, config.llm.timeoutMs, {
    http: outbound, audit,
    ...(infra.llmOverride ? { llmOverride: infra.llmOverride } : {}),
    announce: async (tenantId) => {
      await signal(publisher, () => publisher.publish(aiConfigChannel, tenantId))
      // Every chat header's "what happens next" follows from these settings: dashboards refetch.
      await events.publish(tenantId, 'ai_config.updated', await replyPolicy(tenantId))
    },
  })
  // A number's own settings override the shop's for its chats; cached and announced the same way.
  const deviceOverrides = new DeviceOverrides(db)
  const deviceSettingsChannel = `${prefix}:device-settings-changed`
  /** The shop's reply policy with its numbers' own auto-reply switches: every reply decision reads this. */
  const replyPolicy = async (tenantId: string) => deviceOverrides.replyPolicy(tenantId, await aiConfig.replyPolicy(tenantId))
  const settingsSub = connection()
  settingsSub.on('message', (channel: string, tenantId: string) => (channel === aiConfigChannel ? aiConfig : deviceOverrides).invalidate(tenantId))
  void settingsSub.subscribe(aiConfigChannel, deviceSettingsChannel).catch((err: unknown) => logger.error({ err }, 'could not subscribe to settings changes'))

  // The inbox is the bottom of the message modules: it knows none of those above it. What they
  // must do when a message is stored or a chat changes hands, they do as listeners of its events.
  const inboxEvents = new InboxEvents()
  // The inbox files chats under the tenant's numbers; the sessions module keeps the list.
  const deviceResolver = { resolve: async (tx: DbOrTx, tenantId: string, deviceId?: string) => (await resolveDevice(tx, tenantId, deviceId)).deviceId }
  const deadLetters = new InboundDeadLetters({ db, logger: logger.child({ module: 'inbox' }) })
  const inbox = new InboxService({
    db, clock, bus: events, jobs, deadLetters, events: inboxEvents,
    // The outbox also sweeps every few seconds: a wake-up lost to a Redis outage only delays it.
    notifyOutbox: async (tenantId) => { await signal(publisher, () => publisher.publish(outboxChannel(prefix), tenantId)) },
    replyPolicy,
    webhookOutbox,
    devices: deviceResolver,
  })
  const history = new InboxHistory(db)
  // The team's handling of chats (status, snooze, assignee), its notes, who is online, and the audit log.
  const presence = new Presence(command, prefix, events)
  const inboxStatus = new InboxStatusService({ db, clock, bus: events, jobs, inbox, members: auth, presence, events: inboxEvents })
  const notes = new NotesService({ db, bus: events, inbox, members: auth, audit })
  // A chat's team changes are audited in their own transaction: an entry that cannot be written
  // undoes the change (never done but unaudited).
  inboxEvents.on('chat.changed', (e) => audit.record(e.tenantId, e.by,
    e.changes.map((c) => ({ action: c.action, targetType: 'conversation', targetId: e.conversationId, details: c.details ?? {} })), e.tx))
  inboxEvents.on('team_settings.changed', (e) => audit.record(e.tenantId, e.by,
    [{ action: 'settings.updated', targetType: 'settings', targetId: 'team', details: { fields: e.fields.join(',') } }], e.tx))
  const waiting = new WaitingAlerts({ db, bus: events, jobs, clock, aiConfig, summary: (tenantId, conversationId) => inbox.summary(tenantId, conversationId) })
  const knowledge = new KnowledgeService({ db, jobs, bus: events, aiConfig, limits: config.knowledge })
  // Media: files behind messages, fetched by the worker, served through signed links.
  const mediaStore = createMediaStore(config.media, config.dataDir)
  const mediaDownloader = new WaMediaDownloader({ simCaPem: demo?.mediaCaPem ?? config.media.simCaPem })
  const mediaLinks = new MediaLinks(config.secretKey, config.media.urlTtlSeconds)
  const media = new MediaService({
    db, store: mediaStore, downloader: mediaDownloader, config: config.media, links: mediaLinks, bus: events,
    retentionDaysFor: async (tenantId) => (await aiConfig.get(tenantId)).mediaRetentionDays ?? config.media.retentionDays,
  })
  closers.push(() => mediaDownloader.close(), () => mediaStore.close())
  // Files the shop sends: checked (and voice notes remuxed) before the message is written, attached
  // in its transaction, uploaded to WhatsApp once by the gateway (roles.ts).
  const outgoingMedia = new OutgoingMedia({ db, store: mediaStore })
  inbox.showMediaWith((tenantId, messageIds, tx) => media.forMessages(tenantId, messageIds, tx), (tx, tenantId, messageId, m) => media.recordInbound(tx, tenantId, messageId, m), {
    prepare: (tenantId, mediaId, opts) => outgoingMedia.prepare(tenantId, mediaId, opts),
    attach: (tx, tenantId, messageId, prepared) => outgoingMedia.attach(tx, tenantId, messageId, prepared as PreparedMedia),
    typeOf: messageTypeOf,
  })
  const insights = new InsightsService({ db, bus: events, jobs, aiConfig, inbox, chats: history, knowledge, media, replyPolicy, logger: logger.child({ module: 'worker' }) })
  media.onSettled((row) => insights.onMediaSettled(row))
  const followUps = new FollowUpService({
    db, bus: events, jobs, clock, aiConfig, inbox, history, insights, audit,
    followUpRule: async (tenantId, deviceId) => deviceOverrides.followUpRule(tenantId, deviceId, (await aiConfig.get(tenantId)).followUp),
  })
  inbox.showInsightsWith((tenantId, messageIds) => insights.forMessages(tenantId, messageIds))
  inboxEvents.on('customer.waiting', (e) => waiting.arm(e.tenantId, e.conversationId, e.since))
  // Outside business hours the away message is queued as the message is stored (away.service.ts
  // says why it goes before, and beside, the AI's answer).
  // Its settings are cached per process like the AI settings: a save announces itself over Redis.
  const awayChannel = `${prefix}:away-changed`
  const away = new AwayService({
    db, clock, logger: logger.child({ module: 'away' }), inbox, aiConfig, audit,
    numbersAway: (tenantId) => deviceOverrides.awayByNumber(tenantId),
    announce: async (tenantId) => { await signal(publisher, () => publisher.publish(awayChannel, tenantId)) },
  })
  const awaySub = connection()
  awaySub.on('message', (_channel: string, tenantId: string) => away.invalidate(tenantId))
  void awaySub.subscribe(awayChannel).catch((err: unknown) => logger.error({ err }, 'could not subscribe to away settings changes'))
  inboxEvents.on('customer.waiting', (e) => away.onCustomerWrote(e.tenantId, e.conversationId))
  // Round-robin, when the tenant turned it on. The message is stored already: a failed
  // assignment only leaves the chat unassigned for a person to pick up.
  inboxEvents.on('customer.waiting', (e) => inboxStatus.autoAssign(e.tenantId, e.conversationId)
    .catch((err: unknown) => { logger.warn({ err, tenantId: e.tenantId }, 'round-robin assignment failed') }))
  // In the inbox's transaction: the cancellations and their `followup.cancelled` commit with the message.
  inboxEvents.on('chat.moots_follow_ups', (e) => followUps.cancelForConversation(e.tx, e.tenantId, e.conversationId, e.reason, e.plannedBefore))
  inboxEvents.on('shop.answered', (e) => followUps.onShopWord(e.tenantId, e.conversationId))
  insights.onClassified((tenantId, conversationId) => followUps.onShopWord(tenantId, conversationId))

  const overview = new OverviewService({ inbox, tenants })
  const labels = new LabelsService({ db, bus: events, inbox })
  const directory = new ContactDirectory(db)
  const customers = new CustomersService({ inbox, directory, insights, followUps, labels })
  const customerDeletion = new CustomerDeletion({ db, directory, media, bus: events, audit })
  const quickReplies = new QuickRepliesService(db)

  // The device: the gateway that holds the socket answers commands; until one in this process
  // does (roles.ts attaches it), commands go over Redis to whichever gateway owns the session.
  const qrStore = new QrStore(command, prefix)
  const sessionControl = new SessionControlSwitch(command, () => redis.connect(), prefix, db, whatsapp)
  const device = new DeviceService(db, qrStore, sessionControl, (d) => whatsapp.hasCredentials(d), config.demo, audit)
  const devices = new DeviceListService({
    db, device, audit, control: sessionControl, wipeCredentials: (d) => whatsapp.wipeCredentials(d), qrStore, maxPerTenant: config.whatsapp.maxDevicesPerTenant,
    onRemoved: (d) => inbox.failPendingOfDevice(d.tenantId, d.deviceId),
    ownSettings: (tenantId) => deviceOverrides.ownGroups(tenantId),
  })
  const deviceSettings = new DeviceSettingsService({
    db, overrides: deviceOverrides, devices, aiConfig, away, audit,
    announce: async (tenantId) => {
      await signal(publisher, () => publisher.publish(deviceSettingsChannel, tenantId))
      // A number's auto-reply switch changes what its chats' headers say: dashboards refetch.
      await events.publish(tenantId, 'ai_config.updated', await replyPolicy(tenantId))
    },
  })
  const numberCheckLimiter = new FixedWindowLimiter(limiterRedis, 'rl:number-check', config.contacts.checksPerMinute, 60_000)
  const reach = new Reachability({
    redis: limiterRedis, control: sessionControl, limiter: numberCheckLimiter,
    wroteToShop: (tenantId, digits) => inbox.phonesThatWrote(tenantId, digits),
    connected: (tenantId) => device.anyConnected(tenantId),
  })
  const numberChecks = new NumberCheckService({ control: sessionControl, limiter: numberCheckLimiter, reach })
  const apiMessages = new ApiMessagesService({ db, clock, inbox, reach, pacing: config.pacing, audit })
  const batches = new BatchesService({ db, clock, inbox, pacing: config.pacing, reach })
  if (demo) closers.push(() => demo.stop())

  return {
    config, database, redis, logger, clock, connection, command,
    bus, events, jobs, whatsapp, demo,
    tenants, guard, auth, passwordResets, apiKeys, team, health, metrics, limiterRedis,
    webhooks, webhookSender, aiConfig, inbox, inboxStatus, notes, presence, audit, history, deadLetters, waiting, insights, followUps, customers, customerDeletion, away, overview, knowledge,
    labels, quickReplies, apiMessages, qrStore, sessionControl, device, devices, deviceSettings, deviceOverrides, media, outgoingMedia, mediaLinks, numberChecks, batches,
    limits: {
      aiTest: new FixedWindowLimiter(previewRedis, `${prefix}:rl:ai-test`, config.ai.testPerMinute, 60_000),
      aiPreview: new FixedWindowLimiter(previewRedis, `${prefix}:rl:ai-preview`, PREVIEWS_PER_MINUTE, 60_000),
    },
    /** Closes what createServices opened, newest first (roles stop their parts before this). */
    async close(): Promise<void> {
      for (const close of closers.reverse()) await close()
    },
  }
}
