// Business hours and the away message: settings over HTTP (admins change them, bad input is a 4xx,
// tenants never mix); outside hours a customer gets the message once per closed period — under
// concurrent and redelivered messages too — through the outbox, and not when the chat was
// answered, or the customer wrote, in the hour before.
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { messages } from '../inbox/inbox.tables.js'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import type { WeekHours } from './away.hours.js'

let h: PipelineHarness
type Who = { auth: Record<string, string> }
let owner: Who & { tenantId: string }
let agent: Who
let stranger: Who & { tenantId: string }

const call = (who: Who, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) })
const MESSAGE = 'Terima kasih! Toko sedang tutup, kami balas saat buka ya.'

/** Weekday (0 = Monday) of `at` in Jakarta. */
const jakartaWeekday = (at: Date) => ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', weekday: 'short' }).format(at))
/** Open one hour on one weekday only. */
const openOnlyOn = (weekday: number, open = '08:00', close = '09:00'): WeekHours =>
  Array.from({ length: 7 }, (_, d) => ({ closed: d !== weekday, open, close }))
/**
 * Closed now, and the closed period began days ago whatever the time of day: the only open hour
 * is three days back, so the period (from its closing) stays the same through the test even across
 * midnight.
 */
const closedForDays = () => openOnlyOn((jakartaWeekday(new Date()) + 4) % 7)

async function awayMessages(tenantId: string, phone: string) {
  const rows = await h.database.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.sentBy, 'away')))
  return rows.filter((m) => m.chatJid === `${phone}@s.whatsapp.net`)
}
const conversationOf = async (tenantId: string, phone: string) =>
  (await h.database.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.chatJid, `${phone}@s.whatsapp.net`))))[0]!.conversationId

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  stranger = await registerOwner(h.app)
  agent = await h.member(owner, 'agent')
})
afterAll(async () => { await h?.close() })

describe('away settings', () => {
  it('starts off with weekday hours, and tells whether the shop is open and when it opens next', async () => {
    const res = await call(owner, 'GET', '/away')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ enabled: false, message: '', timezone: 'Asia/Jakarta', week: expect.arrayContaining([{ closed: false, open: '08:00', close: '17:00' }]) })
    expect(res.json().week).toHaveLength(7)
  })

  it('lets admins save them; agents may not (403); bad hours are a 400 naming the field', async () => {
    const week = closedForDays()
    const saved = await call(owner, 'PUT', '/away', { enabled: true, message: MESSAGE, week })
    expect(saved.statusCode).toBe(200)
    expect(saved.json()).toMatchObject({ enabled: true, message: MESSAGE, week, status: { open: false } })
    expect(new Date(saved.json().status.nextOpenAt).getTime()).toBeGreaterThan(Date.now())
    expect((await call(agent, 'PUT', '/away', { enabled: false, message: '', week })).statusCode).toBe(403)
    const bad = [
      { enabled: true, message: '', week },
      { enabled: true, message: 'x', week: week.slice(1) },
      { enabled: true, message: 'x', week: week.map((d) => ({ ...d, closed: false, open: '08:00', close: '08:00' })) },
      { enabled: true, message: 'x', week, holidays: ['2026-02-30'] },
      { enabled: true, message: 'x', week, holidays: ['besok'] },
      { enabled: true, message: 'x', week: week.map((d) => ({ ...d, open: '25:00' })) },
      { enabled: true, message: 'x', week, extra: 1 },
    ]
    for (const body of bad) {
      const res = await call(owner, 'PUT', '/away', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().error.code).toBe('validation.failed')
    }
    expect((await call(stranger, 'GET', '/away')).json()).toMatchObject({ enabled: false, message: '' })
  })

  it('takes windows past midnight and holidays (deduplicated, sorted): closed on a holiday, open overnight', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date())
    const allDay = Array.from({ length: 7 }, () => ({ closed: false, open: '00:00', close: '23:59' }))
    const onHoliday = await call(owner, 'PUT', '/away', { enabled: false, message: MESSAGE, week: allDay, holidays: [today, '2030-01-01', today] })
    expect(onHoliday.json()).toMatchObject({ holidays: [today, '2030-01-01'].sort(), status: { open: false } })
    // 12:00–11:59 runs past midnight: open all but a minute, whatever the time.
    const overnight = Array.from({ length: 7 }, () => ({ closed: false, open: '12:00', close: '11:59' }))
    const saved = await call(owner, 'PUT', '/away', { enabled: false, message: MESSAGE, week: overnight })
    expect(saved.statusCode).toBe(200)
    expect(saved.json()).toMatchObject({ week: overnight, holidays: [] })
  })
})

