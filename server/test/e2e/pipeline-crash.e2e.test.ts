// Pipeline crash safety: customers write in a burst while the gateway process (api+gateway) and
// the worker process are both killed with SIGKILL, twice, and restarted. Afterwards every message
// the simulator delivered is stored exactly once with exactly one insight, and no customer got any
// AI answer or follow-up twice: each distinct message a customer received is one outgoing row, and
// no trigger has two such rows.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { WaSim, type SimCustomer } from '../../sim/index.js'
import { openDatabase, rowsOf, type Database } from '../../src/db/client.js'
import { isolatedTestConfig } from '../build-test-app.js'
import { waitFor } from '../gateway-harness.js'
import { SIM_PRELOAD, simProductEnv, startProduct, type ProductProcess } from './product-process.js'

let sim: WaSim
beforeAll(async () => { sim = await WaSim.start({ deliveryReceiptMs: 100 }) })
afterAll(async () => { await sim?.close() })

const QUESTIONS = ['Kak, buka jam berapa?', 'Harga es kopi susu berapa kak?', 'Ongkir ke Kemang berapa min?']
const ORDER = 'Mau pesan 2 es kopi susu, transfer ke mana kak?'

describe('pipeline crash safety', () => {
  it('keeps every message once, one insight each, and never answers or follows up twice across SIGKILLs', async () => {
    const config = await isolatedTestConfig()
    const env = simProductEnv(config, inject('redisUrl'), sim)
    const preload = SIM_PRELOAD
    const start = () => Promise.all([
      startProduct({ ...env, WARTA_ROLES: 'api,gateway' }, { preload }),
      startProduct({ ...env, WARTA_ROLES: 'worker' }, { preload }),
    ])
    let [gateway, worker]: ProductProcess[] = await start()
    let database: Database | undefined
    try {
      const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => fetch(`${gateway!.url}/api/v1${path}`, {
        method: init.method ?? 'GET',
        headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => undefined) as any }))
      const { body: reg } = await api('/auth/register', { method: 'POST', body: { businessName: 'Kopi Tahan Banting', email: `pcrash-${Date.now()}@example.com`, password: 'rahasia-123' } })
      const token = reg.accessToken as string
      const settings = await api('/ai-config', { method: 'PUT', token, body: {
        // Every question the customers ask is in the profile, so the AI answers it and the shop's
        // word comes last (a question it had to hand over would leave the shop owing an answer: no nudge).
        autoReply: true, enabledModes: ['faq', 'order', 'other'], profile: {
          menu: 'Es kopi susu 22.000', hours: 'Setiap hari 08.00–21.00',
          faq: 'Pembayaran: transfer BCA 1234567890 atau QRIS. Pesan antar ke Jakarta Selatan termasuk Kemang, ongkir Rp 10.000.',
        },
        priceList: [{ name: 'Es Kopi Susu', price: 22000 }],
        followUp: { enabled: true, afterHours: 2 / 3600, maxCount: 1, onlyHotLeads: true }, quietHours: { start: '00:00', end: '00:00' },
      } })
      expect(settings.status).toBe(200)
      const { body: connect } = await api('/device/connect', { method: 'POST', token })
      const phone = sim.createPhone({ pushName: 'Kopi Tahan Banting' })
      await phone.scan(connect.qr.code)
      const connected = () => waitFor(async () => (await api('/device/status', { token })).body?.state === 'connected', 30_000, 'connected')
      await connected()

      const customers: SimCustomer[] = Array.from({ length: 4 }, (_, i) => sim.createCustomer({ name: `Pelanggan ${i}` }))
      const sent: string[] = []
      let traffic = true
      const pump = (async () => {
        for (let i = 0; traffic; i++) {
          sent.push(await customers[i % customers.length]!.sendText(phone, i % 5 === 0 ? ORDER : QUESTIONS[i % QUESTIONS.length]!))
          await new Promise((r) => setTimeout(r, 60))
        }
      })()
      for (let round = 0; round < 2; round++) {
        await new Promise((r) => setTimeout(r, 1500))
        await Promise.all([gateway!.kill(), worker!.kill()]);
        [gateway, worker] = await start()
        await connected()
      }
      await new Promise((r) => setTimeout(r, 1000))
      traffic = false
      await pump
      // Each customer's last word is an order, then silence: the follow-ups have to fire.
      for (const c of customers) sent.push(await c.sendText(phone, ORDER))

      database = await openDatabase({ url: config.db.url, dataDir: config.dataDir, poolSize: 2 })
      const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await database!.db.execute(q))
      // 1. Every delivered message stored exactly once.
      const storedRows = () => query<{ wa_id: string; n: number }>(sql`select wa_id, count(*)::int as n from messages where direction = 'in' group by wa_id`)
      const stored = await waitFor(async () => {
        const rows = await storedRows()
        return rows.length >= sent.length ? rows : undefined
      }, 60_000, 'every customer message stored').catch(async (err: Error) => {
        // Say which messages are missing and what the simulator saw of them (receipt types, errors).
        const have = new Set((await storedRows()).map((r) => r.wa_id))
        const missing = sent.filter((id) => !have.has(id)).map((id) => ({ id, receipts: sim.deviceReceipts.get(id) ?? [], errorAck: sim.errorAcks.filter((e) => e.id === id) }))
        throw new Error(`${err.message}; missing ${JSON.stringify(missing)}`)
      })
      expect(stored.map((r) => r.wa_id).sort()).toEqual([...sent].sort())
      expect(stored.filter((r) => r.n !== 1)).toEqual([])
      // 2. Exactly one insight per message (jobs of a killed worker are retried after their lock lapses).
      await waitFor(async () => {
        const [r] = await query<{ n: number }>(sql`select count(distinct message_id)::int as n from customer_insights`)
        return r!.n >= sent.length || undefined
      }, 120_000, 'an insight for every message')
      const [insights] = await query<{ n: number; d: number }>(sql`select count(*)::int as n, count(distinct message_id)::int as d from customer_insights`)
      expect(insights).toEqual({ n: sent.length, d: sent.length })
      // 3. The follow-ups fired, and every outgoing row was sent.
      await waitFor(async () => {
        const [r] = await query<{ sent: number; pending: number }>(sql`select
          (select count(*)::int from follow_ups where status = 'sent') as sent,
          (select count(*)::int from messages where direction = 'out' and status = 'pending') as pending`)
        return (r!.sent >= customers.length && r!.pending === 0) || undefined
      }, 60_000, 'follow-ups sent and the outbox drained').catch(async (err: Error) => {
        const followUps = await query(sql`select status, reason, cancel_reason, count(*)::int as n from follow_ups group by 1, 2, 3`)
        const out = await query(sql`select status, sent_by, count(*)::int as n from messages where direction = 'out' group by 1, 2`)
        const [quiet] = await query<{ id: string }>(sql`select id from conversations c where not exists (select 1 from follow_ups f where f.conversation_id = c.id and f.status = 'sent') limit 1`)
        const tails = await query(sql`select * from (select left(m.id::text, 8) as id, direction as d, sent_by, m.status, left(body, 12) as body, left(reply_to_message_id::text, 8) as re,
            m.created_at, m.updated_at, i.mode, i.tags from messages m left join customer_insights i on i.message_id = m.id
            where m.conversation_id = ${quiet!.id} order by m.created_at desc limit 12) t order by created_at`)
        const conv = await query(sql`select waiting_since, handed_over_at, human_takeover, ai_enabled, last_message_at from conversations where id = ${quiet!.id}`)
        tails.push(...conv)
        const fu = await query(sql`select left(trigger_message_id::text, 8) as t, status, cancel_reason, created_at, due_at, updated_at from follow_ups where conversation_id = ${quiet!.id} order by created_at`)
        throw new Error(`${err.message}; follow_ups ${JSON.stringify(followUps)}; outgoing ${JSON.stringify(out)}\n${[...tails, ...fu].map((r) => JSON.stringify(r)).join('\\n')}`)
      })
      // 4. Nothing answered twice: one AI row per customer message, one row per follow-up, and
      // every distinct message a customer received is one of those rows.
      expect(await query(sql`select reply_to_message_id from messages where sent_by = 'ai' group by 1 having count(*) > 1`)).toEqual([])
      expect(await query(sql`select follow_up_id from messages where follow_up_id is not null group by 1 having count(*) > 1`)).toEqual([])
      const outgoing = new Set((await query<{ wa_id: string }>(sql`select wa_id from messages where direction = 'out'`)).map((r) => r.wa_id))
      await new Promise((r) => setTimeout(r, 1000))
      const received = [...new Set(customers.flatMap((c) => c.received().map((m) => m.id)))]
      expect(received.length).toBeGreaterThan(customers.length)
      expect(received.filter((id) => !outgoing.has(id))).toEqual([])
    } finally {
      await database?.close()
      await Promise.all([gateway!.kill(), worker!.kill()])
    }
  }, 300_000)
})
