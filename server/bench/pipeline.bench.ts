// `npm run bench:pipeline -- --json [--sessions 10 --rate 100 --seconds 20 --split]`: simulated
// customers write to N paired shops at a fixed rate; the product (offline classifier; all roles in
// one process, or with --split the docker-compose layout: api+gateway in one, the worker in another)
// stores, classifies and follows up. Measures, from the browser's point of view (the events
// socket): send → message.created (inbox) and → insight.created, follow-up lateness against its
// due time, and afterwards counts lost and duplicated messages in the database. A benchmark, not a test.
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import WebSocket from 'ws'
import { control, createFixture, loadFixtureSessions, startSimProcess } from '../sim/cli/bare-load.js'
import { argValue, hasFlag } from '../sim/cli/args.js'
import { quietLibsignal } from '../sim/cli/quiet.js'
import { rowsOf } from '../src/db/client.js'
import { SIM_PRELOAD, startProduct } from '../test/e2e/product-process.js'
import { importSessions } from './lib/import-sessions.js'
import { ownerTokens } from './lib/owner-tokens.js'
import { benchServices } from './lib/services.js'
import { existsSync } from 'node:fs'

quietLibsignal()
const sessions = Number(argValue('--sessions') ?? 10)
const rate = Number(argValue('--rate') ?? 100)
const seconds = Number(argValue('--seconds') ?? 20)
const fixtureDir = argValue('--fixture') ?? join(tmpdir(), `warta-sim-fixture-${sessions}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : null }

if (!existsSync(join(fixtureDir, 'sessions.json')) || loadFixtureSessions(fixtureDir).length < sessions) await createFixture(sessions, fixtureDir)
const saved = loadFixtureSessions(fixtureDir).slice(0, sessions)
const svc = await benchServices('pipeline')
// BENCH_CPU_PROFILE_DIR=dir writes a V8 CPU profile of the product and of the simulator there.
const profileDir = process.env.BENCH_CPU_PROFILE_DIR
const profile = (name: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : [])
const sim = await startSimProcess({ restore: join(fixtureDir, 'sim.json'), nodeArgs: profile('sim') })
const jwtSecret = `bench-${randomUUID()}-secret-long-enough`
const tenants = await importSessions(svc.database.db, saved)
const phones = saved.map((s) => s.creds.me!.id.split(':')[0]!)
const split = hasFlag('--split')
const productEnv = {
  DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, REDIS_PREFIX: svc.prefix, WA_WS_URL: sim.url,
  WA_SIM: '1', WA_SIM_ROOT_PUB: sim.rootPublicKey, WARTA_DATA_DIR: join(tmpdir(), `warta-bench-${Date.now()}`),
  JWT_SECRET: jwtSecret, WA_RESTORE_CONCURRENCY: '16', LOG_LEVEL: 'error', WORKER_CONCURRENCY: '32', METRICS_TOKEN: `${jwtSecret}-metrics`,
}
const preload = SIM_PRELOAD
const product = await startProduct({ ...productEnv, ...(split ? { WARTA_ROLES: 'api,gateway' } : {}) }, { preload, nodeArgs: profile('product') })
const worker = split ? await startProduct({ ...productEnv, WARTA_ROLES: 'worker' }, { preload, nodeArgs: profile('worker') }) : undefined
const tokens = await ownerTokens(svc.database.db, tenants, jwtSecret)

// Every shop: follow up hot leads after ~4 s, no quiet hours, no auto-reply (the inbox and the
// classifier are what this measures).
for (const token of tokens) {
  const res = await fetch(`${product.url}/api/v1/ai-config`, {
    method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ autoReply: false, followUp: { enabled: true, afterHours: 4 / 3600, maxCount: 1, onlyHotLeads: true }, quietHours: { start: '00:00', end: '00:00' } }),
  })
  if (!res.ok) throw new Error(`ai-config: ${res.status} ${await res.text()}`)
}
// Wait until every session is connected.
for (let i = 0; i < 600; i++) {
  const m = await fetch(`${product.url}/metrics`, { headers: { authorization: `Bearer ${productEnv.METRICS_TOKEN}` } }).then((r) => r.text())
  if (Number(/warta_sessions\{state="connected"\} (\d+)/.exec(m)?.[1] ?? 0) >= sessions) break
  await sleep(200)
}

const sentAt = new Map<string, number>()
const inboxMs: number[] = []
const insightMs: number[] = []
const followLate: number[] = []
const bodyOfMessage = new Map<string, string>()
const sockets = await Promise.all(tokens.map((token) => new Promise<WebSocket>((resolve, reject) => {
  const ws = new WebSocket(`${product.url.replace('http', 'ws')}/api/v1/events`)
  ws.on('error', reject)
  ws.on('close', (code) => reject(new Error(`events socket closed (${code}): ${product.output().slice(-500)}`)))
  ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })))
  ws.on('message', (raw) => {
    const now = Date.now()
    const e = JSON.parse(String(raw))
    if (e.type === 'ready') return resolve(ws)
    if (e.type === 'message.created' && e.data.message.direction === 'in') {
      const tag = /#(\w+)$/.exec(e.data.message.body ?? '')?.[1]
      if (tag && sentAt.has(tag)) { inboxMs.push(now - sentAt.get(tag)!); bodyOfMessage.set(e.data.message.id, tag) }
    }
    if (e.type === 'insight.created') {
      const tag = bodyOfMessage.get(e.data.messageId)
      if (tag) insightMs.push(now - sentAt.get(tag)!)
    }
    if (e.type === 'followup.sent') followLate.push(now - new Date(e.data.dueAt).getTime())
  })
})))

// Customers: two per shop; one in five messages is a hot lead (an order), the rest questions.
const customers: string[] = []
for (let i = 0; i < sessions * 2; i++) customers.push((await control<{ pn: string }>(sim, '/customers', { name: `Bench ${i}` })).pn)

// Warm-up, not measured: each customer says hello once and the shop answers (auto-reply on), so
// Signal sessions are confirmed both ways — as between a shop and its regulars. Without it every
// customer message would be a pre-key message, which no real steady state looks like.
const setAutoReply = (on: boolean) => Promise.all(tokens.map((token) => fetch(`${product.url}/api/v1/ai-config`, {
  method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ autoReply: on, enabledModes: ['faq', 'order', 'other'] }),
})))
await setAutoReply(true)
await Promise.all(customers.map((c, i) => control(sim, `/customers/${c}/send`, { to: phones[i % sessions]!, text: 'Halo kak, buka jam berapa?' })))
for (let i = 0; i < 240; i++) {
  const out = await control<unknown[]>(sim, '/outgoing')
  if (out.length >= customers.length) break
  await sleep(250)
}
await setAutoReply(false)
await sleep(2000)
const lines = ['Kak, menu hari ini apa aja?', 'Buka jam berapa min?', 'Harga croissant berapa kak?', 'Ongkir ke Kemang berapa?']
const total = rate * seconds
const started = Date.now()
const inflight: Promise<unknown>[] = []
for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / rate
  const wait = due - Date.now()
  if (wait > 0) await sleep(wait)
  const tag = `m${i}`
  const shop = phones[i % sessions]!
  const customer = customers[i % customers.length]!
  const text = i % 5 === 0 ? `Mau pesan 2 es kopi susu, transfer ke mana? #${tag}` : `${lines[i % lines.length]} #${tag}`
  sentAt.set(tag, Date.now())
  inflight.push(control(sim, `/customers/${customer}/send`, { to: shop, text }).catch(() => undefined))
}
await Promise.all(inflight)
const sendSeconds = (Date.now() - started) / 1000
// Let the pipeline catch up and the follow-ups (due ~4 s after their hot lead) fire. A machine
// slower than the rate backs up: wait while stored messages still increase (up to 5 minutes), so
// `lost` counts messages never stored, not ones still queued; `drainSeconds` says how long it took.
const storedNow = async () => rowsOf<{ n: number }>(await svc.database.db.execute(sql`select count(*)::int as n from messages where direction = 'in' and body like '%#m%'`))[0]?.n ?? 0
let lastStored = -1
let lastChange = Date.now()
while (Date.now() - sendSeconds * 1000 - started < 300_000) {
  const n = await storedNow()
  if (n !== lastStored) { lastStored = n; lastChange = Date.now() }
  if ((n >= total && insightMs.length >= total) || Date.now() - lastChange > 15_000) break
  await sleep(250)
}
const drainSeconds = Math.round((Date.now() - started) / 100 - sendSeconds * 10) / 10
await sleep(8000)

