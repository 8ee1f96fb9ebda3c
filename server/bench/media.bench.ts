// `npm run bench:media -- --json [--sessions 4 --rate 10 --seconds 30 --text-seconds 20 --big 6 --big-mb 20 --split]`:
// simulated customers (stock Baileys on the product side, the simulator's media host on 127.0.0.1)
// write to N paired shops. In ONE run, against one product (all roles; --split: api+gateway and a
// worker process):
//   0. a 3 s warm-up burst of all three kinds, not measured (lost messages are still counted);
//   1. a text-only burst at --rate for --text-seconds: the baseline p95 message-to-inbox;
//   2. a burst of photos (bukti transfer JPEGs with a caption) and voice notes (Ogg/Opus ptt) at the
//      same rate for --seconds: p95 message-to-inbox, which must stay within 1.5× of the text
//      figure, and p95 until the photo's thumbnail is ready;
//   3. --big videos of --big-mb MB sent at once: the peak RSS of the product while they download.
// Message-to-inbox is measured as bench:pipeline does: from the simulator being asked to send to
// the `message.created` event on the shop's events socket (what the dashboard shows). Afterwards
// the database says which sent messages were never stored (`lost`). A benchmark, not a test.
import { rmSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import WebSocket from 'ws'
import { control, createFixture, loadFixtureSessions, startSimProcess } from '../sim/cli/bare-load.js'
import { argValue, hasFlag } from '../sim/cli/args.js'
import { quietLibsignal } from '../sim/cli/quiet.js'
import { transferReceiptJpeg } from '../sim/media/samples.js'
import { rowsOf } from '../src/db/client.js'
import { SIM_PRELOAD, startProduct } from '../test/e2e/product-process.js'
import { importSessions } from './lib/import-sessions.js'
import { ownerTokens } from './lib/owner-tokens.js'
import { benchServices, rssOfPid } from './lib/services.js'

quietLibsignal()
const num = (name: string, dflt: number) => { const v = Number(argValue(name) ?? dflt); if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number`); return v }
const sessions = Math.max(1, num('--sessions', 4))
const rate = Math.max(1, num('--rate', 10))
// The two bursts together stay within two minutes, so the benchmark stays a few minutes at most.
const seconds = Math.min(90, num('--seconds', 30))
const textSeconds = Math.min(30, num('--text-seconds', Math.min(20, seconds)))
const bigFiles = num('--big', 6)
const bigBytes = Math.round(num('--big-mb', 20) * 1024 * 1024)
const split = hasFlag('--split')
const fixtureDir = argValue('--fixture') ?? join(tmpdir(), `warta-sim-fixture-${sessions}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : null }
const r = (x: number | null) => (x === null ? null : Math.round(x))

if (!existsSync(join(fixtureDir, 'sessions.json')) || loadFixtureSessions(fixtureDir).length < sessions) await createFixture(sessions, fixtureDir)
const saved = loadFixtureSessions(fixtureDir).slice(0, sessions)
const svc = await benchServices('media')
// BENCH_CPU_PROFILE_DIR=dir writes a V8 CPU profile of the product and of the simulator there.
const profileDir = process.env.BENCH_CPU_PROFILE_DIR
const profile = (name: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : [])
const sim = await startSimProcess({ restore: join(fixtureDir, 'sim.json'), nodeArgs: profile('sim') })
const jwtSecret = `bench-${randomUUID()}-secret-long-enough`
const tenants = await importSessions(svc.database.db, saved)
const phones = saved.map((s) => s.creds.me!.id.split(':')[0]!)
const dataDir = join(tmpdir(), `warta-bench-media-${Date.now()}`)
const productEnv = {
  DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, REDIS_PREFIX: svc.prefix, WA_WS_URL: sim.url,
  WA_SIM: '1', WA_SIM_ROOT_PUB: sim.rootPublicKey, WA_SIM_MEDIA_CA: sim.mediaCaPem, WARTA_DATA_DIR: dataDir,
  JWT_SECRET: jwtSecret, WA_RESTORE_CONCURRENCY: '16', LOG_LEVEL: 'error', WORKER_CONCURRENCY: '32', METRICS_TOKEN: `${jwtSecret}-metrics`,
  // Passed through, to compare settings in one sitting (MEDIA_FETCH_CONCURRENCY=32 MEDIA_IMAGE_THREADS=2: the old behaviour).
  ...Object.fromEntries(['MEDIA_FETCH_CONCURRENCY', 'MEDIA_IMAGE_THREADS'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : []))),
}
const product = await startProduct({ ...productEnv, ...(split ? { WARTA_ROLES: 'api,gateway' } : {}) }, { preload: SIM_PRELOAD, nodeArgs: profile('product') })
const worker = split ? await startProduct({ ...productEnv, WARTA_ROLES: 'worker' }, { preload: SIM_PRELOAD }) : undefined
const pids = [product.child.pid!, ...(worker ? [worker.child.pid!] : [])]
const tokens = await ownerTokens(svc.database.db, tenants, jwtSecret)
const api = (token: string, path: string, body: unknown) => fetch(`${product.url}/api/v1${path}`, {
  method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
}).then(async (res) => { if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`) })
const count = async (query: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await svc.database.db.execute(query))[0]?.n ?? 0
/** Polls until `done()` or `limitMs` passed; returns whether it was done (the bench reports what is missing). */
async function until(done: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  const end = Date.now() + limitMs
  while (Date.now() < end) {
    if (await done()) return true
    await sleep(200)
  }
  return false
}

// No auto-reply, no follow-ups: the inbox, the media fetch and the classifier are what this measures.
for (const token of tokens) await api(token, '/ai-config', { autoReply: false, followUp: { enabled: false }, quietHours: { start: '00:00', end: '00:00' } })
await until(async () => {
  const m = await fetch(`${product.url}/metrics`, { headers: { authorization: `Bearer ${productEnv.METRICS_TOKEN}` } }).then((res) => res.text())
  return Number(/warta_sessions\{state="connected"\} (\d+)/.exec(m)?.[1] ?? 0) >= sessions
}, 120_000)

// What the shops' dashboards see, by our message id: when it appeared, and when its media was ready.
const createdAt = new Map<string, number>()
const readyAt = new Map<string, number>()
const thumbAt = new Map<string, number>()
const sockets = await Promise.all(tokens.map((token) => new Promise<WebSocket>((resolve, reject) => {
  const ws = new WebSocket(`${product.url.replace('http', 'ws')}/api/v1/events`)
  ws.on('error', reject)
  ws.on('close', (code) => reject(new Error(`events socket closed (${code}): ${product.output().slice(-500)}`)))
  ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })))
  ws.on('message', (raw) => {
    const now = Date.now()
    const e = JSON.parse(String(raw))
    if (e.type === 'ready') return resolve(ws)
    if (e.type === 'message.created' && e.data.message.direction === 'in' && !createdAt.has(e.data.message.id)) createdAt.set(e.data.message.id, now)
    if (e.type === 'message.updated') {
      const id: string = e.data.messageId
      const media = e.data.media ?? e.data.message?.media
      if (media?.state === 'ready' && !readyAt.has(id)) readyAt.set(id, now)
      if (media?.state === 'ready' && media.thumbnailUrl && !thumbAt.has(id)) thumbAt.set(id, now)
    }
  })
})))

// Customers: two per shop. Warm-up, not measured, as in bench:pipeline: each says hello once and the
// shop answers, so Signal sessions are confirmed both ways, as between a shop and its regulars.
const customers: string[] = []
for (let i = 0; i < sessions * 2; i++) customers.push((await control<{ pn: string }>(sim, '/customers', { name: `Pelanggan ${i}` })).pn)
for (const token of tokens) await api(token, '/ai-config', { autoReply: true, enabledModes: ['faq', 'order', 'other'] })
await Promise.all(customers.map((c, i) => control(sim, `/customers/${c}/send`, { to: phones[i % sessions]!, text: 'Halo kak, buka jam berapa?' })))
await until(async () => (await control<unknown[]>(sim, '/outgoing')).length >= customers.length, 60_000)
for (const token of tokens) await api(token, '/ai-config', { autoReply: false })
// Settled: every hello classified and every answer sent, so the text baseline starts from quiet.
await until(async () => (await count(sql`select count(*)::int as n from customer_insights`)) >= customers.length
  && (await count(sql`select count(*)::int as n from messages where direction = 'out' and status = 'pending'`)) === 0, 60_000)

// Photos as customers send them: receipts with different amounts (different files), made here so
// the simulator only encrypts and hosts them, as a phone uploads before it sends.
const receipts = await Promise.all(Array.from({ length: 16 }, (_, i) => transferReceiptJpeg({ amount: `${150 + i * 25}.000` }).then((b) => b.toString('base64'))))
const lines = ['Kak, menu hari ini apa aja?', 'Buka jam berapa min?', 'Harga croissant berapa kak?', 'Ongkir ke Kemang berapa?']
type Kind = 'text' | 'image' | 'ptt' | 'big' | 'warm-text' | 'warm-image' | 'warm-ptt'
const sent = new Map<string, { kind: Kind; at: number; askMs: number }>() // WhatsApp id → what, when, and how long the simulator took to send it
let sendFailed = 0

async function send(kind: Kind, i: number): Promise<void> {
  const customer = customers[i % customers.length]!
  const to = phones[i % sessions]!
  const k = kind.replace('warm-', '')
  const body = k === 'text' ? { to, text: `${lines[i % lines.length]} (${i})` }
    : k === 'image' ? { to, kind: 'image', dataBase64: receipts[i % receipts.length], caption: i % 4 === 0 ? 'Ini bukti transfernya kak' : 'Yang ini ada warna lain?' }
      : k === 'ptt' ? { to, kind: 'ptt', sample: 'voice', seconds: 2 + (i % 7) }
        : { to, kind: 'video', sample: 'video', sizeBytes: bigBytes, caption: 'Video produknya kak' }
  const at = Date.now()
  try {
    const { id } = await control<{ id: string }>(sim, `/customers/${customer}/${k === 'text' ? 'send' : 'send-media'}`, body)
    sent.set(id, { kind, at, askMs: Date.now() - at })
  } catch { sendFailed += 1 }
}

async function burst(kindOf: (i: number) => Kind, total: number): Promise<void> {
  const started = Date.now()
  const inflight: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - Date.now()
    if (wait > 0) await sleep(wait)
    inflight.push(send(kindOf(i), i))
  }
  await Promise.all(inflight)
}

const idsOf = (kinds: Kind[]) => [...sent].filter(([, s]) => kinds.includes(s.kind)).map(([id]) => id)
const listOf = (ids: string[]) => sql.join(ids.length ? ids.map((id) => sql`${id}`) : [sql`null`], sql`, `)
const storedCount = (ids: string[]) => count(sql`select count(distinct wa_id)::int as n from messages where direction = 'in' and wa_id in (${listOf(ids)})`)
const settledCount = (ids: string[]) => count(sql`select count(*)::int as n from media join messages on messages.id = media.message_id where media.state <> 'pending' and messages.wa_id in (${listOf(ids)})`)

// Peak RSS of the product process(es), summed per sample, in each phase.
let phase: 'text' | 'media' | 'big' | 'idle' = 'idle'
const peak: Record<string, number> = { text: 0, media: 0, big: 0, idle: 0 }
const sampler = setInterval(() => {
  try { peak[phase] = Math.max(peak[phase]!, pids.reduce((sum, pid) => sum + rssOfPid(pid), 0)) } catch { /* the process ended */ }
}, 50)

// Warm-up burst, not measured: texts, photos and voice notes for a few seconds, so the text
// baseline does not carry the product's first-use costs (JIT, pools, sharp) that the media burst
// after it would not — a cold baseline would flatter the ratio.
const warmKinds: Kind[] = ['warm-text', 'warm-image', 'warm-ptt']
await burst((i) => warmKinds[i % 3]!, Math.round(rate * 3))
const warmIds = idsOf(warmKinds)
await until(async () => (await storedCount(warmIds)) >= warmIds.length && (await settledCount(idsOf(['warm-image', 'warm-ptt']))) >= warmIds.length - idsOf(['warm-text']).length, 60_000)
phase = 'text'
await burst(() => 'text', Math.round(rate * textSeconds))
await until(async () => (await storedCount(idsOf(['text']))) >= idsOf(['text']).length, 60_000)
phase = 'media'
// Alternating per round of shops, so every shop gets photos from one customer and voice notes from the other.
await burst((i) => (Math.floor(i / sessions) % 2 === 0 ? 'image' : 'ptt'), Math.round(rate * seconds))
const mediaIds = idsOf(['image', 'ptt'])
await until(async () => (await storedCount(mediaIds)) >= mediaIds.length && (await settledCount(mediaIds)) >= mediaIds.length, 90_000)
phase = 'idle'
await sleep(500) // one more round of samples at rest before the big files (the baseline for them)
const rssBeforeBigMB = peak.idle!
phase = 'big'
const bigStarted = Date.now()
await Promise.all(Array.from({ length: bigFiles }, (_, i) => send('big', i)))
const bigIds = idsOf(['big'])
await until(async () => (await settledCount(bigIds)) >= bigIds.length, 120_000)
const bigSeconds = (Date.now() - bigStarted) / 1000
clearInterval(sampler)

// Our message id ↔ WhatsApp id, to join the dashboards' events with what was sent.
const rows = rowsOf<{ id: string; wa_id: string; state: string | null }>(await svc.database.db.execute(
  sql`select messages.id, messages.wa_id, media.state from messages left join media on media.message_id = messages.id where messages.direction = 'in'`))
const byWa = new Map<string, typeof rows>()
for (const row of rows) byWa.set(row.wa_id, [...(byWa.get(row.wa_id) ?? []), row])
type Measured = 'text' | 'image' | 'ptt' | 'big'
const inbox: Record<Measured, number[]> = { text: [], image: [], ptt: [], big: [] }
const thumbMs: number[] = []
const readyMs: Record<Measured, number[]> = { text: [], image: [], ptt: [], big: [] }
const askMs: Record<Measured, number[]> = { text: [], image: [], ptt: [], big: [] }
let lost = 0
let duplicates = 0
let mediaNotReady = 0
for (const [waId, s] of sent) {
  const stored = byWa.get(waId) ?? []
  if (stored.length === 0) { lost += 1; continue }
  duplicates += stored.length - 1
  const row = stored[0]!
  if (!s.kind.endsWith('text') && row.state !== 'ready') mediaNotReady += 1
  const c = createdAt.get(row.id)
  if (s.kind.startsWith('warm-')) continue // the warm-up counts for lost and duplicates only
  const kind = s.kind as Measured
  askMs[kind].push(s.askMs)
  if (c !== undefined) inbox[kind].push(c - s.at)
  const ready = readyAt.get(row.id)
  if (ready !== undefined) readyMs[kind].push(ready - s.at)
  const thumb = thumbAt.get(row.id)
  if (s.kind === 'image' && thumb !== undefined) thumbMs.push(thumb - s.at)
}

for (const ws of sockets) ws.close()
await product.stop()
await worker?.stop()
await sim.stop()
await svc.close()
rmSync(dataDir, { recursive: true, force: true })

const mediaInbox = [...inbox.image, ...inbox.ptt]
const textP95 = pct(inbox.text, 95)
const mediaP95 = pct(mediaInbox, 95)
const ratio = textP95 && mediaP95 !== null ? Math.round((mediaP95 / textP95) * 100) / 100 : null
const result = {
  sessions, processes: split ? 2 : 1, ratePerSec: rate, textMessages: idsOf(['text']).length, photos: idsOf(['image']).length, voiceNotes: idsOf(['ptt']).length,
  lost, duplicates, sendFailed, mediaNotReady,
  textP50InboxMs: r(pct(inbox.text, 50)), textP95InboxMs: r(textP95),
  p50InboxMs: r(pct(mediaInbox, 50)), p95InboxMs: r(mediaP95), ratio, withinBound: ratio !== null && ratio <= 1.5,
  p50ThumbnailMs: r(pct(thumbMs, 50)), p95ThumbnailMs: r(pct(thumbMs, 95)), thumbnails: thumbMs.length,
  p95VoiceReadyMs: r(pct(readyMs.ptt, 95)),
  p95PhotoInboxMs: r(pct(inbox.image, 95)), p95VoiceInboxMs: r(pct(inbox.ptt, 95)),
  // How long the simulated phone took to make and send each (generate, encrypt, host, send): part
  // of every figure above, as a phone's upload is part of what its owner waits for.
  p95SimSendMs: { text: r(pct(askMs.text, 95)), image: r(pct(askMs.image, 95)), ptt: r(pct(askMs.ptt, 95)) },
  bigFiles: bigIds.length, bigFileMB: Math.round(bigBytes / 1048576), bigReadyMaxMs: r(readyMs.big.length ? Math.max(...readyMs.big) : null), bigSeconds: Math.round(bigSeconds * 10) / 10,
  rssBeforeBigMB: Math.round(rssBeforeBigMB), peakRssMB: Math.round(peak.big!), peakRssTextMB: Math.round(peak.text!), peakRssMediaMB: Math.round(peak.media!),
}
process.stdout.write(hasFlag('--json') ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`)
process.exit(lost === 0 && duplicates === 0 && sendFailed === 0 && result.withinBound ? 0 : 1)
