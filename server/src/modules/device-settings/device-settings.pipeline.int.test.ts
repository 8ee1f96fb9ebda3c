// The decisions follow the chat's number: one shop, two numbers, number 2 with its own auto-reply
// switch, away hours and follow-up rule; customers writing to each get what their number says.
// Real PostgreSQL, Redis and the worker; the messages arrive as the gateway hands them over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { createServices, type Services } from '../../composition.js'
import { silentLogger } from '../../../test/build-test-app.js'
import { customerMessage, processed, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { conversations, messages } from '../inbox/inbox.tables.js'
import { followUps } from '../followups/followups.tables.js'

let h: PipelineHarness
/** A second process on the same database and Redis (another API or worker replica). */
let other: Services
beforeAll(async () => {
  h = await startPipeline()
  await h.startWorker()
  other = await createServices({ config: h.config, database: h.database, redis: h.redis, logger: silentLogger, clock: h.clock })
})
afterAll(async () => { await other?.close(); await h?.close() })

type Owner = Awaited<ReturnType<typeof registerOwner>>
const call = (o: Owner, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: o.auth, ...(payload ? { payload } : {}) })
const CLOSED = Array.from({ length: 7 }, () => ({ closed: true, open: '08:00', close: '17:00' }))
const OPEN = Array.from({ length: 7 }, () => ({ closed: false, open: '00:00', close: '23:59' }))
// ~1.8 s after the shop's answer; quiet hours off so the test never waits a night.
const FAST = { enabled: true, afterHours: 0.0005, maxCount: 1, onlyHotLeads: true }

/** A shop (AI settings `ai`) with its first number and a second one, "CS". */
async function shop(ai: object) {
  const owner = await registerOwner(h.app)
  expect((await call(owner, 'PUT', '/ai-config', { priceList: [{ name: 'Kopi Susu', price: 18000 }], enabledModes: ['faq', 'order'], quietHours: { start: '00:00', end: '00:00' }, ...ai })).statusCode).toBe(200)
  await call(owner, 'GET', '/devices')
  const cs = (await call(owner, 'POST', '/devices', { name: 'CS' })).json().id as string
  return { owner, first: owner.tenantId, cs }
}
const setNumber = async (o: Owner, deviceId: string, body: object) => expect((await call(o, 'PUT', `/devices/${deviceId}/settings`, body)).statusCode).toBe(200)

/** A new customer writes `text` to the number; returns their chat. */
async function writes(o: Owner, deviceId: string, text: string) {
  const msg = customerMessage({ text })
  await h.pipeline.inbox.ingest(o.tenantId, [msg], 'live', deviceId)
  const [conv] = await h.database.db.select().from(conversations).innerJoin(messages, eq(messages.conversationId, conversations.id))
    .where(and(eq(conversations.tenantId, o.tenantId), eq(messages.chatJid, msg.chatJid)))
  expect(conv!.conversations.deviceId).toBe(deviceId)
  return conv!.conversations.id
}
const sentBy = async (tenantId: string, conversationId: string, by: 'ai' | 'away' | 'followup') =>
  (await h.database.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId), eq(messages.sentBy, by))))

