// The message pipeline on real PostgreSQL (a database of its own: the follow-up and outbox sweeps
// look at every tenant) and real Redis (a private prefix): the services createServices builds and
// the app mounted from them, no gateway. Tests drive it as the gateway would:
// `pipeline.inbox.ingest(...)`, an OutboxDrainer with a recording `send`, and the worker when they
// start it.
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import type { Config } from '../src/config/config.js'
import { openDatabase, type Database } from '../src/db/client.js'
import { openRedis, type RedisHandle } from '../src/infra/redis.js'
import type { InboundMessage } from '../src/adapters/whatsapp/whatsapp.port.js'
import type { RedisEventBus, WartaEvent } from '../src/modules/realtime/realtime.bus.js'
import { OutboxDrainer, type OutboxItem } from '../src/modules/inbox/inbox.outbox.js'
import { createServices, type Infra, type Services } from '../src/composition.js'
import { startOutbox, startWorker } from '../src/roles.js'
import type { Clock } from '../src/shared/clock.js'
import { isolatedTestConfig, silentLogger } from './build-test-app.js'
import { registerOwner, waitFor } from './gateway-harness.js'

export { registerOwner, waitFor }

/** The password `member()` sets for invited members. */
export const MEMBER_PASSWORD = 'anggota-rahasia-123'

/** A clock tests can move forward (follow-up due times, quiet hours) without sleeping. */
export class TestClock implements Clock {
  offsetMs = 0
  fixed: Date | undefined
  now(): Date { return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs) }
}

export interface PipelineHarness {
  app: FastifyInstance
  config: Config
  database: Database
  redis: RedisHandle
  bus: RedisEventBus
  /** Every service, as createServices built them. */
  pipeline: Services
  clock: TestClock
  /** Starts the worker role (stopped by close). */
  startWorker(): Promise<void>
  /** Starts a gateway's outbox drainer with this `send` for the tenants `ownedConnected` names (stopped by close). */
  /** `ownedConnected`: tenants whose first number (device id = tenant id) is connected here. */
  startOutbox(send: (tenantId: string, msg: OutboxItem) => Promise<void>, ownedConnected: () => string[]): Promise<OutboxDrainer>
  /** An outbox drainer whose `send` records what it sent (and may be told to throw). */
  drainer(send?: (tenantId: string, msg: OutboxItem, deviceId: string) => Promise<void>): { drainer: OutboxDrainer; sent: Array<{ tenantId: string; deviceId: string } & OutboxItem> }
  /** Every event published for the tenant from now on. */
  record(tenantId: string): Promise<WartaEvent[]>
  /** A member of the owner's tenant with `role`, logged in. */
  member(owner: { auth: Record<string, string> }, role: 'admin' | 'agent' | 'viewer'): Promise<{ auth: Record<string, string>; userId: string; email: string }>
  close(): Promise<void>
}

export async function startPipeline(opts: { env?: Record<string, string>; llmOverride?: Infra['llmOverride']; crashBeforeWebhookDispatch?: boolean } = {}): Promise<PipelineHarness> {
  const config = await isolatedTestConfig(opts.env)
  const database = await openDatabase({ url: config.db.url, dataDir: config.dataDir, poolSize: 8 })
  const redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger: silentLogger })
  const clock = new TestClock()
  const pipeline = await createServices({
    config, database, redis, logger: silentLogger, clock,
    ...(opts.llmOverride ? { llmOverride: opts.llmOverride } : {}), ...(opts.crashBeforeWebhookDispatch ? { crashBeforeWebhookDispatch: true } : {}),
  })
  const { bus } = pipeline
  const app = await buildApp(pipeline, { checkResponses: true })
  await app.ready()
  const stops: Array<() => Promise<void>> = []

  return {
    app, config, database, redis, bus, pipeline, clock,
    startWorker: async () => { stops.push(await startWorker(pipeline)) },
    startOutbox: async (send, ownedConnected) => {
      const outbox = await startOutbox(pipeline, (tenantId, _deviceId, msg) => send(tenantId, msg), () => ownedConnected().map((t) => ({ tenantId: t, deviceId: t })))
      stops.push(outbox.stop)
      return outbox.drainer
    },
    drainer: (send) => {
      const sent: Array<{ tenantId: string; deviceId: string } & OutboxItem> = []
      const drainer = new OutboxDrainer({
        db: database.db, bus, logger: silentLogger,
        send: send ? (tenantId, deviceId, msg) => send(tenantId, msg, deviceId) : async (tenantId, deviceId, msg) => { sent.push({ tenantId, deviceId, ...msg }) },
      })
      return { drainer, sent }
    },
    record: async (tenantId) => {
      const events: WartaEvent[] = []
      const off = await bus.subscribe(tenantId, (e) => events.push(e))
      stops.push(off)
      return events
    },
    member: async (owner, role) => {
      const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`
      const invited = await app.inject({ method: 'POST', url: '/api/v1/team', headers: owner.auth, payload: { email, role } })
      if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`)
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: invited.json().temporaryPassword } })
      if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`)
      // A temporary password opens only the password change; set a real one, as the app makes them.
      const changed = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { authorization: `Bearer ${login.json().accessToken}` }, payload: { newPassword: MEMBER_PASSWORD } })
      if (changed.statusCode !== 200) throw new Error(`password change failed: ${changed.body}`)
      return { auth: { authorization: `Bearer ${changed.json().accessToken}` }, userId: changed.json().user.id, email }
    },
    close: async () => {
      for (const stop of stops.reverse()) await stop()
      await app.close()
      await pipeline.close()
      await database.close()
      await redis.close()
    },
  }
}

/** Waits until the customer message with `text` is stored and its inbound job ran to its end. */
export async function processed(h: PipelineHarness, tenantId: string, text: string): Promise<{ id: string; conversationId: string }> {
  const { and, eq } = await import('drizzle-orm')
  const { messages } = await import('../src/modules/inbox/inbox.tables.js')
  const row = await waitFor(async () => (await h.database.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.body, text), eq(messages.direction, 'in'))))[0], 10_000, `stored: ${text}`)
  await waitFor(async () => (await h.pipeline.jobs.queue('inbound').getJobState(`in-${row.id}`)) === 'completed', 15_000, `processed: ${text}`)
  return row
}

let seq = 0
/** A customer's message as the WhatsApp port hands it over. */
export function customerMessage(over: Partial<InboundMessage> & { phone?: string } = {}): InboundMessage {
  seq += 1
  const phone = over.phone ?? `6281${String(Date.now()).slice(-7)}${String(seq).padStart(2, '0')}`
  const pn = `${phone}@s.whatsapp.net`
  const { phone: _p, ...rest } = over
  return {
    waId: `${Date.now().toString(16).toUpperCase()}${String(seq).padStart(6, '0')}AB`,
    chatJid: pn, fromMe: false, customerPn: pn, customerLid: null, pushName: 'Budi', type: 'text',
    text: 'Halo kak', timestamp: new Date(),
    ...rest,
  }
}
