import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { createServices } from '../../composition.js'
import { silentLogger } from '../../../test/build-test-app.js'

let h: PipelineHarness
type Who = { auth: Record<string, string> }
let owner: Who & { tenantId: string }
let admin: Who
let agent: Who
let viewer: Who

beforeAll(async () => {
  h = await startPipeline()
  owner = await registerOwner(h.app)
  admin = await h.member(owner, 'admin')
  agent = await h.member(owner, 'agent')
  viewer = await h.member(owner, 'viewer')
})
afterAll(async () => { await h?.close() })

const call = (who: Who, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1/ai-config${url}`, headers: who.auth, ...(payload ? { payload } : {}) })

describe('AI settings', () => {
  it('start from working defaults before the owner saved anything', async () => {
    const res = await call(viewer, 'GET', '')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      autoReply: false, hasApiKey: false, baseUrl: null, replyLanguage: 'auto', tone: 'friendly', timezone: 'Asia/Jakarta',
      quietHours: { start: '21:00', end: '08:00' }, followUp: { enabled: true, maxCount: 1, onlyHotLeads: true }, enabledModes: ['faq', 'order'],
    })
    expect(res.json().businessName).toMatch(/^Toko /)
  })

  it('save a partial update, keep the key sealed and only say whether one is set', async () => {
    const res = await call(admin, 'PUT', '', { tone: 'formal', profile: { hours: 'Senin–Sabtu 08.00–21.00' }, apiKey: 'sk-secret-value-123', timezone: 'Asia/Makassar', followUp: { afterHours: 2 } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ tone: 'formal', hasApiKey: true, timezone: 'Asia/Makassar', profile: { hours: 'Senin–Sabtu 08.00–21.00', faq: '' }, followUp: { afterHours: 2, maxCount: 1 } })
    expect(res.body).not.toContain('sk-secret')
    expect(res.body).not.toContain('apiKeySealed')
    const cleared = await call(owner, 'PUT', '', { apiKey: null })
    expect(cleared.json().hasApiKey).toBe(false)
    expect(cleared.json().tone).toBe('formal')
  })

  it('import a CSV price list, reporting bad lines and saving only a clean one', async () => {
    const preview = await call(admin, 'POST', '/price-list/import', { csv: 'nama,harga\nKopi Susu,Rp 18.000\nRoti,gratis\n', dryRun: false })
    expect(preview.json()).toMatchObject({ rows: [{ name: 'Kopi Susu', price: 18000 }], errors: [{ line: 3 }], saved: false })
    const dry = await call(admin, 'POST', '/price-list/import', { csv: 'Teh,5000', dryRun: true })
    expect(dry.json().saved).toBe(false)
    expect((await call(owner, 'GET', '')).json().priceList).toEqual([])
    const ok = await call(admin, 'POST', '/price-list/import', { csv: 'Kopi Susu;18000;gelas\nTeh Manis;5k' })
    expect(ok.json()).toMatchObject({ saved: true, errors: [] })
    expect((await call(viewer, 'GET', '')).json().priceList).toEqual([{ name: 'Kopi Susu', price: 18000, unit: 'gelas' }, { name: 'Teh Manis', price: 5000 }])
  })

  it('test a message against the classifier and the reply it would send', async () => {
    const res = await call(agent, 'POST', '/test-classifier', { text: 'Kopi susu berapa?' })
    expect(res.statusCode).toBe(200)
    expect(res.json().classification).toMatchObject({ mode: 'faq', classifier: 'offline' })
    expect(res.json().reply.text).toContain('18.000')
  })
})

describe('AI settings routes refuse', () => {
  const bad: Array<[string, 'PUT' | 'POST', string, object]> = [
    ['an unknown tone', 'PUT', '', { tone: 'sarcastic' }],
    ['an unknown field', 'PUT', '', { colour: 'red' }],
    ['the derived hasApiKey', 'PUT', '', { hasApiKey: true }],
    ['quiet hours that are not HH:MM', 'PUT', '', { quietHours: { start: '9pm' } }],
    ['a base URL that is not http(s)', 'PUT', '', { baseUrl: 'ftp://example.com' }],
    ['a follow-up delay of zero', 'PUT', '', { followUp: { afterHours: 0 } }],
    ['a timezone outside Indonesia\'s three', 'PUT', '', { timezone: 'Europe/Paris' }],
    ['a price that is not a whole number', 'PUT', '', { priceList: [{ name: 'Kopi', price: 1.5 }] }],
    ['an import without csv', 'POST', '/price-list/import', { dryRun: true }],
    ['an empty classifier test', 'POST', '/test-classifier', { text: '' }],
  ]
  it.each(bad)('%s with a 400 listing the field', async (_what, method, url, payload) => {
    const res = await call(owner, method, url, payload)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('validation.failed')
    expect(res.json().error.details.length).toBeGreaterThan(0)
  })

  it('an empty price list with its own code', async () => {
    const res = await call(owner, 'POST', '/price-list/import', { csv: '\n\n' })
    expect(res.json().error.code).toBe('ai_config.empty_csv')
  })

  it.each([['an agent', () => agent], ['a viewer', () => viewer]])('changes by %s (403)', async (_who, who) => {
    expect((await call(who(), 'PUT', '', { tone: 'casual' })).statusCode).toBe(403)
    expect((await call(who(), 'POST', '/price-list/import', { csv: 'Teh,5000' })).statusCode).toBe(403)
  })

  it('to show one tenant\'s settings to another', async () => {
    const stranger = await registerOwner(h.app)
    const res = (await call(stranger, 'GET', '')).json()
    expect(res.tone).toBe('friendly')
    expect(res.priceList).toEqual([])
  })
})

describe('AI settings cached in another process', () => {
  it('are dropped there as soon as they change here', async () => {
    // A second set of services on the same database and Redis stands in for a separate worker process.
    const other = await createServices({ config: h.config, database: h.database, redis: h.redis, logger: silentLogger })
    try {
      expect((await other.aiConfig.get(owner.tenantId)).tone).not.toBe('casual')
      expect((await call(owner, 'PUT', '', { tone: 'casual' })).statusCode).toBe(200)
      await waitFor(async () => (await other.aiConfig.get(owner.tenantId)).tone === 'casual', 5000, 'the other process to see the new tone')
    } finally {
      await other.close()
    }
  })
})
