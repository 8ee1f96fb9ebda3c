// The owner's first day, the parts that must not break trust, at 390×844 in Bahasa Indonesia on
// the real server in demo mode: linking by phone number to Connected (the code survives a reload,
// a scan is refused clearly, the simulated phone enters the code); the chat header saying what
// happens to the next customer message (AI drafts only / AI answers / a person must answer) and
// following the settings live; "Saran AI" inserted with one tap, edited and sent; the "Menunggu"
// badge and filter. No 5xx anywhere.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ApiUser, ARTIFACTS_DIR, eventually, startHarness, watchPage, type Harness } from './harness'

let h: Harness
let page: Page
let api: ApiUser
const serverErrors: string[] = []
const pageErrors: string[] = []
const owner = { businessName: 'Kopi Senja', name: 'Bu Sari', email: `senja-${Date.now()}@toko.test`, password: 'rahasia-123' }
const atPath = (path: string) => (url: URL) => url.pathname === path

beforeAll(async () => {
  h = await startHarness({ viewport: { width: 390, height: 844 } })
  page = h.context.pages()[0] ?? await h.context.newPage()
  pageErrors.push(...watchPage(page).errors)
  page.on('response', (r) => { if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`) })
  api = await ApiUser.register(h.baseUrl, owner)
  // A shop that set up its profile with auto-reply off (the default after onboarding).
  const saved = await api.call('PUT', '/ai-config', {
    profile: { about: 'Kedai kopi kecil', hours: 'Setiap hari 08.00–21.00', faq: 'Pesan antar lewat GoSend untuk area Bandung, ongkir mulai Rp 10.000.' },
    priceList: [{ name: 'Kopi Susu', price: 18000 }, { name: 'Roti Bakar', price: 15000 }],
    autoReply: false,
  })
  expect(saved.status).toBe(200)
  expect((await api.call('POST', '/tenant/onboarded', {})).status).toBe(200)
})
afterAll(async () => {
  if (pageErrors.length) console.warn('[e2e] browser errors:\n' + pageErrors.join('\n'))
  await h?.close()
})

describe('the owner links by phone number and reads chats that tell the truth', () => {
  it('links by phone number in demo mode: the code survives a reload, a scan is refused, the simulated phone enters it', async () => {
    await page.goto('/device')
    await page.waitForURL(atPath('/login'))
    await page.fill('#email', owner.email)
    await page.fill('#password', owner.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL(atPath('/device'))

    await page.getByTestId('pair-toggle').click()
    await page.getByTestId('pair-phone').fill('0812 3456 7001')
    await page.getByTestId('pair-submit').click()
    const code = page.getByTestId('pair-code')
    await code.waitFor({ timeout: 30_000 })
    const shown = (await code.textContent())!.trim()
    expect(shown).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    await expect(page.getByTestId('pair-code-phone').textContent()).resolves.toContain('+62 812-3456-7001')
    await expect(page.getByTestId('qr-image').count()).resolves.toBe(0)

    // A reload shows the same code (the server keeps code mode), never a QR that could not link.
    await page.reload()
    await page.getByTestId('pair-code').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('pair-code').textContent()).resolves.toBe(shown)
    await expect(page.getByTestId('pair-code-countdown').textContent()).resolves.toMatch(/Kode berlaku \d+ detik lagi/)
    await expect(page.getByTestId('qr-image').count()).resolves.toBe(0)
    await expect(page.getByTestId('device-state').getAttribute('data-state')).resolves.toBe('qr')
    await expect(page.getByTestId('device-state').textContent()).resolves.toContain('Menunggu kode')
    // What a demo scan now gets: a clear 409, not a 500.
    const scan = await api.call<{ error: { code: string } }>('POST', '/demo/scan', {})
    expect(scan.status).toBe(409)
    expect(scan.body.error.code).toBe('demo.pairing_code_mode')

    await page.screenshot({ path: join(ARTIFACTS_DIR, 'device-code-390.png') })
    await page.getByTestId('demo-enter-code').click()
    await page.locator('[data-testid=device-state][data-state=connected]').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('device-phone').textContent()).resolves.toContain('+62 812-3456-7001')
  })

  it('says "AI only drafts" while auto-reply is off, and sends the AI suggestion after one tap and an edit', async () => {
    const sent = await api.call('POST', '/demo/customer-message', { text: 'Kak, harga kopi susu berapa? bisa antar ke Dago?', customerName: 'Andi Pratama' })
    expect(sent.status).toBe(204)
    await page.goto('/inbox')
    const row = page.locator('[data-testid=conversation-row]:has-text("Andi Pratama")')
    await row.waitFor({ timeout: 30_000 })
    await row.locator('[data-testid=waiting-badge]').waitFor()
    await expect(row.locator('[data-testid=waiting-badge]').textContent()).resolves.toMatch(/Menunggu( \d+ mnt)?/)
    await row.click()
    await page.getByTestId('thread').waitFor()

    const banner = page.getByTestId('next-reply')
    await page.locator('[data-testid=next-reply][data-reason=auto_reply_off]').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('next-reply-title').textContent()).resolves.toBe('Balasan otomatis mati — AI hanya menyiapkan saran')
    await expect(banner.getByTestId('next-reply-fix').getAttribute('href')).resolves.toBe('/settings/ai')
    await page.getByTestId('next-reply-waiting').waitFor()

    // "Saran AI" answers both questions; one tap puts it into the reply box.
    const suggestion = page.getByTestId('ai-suggestion')
    await suggestion.waitFor({ timeout: 30_000 })
    const text = (await page.getByTestId('ai-suggestion-text').textContent())!
    expect(text).toContain('Rp 18.000')
    expect(text).toContain('GoSend')
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'next-reply-drafts-390.png') })
    await page.getByTestId('ai-suggestion-insert').click()
    const input = page.getByTestId('reply-input')
    await expect(input.inputValue()).resolves.toContain('Rp 18.000')
    await input.fill(`${await input.inputValue()} Mau pesan berapa kak?`)
    await page.getByTestId('reply-send').click()
    await page.locator('[data-testid=message][data-direction=out]:has-text("Mau pesan berapa kak?")').waitFor()
    // The shop answered: no more waiting, no stale suggestion.
    await eventually(async () => (await page.getByTestId('next-reply-waiting').count()) === 0, 'the waiting line to go')
    await expect(suggestion.count()).resolves.toBe(0)
  })

  it('follows the settings live: auto-reply on → "AI akan membalas pesan berikutnya"', async () => {
    expect((await api.call('PUT', '/ai-config', { autoReply: true })).status).toBe(200)
    await page.locator('[data-testid=next-reply][data-reason=auto_reply_on]').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('next-reply-title').textContent()).resolves.toBe('AI akan membalas pesan berikutnya')
  })

  it('says a person must answer a complaint, lists it under "Menunggu", and says who answers after a take-over', async () => {
    await api.call('POST', '/demo/customer-message', { text: 'Pesanan saya belum sampai 2 jam, kecewa banget', customerName: 'Dewi Lestari' })
    await page.getByTestId('thread-back').click()
    await page.locator('[data-testid=conversation-row]:has-text("Dewi Lestari") [data-testid=waiting-badge]').waitFor({ timeout: 30_000 })
    await page.getByTestId('filter-waiting').click()
    await page.locator('[data-testid=conversation-row]:has-text("Dewi Lestari")').waitFor()
    await eventually(async () => (await page.locator('[data-testid=conversation-row]:has-text("Andi Pratama")').count()) === 0, 'the answered chat to leave the waiting filter')
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'inbox-waiting-390.png') })
    await page.locator('[data-testid=conversation-row]:has-text("Dewi Lestari")').click()
    await page.locator('[data-testid=next-reply][data-reason=complaint_handover]').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('next-reply-title').textContent()).resolves.toBe('Keluhan: Anda yang perlu membalas')
    await page.getByTestId('takeover-toggle').click()
    await page.locator('[data-testid=next-reply][data-reason=taken_over]:has-text("Diambil alih: Anda yang membalas")').waitFor()
  })

  it('saw no server error on the way', () => {
    expect(serverErrors).toEqual([])
  })
})
