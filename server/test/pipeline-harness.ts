// The message pipeline on real PostgreSQL (a database of its own: the follow-up and outbox sweeps
// look at every tenant) and real Redis (a private prefix), with the API mounted the way roles.ts
// mounts it. Tests drive it as the gateway would: `pipeline.inbox.ingest(...)`, an OutboxDrainer
// with a recording `send`, and the worker when they start it.
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import type { Config } from '../src/config/config.js'
import { openDatabase, type Database } from '../src/db/client.js'
import { openRedis, type RedisHandle } from '../src/infra/redis.js'
import type { InboundMessage, OutgoingText } from '../src/adapters/whatsapp/whatsapp.port.js'
import { RedisEventBus, type WartaEvent } from '../src/modules/realtime/event-bus.js'
import { OutboxDrainer } from '../src/modules/inbox/outbox-drainer.js'
import { createPipeline, type Pipeline, type PipelineDeps } from '../src/pipeline.js'
import type { Clock } from '../src/shared/clock.js'
import { isolatedTestConfig, silentLogger } from './build-test-app.js'
import { registerOwner, waitFor } from './gateway-harness.js'

export { registerOwner, waitFor }

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
  pipeline: Pipeline
  clock: TestClock
  /** Starts the worker role (stopped by close). */
  startWorker(): Promise<void>
  /** An outbox drainer whose `send` records what it sent (and may be told to throw). */
  drainer(send?: (tenantId: string, msg: OutgoingText) => Promise<void>): { drainer: OutboxDrainer; sent: Array<{ tenantId: string } & OutgoingText> }
  /** Every event published for the tenant from now on. */
  record(tenantId: string): Promise<WartaEvent[]>
  /** A member of the owner's tenant with `role`, logged in. */
  member(owner: { auth: Record<string, string> }, role: 'admin' | 'agent' | 'viewer'): Promise<{ auth: Record<string, string>; userId: string }>
  close(): Promise<void>
}

export async function startPipeline(opts: { env?: Record<string, string>; llmOverride?: PipelineDeps['llmOverride'] } = {}): Promise<PipelineHarness> {
  const config = await isolatedTestConfig(opts.env)
  const database = await openDatabase({ url: config.db.url, dataDir: config.dataDir, poolSize: 8 })
  const redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger: silentLogger })
  const bus = new RedisEventBus(redis.connect(), redis.connect(), config.redis.prefix)
  const clock = new TestClock()
  const pipeline = createPipeline({ config, database, redis, bus, logger: silentLogger, clock, ...(opts.llmOverride ? { llmOverride: opts.llmOverride } : {}) })
  const app = await buildApp({ config, database, redis, logger: silentLogger, clock, apiPlugins: pipeline.apiPlugins })
  await app.ready()
  const stops: Array<() => Promise<void>> = []

  return {
    app, config, database, redis, bus, pipeline, clock,
    startWorker: async () => { const w = await pipeline.startWorker(); stops.push(() => w.close()) },
    drainer: (send) => {
      const sent: Array<{ tenantId: string } & OutgoingText> = []
      const drainer = new OutboxDrainer({
        db: database.db, bus, logger: silentLogger,
        send: send ?? (async (tenantId, msg) => { sent.push({ tenantId, ...msg }) }),
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
      return { auth: { authorization: `Bearer ${login.json().accessToken}` }, userId: login.json().user.id }
    },
    close: async () => {
      for (const stop of stops.reverse()) await stop()
      await app.close()
      await pipeline.close()
      await bus.close()
      await database.close()
      await redis.close()
    },
  }
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
