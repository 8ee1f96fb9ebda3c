// What the chat header says (nextReply on every conversation summary) and what the worker does
// are one decision: drafts when auto-reply is off or a kind of message is not enabled, answers
// when it is on, nothing on complaints and after a take-over or an AI hand-over. Over HTTP, with
// the worker and the built-in AI on real PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { customerMessage, processed, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { messages } from '../inbox/inbox.tables.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline(); await h.startWorker() })
afterAll(async () => { await h?.close() })

const PROFILE = {
  profile: { hours: 'Setiap hari 08.00–21.00', faq: 'Pembayaran: tunai, QRIS, transfer BCA.' },
  priceList: [{ name: 'Kopi Susu', price: 18000 }, { name: 'Roti Bakar', price: 15000 }],
}
type Owner = Awaited<ReturnType<typeof registerOwner>>
async function shop(settings: object = {}): Promise<Owner> {
  const owner = await registerOwner(h.app)
  const res = await h.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: { ...PROFILE, ...settings } })
  expect(res.statusCode).toBe(200)
  return owner
}
const get = (o: Owner, url: string) => h.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: o.auth })
const post = (o: Owner, url: string, payload: object = {}) => h.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: o.auth, payload })
const aiMessages = (tenantId: string) => h.database.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.sentBy, 'ai')))
async function customerSays(o: Owner, text: string, chat?: { chatJid: string; customerPn: string | null }) {
  const m = customerMessage({ text, ...(chat ? { chatJid: chat.chatJid, customerPn: chat.customerPn } : {}) })
  await h.pipeline.inbox.ingest(o.tenantId, [m], 'live')
  const row = await processed(h, o.tenantId, text)
  return { ...row, chat: { chatJid: m.chatJid, customerPn: m.customerPn } }
}

