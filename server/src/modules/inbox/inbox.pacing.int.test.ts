// Send pacing, measured: a 500-number batch (POST /api/v1/batches) to numbers that never wrote leaves the real outbox
// drainer no faster than the (test-sized) rate, one at a time with jitter on top, and a reply to a
// customer who just wrote overtakes the whole queue instead of waiting behind it. The pacer's own
// rules (daily cap on first contacts, jitter bounds) are checked with a fake clock against real
// Redis, where its state lives: a restarted gateway, or a second one, gets no fresh burst or cap.
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { OutboxDrainer } from './inbox.outbox.js'
import { SendPacer } from './inbox.pacing.js'

let h: PipelineHarness
let redis: Redis
beforeAll(async () => { h = await startPipeline(); redis = h.redis.connect() })
afterAll(async () => { redis?.disconnect(); await h?.close() })
const prefix = () => `${h.config.redis.prefix}:${randomUUID()}`

describe('SendPacer', () => {
  it('lets a burst go, then one per interval plus jitter, and caps first contacts per day', async () => {
    let now = Date.parse('2026-12-03T10:00:00Z')
    const pacer = new SendPacer(redis, prefix(), { perMinute: 60, burst: 2, jitterMs: 500, newContactsPerDay: 3 }, () => now, () => 1)
    expect(await pacer.take('t', false)).toBe(0)
    expect(await pacer.take('t', false)).toBe(500) // jitter after the first send (random() = 1 → the full 500 ms)
    now += 500
    expect(await pacer.take('t', false)).toBe(0)
    expect(await pacer.take('t', false)).toBe(500) // bucket empty and jitter pending: wait for whichever is later
    now += 500
    expect(await pacer.take('t', false)).toBe(0) // a token refilled after a second
    now += 1500
    expect(await pacer.take('t', true)).toBe(0)
    now += 1500
    expect(await pacer.take('t', true)).toBe(0)
    now += 1500
    expect(await pacer.take('t', true)).toBe(0)
    now += 1500
    const untilMidnight = Date.parse('2026-12-04T00:00:00Z') - now
    expect(await pacer.take('t', true)).toBe(untilMidnight) // 4th new number today waits for tomorrow
    expect(await pacer.take('t', false)).toBe(0) // someone who wrote before is not capped
    now += untilMidnight
    now += 2000
    expect(await pacer.take('t', true)).toBe(0)
    expect(await pacer.take('other', true)).toBe(0) // per number
  })

  it('keeps the bucket and the daily cap across a restart and between two gateways', async () => {
    const now = Date.parse('2026-12-03T10:00:00Z')
    const shared = prefix()
    const config = { perMinute: 1, burst: 2, jitterMs: 0, newContactsPerDay: 3 }
    const gatewayA = new SendPacer(redis, shared, config, () => now, () => 0)
    expect(await gatewayA.take('t', true)).toBe(0)
    expect(await gatewayA.take('t', true)).toBe(0)
    // Gateway A restarts (a new pacer over a new connection): no fresh burst.
    const restartedConnection = h.redis.connect()
    try {
      const restarted = new SendPacer(restartedConnection, shared, config, () => now, () => 0)
      expect(await restarted.take('t', true)).toBe(60_000)
      // A second gateway at the same moment shares the one budget of this number.
      const gatewayB = new SendPacer(redis, shared, config, () => now + 60_000, () => 0)
      expect(await gatewayB.take('t', true)).toBe(0) // the third first contact today
      const later = new SendPacer(restartedConnection, shared, config, () => now + 10 * 60_000, () => 0)
      expect(await later.take('t', true)).toBe(Date.parse('2026-12-04T00:00:00Z') - (now + 10 * 60_000)) // cap of 3 reached
      expect(await later.take('t', false)).toBe(0)
    } finally {
      restartedConnection.disconnect()
    }
  })

  it('takes exactly the burst when two gateways race for the same number', async () => {
    const now = Date.parse('2026-12-03T10:00:00Z')
    const shared = prefix()
    const config = { perMinute: 1, burst: 5, jitterMs: 0, newContactsPerDay: 1000 }
    const other = h.redis.connect()
    try {
      const pacers = [new SendPacer(redis, shared, config, () => now, () => 0), new SendPacer(other, shared, config, () => now, () => 0)]
      const waits = await Promise.all(Array.from({ length: 20 }, (_, i) => pacers[i % 2]!.take('t', false)))
      expect(waits.filter((w) => w === 0)).toHaveLength(5)
    } finally {
      other.disconnect()
    }
  })
})

