// POST /ai-config/preview-reply: what the AI would answer a sample question with the profile just
// entered (the worker's reply engine: the tenant's model, else the built-in writer), what the
// worker would do with it, a per-tenant limit, and nothing stored or sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { OpenAiCompatibleServer } from '../../../test/support/llm/openai-compatible-server.js'

let h: PipelineHarness
let llm: OpenAiCompatibleServer
type Who = { auth: Record<string, string>; tenantId?: string }
let owner: Who & { tenantId: string }

const preview = (who: Who, payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/ai-config/preview-reply', headers: who.auth, payload })
const settings = (who: Who, payload: object) => h.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: who.auth, payload })

beforeAll(async () => {
  h = await startPipeline()
  llm = await OpenAiCompatibleServer.start()
  owner = await registerOwner(h.app)
  const saved = await settings(owner, {
    businessName: 'Kopi Senja', profile: { hours: 'Setiap hari 08.00–22.00', address: 'Jl. Melati 5, Bandung' },
    priceList: [{ name: 'Es Kopi Susu', price: 18000, unit: 'gelas' }],
  })
  expect(saved.statusCode).toBe(200)
})
afterAll(async () => { await h?.close(); await llm?.close() })

describe('the AI reply preview', () => {
  it('answers a sample question from the stored profile, and says the AI would send it', async () => {
    const res = await preview(owner, { text: 'Kak, es kopi susu berapa harganya?' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.outcome).toBe('ai_answers')
    expect(body.classification).toMatchObject({ classifier: 'offline' })
    expect(body.reply.text).toContain('18.000')
    expect(body.reply.handoff).toBe(false)
  })

  it('says a complaint goes to a person, and a mode the owner did not enable is not answered', async () => {
    const complaint = (await preview(owner, { text: 'Pesanan saya belum datang, kecewa sekali!' })).json()
    expect(complaint).toMatchObject({ outcome: 'complaint_to_person', reply: null, classification: { mode: 'complaint' } })
    expect((await settings(owner, { enabledModes: ['order'] })).statusCode).toBe(200)
    const faq = (await preview(owner, { text: 'Kak, es kopi susu berapa harganya?' })).json()
    expect(faq).toMatchObject({ outcome: 'mode_not_enabled', reply: null, classification: { mode: 'faq' } })
    expect((await settings(owner, { enabledModes: ['faq', 'order'] })).statusCode).toBe(200)
  })

  it('stores and sends nothing', async () => {
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })
    expect(list.json().items).toEqual([])
  })

  it('uses the tenant\'s own model when one is set up, with the tone the owner is trying', async () => {
    const shop = await registerOwner(h.app)
    expect((await settings(shop, { businessName: 'Kopi Senja', baseUrl: llm.url, apiKey: 'sk-preview-test-key', model: 'test-model' })).statusCode).toBe(200)
    const start = llm.requests.length
    llm.enqueue(
      { json: { mode: 'faq', intent: 'ask_hours', tags: [], sentiment: 'neutral', product_interest: null, summary: 'Tanya jam buka', needs_follow_up: false, confidence: 0.9, language: 'id' } },
      { json: { questions: [{ question: 'Buka jam berapa kak?', answer: 'setiap hari 08.00–22.00' }], reply: 'Halo kak, kami buka setiap hari jam 08.00–22.00 ya 😊', handoff: false, sources: ['profile.hours'] } },
    )
    const body = (await preview(shop, { text: 'Buka jam berapa kak?', tone: 'casual' })).json()
    expect(body).toMatchObject({ outcome: 'ai_answers', classification: { classifier: 'openai', intent: 'ask_hours' }, reply: { text: 'Halo kak, kami buka setiap hari jam 08.00–22.00 ya 😊' } })
    const sent = llm.requests.slice(start)
    expect(sent).toHaveLength(2)
    expect(sent[1]!.headers.authorization).toBe('Bearer sk-preview-test-key')
    expect(JSON.stringify(sent[1]!.body.messages)).toContain('relaxed and short')
  })

  it('is for owners and admins only, and answers bad input with 400', async () => {
    const agent = await h.member(owner, 'agent')
    const viewer = await h.member(owner, 'viewer')
    for (const who of [agent, viewer]) expect((await preview(who, { text: 'halo' })).json().error.code).toBe('auth.forbidden')
    for (const body of [{}, { text: '' }, { text: 'x'.repeat(501) }, { text: 'ok', tone: 'rude' }, { text: 'ok', extra: true }]) {
      const res = await preview(owner, body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().error.code).toBe('validation.failed')
    }
  })

  it('is limited per shop (429 with a code), and one shop\'s limit leaves another alone', async () => {
    const busy = await registerOwner(h.app)
    const codes: number[] = []
    for (let i = 0; i < 21; i++) codes.push((await preview(busy, { text: `Buka jam berapa? ${i}` })).statusCode)
    expect(codes.slice(0, 20).every((c) => c === 200)).toBe(true)
    const limited = await preview(busy, { text: 'lagi' })
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error.code).toBe('ai_config.rate_limited')
    expect((await preview(owner, { text: 'Buka jam berapa?' })).statusCode).toBe(200)
  })
})
