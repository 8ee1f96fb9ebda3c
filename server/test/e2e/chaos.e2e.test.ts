// Chaos (issue 11): PostgreSQL is restarted and Redis is killed with SIGKILL and started again (AOF
// on, same dir) in the middle of a 30 msg/s burst from simulated customers, with auto-reply on.
// The product runs as one process (api+gateway+worker, what `npm start` runs) on a PostgreSQL
// cluster and a redis-server of this test's own, so taking them away hurts no other suite.
// Afterwards: every message the simulator delivered is stored once with one insight, no AI answer
// was sent twice, the same process recovered by itself, /readyz was red during each outage and
// green after while /healthz stayed green, and no request got a 500 (only 503
// service.unavailable) meanwhile. The recovery times are printed as one JSON line.
import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { WaSim, type SimCustomer } from '../../sim/index.js'
import { migrateDatabase, openDatabase, rowsOf, type Database } from '../../src/db/client.js'
import { testConfig } from '../build-test-app.js'
import { waitFor } from '../gateway-harness.js'
import { createFreshDatabase } from '../services.js'
import { ThrowawayPostgres, ThrowawayRedis } from '../throwaway-servers.js'
import { SIM_PRELOAD, simProductEnv, startProduct, type ProductProcess } from './product-process.js'
import { silenceLibsignalConsole } from '../../src/shared/libsignal-console.js'

const RATE_PER_SECOND = 30
const CUSTOMERS = 10
const OUTAGE_MS = 3000
const QUESTIONS = ['Kak, buka jam berapa?', 'Harga es kopi susu berapa kak?', 'Ongkir ke Kemang berapa min?', 'Mau pesan 2 es kopi susu, transfer ke mana kak?']
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let sim: WaSim
let pg: ThrowawayPostgres
let redis: ThrowawayRedis
beforeAll(async () => {
  // The simulator's customers run libsignal in this process; its session dumps only bury the report.
  silenceLibsignalConsole()
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  pg = await ThrowawayPostgres.create()
  redis = await ThrowawayRedis.create({ appendonly: true })
})
afterAll(async () => {
  await sim?.close()
  await pg?.stop()
  await redis?.kill()
})

interface Probe { at: number; status: number; code?: string; database?: string; redis?: string; live?: number }

