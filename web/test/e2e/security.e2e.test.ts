// Access and passwords in the browser, on the real server with its real rate limits, at phone
// width in Indonesian: no CSP violation on the main pages; an invited agent must create their own
// password at first login; owner and agent behind one IP reload 20 times each and stay signed in;
// a 429 shows "coba lagi dalam N detik" and never looks like a logout; a reset link made on the
// Team page sets a new password; "Lupa kata sandi?" says to ask the owner when there is no e-mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { ApiUser, startHarness, watchPage, type Harness } from './harness'

const PHONE = { width: 390, height: 844 }
const atPath = (path: string) => (url: URL) => url.pathname === path
let h: Harness
const owner = { businessName: 'Kopi Senja Aman', name: 'Bu Sari', email: `aman-${Date.now()}@toko.test`, password: 'rahasia-pemilik-1' }
const agent = { email: `agen-${Date.now()}@toko.test`, password: 'rahasia-agen-123' }
let ownerPage: Page
let agentPage: Page
const errors: string[] = []

async function phoneContext(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await h.newContext(PHONE)
  // Every CSP violation the page reports, from the first script on.
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] }
    w.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  const page = ctx.pages()[0] ?? await ctx.newPage()
  const watched = watchPage(page)
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(`csp console: ${m.text()}`) })
  ;(page as unknown as { __errors: string[] }).__errors = watched.errors
  return { ctx, page }
}
const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)
const pageErrors = (page: Page) => (page as unknown as { __errors: string[] }).__errors

beforeAll(async () => {
  h = await startHarness({ viewport: PHONE })
  const api = await ApiUser.register(h.baseUrl, owner)
  expect((await api.call('POST', '/tenant/onboarded', {})).status).toBe(200)
  ;({ page: ownerPage } = await phoneContext())
  ;({ page: agentPage } = await phoneContext())
})
afterAll(async () => {
  if (errors.length) console.warn('[e2e] browser errors:\n' + errors.join('\n'))
  await h?.close()
})

async function login(page: Page, email: string, password: string) {
  await page.goto('/login')
  await page.fill('#email', email)
  await page.fill('#password', password)
  await page.getByTestId('login-submit').click()
}