describe('paced outbox', () => {
  // The gateway's and the API's idea of "the customer wrote in the last 24 h" follows the clock
  // the services are built with, like every other time rule (follow-ups, quiet hours).
  it('judges the 24 h reply window by the injectable clock: by its reading the customer wrote 25 h ago, so the answer is paced', async () => {
    const owner = await registerOwner(h.app)
    const phone = '6281322223333'
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Kak, ready?', phone })], 'live')
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/batches', headers: owner.auth, payload: {
      template: 'Promo', recipients: ['+6281322220001', '+6281322220002', '+6281322220003'].map((to) => ({ to })),
    } })
    expect(created.statusCode).toBe(201)
    const chat = await h.pipeline.inbox.conversationForPhone(h.database.db, owner.tenantId, phone)
    const answer = (await h.pipeline.inbox.enqueueOutgoing(owner.tenantId, chat, 'Ready, kak', 'api'))!
    h.clock.offsetMs = 25 * 3_600_000
    try {
      // The API's expected time: behind the three paced messages, not "now" as a reply would be.
      const before = h.clock.now().getTime()
      const shown = (await h.app.inject({ method: 'GET', url: `/api/v1/messages/${answer.id}`, headers: owner.auth })).json()
      const gapMs = 60_000 / h.config.pacing.perMinute
      expect(Date.parse(shown.expectedAt) - before).toBeGreaterThanOrEqual(3 * gapMs)
      // The gateway's drainer: no reply lane for it, so it leaves after the batch, in creation order.
      const sent: string[] = []
      const drainer = new OutboxDrainer({
        db: h.database.db, bus: h.bus, logger: pino({ level: 'silent' }), clock: h.clock,
        send: async (tenantId, _device, msg) => { if (tenantId === owner.tenantId) sent.push(msg.toJid) },
      })
      await drainer.kick(owner.tenantId)
      expect(sent).toHaveLength(4)
      expect(sent.at(-1)).toBe(`${phone}@s.whatsapp.net`)
    } finally {
      h.clock.offsetMs = 0
    }
  })

  it('sends 500 first messages no faster than the rate, and a 24 h reply overtakes them', { timeout: 180_000 }, async () => {
    const owner = await registerOwner(h.app)
    const RATE_PER_MINUTE = 1200 // one per 50 ms at the sustained rate
    const MIN_GAP = 60_000 / RATE_PER_MINUTE
    const sent: Array<{ to: string; at: number }> = []
    // The pacer decides on the clock reading it passes to Redis; the grants are those readings of
    // the takes that let a send go (the send follows after the Redis round trip).
    const grants: number[] = []
    const real = new SendPacer(redis, prefix(), { perMinute: RATE_PER_MINUTE, burst: 1, jitterMs: 5, newContactsPerDay: 1000 }, () => { reading = Date.now(); return reading })
    let reading = 0
    const pacer: Pick<SendPacer, 'isReply' | 'take'> = {
      isReply: (at) => real.isReply(at),
      take: async (tenantId, first) => { const wait = await real.take(tenantId, first); if (wait === 0) grants.push(reading); return wait },
    }
    const { drainer } = { drainer: new OutboxDrainer({
      db: h.database.db, bus: h.bus, logger: pino({ level: 'silent' }),
      send: async (_t, _d, msg) => { sent.push({ to: msg.toJid, at: Date.now() }) },
      pacer,
    }) }
    const numbers = Array.from({ length: 500 }, (_, i) => `62812${String(7_000_000 + i).padStart(7, '0')}`)
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/batches', headers: owner.auth, payload: {
      template: 'Promo akhir tahun untuk {{nomor}}', recipients: numbers.map((n) => ({ to: `+${n}`, variables: { nomor: n } })),
    } })
    expect(created.statusCode).toBe(201)
    const started = Date.now()
    void drainer.kick(owner.tenantId)
    await waitFor(() => sent.length >= 100 || undefined, 30_000, '100 sent')

    // A customer writes in now; the shop's answer must not queue behind the ~400 paced messages.
    const customer = customerMessage({ text: 'Kak, masih ada stok?', phone: '6281311112222' })
    await h.pipeline.inbox.ingest(owner.tenantId, [customer], 'live')
    const chat = await h.pipeline.inbox.conversationForPhone(h.database.db, owner.tenantId, '6281311112222')
    const replyQueued = Date.now()
    await h.pipeline.inbox.enqueueOutgoing(owner.tenantId, chat, 'Masih ada, kak!', 'api')
    void drainer.kick(owner.tenantId)
    const reply = await waitFor(() => sent.find((s) => s.to === '6281311112222@s.whatsapp.net'), 5000, 'reply sent')

    await waitFor(() => sent.length >= 501 || undefined, 90_000, 'all sent')
    const batchLeftWhenReplied = sent.filter((s) => s.to !== '6281311112222@s.whatsapp.net' && s.at > reply.at).length
    drainer.stop()
    const batch = sent.filter((s) => s.to !== '6281311112222@s.whatsapp.net')
    expect(new Set(batch.map((s) => s.to)).size).toBe(500)
    expect(grants).toHaveLength(500)
    // The shared bucket in Redis granted them one interval apart (sends are one Redis round trip
    // later, so their own gaps vary by that round trip's variance; the rate is the same).
    const grantGaps = grants.slice(1).map((g, i) => g - grants[i]!)
    expect(Math.min(...grantGaps)).toBeGreaterThanOrEqual(MIN_GAP)
    const gaps = batch.slice(1).map((s, i) => s.at - batch[i]!.at)
    const elapsed = batch.at(-1)!.at - started
    expect(elapsed).toBeGreaterThanOrEqual(499 * MIN_GAP)
    // The reply went out while most of the batch still waited, within moments of being queued.
    expect(reply.at - replyQueued).toBeLessThan(1000)
    expect(batchLeftWhenReplied).toBeGreaterThan(200)
    const progress = (await h.app.inject({ method: 'GET', url: `/api/v1/batches/${created.json().id}`, headers: owner.auth })).json()
    expect(progress).toMatchObject({ status: 'done', progress: { pending: 0, sent: 500 } })
    console.log(JSON.stringify({ pacing: { messages: 500, minGrantGapMs: Math.min(...grantGaps), minSendGapMs: Math.min(...gaps), meanGapMs: Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length * 10) / 10, configuredGapMs: MIN_GAP, replyLatencyMs: reply.at - replyQueued, batchLeftWhenReplied } }))
  })
})