describe('the away message', () => {
  it('goes once per customer per closed period, through the outbox, however the messages arrive', async () => {
    await call(owner, 'PUT', '/away', { enabled: true, message: MESSAGE, week: closedForDays() })
    const phone = '6281277770001'
    const first = customerMessage({ phone, text: 'Kak, masih buka?' })
    // Two messages at once, and the first redelivered.
    await Promise.all([
      h.pipeline.inbox.ingest(owner.tenantId, [first], 'live'),
      h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, text: 'Mau pesan 2 kue' })], 'live'),
      h.pipeline.inbox.ingest(owner.tenantId, [first], 'live'),
    ])
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, text: 'Halo?' })], 'live')
    const sent = await awayMessages(owner.tenantId, phone)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ body: MESSAGE, direction: 'out', status: 'pending' })
    // The customer still waits for a person: the notice is not an answer.
    const conv = (await call(owner, 'GET', '/conversations?limit=50')).json().items.find((c: { id: string }) => c.id === sent[0]!.conversationId)
    expect(conv.waitingSince).not.toBeNull()
    // Another customer gets theirs; the other tenant's customers never do.
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281277770002', text: 'Permisi' })], 'live')
    await h.pipeline.inbox.ingest(stranger.tenantId, [customerMessage({ phone: '6281277770003', text: 'Permisi' })], 'live')
    expect(await awayMessages(owner.tenantId, '6281277770002')).toHaveLength(1)
    expect(await awayMessages(stranger.tenantId, '6281277770003')).toHaveLength(0)
  })

  it('is not sent to a customer the shop answered in the last hour, nor when turned off', async () => {
    await call(owner, 'PUT', '/away', { enabled: false, message: MESSAGE, week: closedForDays() })
    const phone = '6281277770004'
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, text: 'Ada stok?' })], 'live')
    expect(await awayMessages(owner.tenantId, phone)).toHaveLength(0)
    const conversationId = await conversationOf(owner.tenantId, phone)
    expect((await call(owner, 'POST', `/conversations/${conversationId}/messages`, { text: 'Ada kak' })).statusCode).toBe(202)
    await call(owner, 'PUT', '/away', { enabled: true, message: MESSAGE, week: closedForDays() })
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone, text: 'Oke saya pesan' })], 'live')
    expect(await awayMessages(owner.tenantId, phone)).toHaveLength(0)
  })

  it('is not sent to a customer who wrote in the hour before closing, nor for old messages stored late', async () => {
    // Noon in Jakarta two days from now; the shop was open 08:00–11:30 that day.
    const noon = new Date(`${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)}T05:00:00.000Z`)
    h.clock.fixed = noon
    try {
      await call(owner, 'PUT', '/away', { enabled: true, message: MESSAGE, week: openOnlyOn(jakartaWeekday(noon), '08:00', '11:30') })
      const minutesBefore = (m: number) => new Date(noon.getTime() - m * 60_000)
      // Wrote at 11:20 (open), again at 11:55 (closed): a live conversation, no notice.
      await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281277770005', text: 'Kak?', timestamp: minutesBefore(40) })], 'backlog')
      await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281277770005', text: 'Jadi ya', timestamp: minutesBefore(5) })], 'backlog')
      expect(await awayMessages(owner.tenantId, '6281277770005')).toHaveLength(0)
      // Wrote three hours ago (while open), stored only now (a reconnect's backlog): no notice.
      await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281277770006', text: 'Lama', timestamp: minutesBefore(180) })], 'backlog')
      expect(await awayMessages(owner.tenantId, '6281277770006')).toHaveLength(0)
      // First wrote at 11:55, after closing: gets the notice.
      await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281277770007', text: 'Baru', timestamp: minutesBefore(5) })], 'backlog')
      expect(await awayMessages(owner.tenantId, '6281277770007')).toHaveLength(1)
    } finally {
      h.clock.fixed = undefined
    }
  })
})
