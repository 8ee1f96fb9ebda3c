// Token usage of the tenant's AI over real HTTP: every completion the provider answers is counted
// for the tenant's month (exactly the tokens it reported), the owner reads it at
// GET /ai-config/usage next to an optional monthly cap, and past the cap nothing more is sent to
// the provider: the built-in engine answers with the reason `llm.cap_reached`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { OpenAiCompatibleServer } from '../../../test/support/llm/openai-compatible-server.js'
import { monthOf } from './ai-config.repository.js'

let h: PipelineHarness
let llm: OpenAiCompatibleServer
type Who = { auth: Record<string, string> }

const preview = (who: Who, text: string) => h.app.inject({ method: 'POST', url: '/api/v1/ai-config/preview-reply', headers: who.auth, payload: { text } })
const settings = (who: Who, payload: object) => h.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: who.auth, payload })
const usage = async (who: Who) => {
  const res = await h.app.inject({ method: 'GET', url: '/api/v1/ai-config/usage', headers: who.auth })
  expect(res.statusCode).toBe(200)
  return res.json()
}
const withModel = { businessName: 'Kopi Senja', baseUrl: '', apiKey: 'sk-usage-test-key', model: 'test-model', priceList: [{ name: 'Es Kopi Susu', price: 18000 }] }

beforeAll(async () => {
  h = await startPipeline()
  llm = await OpenAiCompatibleServer.start()
  withModel.baseUrl = llm.url
})
afterAll(async () => { await h?.close(); await llm?.close() })

describe('AI token usage per tenant per month', () => {
  it('counts exactly the tokens the provider reported, for this tenant only', async () => {
    const shop = await registerOwner(h.app)
    const other = await registerOwner(h.app)
    expect((await settings(shop, withModel)).statusCode).toBe(200)
    expect(await usage(shop)).toEqual({ month: monthOf(new Date(), 'Asia/Jakarta'), promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0, cap: null })

    const before = { ...llm.reported }
    const startRequests = llm.requests.length
    expect((await preview(shop, 'Es kopi susu berapa kak?')).statusCode).toBe(200)
    expect((await preview(shop, 'Buka jam berapa?')).statusCode).toBe(200)
    const promptTokens = llm.reported.promptTokens - before.promptTokens
    const completionTokens = llm.reported.completionTokens - before.completionTokens
    expect(promptTokens).toBeGreaterThan(0)
    const now = await usage(shop)
    expect(now).toMatchObject({ promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, requests: llm.requests.length - startRequests })
    expect(now.requests).toBe(4)
    expect((await usage(other)).totalTokens).toBe(0)
  })

  it('stops calling the provider once the owner\'s cap is used up; the built-in engine answers and says why', async () => {
    const shop = await registerOwner(h.app)
    expect((await settings(shop, { ...withModel, monthlyTokenCap: 1000 })).statusCode).toBe(200)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/ai-config', headers: shop.auth })).json().monthlyTokenCap).toBe(1000)
    // Spend up to the cap (each preview is a classification and a reply).
    let guard = 0
    while ((await usage(shop)).totalTokens < 1000 && guard++ < 20) {
      const body = (await preview(shop, 'Es kopi susu berapa kak?')).json()
      expect(body.classification.classifier).toBe('openai')
    }
    const spent = await usage(shop)
    expect(spent.totalTokens).toBeGreaterThanOrEqual(1000)
    expect(spent.cap).toBe(1000)

    const sentBefore = llm.requests.length
    const body = (await preview(shop, 'Es kopi susu berapa kak?')).json()
    expect(llm.requests.length).toBe(sentBefore)
    expect(body.classification).toMatchObject({ classifier: 'offline', fallbackReason: 'llm.cap_reached' })
    expect(body.reply.fallbackReason).toBe('llm.cap_reached')
    expect(body.reply.text).toContain('18.000')
    expect((await usage(shop)).totalTokens).toBe(spent.totalTokens)

    // Raising the cap (or removing it) lets the tenant's model answer again.
    expect((await settings(shop, { monthlyTokenCap: null })).statusCode).toBe(200)
    expect((await preview(shop, 'Es kopi susu berapa kak?')).json().classification.classifier).toBe('openai')
  })

  it('refuses a cap that is not a whole number of at least 1000 tokens (400 with a code)', async () => {
    const shop = await registerOwner(h.app)
    for (const monthlyTokenCap of [0, 999, -5, 1.5, '5000', 2e9]) {
      const res = await settings(shop, { monthlyTokenCap })
      expect(res.statusCode, String(monthlyTokenCap)).toBe(400)
      expect(res.json().error.code).toBe('validation.failed')
    }
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/ai-config', headers: shop.auth })).json().monthlyTokenCap).toBe(null)
  })

  it('is read by any member; only admins change the cap', async () => {
    const shop = await registerOwner(h.app)
    const viewer = await h.member(shop, 'viewer')
    expect((await usage(viewer)).totalTokens).toBe(0)
    expect((await settings(viewer as Who, { monthlyTokenCap: 5000 })).json().error.code).toBe('auth.forbidden')
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/ai-config/usage' })).statusCode).toBe(401)
  })
})
