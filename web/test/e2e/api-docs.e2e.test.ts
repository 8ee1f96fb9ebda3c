// The API reference page at phone width, in Indonesian, on the real built product: a visitor
// without an account opens /docs/api, finds the send endpoint and reads its request fields; the
// page breaks no CSP rule (everything it shows is rendered by the app from the server's document).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startHarness, watchPage, type Harness } from './harness'

const PHONE = { width: 390, height: 844 }
let h: Harness
let page: Page
let pageErrors: string[]
const csp: string[] = []

beforeAll(async () => {
  h = await startHarness({ viewport: PHONE })
  const ctx = await h.newContext(PHONE)
  page = ctx.pages()[0] ?? await ctx.newPage()
  pageErrors = watchPage(page).errors
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()) })
})
afterAll(async () => { await h?.close() })

describe('API reference page', () => {
  it('lists POST /api/v1/messages with its request fields, readable at phone width without an account', async () => {
    await page.goto('/docs/api')
    await page.getByRole('heading', { name: 'Referensi API' }).waitFor()
    const send = page.getByTestId('op-POST /api/v1/messages')
    await send.waitFor()
    await send.locator('summary').click()
    await expect.poll(() => send.getByText('Isi permintaan (JSON)').isVisible()).toBe(true)
    const fieldNames = await send.getByTestId('api-field').locator('code').allTextContents()
    expect(fieldNames).toEqual(expect.arrayContaining(['idempotency-key', 'to', 'text']))
    await expect.poll(() => send.getByText('Kunci API dengan cakupan messages:send juga bisa.').isVisible()).toBe(true)
    // Nothing wider than the phone: the page scrolls down, never sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)

    await page.getByTestId('api-docs-filter').fill('webhooks')
    await expect.poll(() => send.isVisible()).toBe(false)
    await expect.poll(() => page.getByTestId('op-POST /api/v1/webhooks').isVisible()).toBe(true)
    expect(csp).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
