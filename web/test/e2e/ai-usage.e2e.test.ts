// The owner's own AI model and its bill, at 390×844 in Bahasa Indonesia on the real server: the
// shop connects an OpenAI-compatible model (a real HTTP server speaking that API), tries it in
// "Coba AI", sees this month's tokens in "Pemakaian AI bulan ini", sets a monthly cap (a wrong
// cap gets a field error, nothing saved), and once the cap is used up the page says the built-in
// AI answers until next month — and the model is not called any more. No 5xx anywhere.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { OpenAiCompatibleServer } from '../../../server/test/support/llm/openai-compatible-server'
import { ApiUser, ARTIFACTS_DIR, eventually, startHarness, watchPage, type Harness } from './harness'

let h: Harness
let page: Page
let api: ApiUser
let llm: OpenAiCompatibleServer
const pageErrors: string[] = []
const owner = { businessName: 'Kopi Senja', name: 'Bu Sari', email: `usage-${Date.now()}@toko.test`, password: 'rahasia-123' }
const atPath = (path: string) => (url: URL) => url.pathname === path

beforeAll(async () => {
  llm = await OpenAiCompatibleServer.start()
  // The model runs on this machine: the guarded outbound client is told it may reach loopback.
  h = await startHarness({ viewport: { width: 390, height: 844 }, env: { OUTBOUND_ALLOW_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_HTTP: 'true' } })
  page = h.context.pages()[0] ?? await h.context.newPage()
  pageErrors.push(...watchPage(page).errors)
  api = await ApiUser.register(h.baseUrl, owner)
  const saved = await api.call('PUT', '/ai-config', {
    profile: { hours: 'Setiap hari 08.00–21.00' }, priceList: [{ name: 'Kopi Susu', price: 18000 }],
    baseUrl: llm.url, apiKey: 'sk-e2e-usage-key', model: 'test-model',
  })
  expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  expect((await api.call('POST', '/tenant/onboarded', {})).status).toBe(200)
})
afterAll(async () => {
  if (pageErrors.length) console.warn('[e2e] browser errors:\n' + pageErrors.join('\n'))
  await h?.close()
  await llm?.close()
})

describe('the owner sees what the AI model costs and caps it', () => {
  it('shows this month\'s tokens after trying the model, and saves a cap (a wrong one gets a field error)', async () => {
    await page.goto('/settings/ai')
    await page.waitForURL(atPath('/login'))
    await page.fill('#email', owner.email)
    await page.fill('#password', owner.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL(atPath('/settings/ai'))
    const card = page.getByTestId('ai-usage')
    await expect(card.textContent()).resolves.toContain('Pemakaian AI bulan ini')
    await expect(page.getByTestId('ai-usage-used').textContent()).resolves.toContain('0 token dipakai')

    // "Coba AI": a classification and a reply on the tenant's model.
    const before = llm.requests.length
    await page.getByTestId('classifier-input').fill('Kak, kopi susu berapa?')
    await page.getByTestId('classifier-run').click()
    await page.getByTestId('classifier-result').waitFor()
    expect(llm.requests.length - before).toBe(2)
    const spent = llm.reported.promptTokens + llm.reported.completionTokens
    await page.reload()
    await eventually(async () => (await page.getByTestId('ai-usage-used').textContent())?.includes(`${spent.toLocaleString('id-ID')} token dipakai · 2 permintaan`), 'the tokens the model reported')
    await expect(page.getByTestId('ai-usage-used').textContent()).resolves.toContain('Tanpa batas bulanan')

    await page.getByTestId('ai-cap-input').fill('sepuluh ribu')
    await page.getByTestId('ai-cap-save').click()
    await card.locator('.field-error').waitFor()
    expect((await api.get<{ monthlyTokenCap: number | null }>('/ai-config')).monthlyTokenCap).toBeNull()

    await page.getByTestId('ai-cap-input').fill('1000')
    await page.getByTestId('ai-cap-save').click()
    await page.getByTestId('ai-cap-saved').waitFor()
    expect((await api.get<{ monthlyTokenCap: number | null }>('/ai-config')).monthlyTokenCap).toBe(1000)
    await expect(page.getByTestId('ai-usage-used').textContent()).resolves.toContain('dari batas 1.000 token')
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'ai-usage-390.png') })
  })

  it('says the built-in AI answers once the cap is used up, and the model is not called again', async () => {
    for (let i = 0; i < 20; i++) {
      const usage = await api.get<{ totalTokens: number }>('/ai-config/usage')
      if (usage.totalTokens >= 1000) break
      expect((await api.call('POST', '/ai-config/preview-reply', { text: `Kopi susu berapa? ${i}` })).status).toBe(200)
    }
    await page.reload()
    await page.getByTestId('ai-usage-reached').waitFor()
    await expect(page.getByTestId('ai-usage-reached').textContent()).resolves.toContain('AI bawaan menjawab pelanggan sampai bulan berikutnya')

    const before = llm.requests.length
    await page.getByTestId('classifier-input').fill('Kak, kopi susu berapa?')
    await page.getByTestId('classifier-run').click()
    await page.getByTestId('classifier-result').waitFor()
    await expect(page.getByTestId('classifier-result').textContent()).resolves.toContain('18.000')
    expect(llm.requests.length).toBe(before)
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'ai-usage-cap-reached-390.png') })
  })
})
