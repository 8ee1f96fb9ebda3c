// Issue 13, the AI on media, end to end: simulated customers send photos and voice notes through
// stock Baileys; the worker fetches them and the tenant's AI (the OpenAI-shaped test server, a
// real HTTP server) transcribes and describes them. Checked through the HTTP API: a voice note's
// transcript is on the message and is what was classified; without speech-to-text (no key, or a
// provider without the endpoint) the voice note is tagged `voice_note` and left to a person, never
// answered; a passing provider failure is retried with back-off; a transfer receipt gets the
// `payment` tag and the owner's "Cek bukti transfer" cue from its caption, its context or its
// description. Speech-to-text and vision count against the tenant's monthly AI token cap: past it
// a voice note is treated as one without a transcript (tagged, left to a person), never retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WaSim } from '../../sim/index.js'
import { transferReceiptJpeg, voiceNoteOgg, sampleWaveform } from '../../sim/media/samples.js'
import type { SimPhone } from '../../sim/handles.js'
import { connectEvents } from '../events-client.js'
import { sql } from 'drizzle-orm'
import { monthOf } from '../../src/modules/ai-config/ai-config.repository.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'
import { OpenAiCompatibleServer, defaultResponder } from '../support/llm/openai-compatible-server.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
let llm: OpenAiCompatibleServer
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
  llm = await OpenAiCompatibleServer.start()
  gw = await startGateway({ env: { WA_SIM: '1', WA_WS_URL: sim.url, WA_SIM_MEDIA_CA: sim.mediaCaPem } })
})
afterAll(async () => { await gw?.close(); await sim?.close(); await llm?.close() })

type Insight = { tags: string[]; intent: string; mode: string; cue: { code: string; text: string } | null; summary: string }
type Msg = { id: string; direction: string; sentBy: string; body: string | null; transcript: string | null; insight: Insight | null; media: null | { kind: string; state: string; transcript: string | null; description: string | null; understanding: string | null } }
type Owner = Awaited<ReturnType<typeof registerOwner>>

async function linked(settings: Record<string, unknown>): Promise<{ owner: Owner; phone: SimPhone }> {
  const owner = await registerOwner(gw.app)
  const put = await gw.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: { businessName: 'Toko Senja', ...settings } })
  expect(put.statusCode).toBe(200)
  const events = await connectEvents(gw.url, owner.token)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  const phone = sim.createPhone({ pushName: 'Toko Senja' })
  await phone.scan(qr.code)
  await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
  events.close()
  return { owner, phone }
}

const withApi = (extra: Record<string, unknown> = {}) => ({ baseUrl: llm.url, apiKey: `sk-test-${Math.random().toString(36).slice(2)}`, model: 'test-model', ...extra })
/** Auto-reply on for every kind of message: if the AI answered a voice note blind, it would show. */
const answersEverything = { autoReply: true, enabledModes: ['faq', 'order', 'complaint', 'other'], replyToComplaints: true }

