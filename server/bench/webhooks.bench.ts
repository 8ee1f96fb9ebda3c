// `npm run bench:webhooks -- --json [--rate 50 --seconds 15]`: webhook events are published at a
// fixed rate through the real fan-out (one event → one delivery row per subscribed endpoint → a
// BullMQ job → the worker → a signed POST) to local HTTP receivers on 127.0.0.1, with the real
// PostgreSQL and Redis. Phase 1: two healthy receivers. Phase 2: the same two plus one that never
// answers (every attempt waits out the timeout). Measures event-to-delivery latency at the healthy
// receivers (from the event's `createdAt` to the request's arrival), delivered events per second,
// and counts lost events (a healthy receiver never got one). A benchmark, not a test.
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { argValue, hasFlag } from '../sim/cli/args.js'
import { loadConfig } from '../src/config/config.js'
import { openRedis } from '../src/infra/redis.js'
import { createServices } from '../src/composition.js'
import { startWorker } from '../src/roles.js'
import { tenants } from '../src/modules/tenants/tenants.tables.js'
import { benchServices } from './lib/services.js'
import { SYSTEM } from '../src/shared/actor.js'

const rate = Number(argValue('--rate') ?? 50)
const seconds = Number(argValue('--seconds') ?? 15)
const TIMEOUT_MS = 2000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : null }

interface Receiver { server: Server; url: string; arrivals: Map<string, number>; last: number }
async function receiver(behaviour: 'ok' | 'hang', hanging: ServerResponse[]): Promise<Receiver> {
  const arrivals = new Map<string, number>()
  const r: Receiver = { server: undefined as unknown as Server, url: '', arrivals, last: 0 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const at = Date.now()
      if (behaviour === 'hang') { hanging.push(res); return }
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; createdAt: string }
      if (!arrivals.has(event.id)) { arrivals.set(event.id, at - Date.parse(event.createdAt)); r.last = at }
      res.statusCode = 200
      res.end('ok')
    })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  r.server = server
  r.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
  return r
}

const svc = await benchServices('webhooks')
const logger = pino({ level: 'silent' })
const config = loadConfig({
  env: {
    DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, REDIS_PREFIX: svc.prefix, WARTA_DATA_DIR: join(tmpdir(), `warta-bench-wh-${Date.now()}`),
    JWT_SECRET: `bench-${randomUUID()}-secret-long-enough`, WARTA_SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent',
    OUTBOUND_ALLOW_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_HTTP: 'true', WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), WEBHOOK_RETRY_BASE_MS: '1000',
  },
})
const redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger })
const pipeline = await createServices({ config, database: svc.database, redis, logger })
const stopWorker = await startWorker(pipeline)
const hanging: ServerResponse[] = []

/** One phase: a fresh tenant with `healthy` receivers (+ one hanging), events at `rate`/s for `seconds`. */
async function phase(withFailing: boolean, secs = seconds) {
  const tenantId = randomUUID()
  await svc.database.db.insert(tenants).values({ id: tenantId, name: `Bench ${withFailing ? 'failing' : 'healthy'}` })
  const healthy = [await receiver('ok', hanging), await receiver('ok', hanging)]
  const failing = withFailing ? await receiver('hang', hanging) : undefined
  for (const r of [...healthy, ...(failing ? [failing] : [])]) await pipeline.webhooks.create(tenantId, { url: r.url, events: ['message.received'] }, SYSTEM)
  const total = Math.round(rate * secs)
  const started = Date.now()
  const publishes: Array<Promise<void>> = []
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate
    if (due > Date.now()) await sleep(due - Date.now())
    publishes.push(pipeline.webhooks.dispatch(tenantId, 'message.received', { message: { direction: 'in', body: `Pesan ${i}` } }))
  }
  await Promise.all(publishes)
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline && healthy.some((r) => r.arrivals.size < total)) await sleep(100)
  const elapsed = (Math.max(...healthy.map((r) => r.last)) - started) / 1000
  const latencies = healthy.flatMap((r) => [...r.arrivals.values()])
  const lost = healthy.reduce((n, r) => n + (total - r.arrivals.size), 0)
  for (const r of [...healthy, ...(failing ? [failing] : [])]) r.server.closeAllConnections()
  return { total, lost, delivered: latencies.length, elapsed, p50: pct(latencies, 50), p95: pct(latencies, 95), max: pct(latencies, 100), servers: [...healthy, ...(failing ? [failing] : [])] }
}

// Warm-up (JIT, connection pools, BullMQ scripts loaded): not measured.
await phase(false, 3)
const base = await phase(false)
const withFailing = await phase(true)
const result = {
  bench: 'webhooks', rate, seconds, healthyReceivers: 2, failingMode: 'hang', timeoutMs: TIMEOUT_MS,
  endpointConcurrency: config.webhooks.endpointConcurrency, workerConcurrency: config.webhooks.concurrency,
  events: base.total, lost: base.lost + withFailing.lost,
  eventsPerSec: Math.round((base.delivered / 2 / base.elapsed) * 10) / 10,
  p50Ms: base.p50, p95Ms: base.p95, maxMs: base.max,
  p50WithFailingMs: withFailing.p50, p95WithFailingMs: withFailing.p95, maxWithFailingMs: withFailing.max,
  p95ChangePct: base.p95 && withFailing.p95 !== null ? Math.round(((withFailing.p95 - base.p95) / base.p95) * 1000) / 10 : null,
}
for (const res of hanging) res.destroy()
await stopWorker()
await pipeline.close()
for (const s of [...base.servers, ...withFailing.servers].filter((x) => x.server.listening)) await new Promise((ok) => s.server.close(ok))
await redis.close()
await svc.close()
process.stdout.write(hasFlag('--json') ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`)
process.exit(0)
