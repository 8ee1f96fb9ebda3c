// Send pacing, measured: a 500-number batch (POST /api/v1/batches) to numbers that never wrote leaves the real outbox
// drainer no faster than the (test-sized) rate, one at a time with jitter on top, and a reply to a
// customer who just wrote overtakes the whole queue instead of waiting behind it. The pacer's own
// rules (daily cap on first contacts, jitter bounds, expected times) are checked with a fake clock.
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { OutboxDrainer } from './inbox.outbox.js'
import { SendPacer } from './inbox.pacing.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline() })
afterAll(async () => { await h?.close() })

describe('SendPacer', () => {
  it('lets a burst go, then one per interval plus jitter, and caps first contacts per day', () => {
    let now = Date.parse('2026-12-03T10:00:00Z')
    const pacer = new SendPacer({ perMinute: 60, burst: 2, jitterMs: 500, newContactsPerDay: 3 }, () => now, () => 1)
    expect(pacer.take('t', false)).toBe(0)
    expect(pacer.take('t', false)).toBe(500) // jitter after the first send (random() = 1 → the full 500 ms)
    now += 500
    expect(pacer.take('t', false)).toBe(0)
    expect(pacer.take('t', false)).toBe(500) // bucket empty and jitter pending: wait for whichever is later
    now += 500
    expect(pacer.take('t', false)).toBe(0) // a token refilled after a second
    now += 1500
    expect(pacer.take('t', true)).toBe(0)
    now += 1500
    expect(pacer.take('t', true)).toBe(0)
    now += 1500
    expect(pacer.take('t', true)).toBe(0)
    now += 1500
    const untilMidnight = Date.parse('2026-12-04T00:00:00Z') - now
    expect(pacer.take('t', true)).toBe(untilMidnight) // 4th new number today waits for tomorrow
    expect(pacer.take('t', false)).toBe(0) // someone who wrote before is not capped
    now += untilMidnight
    now += 2000
    expect(pacer.take('t', true)).toBe(0)
    expect(pacer.take('other', true)).toBe(0) // per number
  })

  it('gives later queued sends later expected times', () => {
    const pacer = new SendPacer({ perMinute: 10, burst: 1, jitterMs: 0, newContactsPerDay: 50 }, () => 0, () => 0)
    expect(pacer.expectedAt('t', 0).getTime()).toBe(0)
    expect(pacer.expectedAt('t', 5).getTime()).toBe(30_000)
  })
})

describe('paced outbox', () => {
  it('sends 500 first messages no faster than the rate, and a 24 h reply overtakes them', { timeout: 180_000 }, async () => {
    const owner = await registerOwner(h.app)
    const RATE_PER_MINUTE = 1200 // one per 50 ms at the sustained rate
    const MIN_GAP = 60_000 / RATE_PER_MINUTE
    const sent: Array<{ to: string; at: number }> = []
    const { drainer } = { drainer: new OutboxDrainer({
      db: h.database.db, bus: h.bus, logger: pino({ level: 'silent' }),
      send: async (_t, msg) => { sent.push({ to: msg.toJid, at: Date.now() }) },
      pacer: new SendPacer({ perMinute: RATE_PER_MINUTE, burst: 1, jitterMs: 5, newContactsPerDay: 1000 }),
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
    const gaps = batch.slice(1).map((s, i) => s.at - batch[i]!.at)
    // Timers never fire early; a millisecond of clock granularity is all the slack there is.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_GAP - 1)
    const elapsed = batch.at(-1)!.at - started
    expect(elapsed).toBeGreaterThanOrEqual(499 * MIN_GAP)
    // The reply went out while most of the batch still waited, within moments of being queued.
    expect(reply.at - replyQueued).toBeLessThan(1000)
    expect(batchLeftWhenReplied).toBeGreaterThan(200)
    const progress = (await h.app.inject({ method: 'GET', url: `/api/v1/batches/${created.json().id}`, headers: owner.auth })).json()
    expect(progress).toMatchObject({ status: 'done', progress: { pending: 0, sent: 500 } })
    console.log(JSON.stringify({ pacing: { messages: 500, minGapMs: Math.min(...gaps), meanGapMs: Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length * 10) / 10, configuredGapMs: MIN_GAP, replyLatencyMs: reply.at - replyQueued, batchLeftWhenReplied } }))
  })
})