async function thread(owner: Owner, pred: (items: Msg[]) => boolean, what: string): Promise<{ items: Msg[]; conversationId: string }> {
  return waitFor(async () => {
    const list = (await gw.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })).json().items as Array<{ id: string }>
    for (const c of list) {
      const items = (await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}/messages?limit=50`, headers: owner.auth })).json().items as Msg[]
      if (pred(items)) return { items, conversationId: c.id }
    }
    return undefined
  }, 30_000, what)
}
const voiceOf = (items: Msg[]) => items.find((m) => m.media?.kind === 'ptt')
const classifiedVoice = (items: Msg[]) => Boolean(voiceOf(items)?.insight)

describe('the AI on photos and voice notes', () => {
  it('transcribes a voice note with the tenant\'s speech-to-text, shows the transcript, and classifies it', async () => {
    const { owner, phone } = await linked({ ...withApi(), autoReply: false })
    const customer = sim.createCustomer({ name: 'Bu Ani' })
    const ogg = voiceNoteOgg(4)
    llm.registerTranscript(ogg, 'kak es kopi susu yang literan masih ada nggak ya')
    // One passing failure beyond the SDK's own retry: the job retries it with back-off.
    llm.failNext(503, 2)
    const before = llm.chatRequests.length
    await customer.sendMedia(phone, { kind: 'ptt', bytes: ogg, seconds: 4, waveform: sampleWaveform() })
    const { items } = await thread(owner, classifiedVoice, 'voice note classified')
    const voice = voiceOf(items)!
    expect(voice.transcript).toBe('kak es kopi susu yang literan masih ada nggak ya')
    expect(voice.media).toMatchObject({ state: 'ready', understanding: 'done', transcript: voice.transcript })
    expect(voice.insight!.tags).not.toContain('voice_note')
    // The classifier read the transcript (the model's request carries it).
    expect(JSON.stringify(llm.chatRequests.slice(before))).toContain('kopi susu yang literan')
  })

  it('without speech-to-text, tags the voice note and leaves it to a person — never answered blind', async () => {
    // No key at all (the built-in AI), auto-reply on for everything.
    const offline = await linked(answersEverything)
    const customer = sim.createCustomer({ name: 'Pak Dedi' })
    await customer.sendMedia(offline.phone, { kind: 'ptt', bytes: voiceNoteOgg(2), seconds: 2, waveform: sampleWaveform() })
    const { items, conversationId } = await thread(offline.owner, classifiedVoice, 'voice note tagged')
    expect(voiceOf(items)!.insight).toMatchObject({ tags: ['voice_note'], intent: 'voice_note' })
    expect(voiceOf(items)!.transcript).toBeNull()
    const chat = (await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}`, headers: offline.owner.auth })).json()
    expect(chat.nextReply).toEqual({ outcome: 'human', reason: 'voice_note' })
    // A text after it is answered (the AI works), and the voice note still got no answer of its own.
    await customer.sendText(offline.phone, 'kak buka jam berapa?')
    const later = await thread(offline.owner, (xs) => xs.some((m) => m.direction === 'out' && m.sentBy === 'ai'), 'the text answered')
    expect(later.items.filter((m) => m.direction === 'out').length).toBe(1)

    // A provider without /audio/transcriptions (404): the same, once the AI said so.
    const noStt = await linked({ ...withApi(), ...answersEverything })
    llm.enqueue({ status: 404, body: { error: { message: 'no route', type: 'invalid_request_error', param: null, code: null } } })
    const other = sim.createCustomer({ name: 'Mbak Rina' })
    await other.sendMedia(noStt.phone, { kind: 'ptt', bytes: voiceNoteOgg(5), seconds: 5, waveform: sampleWaveform() })
    const second = await thread(noStt.owner, classifiedVoice, 'voice note without speech-to-text')
    expect(voiceOf(second.items)!.media).toMatchObject({ understanding: 'unavailable', transcript: null })
    expect(voiceOf(second.items)!.insight!.tags).toEqual(['voice_note'])
    expect(second.items.some((m) => m.direction === 'out')).toBe(false)
  })

  it('counts speech-to-text and vision against the monthly AI cap; past it a voice note is left to a person, never sent or retried', async () => {
    const usage = async (owner: Owner) => (await gw.app.inject({ method: 'GET', url: '/api/v1/ai-config/usage', headers: owner.auth })).json() as { totalTokens: number; requests: number }
    // Under the cap: the transcription is counted (a request, and tokens for the seconds of audio
    // and the words, as the provider reports none) on top of the classification's own.
    const { owner, phone } = await linked({ ...withApi({ visionEnabled: true }), autoReply: false, monthlyTokenCap: 1_000_000 })
    const ogg = voiceNoteOgg(6)
    llm.registerTranscript(ogg, 'kak paket saya sudah sampai belum')
    const chatsBefore = llm.chatRequests.length
    await sim.createCustomer({ name: 'Bu Tini' }).sendMedia(phone, { kind: 'ptt', bytes: ogg, seconds: 6, waveform: sampleWaveform() })
    const heard = await thread(owner, (xs) => Boolean(voiceOf(xs)?.insight && voiceOf(xs)!.transcript), 'voice note transcribed')
    const chats = llm.chatRequests.length - chatsBefore
    const counted = await usage(owner)
    expect(counted.requests).toBe(chats + 1)
    expect(counted.totalTokens).toBeGreaterThanOrEqual(60) // 6 s of audio at 10 tokens a second, at least
    // A photo described by the vision model is counted like any chat completion.
    await sim.createCustomer({ name: 'Pak Wawan' }).sendMedia(phone, { kind: 'image', bytes: await transferReceiptJpeg({ amount: '33.000' }), width: 480, height: 640 })
    await thread(owner, (xs) => xs.some((m) => m.media?.kind === 'image' && m.media.understanding === 'done' && m.insight), 'photo described')
    expect((await usage(owner)).requests).toBeGreaterThan(counted.requests + 1)
    expect(voiceOf(heard.items)!.transcript).toBe('kak paket saya sudah sampai belum')

    // Past the cap: nothing is sent to the provider, the voice note is tagged and left to a person.
    const capped = await linked({ ...withApi(), ...answersEverything, monthlyTokenCap: 1000 })
    const tenantId = (await gw.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: capped.owner.auth })).json().tenant.id as string
    const month = monthOf(new Date(), 'Asia/Jakarta')
    await gw.database.db.execute(sql`insert into ai_usage (tenant_id, month, prompt_tokens, completion_tokens, requests) values (${tenantId}, ${month}, 1000, 0, 1)`)
    const loud = voiceNoteOgg(3)
    llm.registerTranscript(loud, 'ini tidak boleh ditranskrip')
    const transcribedBefore = llm.transcribed.length
    await sim.createCustomer({ name: 'Mas Doni' }).sendMedia(capped.phone, { kind: 'ptt', bytes: loud, seconds: 3, waveform: sampleWaveform() })
    const { items, conversationId } = await thread(capped.owner, classifiedVoice, 'voice note past the cap')
    expect(voiceOf(items)!.media).toMatchObject({ state: 'ready', understanding: 'unavailable', transcript: null })
    expect(voiceOf(items)!.insight!.tags).toContain('voice_note')
    expect(llm.transcribed.length).toBe(transcribedBefore)
    const chat = (await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}`, headers: capped.owner.auth })).json()
    expect(chat.nextReply).toEqual({ outcome: 'human', reason: 'voice_note' })
    expect(items.some((m) => m.direction === 'out')).toBe(false)
    expect((await usage(capped.owner)).requests).toBe(1)
  })

  it('marks a transfer receipt for the owner from its caption, from the chat before it, and from the vision model\'s description', async () => {
    const { owner, phone } = await linked({})
    const customer = sim.createCustomer({ name: 'Bu Sri' })
    await customer.sendMedia(phone, { kind: 'image', bytes: await transferReceiptJpeg({ amount: '175.000' }), caption: 'udh tf ya kak', width: 480, height: 640 })
    const first = await thread(owner, (xs) => xs.some((m) => m.insight?.cue), 'captioned receipt')
    const receipt = first.items.find((m) => m.media?.kind === 'image')!
    expect(receipt.insight!.tags).toContain('payment')
    expect(receipt.insight!.cue).toEqual({ code: 'check_transfer_proof', text: 'Cek bukti transfer' })

    // No caption: the customer said it just before.
    const other = sim.createCustomer({ name: 'Mas Bayu' })
    await other.sendText(phone, 'barusan sudah saya transfer kak')
    await other.sendMedia(phone, { kind: 'image', bytes: await transferReceiptJpeg({ amount: '90.000' }), width: 480, height: 640 })
    const second = await thread(owner, (xs) => xs.some((m) => m.body === 'barusan sudah saya transfer kak') && xs.some((m) => m.media?.kind === 'image' && m.insight?.cue), 'receipt after the words')
    expect(second.items.find((m) => m.media?.kind === 'image')!.insight).toMatchObject({ intent: 'send_payment_proof', tags: ['payment'] })

    // A product photo with a question is not a receipt.
    const third = sim.createCustomer({ name: 'Kak Lia' })
    await third.sendMedia(phone, { kind: 'image', bytes: await transferReceiptJpeg({ amount: '1', width: 300 }), caption: 'yang ini ada ukuran L?', width: 300, height: 640 })
    const q = await thread(owner, (xs) => xs.some((m) => m.body === 'yang ini ada ukuran L?' && m.insight), 'product question')
    expect(q.items.find((m) => m.body === 'yang ini ada ukuran L?')!.insight!.cue).toBeNull()

    // With vision on, a photo without words is described, and the description decides.
    const seeing = await linked(withApi({ visionEnabled: true }))
    llm.respondWith((req) => {
      const parts = req.body?.messages?.[0]?.content
      if (Array.isArray(parts) && parts.some((p: { type: string }) => p.type === 'image_url')) return { content: 'Tangkapan layar bukti transfer BCA sebesar Rp250.000.' }
      return defaultResponder(req)
    })
    try {
      const fourth = sim.createCustomer({ name: 'Pak Hadi' })
      await fourth.sendMedia(seeing.phone, { kind: 'image', bytes: await transferReceiptJpeg({ amount: '250.000' }), width: 480, height: 640 })
      const seen = await thread(seeing.owner, (xs) => xs.some((m) => m.media?.kind === 'image' && m.insight), 'photo described')
      const photo = seen.items.find((m) => m.media?.kind === 'image')!
      expect(photo.media).toMatchObject({ understanding: 'done', description: 'Tangkapan layar bukti transfer BCA sebesar Rp250.000.' })
      expect(photo.insight!.cue?.code).toBe('check_transfer_proof')
      expect(photo.insight!.tags).toContain('payment')
    } finally {
      llm.respondWith(defaultResponder)
    }
  })
})
