// The owner's day, end to end on the real server in demo mode: register → onboarding → live QR →
// the simulated phone scans → Connected by itself → a simulated customer writes → the chat shows
// up live with its AI tags → the owner replies → the customer's phone receives it. Then: a viewer
// cannot reply (hidden in the UI, 403 from the API), the language switch, an expired session that
// returns to the remembered page, a 375 px screenshot, and the first-load JS budget.
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ApiUser, ARTIFACTS_DIR, eventually, startHarness, watchPage, type Harness } from './harness'

let h: Harness
let page: Page
let pageErrors: string[]
const owner = { businessName: 'Warung Kopi Senja', name: 'Bu Sari', email: `sari-${Date.now()}@toko.test`, password: 'rahasia-123' }
let conversationId = ''
// Matches on the path only: a URL glob ending in /inbox would also match /login?redirect=/inbox.
const atPath = (path: string) => (url: URL) => url.pathname === path

beforeAll(async () => {
  h = await startHarness()
  page = h.context.pages()[0] ?? await h.context.newPage()
  pageErrors = watchPage(page).errors
})
afterAll(async () => {
  if (pageErrors?.length) console.warn('[e2e] browser errors:\n' + pageErrors.join('\n'))
  await h?.close()
})

describe('owner dashboard on the real server', () => {
  it('loads the login page within the first-load JS budget (< 200 KiB gzip)', async () => {
    const js = new Map<string, Buffer>()
    const onResponse = async (r: import('playwright-core').Response) => {
      if (r.request().resourceType() === 'script' && r.ok()) js.set(r.url(), await r.body().catch(() => Buffer.alloc(0)))
    }
    page.on('response', onResponse)
    await page.goto('/login')
    await page.getByTestId('login-submit').waitFor()
    await page.waitForLoadState('networkidle')
    page.off('response', onResponse)
    const gzipKiB = [...js.values()].reduce((a, b) => a + gzipSync(b).length, 0) / 1024
    console.log(JSON.stringify({ loginPageJsGzipKiB: Math.round(gzipKiB * 100) / 100, scripts: js.size }))
    expect(js.size).toBeGreaterThan(0)
    expect(gzipKiB).toBeLessThan(200)
    // Bahasa Indonesia first, whatever the browser language.
    await expect(page.locator('h1').textContent()).resolves.toBe('Masuk ke Warta')
  })

  it('registers and walks through onboarding: profile with a CSV preview, live QR, simulated scan, Connected', async () => {
    await page.getByRole('link', { name: 'Daftar' }).click()
    await page.fill('#businessName', owner.businessName)
    await page.fill('#name', owner.name)
    await page.fill('#email', owner.email)
    await page.fill('#password', owner.password)
    await page.getByTestId('register-submit').click()
    await page.waitForURL(atPath('/onboarding'))

    // Step 1: business profile, with the price list previewed (dry run) before saving.
    await page.getByTestId('profile-about').fill('Kopi susu dan roti bakar')
    await page.getByTestId('profile-hours').fill('Senin–Sabtu 08.00–21.00')
    await page.getByTestId('price-import-open').click()
    await page.getByTestId('price-csv').fill('nama,harga,satuan\nEs Kopi Susu,18000,gelas\nRoti Bakar,abc,porsi')
    await page.getByTestId('price-preview').click()
    await expect(page.getByTestId('price-errors').textContent()).resolves.toContain('Baris 3')
    await expect(page.getByTestId('price-save').isDisabled()).resolves.toBe(true)
    await page.getByTestId('price-csv').fill('nama,harga,satuan\nEs Kopi Susu,18000,gelas\nRoti Bakar,15000,porsi')
    await page.getByTestId('price-preview').click()
    await page.locator('[data-testid=price-preview-result]:has-text("Rp 15.000")').waitFor()
    await page.getByTestId('price-save').click()
    await page.getByTestId('price-saved').waitFor()
    await page.getByTestId('profile-save').click()

    // Step 2: connect WhatsApp — the QR arrives live with its countdown.
    await page.getByTestId('device-connect').click()
    const qr = page.getByTestId('qr-image')
    await qr.waitFor({ timeout: 30_000 })
    expect(await qr.getAttribute('src')).toMatch(/^data:image\//)
    await expect(page.getByTestId('qr-countdown').textContent()).resolves.toMatch(/Kode QR diperbarui dalam \d+ detik/)
    await expect(page.getByTestId('device-state').getAttribute('data-state')).resolves.toBe('qr')

    // A wrong number for pair-by-code: the API's error code shows next to the field, in Bahasa.
    await page.getByTestId('pair-toggle').click()
    await page.getByTestId('pair-phone').fill('12')
    await page.getByRole('button', { name: 'Minta kode' }).click()
    await page.locator('#pair-phone ~ .field-error:has-text("Nomor tidak valid")').waitFor()

    // The simulated phone scans; the badge turns Connected by itself (session.state event).
    await page.getByTestId('demo-scan').click()
    await page.locator('[data-testid=device-state][data-state=connected]').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('device-state').textContent()).resolves.toContain('Terhubung')
    await page.getByTestId('onboarding-next').click()

    // Step 3: may the AI answer customers? (off unless the owner says yes); step 4: done → inbox.
    await page.getByTestId('onboarding-ai-no').waitFor()
    await page.getByTestId('onboarding-ai-next').click()
    await page.getByTestId('onboarding-finish').click()
    await page.waitForURL(atPath('/inbox'))
    await page.getByTestId('conversation-list').waitFor()
  })

  it('shows a simulated customer chat live, with its AI tags, and delivers the owner reply to the phone', async () => {
    const api = await ApiUser.login(h.baseUrl, owner.email, owner.password)
    await page.getByTestId('demo-write-toggle').click()
    await page.getByTestId('demo-customer-name').fill('Budi Santoso')
    await page.getByTestId('demo-customer-text').fill('Kak, es kopi susu berapa? Mau pesan 2 ya, bisa diantar?')
    await page.getByTestId('demo-customer-send').click()

    // Appears without a reload, then gets its tags when the classification lands.
    const row = page.locator('[data-testid=conversation-row]:has-text("Budi Santoso")')
    await row.waitFor({ timeout: 30_000 })
    await row.locator('[data-testid=conversation-tags] [data-tag]').first().waitFor({ timeout: 30_000 })
    const tags = await row.locator('[data-tag]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')))
    expect(tags.length).toBeGreaterThan(0)
    conversationId = (await row.getAttribute('data-conversation-id'))!

    await row.click()
    await page.getByTestId('thread').waitFor()
    const insight = page.getByTestId('insight').first()
    await insight.waitFor({ timeout: 30_000 })
    // A compact line under the bubble; a tap opens the card with its source.
    await expect(insight.getAttribute('data-expanded')).resolves.toBe('false')
    await page.getByTestId('insight-toggle').first().click()
    await expect(page.getByTestId('insight-classifier').first().getAttribute('data-classifier')).resolves.toMatch(/offline|openai/)

    // One tap corrects a tag, and the correction is stored.
    await page.getByTestId('insight-edit').first().click()
    await page.getByTestId('insight-tag-complaint').click()
    const corrected = await eventually(async () => {
      const { items } = await api.get<{ items: { direction: string; insight: { tags: string[]; corrected?: boolean } | null }[] }>(`/conversations/${conversationId}/messages?limit=20`)
      const i = items.find((m) => m.direction === 'in' && m.insight)?.insight
      return i?.tags.includes('complaint') ? i : null
    }, 'the tag correction to be stored')
    expect(corrected.corrected).toBe(true)
    await page.getByTestId('insight-done').click()
    await page.locator('[data-testid=insight] [data-tag=complaint]').first().waitFor()

    // The owner takes over (so the AI stays quiet) and replies.
    await page.getByTestId('takeover-toggle').click()
    await page.locator('[data-testid=next-reply][data-reason=taken_over]:has-text("Diambil alih: Anda yang membalas")').waitFor()
    const reply = 'Siap kak, 2 Es Kopi Susu jadi Rp 36.000. Kami antar ya!'
    await page.getByTestId('reply-input').fill(reply)
    await page.getByTestId('reply-send').click()
    const bubble = page.locator(`[data-testid=message][data-direction=out]:has-text("${reply}")`)
    await bubble.waitFor()

    // The customer's (simulated) phone receives it: the server records delivered/read receipts.
    const delivered = await eventually(async () => {
      const { items } = await api.get<{ items: { body: string; status: string }[] }>(`/conversations/${conversationId}/messages?limit=20`)
      const m = items.find((x) => x.body === reply)
      return m && ['delivered', 'read'].includes(m.status) ? m : null
    }, 'the reply to be delivered to the simulated phone', 45_000)
    expect(['delivered', 'read']).toContain(delivered.status)
    // …and the ticks in the bubble follow live.
    await bubble.locator('[data-testid=status-ticks][data-status=delivered], [data-testid=status-ticks][data-status=read]').waitFor({ timeout: 30_000 })
  })

  it('switches between Bahasa and English and remembers the choice', async () => {
    await page.goto('/inbox')
    await page.getByTestId('conversation-list').waitFor()
    await page.getByTestId('lang-en').click()
    await page.locator('h1:has-text("Inbox")').waitFor()
    await expect(page.getByTestId('reply-box').count()).resolves.toBe(0) // list only, no thread open
    await page.reload()
    await page.locator('h1:has-text("Inbox")').waitFor()
    await page.getByTestId('lang-id').click()
    await page.locator('h1:has-text("Kotak Masuk")').waitFor()
  })

  it('at 375 px shows the list, then the thread full screen, and the customer panel as a sheet', async () => {
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto('/inbox')
    await page.locator('[data-testid=conversation-row]').first().waitFor()
    await page.getByTestId('tabbar').waitFor()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'inbox-375.png') })
    await page.locator('[data-testid=conversation-row]').first().click()
    await page.getByTestId('thread').waitFor()
    await expect(page.getByTestId('conversation-list').isVisible()).resolves.toBe(false)
    await page.getByTestId('open-customer').click()
    await page.getByTestId('customer-sheet').waitFor()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'customer-sheet-375.png') })
    await page.getByTestId('thread-back').click({ force: true }).catch(() => {})
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('shows "Menghubungkan ulang…" while the realtime link is down, then catches up on what it missed', async () => {
    // Cut only the events socket (the API stays up), so the catch-up is observable: a chat that
    // arrives while the link is down must appear after the reconnect without a page reload.
    let blocked = false
    let live: import('playwright-core').WebSocketRoute | null = null
    await page.routeWebSocket(/\/api\/v1\/events/, (ws) => {
      if (blocked) {
        ws.close({ code: 4000, reason: 'test: link down' })
        return
      }
      ws.connectToServer()
      live = ws
    })
    await page.goto('/inbox')
    await page.getByTestId('conversation-list').waitFor()
    await eventually(async () => live, 'the events socket to open')
    await page.waitForTimeout(500)

    blocked = true
    await live!.close({ code: 4000, reason: 'test: link down' })
    await page.getByTestId('reconnecting-bar').waitFor()
    await expect(page.getByTestId('reconnecting-bar').textContent()).resolves.toContain('Menghubungkan ulang…')

    // (The demo server writes every "customer message" from one simulated customer, so look for the text.)
    const text = `Halo kak, masih buka? (${Date.now()})`
    const api = await ApiUser.login(h.baseUrl, owner.email, owner.password)
    const sent = await api.call('POST', '/demo/customer-message', { text })
    expect(sent.status).toBe(204)
    await eventually(async () => {
      const { items } = await api.get<{ items: { lastMessage: { body: string } | null }[] }>('/conversations?limit=50')
      return items.some((c) => c.lastMessage?.body === text)
    }, 'the server to store the message')
    await page.waitForTimeout(500)
    const preview = page.locator(`[data-testid=conversation-last]:has-text("${text}")`)
    await expect(preview.count()).resolves.toBe(0)

    blocked = false
    await page.getByTestId('reconnecting-bar').waitFor({ state: 'detached', timeout: 30_000 })
    await preview.waitFor({ timeout: 15_000 })
    await page.unrouteAll({ behavior: 'ignoreErrors' })
  })

  it('pops up a new customer message while the owner is on another page, and opens the chat on tap', async () => {
    await page.goto('/overview')
    await page.getByTestId('messages-chart').waitFor()
    const text = `Kak, roti bakar masih ada? (${Date.now()})`
    const api = await ApiUser.login(h.baseUrl, owner.email, owner.password)
    expect((await api.call('POST', '/demo/customer-message', { text })).status).toBe(204)
    const toast = page.locator(`[data-testid=new-message-toast]:has-text("${text}")`)
    await toast.waitFor({ timeout: 30_000 })
    await toast.click()
    await page.waitForURL((url) => url.pathname.startsWith('/inbox/'))
    await page.locator(`[data-testid=message-body]:has-text("${text}")`).waitFor()
  })

  it('an expired session goes back to login and then to the page that was open', async () => {
    await page.goto('/follow-ups')
    await page.locator('h1:has-text("Tindak lanjut")').waitFor()
    await h.context.clearCookies() // the refresh cookie is gone: the session cannot be restored
    await page.reload()
    await page.waitForURL(/\/login\?redirect=(%2F|\/)follow-ups/)
    await page.fill('#email', owner.email)
    await page.fill('#password', owner.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL(atPath('/follow-ups'))
  })

  it('links by phone number instead: the 8-character pairing code is shown', async () => {
    const other = { businessName: 'Laundry Bersih', email: `laundry-${Date.now()}@toko.test`, password: 'rahasia-456' }
    await ApiUser.register(h.baseUrl, other)
    const ctx = await h.newContext({ width: 375, height: 812 })
    const p = ctx.pages()[0] ?? await ctx.newPage()
    await p.goto('/device')
    await p.fill('#email', other.email)
    await p.fill('#password', other.password)
    await p.getByTestId('login-submit').click()
    await p.waitForURL(atPath('/device'))
    await p.getByTestId('pair-toggle').click()
    await p.getByTestId('pair-phone').fill('0812 3456 7890')
    await p.getByRole('button', { name: 'Minta kode' }).click()
    await expect(p.getByTestId('pair-code').textContent()).resolves.toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    await p.screenshot({ path: join(ARTIFACTS_DIR, 'device-pair-375.png') })
    await ctx.close()
  })

  it('a viewer invited from the Team page can read but not reply, and the API refuses with 403', async () => {
    await page.goto('/team')
    const viewerEmail = `viewer-${Date.now()}@toko.test`
    await page.getByTestId('invite-email').fill(viewerEmail)
    await page.getByTestId('invite-role').selectOption('viewer')
    await page.getByTestId('invite-submit').click()
    await page.getByTestId('invite-created').waitFor()
    const temporaryPassword = (await page.getByTestId('temporary-password').textContent())!.trim()
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(8)

    const viewerPassword = 'pengamat-rahasia-1'
    const viewerContext = await h.newContext({ width: 1280, height: 800 })
    const vpage = viewerContext.pages()[0] ?? await viewerContext.newPage()
    await vpage.goto(`/inbox/${conversationId}`)
    await vpage.waitForURL(atPath('/login'))
    await vpage.fill('#email', viewerEmail)
    await vpage.fill('#password', temporaryPassword)
    await vpage.getByTestId('login-submit').click()
    // A temporary password: the viewer creates their own first, then lands where they were going.
    await vpage.waitForURL(atPath('/set-password'))
    await vpage.getByTestId('new-password').fill(viewerPassword)
    await vpage.getByTestId('repeat-password').fill(viewerPassword)
    await vpage.getByTestId('password-submit').click()
    await vpage.waitForURL(atPath('/inbox'))
    await vpage.goto(`/inbox/${conversationId}`)
    await vpage.getByTestId('thread').waitFor()
    await vpage.getByTestId('viewer-note').waitFor()
    await expect(vpage.getByTestId('reply-box').count()).resolves.toBe(0)
    await expect(vpage.getByTestId('takeover-toggle').count()).resolves.toBe(0)
    await expect(vpage.getByTestId('insight-edit').count()).resolves.toBe(0)
    await vpage.goto('/device')
    await vpage.getByTestId('device-panel').waitFor()
    await expect(vpage.getByTestId('device-disconnect').count()).resolves.toBe(0)
    await vpage.goto('/team')
    await vpage.getByTestId('team-member').first().waitFor()
    await expect(vpage.getByTestId('team-invite').count()).resolves.toBe(0)
    await expect(vpage.getByTestId('team-remove').count()).resolves.toBe(0)

    const viewerApi = await ApiUser.login(h.baseUrl, viewerEmail, viewerPassword)
    const attempt = await viewerApi.call<{ error: { code: string } }>('POST', `/conversations/${conversationId}/messages`, { text: 'halo' })
    expect(attempt.status).toBe(403)
    expect(attempt.body.error.code).toBe('auth.forbidden')
  })
})