const rows = rowsOf<{ body: string; n: number }>(await svc.database.db.execute(sql`select body, count(*)::int as n from messages where direction = 'in' group by body`))
const counted = new Map(rows.map((r) => [/#(\w+)$/.exec(r.body)?.[1] ?? '', r.n]))
let lost = 0
let duplicates = 0
for (const tag of sentAt.keys()) { const n = counted.get(tag) ?? 0; if (n === 0) lost += 1; if (n > 1) duplicates += n - 1 }
const [insightRows] = rowsOf<{ n: number; d: number }>(await svc.database.db.execute(sql`select count(*)::int as n, count(distinct message_id)::int as d from customer_insights`))

for (const ws of sockets) ws.close()
await product.stop()
await worker?.stop()
await sim.stop()
await svc.close()

const r = (x: number | null) => (x === null ? null : Math.round(x))
const result = {
  sessions, processes: split ? 2 : 1, messages: total, ratePerSec: Math.round((total / sendSeconds) * 10) / 10, lost, duplicates, drainSeconds,
  p50InboxMs: r(pct(inboxMs, 50)), p95InboxMs: r(pct(inboxMs, 95)), p95InsightMs: r(pct(insightMs, 95)), p50InsightMs: r(pct(insightMs, 50)),
  insights: insightRows?.n ?? 0, insightDuplicates: (insightRows?.n ?? 0) - (insightRows?.d ?? 0),
  followupsSent: followLate.length, followupLateMsP95: r(pct(followLate, 95)),
}
process.stdout.write(hasFlag('--json') ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`)
process.exit(lost === 0 && duplicates === 0 ? 0 : 1)
