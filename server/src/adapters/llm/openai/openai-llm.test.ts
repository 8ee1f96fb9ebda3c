import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isLlmError } from '../llm.errors.js'
import { CONTRACT_PROFILE } from '../llm.contract.js'
import type { Classification } from '../llm.port.js'
import { OpenAiCompatibleServer } from '../../../../test/support/llm/openai-compatible-server.js'
import { normaliseTags, OpenAiLlm, toSnakeCase } from './openai-llm.js'

const answer = {
  mode: 'order',
  intent: 'Place Order',
  tags: ['hot_lead', 'Order Intent', 'same-day delivery', 'hot_lead'],
  sentiment: 'positive',
  product_interest: 'Es Kopi Susu',
  summary: 'Ingin memesan 2 Es Kopi Susu',
  needs_follow_up: false,
  confidence: 0.92,
  language: 'id',
}

let server: OpenAiCompatibleServer
beforeEach(async () => { server = await OpenAiCompatibleServer.start() })
afterEach(async () => { await server.close() })

const llm = (overrides: Partial<ConstructorParameters<typeof OpenAiLlm>[0]> = {}) =>
  new OpenAiLlm({ apiKey: 'sk-tenant-123', baseUrl: server.url, model: 'gpt-4o-mini', timeoutMs: 5_000, ...overrides })

const input = {
  text: 'oke kak jadi 2 ya',
  history: [
    { from: 'customer' as const, text: 'es kopi susu brp kak?' },
    { from: 'business' as const, text: 'Rp 18.000 kak' },
  ],
  profile: CONTRACT_PROFILE,
}

