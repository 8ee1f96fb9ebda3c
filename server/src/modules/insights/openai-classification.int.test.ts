import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { customerMessage, registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { OpenAiCompatibleServer } from '../../../test/support/llm/openai-compatible-server.js'
import { aiConfigs } from '../ai-config/ai-config.tables.js'
import { customerInsights } from './insights.tables.js'

let h: PipelineHarness
let llm: OpenAiCompatibleServer
beforeAll(async () => { h = await startPipeline(); await h.startWorker(); llm = await OpenAiCompatibleServer.start() })
afterAll(async () => { await h?.close(); await llm?.close() })

const modelAnswer = {
  mode: 'order', intent: 'place_order', tags: ['order_intent', 'hot_lead'], sentiment: 'positive', product_interest: 'Kopi Susu',
  summary: 'Mau pesan 2 kopi susu', needs_follow_up: false, confidence: 0.93, language: 'id',
}

async function shopWithApi(apiKey: string) {
  const owner = await registerOwner(h.app)
  const res = await h.app.inject({
    method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth,
    payload: { businessName: 'Kopi Senja', baseUrl: llm.url, apiKey, model: 'test-model', priceList: [{ name: 'Kopi Susu', price: 18000 }] },
  })
  expect(res.statusCode).toBe(200)
  expect(res.json()).toMatchObject({ hasApiKey: true, baseUrl: llm.url, model: 'test-model' })
  expect(JSON.stringify(res.json())).not.toContain(apiKey)
  return owner
}
const insightOf = (tenantId: string) => waitFor(async () => {
  const [row] = await h.database.db.select().from(customerInsights).where(eq(customerInsights.tenantId, tenantId))
  return row
}, 15_000, 'insight')

describe('classification through the tenant\'s OpenAI-compatible API', () => {
  it('calls the configured server with the tenant key and saves its structured answer as the insight', async () => {
    const key = `sk-test-${Date.now()}`
    const owner = await shopWithApi(key)
    // The key is sealed at rest, bound to the tenant.
    const [stored] = await h.database.db.select().from(aiConfigs).where(eq(aiConfigs.tenantId, owner.tenantId))
    expect(stored!.apiKeySealed).not.toContain(key)
    const start = llm.requests.length
    llm.enqueue({ json: modelAnswer })
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Mau pesan 2 kopi susu ya kak' })], 'live')
    const insight = await insightOf(owner.tenantId)
    expect(insight).toMatchObject({ classifier: 'openai', model: 'test-model', mode: 'order', intent: 'place_order', productInterest: 'Kopi Susu', confidence: expect.closeTo(0.93, 5), fallbackReason: null })
    expect(insight.tags).toEqual(expect.arrayContaining(['order_intent', 'hot_lead']))
    const sent = llm.requests.slice(start).find((r) => r.path.endsWith('/chat/completions'))!
    expect(sent.headers.authorization).toBe(`Bearer ${key}`)
    expect(sent.body.model).toBe('test-model')
    expect(sent.body.response_format?.type).toBe('json_schema')
    expect(JSON.stringify(sent.body.messages)).toContain('Mau pesan 2 kopi susu ya kak')
    expect(JSON.stringify(sent.body.messages)).toContain('Kopi Senja')
  })

  it('falls back to the built-in classifier when the API refuses the key, and says so', async () => {
    const owner = await shopWithApi('sk-revoked-key')
    llm.failNext(401, 1, 'invalid api key')
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ text: 'Kopi susu berapa harganya kak?' })], 'live')
    const insight = await insightOf(owner.tenantId)
    expect(insight).toMatchObject({ classifier: 'offline', fallbackReason: 'llm.unauthorized', mode: 'faq' })
  })
})