describe('chaos: dependencies restarted under load', () => {
  it('stores every message once, answers none twice, and recovers by itself when PostgreSQL restarts and Redis is killed mid-burst', async () => {
    const url = await createFreshDatabase(pg.url, 'chaos')
    const setup = await openDatabase({ url, dataDir: '/unused', poolSize: 1 })
    await migrateDatabase(setup)
    await setup.close()
    const config = testConfig({ DATABASE_URL: url, REDIS_URL: redis.url })
    const product: ProductProcess = await startProduct({
      ...simProductEnv(config, redis.url, sim), LOG_LEVEL: 'info', AUTH_REGISTER_PER_HOUR: '1000', AUTH_LOGIN_IP_FAILURES_PER_HOUR: '100000',
    }, { preload: SIM_PRELOAD })
    let database: Database | undefined
    const probes: Probe[] = []
    const apiAnswers: Probe[] = []
    let probing = true
    const loops: Array<Promise<void>> = []
    try {
      const call = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
        const res = await fetch(`${product.url}${path}`, {
          method: init.method ?? 'GET', signal: AbortSignal.timeout(20_000),
          headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
          ...(init.body ? { body: JSON.stringify(init.body) } : {}),
        })
        return { status: res.status, body: await res.json().catch(() => undefined) as any }
      }
      const email = `chaos-${Date.now()}@example.com`
      const { body: reg } = await call('/api/v1/auth/register', { method: 'POST', body: { businessName: 'Kopi Tahan Banting', email, password: 'rahasia-123' } })
      const token = reg.accessToken as string
      const settings = await call('/api/v1/ai-config', { method: 'PUT', token, body: {
        autoReply: true, enabledModes: ['faq', 'order', 'other'], profile: {
          menu: 'Es kopi susu 22.000', hours: 'Setiap hari 08.00–21.00',
          faq: 'Pembayaran: transfer BCA 1234567890 atau QRIS. Pesan antar ke Jakarta Selatan termasuk Kemang, ongkir Rp 10.000.',
        },
        priceList: [{ name: 'Es Kopi Susu', price: 22000 }],
      } })
      expect(settings.status).toBe(200)
      const { body: connect } = await call('/api/v1/device/connect', { method: 'POST', token })
      const phone = sim.createPhone({ pushName: 'Kopi Tahan Banting' })
      await phone.scan(connect.qr.code)
      await waitFor(async () => (await call('/api/v1/device/status', { token })).body?.state === 'connected', 30_000, 'connected')

      // /readyz every 100 ms, and two routes (one on PostgreSQL, one on both) every 250 ms.
      const t0 = Date.now()
      loops.push((async () => {
        while (probing) {
          const [r, live] = await Promise.all(['/readyz', '/healthz'].map((path) => call(path).catch(() => ({ status: 0, body: undefined }))))
          probes.push({ at: Date.now() - t0, status: r!.status, database: r!.body?.checks?.database, redis: r!.body?.checks?.redis, live: live!.status })
          await sleep(100)
        }
      })())
      loops.push((async () => {
        while (probing) {
          for (const r of await Promise.all([
            call('/api/v1/conversations?limit=5', { token }),
            call('/api/v1/auth/login', { method: 'POST', body: { email, password: 'rahasia-123' } }),
          ].map((p) => p.catch((err: Error) => ({ status: 0, body: { error: { code: err.name } } }))))) {
            apiAnswers.push({ at: Date.now() - t0, status: r.status, code: r.body?.error?.code })
          }
          await sleep(250)
        }
      })())

      // The burst: paced to RATE_PER_SECOND across the customers, until told to stop.
      const customers: SimCustomer[] = Array.from({ length: CUSTOMERS }, (_, i) => sim.createCustomer({ name: `Pelanggan ${i}` }))
      const sent: string[] = []
      let traffic = true
      const pump = (async () => {
        const start = Date.now()
        for (let i = 0; traffic; i++) {
          sent.push(await customers[i % CUSTOMERS]!.sendText(phone, `${QUESTIONS[i % QUESTIONS.length]} (#${i})`))
          const wait = start + ((i + 1) * 1000) / RATE_PER_SECOND - Date.now()
          if (wait > 0) await sleep(wait)
        }
      })()

      const problems = () => product.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l)).slice(-30).join('\n')
      const readyAgain = async (since: number) => {
        await waitFor(() => probes.some((p) => p.at >= since && p.status === 200), 60_000, '/readyz green again')
          .catch((err: Error) => { throw new Error(`${err.message}; last probes ${JSON.stringify(probes.slice(-5))}\n${problems()}`) })
        return probes.find((p) => p.at >= since && p.status === 200)!.at
      }
      await sleep(1500)
      // (a) PostgreSQL restart: a clean stop (sessions terminated), a few seconds down, start.
      const pgStop = Date.now() - t0
      await pg.stop('fast')
      await sleep(OUTAGE_MS)
      const pgStart = Date.now() - t0
      await pg.start()
      const pgBack = Date.now() - t0
      const pgReady = await readyAgain(pgBack)
      // (b) Redis: SIGKILL, a few seconds down, started again on the same dir (AOF restores).
      const redisKill = Date.now() - t0
      await redis.kill()
      await sleep(OUTAGE_MS)
      const redisStart = Date.now() - t0
      await redis.start()
      const redisBack = Date.now() - t0
      const redisReady = await readyAgain(redisBack)
      await sleep(1000)
      traffic = false
      await pump
      const burstEnd = Date.now() - t0

      database = await openDatabase({ url, dataDir: config.dataDir, poolSize: 2 })
      const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await database!.db.execute(q))
      // 1. Every delivered message stored exactly once.
      const storedRows = () => query<{ wa_id: string; n: number }>(sql`select wa_id, count(*)::int as n from messages where direction = 'in' group by wa_id`)
      const stored = await waitFor(async () => {
        const rows = await storedRows()
        return rows.length >= sent.length ? rows : undefined
      }, 90_000, 'every customer message stored').catch(async (err: Error) => {
        const have = new Set((await storedRows()).map((r) => r.wa_id))
        const missing = sent.filter((id) => !have.has(id)).map((id) => ({ id, receipts: sim.deviceReceipts.get(id) ?? [], errorAck: sim.errorAcks.filter((e) => e.id === id) }))
        throw new Error(`${err.message}; ${missing.length} of ${sent.length} missing: ${JSON.stringify(missing.slice(0, 20))}\n${problems()}`)
      })
      const storedAll = Date.now() - t0
      // How long the slowest message took from the customer's phone to the inbox.
      const [latency] = await query<{ ms: number }>(sql`select (extract(epoch from max(created_at - wa_timestamp)) * 1000)::int as ms from messages where direction = 'in'`)
      expect(stored.map((r) => r.wa_id).sort()).toEqual([...sent].sort())
      expect(stored.filter((r) => r.n !== 1)).toEqual([])
      // 2. Exactly one insight per message.
      await waitFor(async () => {
        const [r] = await query<{ n: number }>(sql`select count(distinct message_id)::int as n from customer_insights`)
        return r!.n >= sent.length || undefined
      }, 90_000, 'an insight for every message')
      const [insights] = await query<{ n: number; d: number }>(sql`select count(*)::int as n, count(distinct message_id)::int as d from customer_insights`)
      expect(insights).toEqual({ n: sent.length, d: sent.length })
      const classifiedAll = Date.now() - t0
      // 3. The outbox drained; nothing answered twice; every distinct message a customer got is one outgoing row.
      await waitFor(async () => {
        const [r] = await query<{ pending: number }>(sql`select count(*)::int as pending from messages where direction = 'out' and status = 'pending'`)
        return r!.pending === 0 || undefined
      }, 60_000, 'the outbox drained')
      expect(await query(sql`select reply_to_message_id from messages where sent_by = 'ai' group by 1 having count(*) > 1`)).toEqual([])
      await sleep(1000)
      // What the customers got first, the rows after: a row is committed before its message is
      // sent, so a reply still being made cannot show up as a message without a row.
      const received = [...new Set(customers.flatMap((c) => c.received().map((m) => m.id)))]
      const outgoing = new Set((await query<{ wa_id: string }>(sql`select wa_id from messages where direction = 'out'`)).map((r) => r.wa_id))
      expect(received.length).toBeGreaterThanOrEqual(CUSTOMERS)
      expect(received.filter((id) => !outgoing.has(id))).toEqual([])
      // 4. The same process throughout; /readyz red while each dependency was down, green after.
      expect(product.child.exitCode).toBeNull()
      expect(probes.some((p) => p.at > pgStop && p.at < pgStart && p.status === 503 && p.database !== 'ok')).toBe(true)
      expect(probes.some((p) => p.at > redisKill && p.at < redisStart && p.status === 503 && p.redis !== 'ok')).toBe(true)
      expect(probes.at(-1)!.status).toBe(200)
      // Short outages the process rides out: /healthz never asked for a restart.
      expect(probes.filter((p) => p.live !== 200)).toEqual([])
      // 5. While a dependency was down, requests got a 503 with its code, never a 500 or no answer.
      const bad = apiAnswers.filter((a) => ![200, 201].includes(a.status) && !(a.status === 503 && a.code === 'service.unavailable'))
      expect(bad).toEqual([])

      process.stdout.write(`${JSON.stringify({
        chaos: 'recovery', messages: sent.length, ratePerSecond: RATE_PER_SECOND,
        postgres: { downMs: pgBack - pgStop, readyAfterStartMs: pgReady - pgBack },
        redis: { downMs: redisBack - redisKill, readyAfterStartMs: redisReady - redisBack },
        afterBurst: { allStoredMs: storedAll - burstEnd, allClassifiedMs: classifiedAll - burstEnd }, slowestMessageToInboxMs: latency!.ms,
        answers503: apiAnswers.filter((a) => a.status === 503).length, answers: apiAnswers.length,
      })}\n`)
    } finally {
      probing = false
      await Promise.all(loops)
      // For a look at what the product logged through the chaos: CHAOS_LOG=/tmp/chaos.log.
      if (process.env.CHAOS_LOG) writeFileSync(process.env.CHAOS_LOG, product.output())
      await database?.close()
      await product.kill()
    }
  }, 240_000)
})