describe('The OpenAI adapter', () => {
  it('sends a chat completion with the model, a bearer key and a strict JSON schema to the configured base URL', async () => {
    server.enqueue({ json: answer })
    await llm().classify(input)
    const request = server.requests[0]
    expect(request?.path).toBe('/v1/chat/completions')
    expect(request?.headers.authorization).toBe('Bearer sk-tenant-123')
    expect(request?.body.model).toBe('gpt-4o-mini')
    const format = request?.body.response_format
    expect(format.type).toBe('json_schema')
    expect(format.json_schema.name).toBe('classification')
    expect(format.json_schema.strict).toBe(true)
    expect(format.json_schema.schema.properties.mode.enum).toEqual(['faq', 'order', 'complaint', 'other'])
    expect(format.json_schema.schema.required).toContain('product_interest')
    expect(format.json_schema.schema.additionalProperties).toBe(false)
  })

  it('puts the business profile in the system prompt and the history before the new message', async () => {
    server.enqueue({ json: answer })
    await llm().classify(input)
    const messages = server.requests[0]?.body.messages as Array<{ role: string; content: string }>
    expect(messages[0]?.role).toBe('system')
    expect(messages[0]?.content).toContain('Kopi Senja')
    expect(messages[0]?.content).toContain('Es Kopi Susu: Rp 18.000')
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: 'es kopi susu brp kak?' },
      { role: 'assistant', content: 'Rp 18.000 kak' },
      { role: 'user', content: 'oke kak jadi 2 ya' },
    ])
  })

  it('keeps only the last N turns of history', async () => {
    server.enqueue({ json: answer })
    const history = Array.from({ length: 20 }, (_, i) => ({ from: 'customer' as const, text: `pesan ${i}` }))
    await llm({ historyTurns: 3 }).classify({ ...input, history })
    const messages = server.requests[0]?.body.messages as Array<{ content: string }>
    expect(messages.map((m) => m.content).slice(1)).toEqual(['pesan 17', 'pesan 18', 'pesan 19', 'oke kak jadi 2 ya'])
  })

  it('parses the answer into a classification with snake_case intent and normalised tags', async () => {
    server.enqueue({ json: answer })
    const c: Classification = await llm().classify(input)
    expect(c).toMatchObject({
      mode: 'order',
      intent: 'place_order',
      sentiment: 'positive',
      productInterest: 'Es Kopi Susu',
      confidence: 0.92,
      language: 'id',
      classifier: 'openai',
      model: 'gpt-4o-mini',
    })
    expect(c.tags).toEqual(['hot_lead', 'order_intent', 'same_day_delivery'])
  })

  it('makes the model\'s tags agree with its intent (no price tag on an hours question)', async () => {
    server.enqueue({ json: { ...answer, mode: 'faq', intent: 'ask_hours', tags: ['price_inquiry', 'hot_lead', 'order_intent'], product_interest: null } })
    const c = await llm().classify({ ...input, text: 'jam berapa tutup kak?', history: [] })
    expect(c.intent).toBe('ask_hours')
    expect(c.tags).toEqual(['hot_lead'])
    server.enqueue({ json: { ...answer, mode: 'complaint', intent: 'complain_late_delivery', tags: ['hot_lead'], needs_follow_up: true } })
    const complaint = await llm().classify({ ...input, text: 'pesanan belum sampai 2 jam', history: [] })
    expect(complaint.tags).toEqual(['delivery', 'complaint', 'needs_follow_up'])
    expect(complaint.needsFollowUp).toBe(true)
  })

  it('retries a 500 and succeeds on the next attempt', async () => {
    server.failNext(500, 1)
    server.enqueue({ json: answer })
    const c = await llm().classify(input)
    expect(c.mode).toBe('order')
    expect(server.requests).toHaveLength(2)
  })

  it('gives up after two retries on 429 with a retryable rate-limit error', async () => {
    server.failNext(429, 3)
    const error = await llm().classify(input).catch((e: unknown) => e)
    expect(isLlmError(error) && error.code).toBe('llm.rate_limited')
    expect(isLlmError(error) && error.retryable).toBe(true)
    expect(server.requests).toHaveLength(3)
  })

  it('does not retry a rejected key and says it is not retryable', async () => {
    server.enqueue({ status: 401, body: { error: { message: 'Incorrect API key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } })
    const error = await llm().classify(input).catch((e: unknown) => e)
    expect(isLlmError(error) && error.code).toBe('llm.unauthorized')
    expect(isLlmError(error) && error.retryable).toBe(false)
    expect(server.requests).toHaveLength(1)
  })

  it('turns an answer that breaks the schema into an invalid-output error', async () => {
    server.enqueue({ json: { ...answer, mode: 'gossip' } })
    const error = await llm().classify(input).catch((e: unknown) => e)
    expect(isLlmError(error) && error.code).toBe('llm.invalid_output')
  })

  it('turns a refusal into a refused error', async () => {
    server.enqueue({ refusal: 'I cannot help with that' })
    const error = await llm().classify(input).catch((e: unknown) => e)
    expect(isLlmError(error) && error.code).toBe('llm.refused')
  })

  it('times out a stalled server with a retryable timeout error', async () => {
    server.delayNext(3_000, 3)
    const error = await llm({ timeoutMs: 100 }).classify(input).catch((e: unknown) => e)
    expect(isLlmError(error) && error.code).toBe('llm.timeout')
    expect(isLlmError(error) && error.retryable).toBe(true)
  })

  it('asks for a reply in the requested language, grounded on the profile, and hands complaints over', async () => {
    server.enqueue({ json: { questions: [{ question: 'kopinya basi', answer: null }], reply: 'Mohon maaf kak, admin segera bantu.', handoff: false, sources: [] } })
    const classification: Classification = {
      mode: 'complaint', intent: 'complain_quality', tags: ['complaint'], sentiment: 'negative', productInterest: null, summary: 'Mengeluh kualitas',
      needsFollowUp: true, confidence: 0.9, language: 'id', classifier: 'openai',
    }
    const reply = await llm().reply({ text: 'kopinya basi', history: [], profile: CONTRACT_PROFILE, classification, tone: 'formal', replyLanguage: 'en' })
    const body = server.requests.at(-1)?.body
    expect(body.response_format.json_schema.name).toBe('reply')
    expect(body.messages[0].content).toContain('Reply in English.')
    expect(body.messages[0].content).toContain('Never invent prices')
    expect(reply).toEqual({ text: 'Mohon maaf kak, admin segera bantu.', source: 'openai', handoff: true, language: 'en', questions: [{ question: 'kopinya basi', answer: null }], sources: [] })
  })

  it('asks for every question with its answer, and hands over when one has none even if the model says otherwise', async () => {
    const questions = [{ question: 'harga es kopi susu', answer: 'Rp 18.000' }, { question: 'bisa antar ke Dago', answer: null }]
    server.enqueue({ json: { questions, reply: 'Es kopi susu Rp 18.000 kak. Untuk antar ke Dago admin kami yang jawab ya.', handoff: false, sources: [] } })
    const classification: Classification = {
      mode: 'faq', intent: 'ask_price', tags: ['price_inquiry'], sentiment: 'neutral', productInterest: 'Es Kopi Susu', summary: 'Menanyakan harga',
      needsFollowUp: true, confidence: 0.9, language: 'id', classifier: 'openai',
    }
    const reply = await llm().reply({ text: 'harga es kopi susu? bisa antar ke Dago?', history: [], profile: CONTRACT_PROFILE, classification, tone: 'friendly', replyLanguage: 'auto' })
    const body = server.requests.at(-1)?.body
    expect(body.response_format.json_schema.schema.required).toEqual(['questions', 'reply', 'handoff', 'sources'])
    expect(body.messages[0].content).toContain('list each one in "questions"')
    expect(reply).toMatchObject({ handoff: true, questions })
  })

  it('passes knowledge-base chunks as citable context: a price only a chunk states is grounded and cited by its label', async () => {
    const classification: Classification = {
      mode: 'faq', intent: 'ask_price', tags: ['price_inquiry'], sentiment: 'neutral', productInterest: null, summary: 'Menanyakan harga',
      needsFollowUp: true, confidence: 0.9, language: 'id', classifier: 'openai',
    }
    const kb = [{ id: 'kb.7', label: 'menu.pdf, hal. 2', text: 'Brownies Kukus Rp 32.000 per loyang' }]
    const scripted = { json: { questions: [{ question: 'brownies kukus brp?', answer: 'Rp 32.000' }], reply: 'Brownies Kukus Rp 32.000 per loyang ya kak', handoff: false, sources: ['kb.7'] } }
    const base = { text: 'brownies kukus brp?', history: [], profile: CONTRACT_PROFILE, classification, tone: 'friendly' as const, replyLanguage: 'auto' as const }
    server.enqueue(scripted)
    const reply = await llm().reply({ ...base, context: kb })
    expect(server.requests.at(-1)?.body.messages[0].content).toContain('[kb.7] (menu.pdf, hal. 2) Brownies Kukus Rp 32.000 per loyang')
    expect(reply.sources).toEqual([{ id: 'kb.7', label: 'menu.pdf, hal. 2' }])
    // Without that chunk the same answer states a price the shop never gave.
    server.enqueue(scripted)
    const err = await llm().reply(base).catch((e: unknown) => e)
    expect(isLlmError(err) && err.code).toBe('llm.ungrounded')
  })

  it('writes a follow-up as plain text without a response format', async () => {
    server.enqueue({ content: '  Halo kak, masih minat Es Kopi Susu?  ' })
    const text = await llm().followUpText({ profile: CONTRACT_PROFILE, history: [], tone: 'casual', replyLanguage: 'id', productInterest: 'Es Kopi Susu', attempt: 2 })
    expect(text).toBe('Halo kak, masih minat Es Kopi Susu?')
    const body = server.requests[0]?.body
    expect(body.response_format).toBeUndefined()
    expect(body.messages[0].content).toContain('Es Kopi Susu')
    expect(body.messages[0].content).toContain('follow-up number 2')
  })
})

describe('Model output that cannot be stored as sent', () => {
  it('turns NUL and lone surrogates from a tenant’s server into U+FFFD in classifications, replies and follow-ups', async () => {
    server.enqueue({ json: { ...answer, summary: 'Ingin\u0000 pesan \ud800', product_interest: 'Es\udc00 Kopi' } })
    const c = await llm().classify(input)
    expect([c.summary, c.productInterest]).toEqual(['Ingin\ufffd pesan \ufffd', 'Es\ufffd Kopi'])
    server.enqueue({ json: { questions: [{ question: 'harga\u0000', answer: 'Rp 18.000\ud83d' }], reply: 'Halo\u0000 kak', handoff: false, sources: [] } })
    const reply = await llm().reply({ text: 'harga?', history: [], profile: CONTRACT_PROFILE, classification: c, tone: 'friendly', replyLanguage: 'id' })
    expect(reply).toMatchObject({ text: 'Halo\ufffd kak', questions: [{ question: 'harga\ufffd', answer: 'Rp 18.000\ufffd' }] })
    server.enqueue({ content: 'Masih\u0000 minat kak?' })
    expect(await llm().followUpText({ profile: CONTRACT_PROFILE, history: [], tone: 'casual', replyLanguage: 'id', productInterest: null, attempt: 1 })).toBe('Masih\ufffd minat kak?')
  })
})

describe('Tag and intent clean-up', () => {
  it('turns free text into snake_case', () => {
    expect(toSnakeCase('Ask Price')).toBe('ask_price')
    expect(toSnakeCase('complainLateDelivery')).toBe('complain_late_delivery')
    expect(toSnakeCase('  --hot lead!! ')).toBe('hot_lead')
  })

  it('puts known tags first and drops duplicates and empties', () => {
    expect(normaliseTags(['vip customer', 'complaint', '', 'Complaint'])).toEqual(['complaint', 'vip_customer'])
  })
})