describe('the next reply, said and done alike', () => {
  it('with auto-reply off (the default), says the AI only drafts, and drafts a suggestion a person can send', async () => {
    const owner = await shop()
    const events = await h.record(owner.tenantId)
    const { conversationId } = await customerSays(owner, 'harga kopi susu berapa kak? bisa bayar qris?')
    const summary = (await get(owner, `/conversations/${conversationId}`)).json()
    expect(summary.nextReply).toEqual({ outcome: 'ai_drafts', reason: 'auto_reply_off' })
    expect(summary.waitingSince).toEqual(expect.any(String))
    expect(await aiMessages(owner.tenantId)).toEqual([])
    const { suggestion } = (await get(owner, `/conversations/${conversationId}/suggestion`)).json()
    expect(suggestion).toMatchObject({ conversationId, handoff: false, source: 'offline' })
    // Both questions are in the draft.
    expect(suggestion.text).toContain('Rp 18.000')
    expect(suggestion.text).toContain('QRIS')
    await waitFor(() => events.find((e) => e.type === 'suggestion.created'), 5000, 'suggestion.created')
    // The list says the same.
    const listed = (await get(owner, '/conversations')).json().items[0]
    expect(listed.nextReply).toEqual(summary.nextReply)

    // A person sends it: the shop answered, the suggestion is spent.
    expect((await post(owner, `/conversations/${conversationId}/messages`, { text: suggestion.text })).statusCode).toBe(202)
    expect((await get(owner, `/conversations/${conversationId}/suggestion`)).json()).toEqual({ suggestion: null })
    expect((await get(owner, `/conversations/${conversationId}`)).json().waitingSince).toBeNull()
  })

  it('turns to "AI answers" when the owner switches auto-reply on, announced to the dashboards, and the AI answers every question', async () => {
    const owner = await shop()
    const { conversationId, chat } = await customerSays(owner, 'jam berapa buka kak?')
    const events = await h.record(owner.tenantId)
    expect((await h.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: { autoReply: true } })).statusCode).toBe(200)
    await waitFor(() => events.find((e) => e.type === 'ai_config.updated'), 5000, 'ai_config.updated')
    expect((await get(owner, `/conversations/${conversationId}`)).json().nextReply).toEqual({ outcome: 'ai_answers', reason: 'auto_reply_on' })
    await customerSays(owner, 'roti bakar berapa? bisa bayar qris?', chat)
    const [answer] = await waitFor(async () => { const r = await aiMessages(owner.tenantId); return r.length ? r : undefined }, 10_000, 'AI answer')
    expect(answer!.body).toContain('Rp 15.000')
    expect(answer!.body).toContain('QRIS')
    expect((await get(owner, `/conversations/${conversationId}`)).json()).toMatchObject({ waitingSince: null, nextReply: { outcome: 'ai_answers' } })
  })

  it('says only a draft is written for a kind of message the AI may not answer, and writes one', async () => {
    const owner = await shop({ autoReply: true, enabledModes: ['order'] })
    const { conversationId } = await customerSays(owner, 'buka jam berapa hari minggu?')
    expect((await get(owner, `/conversations/${conversationId}`)).json().nextReply).toEqual({ outcome: 'ai_drafts', reason: 'mode_not_enabled' })
    expect(await aiMessages(owner.tenantId)).toEqual([])
    expect((await get(owner, `/conversations/${conversationId}/suggestion`)).json().suggestion.text).toContain('08.00–21.00')
  })

  it('says a person must answer a complaint, and the AI neither answers nor drafts it', async () => {
    const owner = await shop({ autoReply: true })
    const { conversationId } = await customerSays(owner, 'pesanan saya belum sampai 2 jam, kecewa banget')
    expect((await get(owner, `/conversations/${conversationId}`)).json().nextReply).toEqual({ outcome: 'human', reason: 'complaint_handover' })
    expect(await aiMessages(owner.tenantId)).toEqual([])
    expect((await get(owner, `/conversations/${conversationId}/suggestion`)).json()).toEqual({ suggestion: null })
  })

  it('after the AI hands a question over, says a person answers next, keeps the chat waiting and stays quiet until a person wrote', async () => {
    const owner = await shop({ autoReply: true })
    const { conversationId, chat } = await customerSays(owner, 'kopi susu berapa? ada colokan buat laptop?')
    const [holding] = await waitFor(async () => { const r = await aiMessages(owner.tenantId); return r.length ? r : undefined }, 10_000, 'AI answer')
    expect(holding!.body).toContain('Rp 18.000')
    expect(holding!.body).toContain('"ada colokan buat laptop"')
    const summary = (await get(owner, `/conversations/${conversationId}`)).json()
    expect(summary.nextReply).toEqual({ outcome: 'human', reason: 'handed_over' })
    expect(summary.waitingSince).toEqual(expect.any(String))
    await customerSays(owner, 'halo kak?', chat)
    expect(await aiMessages(owner.tenantId)).toHaveLength(1)
    expect((await post(owner, `/conversations/${conversationId}/messages`, { text: 'Ada kak, di tiap meja' })).statusCode).toBe(202)
    // The hand-over is over; the chat's latest message ("halo kak?", small talk) is a kind the AI may only draft for.
    expect((await get(owner, `/conversations/${conversationId}`)).json()).toMatchObject({ waitingSince: null, nextReply: { outcome: 'ai_drafts', reason: 'mode_not_enabled' } })
  })

  it('says a person answers after a take-over, in the answer and the conversation.updated event, and the AI again after hand-back', async () => {
    const owner = await shop({ autoReply: true })
    const { conversationId } = await customerSays(owner, 'roti bakar ready?')
    const events = await h.record(owner.tenantId)
    expect((await post(owner, `/conversations/${conversationId}/takeover`)).json().nextReply).toEqual({ outcome: 'human', reason: 'taken_over' })
    const updated = await waitFor(() => events.find((e) => e.type === 'conversation.updated'), 5000, 'conversation.updated')
    expect((updated.data as { nextReply: unknown }).nextReply).toEqual({ outcome: 'human', reason: 'taken_over' })
    expect((await post(owner, `/conversations/${conversationId}/handback`)).json().nextReply).toEqual({ outcome: 'ai_answers', reason: 'auto_reply_on' })
  })

  it('filters the chats that wait for the shop, and refuses a bad filter or another tenant\'s suggestion', async () => {
    const owner = await shop({ autoReply: true })
    await customerSays(owner, 'jam berapa buka?') // answered by the AI
    const waiting = await customerSays(owner, 'ada colokan?') // handed over: still waiting
    const items = (await get(owner, '/conversations?waiting=true')).json().items
    expect(items.map((c: { id: string }) => c.id)).toEqual([waiting.conversationId])
    expect((await get(owner, '/conversations?waiting=maybe')).json().error.code).toBe('validation.failed')
    const stranger = await shop()
    const foreign = await get(stranger, `/conversations/${waiting.conversationId}/suggestion`)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('inbox.conversation_not_found')
    expect((await get(owner, '/conversations/nope/suggestion')).json().error.code).toBe('validation.failed')
  })
})