describe('access and passwords in the browser', () => {
  it('shows the main pages without a single CSP violation', async () => {
    await login(ownerPage, owner.email, owner.password)
    await ownerPage.waitForURL(atPath('/inbox'))
    for (const path of ['/inbox', '/device', '/follow-ups', '/overview', '/settings/ai', '/settings/profile', '/team', '/more']) {
      await ownerPage.goto(path)
      await ownerPage.waitForLoadState('networkidle')
      expect(ownerPage.url(), path).not.toContain('/login')
    }
    expect(await cspViolations(ownerPage)).toEqual([])
    expect(errors.filter((e) => e.startsWith('csp'))).toEqual([])
    expect(pageErrors(ownerPage)).toEqual([])
  })

  it('makes an invited agent create their own password at first login, before anything else', async () => {
    await ownerPage.goto('/team')
    await ownerPage.getByTestId('invite-email').fill(agent.email)
    await ownerPage.getByTestId('invite-role').selectOption('agent')
    await ownerPage.getByTestId('invite-submit').click()
    const temporary = (await ownerPage.getByTestId('temporary-password').textContent())!.trim()

    await login(agentPage, agent.email, temporary)
    await agentPage.waitForURL(atPath('/set-password'))
    await expect(agentPage.locator('h1').textContent()).resolves.toBe('Buat kata sandi baru')
    // Nothing else opens until then.
    await agentPage.goto('/inbox')
    await agentPage.waitForURL(atPath('/set-password'))
    await agentPage.getByTestId('new-password').fill(agent.password)
    await agentPage.getByTestId('repeat-password').fill('something-else-1')
    await agentPage.getByTestId('password-submit').click()
    await agentPage.locator('.field-error:has-text("Kedua kata sandi belum sama")').waitFor()
    await agentPage.getByTestId('repeat-password').fill(agent.password)
    await agentPage.getByTestId('password-submit').click()
    await agentPage.waitForURL(atPath('/inbox'))
    await agentPage.getByTestId('conversation-list').waitFor()
    // The temporary password is dead; the new one works.
    await expect(ApiUser.login(h.baseUrl, agent.email, temporary)).rejects.toThrow(/401/)
    await ApiUser.login(h.baseUrl, agent.email, agent.password)
    expect(await cspViolations(agentPage)).toEqual([])
  })

  it('keeps owner and agent on one shop Wi-Fi signed in through 20 reloads each', async () => {
    await ownerPage.goto('/inbox')
    await ownerPage.getByTestId('conversation-list').waitFor()
    for (let i = 0; i < 20; i++) {
      for (const page of [ownerPage, agentPage]) {
        await page.reload()
        await page.getByTestId('conversation-list').waitFor()
        expect(new URL(page.url()).pathname, `reload ${i + 1}`).toBe('/inbox')
        await expect(page.getByTestId('rate-limit-notice').count()).resolves.toBe(0)
      }
    }
  })

  it('shows a 429 as "coba lagi dalam N detik" and stays in the app, on a reload and on a page', async () => {
    const tooMany = { status: 429, headers: { 'retry-after': '3', 'content-type': 'application/json' }, body: JSON.stringify({ error: { code: 'auth.rate_limited', message: 'Too many attempts.' } }) }
    const visited: string[] = []
    agentPage.on('framenavigated', (f) => { if (f === agentPage.mainFrame()) visited.push(new URL(f.url()).pathname) })
    // The server keeps answering 429 until the test has looked; then the next retry gets through.
    const refreshLimited = (route: import('playwright-core').Route) => route.fulfill(tooMany)
    await agentPage.route('**/api/v1/auth/refresh', refreshLimited)
    await agentPage.reload()
    const notice = agentPage.getByTestId('rate-limit-notice')
    await notice.waitFor()
    expect(await notice.textContent()).toMatch(/Terlalu banyak percobaan, coba lagi dalam [1-3] detik/)
    await agentPage.getByTestId('wait-page').waitFor()
    expect(visited).not.toContain('/login')
    await agentPage.unroute('**/api/v1/auth/refresh', refreshLimited)
    // When the wait is over the session comes back by itself, and the page it was on.
    await agentPage.getByTestId('conversation-list').waitFor({ timeout: 15_000 })
    expect(new URL(agentPage.url()).pathname).toBe('/inbox')
    await notice.waitFor({ state: 'detached', timeout: 15_000 })
    expect(visited).not.toContain('/login')

    await agentPage.route('**/api/v1/team', (route) => route.fulfill(tooMany), { times: 1 })
    await agentPage.goto('/team')
    await agentPage.getByTestId('rate-limit-notice').waitFor()
    expect(new URL(agentPage.url()).pathname).toBe('/team')
  })

  it('resets a password with a one-time link made on the Team page', async () => {
    await ownerPage.goto('/team')
    const row = ownerPage.locator(`[data-testid=team-member]:has-text("${agent.email}")`)
    await row.getByTestId('team-reset-link').click()
    const link = (await ownerPage.getByTestId('reset-link').textContent())!.trim()
    expect(link).toMatch(/\/reset-password#token=pr1\./)

    // Opened on the agent's phone (still signed in there): a new password, then in the app.
    await agentPage.goto(link)
    await agentPage.getByTestId('reset-password').waitFor()
    await agentPage.getByTestId('new-password').waitFor()
    expect(new URL(agentPage.url()).hash).toBe('') // the token does not stay in the address bar
    const fresh = 'sandi-dari-tautan-1'
    await agentPage.getByTestId('new-password').fill(fresh)
    await agentPage.getByTestId('repeat-password').fill(fresh)
    await agentPage.getByTestId('password-submit').click()
    await agentPage.waitForURL(atPath('/inbox'))
    await agentPage.getByTestId('conversation-list').waitFor()
    // The old session's socket was closed by the reset; the new session survives a reload.
    await agentPage.reload()
    await agentPage.getByTestId('conversation-list').waitFor()
    expect(new URL(agentPage.url()).pathname).toBe('/inbox')
    await expect(ApiUser.login(h.baseUrl, agent.email, agent.password)).rejects.toThrow(/401/)
    await ApiUser.login(h.baseUrl, agent.email, fresh)
    // The same link again: refused, with words for it.
    await agentPage.goto(link)
    await agentPage.getByTestId('new-password').waitFor()
    await agentPage.getByTestId('new-password').fill('sandi-lagi-12345')
    await agentPage.getByTestId('repeat-password').fill('sandi-lagi-12345')
    await agentPage.getByTestId('password-submit').click()
    await agentPage.locator('[data-testid=form-error]:has-text("sudah tidak berlaku")').waitFor()
  })

  it('sends a removed agent to the login page at once, without a click', async () => {
    await agentPage.goto('/inbox')
    await agentPage.getByTestId('conversation-list').waitFor()
    await ownerPage.goto('/team')
    await ownerPage.locator(`[data-testid=team-member]:has-text("${agent.email}")`).getByTestId('team-remove').click()
    await ownerPage.getByTestId('confirm').click()
    await agentPage.waitForURL(atPath('/login'))
    await agentPage.getByTestId('session-expired').waitFor()
  })

  it('"Lupa kata sandi?" says to ask the owner when the server sends no e-mail', async () => {
    const { ctx, page } = await phoneContext()
    await page.goto('/login')
    await page.getByTestId('forgot-link').click()
    await page.waitForURL(atPath('/forgot-password'))
    await expect(page.getByTestId('forgot-ask-owner').textContent()).resolves.toContain('Minta pemilik atau admin toko')
    expect(await cspViolations(page)).toEqual([])
    await ctx.close()
  })
})