describe("a number's own settings decide for its chats", () => {
  it('auto-reply off on number 2: its customer gets a draft for a person, number 1\'s gets the AI\'s answer', async () => {
    const { owner, first, cs } = await shop({ autoReply: true })
    await setNumber(owner, cs, { autoReply: { autoReply: false, replyToComplaints: false } })

    const toFirst = await writes(owner, first, 'Harga kopi susu berapa kak?')
    const toCs = await writes(owner, cs, 'Kopi susu harganya berapa ya?')
    await processed(h, owner.tenantId, 'Harga kopi susu berapa kak?')
    await processed(h, owner.tenantId, 'Kopi susu harganya berapa ya?')
    expect(await sentBy(owner.tenantId, toFirst, 'ai')).toHaveLength(1)
    expect(await sentBy(owner.tenantId, toCs, 'ai')).toEqual([])
    // The chat header says so, chat by chat.
    const header = async (id: string) => (await call(owner, 'GET', `/conversations/${id}`)).json().nextReply
    expect(await header(toFirst)).toEqual({ outcome: 'ai_answers', reason: 'auto_reply_on' })
    expect(await header(toCs)).toEqual({ outcome: 'ai_drafts', reason: 'number_auto_reply_off' })

    // Back to the shop's: the next customer of number 2 is answered by the AI.
    await setNumber(owner, cs, { autoReply: { inherit: true } })
    const later = await writes(owner, cs, 'Harga kopi susu dingin berapa kak?')
    await processed(h, owner.tenantId, 'Harga kopi susu dingin berapa kak?')
    expect(await sentBy(owner.tenantId, later, 'ai')).toHaveLength(1)
  })

  it("complaints: the shop lets the AI acknowledge them, number 2's own switch does not — its complaint waits for a person and the header says it is the number's setting", async () => {
    const { owner, first, cs } = await shop({ autoReply: true, replyToComplaints: true, enabledModes: ['faq', 'order', 'complaint'] })
    await setNumber(owner, cs, { autoReply: { autoReply: true, replyToComplaints: false } })
    const COMPLAINT = 'Pesanan saya belum sampai 2 jam, kecewa banget'
    const toFirst = await writes(owner, first, COMPLAINT)
    const toCs = await writes(owner, cs, `${COMPLAINT}!`)
    await processed(h, owner.tenantId, COMPLAINT)
    await processed(h, owner.tenantId, `${COMPLAINT}!`)
    expect(await sentBy(owner.tenantId, toFirst, 'ai')).toHaveLength(1)
    expect(await sentBy(owner.tenantId, toCs, 'ai')).toEqual([])
    const header = async (id: string) => (await call(owner, 'GET', `/conversations/${id}`)).json().nextReply
    // Number 1's AI acknowledged the complaint and handed the chat to a person; number 2's never answered.
    expect(await header(toFirst)).toEqual({ outcome: 'human', reason: 'handed_over' })
    expect(await header(toCs)).toEqual({ outcome: 'human', reason: 'number_complaint_handover' })
  })

  it("away on number 2 with its own hours and message; number 1 keeps the shop's (open, no message)", async () => {
    const { owner, first, cs } = await shop({ autoReply: false })
    expect((await call(owner, 'PUT', '/away', { enabled: true, message: 'Toko tutup.', week: OPEN })).statusCode).toBe(200)
    const message = 'Nomor CS libur hari ini, kami balas besok ya.'
    await setNumber(owner, cs, { away: { enabled: true, message, week: CLOSED, holidays: [] } })

    const toFirst = await writes(owner, first, 'Kak, masih buka?')
    const toCs = await writes(owner, cs, 'Kak, CS ada?')
    expect(await sentBy(owner.tenantId, toFirst, 'away')).toEqual([])
    expect((await sentBy(owner.tenantId, toCs, 'away')).map((m) => m.body)).toEqual([message])
  })

  it("away off on number 2 while the shop is closed: only number 1's customer gets the shop's message", async () => {
    const { owner, first, cs } = await shop({ autoReply: false })
    expect((await call(owner, 'PUT', '/away', { enabled: true, message: 'Toko tutup, besok buka jam 8.', week: CLOSED })).statusCode).toBe(200)
    await setNumber(owner, cs, { away: { enabled: false, message: '', week: CLOSED, holidays: [] } })
    const toFirst = await writes(owner, first, 'Halo, buka?')
    const toCs = await writes(owner, cs, 'Halo CS?')
    expect((await sentBy(owner.tenantId, toFirst, 'away')).map((m) => m.body)).toEqual(['Toko tutup, besok buka jam 8.'])
    expect(await sentBy(owner.tenantId, toCs, 'away')).toEqual([])
  })

  it('a number saved in another process takes effect here as soon as its announcement arrives', async () => {
    const { owner, cs } = await shop({ autoReply: false })
    const message = 'CS tutup.'
    expect(await sentBy(owner.tenantId, await writes(owner, cs, 'Pagi kak'), 'away')).toEqual([])
    await other.deviceSettings.save(owner.tenantId, cs, { away: { enabled: true, message, week: CLOSED, holidays: [] } }, { type: 'system' })
    // Well inside the cache's TTL: only the announcement can make this process see it.
    await waitFor(async () => (await h.pipeline.deviceOverrides.of(owner.tenantId, cs))?.away?.enabled, 5000, 'the announcement')
    expect((await sentBy(owner.tenantId, await writes(owner, cs, 'Siang kak'), 'away')).map((m) => m.body)).toEqual([message])
  })

  it("follow-ups: number 2's own rule nudges its quiet lead while the shop's rule (off) leaves number 1's alone", async () => {
    const { owner, first, cs } = await shop({ autoReply: true, followUp: { ...FAST, enabled: false } })
    await setNumber(owner, cs, { followUp: FAST })
    const toFirst = await writes(owner, first, 'Mau pesan 2 kopi susu ya kak')
    const toCs = await writes(owner, cs, 'Mau pesan 3 kopi susu ya kak')
    await processed(h, owner.tenantId, 'Mau pesan 2 kopi susu ya kak')
    await processed(h, owner.tenantId, 'Mau pesan 3 kopi susu ya kak')
    const nudges = (conversationId: string) => h.database.db.select().from(followUps).where(and(eq(followUps.tenantId, owner.tenantId), eq(followUps.conversationId, conversationId)))
    expect(await nudges(toCs)).toEqual([expect.objectContaining({ status: 'scheduled', reason: 'hot_lead' })])
    expect(await nudges(toFirst)).toEqual([])
    // It goes out under number 2's rule (the shop's being off would cancel it as follow_ups_disabled).
    await waitFor(async () => (await nudges(toCs))[0]?.status === 'sent', 15_000, 'nudge sent')
    expect(await sentBy(owner.tenantId, toCs, 'followup')).toHaveLength(1)
  })
})
