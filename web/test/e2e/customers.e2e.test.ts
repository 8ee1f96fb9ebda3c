// The customers page and the away message end to end, at 390×844 in Bahasa Indonesia on the real
// server (demo mode, the built dashboard, headless Chromium): the owner imports a CSV with one bad
// line (the preview names it, nothing is saved until "Simpan"), finds a customer by search, renames
// them, exports the list as CSV, deletes a customer with their chat and photo; then sets business hours so the shop is closed now, and a
// simulated customer who writes gets the away message once (delivered to the simulated phone),
// and nothing more when they write again; finally evening hours past midnight and holidays.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ApiUser, ARTIFACTS_DIR, eventually, startHarness, watchPage, type Harness } from './harness'

let h: Harness
let page: Page
let api: ApiUser
const pageErrors: string[] = []
const owner = { businessName: 'Toko Kue Bu Ani', name: 'Bu Ani', email: `ani-${Date.now()}@toko.test`, password: 'rahasia-123' }
const atPath = (path: string) => (url: URL) => url.pathname === path
const AWAY = 'Terima kasih! Toko sedang tutup, kami balas besok pagi ya.'

type Msg = { body: string | null; sentBy: string; status: string; direction: string }
async function messagesOf(phone: string): Promise<Msg[]> {
  const { items } = await api.get<{ items: Array<{ id: string; contact: { phone: string | null } }> }>('/conversations?limit=50')
  const conv = items.find((c) => c.contact.phone === phone)
  if (!conv) return []
  return (await api.get<{ items: Msg[] }>(`/conversations/${conv.id}/messages?limit=50`)).items
}
async function customerWrites(text: string, customerName: string, phone: string) {
  const res = await api.call('POST', '/demo/customer-message', { text, customerName, phone })
  expect(res.status).toBe(204)
}

beforeAll(async () => {
  h = await startHarness({ viewport: { width: 390, height: 844 }, env: { WARTA_DEMO_CUSTOMERS: 'false' } })
  page = h.context.pages()[0] ?? await h.context.newPage()
  pageErrors.push(...watchPage(page).errors)
  api = await ApiUser.register(h.baseUrl, owner)
  expect((await api.call('POST', '/tenant/onboarded', {})).status).toBe(200)
})
afterAll(async () => {
  if (pageErrors.length) console.warn('[e2e] browser errors:\n' + pageErrors.join('\n'))
  await h?.close()
})

describe('customers and the away message, on a phone', () => {
  it('links the simulated phone, and a first customer writes', async () => {
    await page.goto('/device')
    await page.waitForURL(atPath('/login'))
    await page.fill('#email', owner.email)
    await page.fill('#password', owner.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL(atPath('/device'))
    await page.getByTestId('device-connect').click()
    await page.getByTestId('qr-image').waitFor({ timeout: 30_000 })
    await page.getByTestId('demo-scan').click()
    await page.locator('[data-testid=device-state][data-state=connected]').waitFor({ timeout: 30_000 })
    await customerWrites('Kak, kue lapis masih ada?', 'rina', '6281255550001')
    await eventually(async () => (await messagesOf('6281255550001')).length > 0, 'the first customer stored')
  })

  it('imports a CSV with one bad line: the preview names it, nothing is saved until confirmed', async () => {
    await page.goto('/more')
    await page.locator('a[href="/customers"]:visible').click()
    await page.waitForURL(atPath('/customers'))
    await page.locator('h1:has-text("Pelanggan")').waitFor()
    await page.locator('[data-testid=customer-row][data-phone="+6281255550001"]').waitFor()

    await page.getByTestId('customers-import-open').click()
    const csv = 'nama,nomor,catatan\nRina Wulandari,0812-5555-0001,Pesan tiap Jumat\nPak Joko,081255550002,"Kantor, lantai 2"\nSalah,12345,\n'
    await page.getByTestId('customers-file').setInputFiles({ name: 'pelanggan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    const preview = page.getByTestId('customers-preview')
    await preview.waitFor()
    await expect(page.getByTestId('customers-preview-summary').textContent()).resolves.toContain('2 baris siap diimpor (1 baru, 1 diperbarui) · 1 baris bermasalah')
    await expect(page.getByTestId('customers-error').textContent()).resolves.toBe('Baris 4: Nomor telepon tidak valid (contoh: 0812 3456 7890).')
    // Only the preview: nobody new yet.
    expect((await api.get<{ items: unknown[] }>('/customers')).items).toHaveLength(1)

    await page.getByTestId('customers-import-confirm').click()
    await expect(page.getByTestId('customers-imported').textContent()).resolves.toContain('1 pelanggan baru, 1 diperbarui.')
    await page.locator('[data-testid=customer-row][data-phone="+6281255550002"]:has-text("Pak Joko")').waitFor()
    await page.locator('[data-testid=customer-row][data-phone="+6281255550001"]:has-text("Rina Wulandari")').waitFor()
  })

  it('finds a customer by search and renames them; the name stays after a reload', async () => {
    await page.getByTestId('customers-search').fill('joko')
    await eventually(async () => (await page.getByTestId('customer-row').count()) === 1, 'one search result')
    await page.locator('[data-testid=customer-row]:has-text("Pak Joko")').click()
    await page.getByTestId('customer-edit').waitFor()
    await expect(page.getByTestId('customer-notes-input').inputValue()).resolves.toBe('Kantor, lantai 2')
    await page.getByTestId('customer-name-input').fill('Pak Joko Santoso')
    await page.getByTestId('customer-save').click()
    await page.getByTestId('customer-saved').waitFor()
    await page.reload()
    await page.locator('[data-testid=customer-title]:text-is("Pak Joko Santoso")').waitFor()
  })

  it('never overwrites notes being typed when the customer writes and the page refreshes', async () => {
    await page.goto('/customers')
    await page.locator('[data-testid=customer-row][data-phone="+6281255550001"]').click()
    await page.getByTestId('customer-edit').waitFor()
    await page.locator('[data-testid=customer-page-insight]').first().waitFor({ timeout: 30_000 })
    const before = await page.getByTestId('customer-page-insight').count()
    await page.getByTestId('customer-notes-input').fill('Pesan tiap Jumat, 2 loyang')
    await customerWrites('Kak, yang pandan ada juga?', 'rina', '6281255550001')
    // The new insight arrives live and the card reloads…
    await eventually(async () => (await page.getByTestId('customer-page-insight').count()) > before, 'the new insight on the page')
    // …while the typed, unsaved notes stay.
    await expect(page.getByTestId('customer-notes-input').inputValue()).resolves.toBe('Pesan tiap Jumat, 2 loyang')
    await page.getByTestId('customer-save').click()
    await page.getByTestId('customer-saved').waitFor()
  })

  it('exports the customers as a CSV Excel opens (UTF-8 with BOM)', async () => {
    await page.goto('/customers')
    await page.getByTestId('customer-row').first().waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('customers-export').click()])
    expect(download.suggestedFilename()).toMatch(/^pelanggan-\d{4}-\d{2}-\d{2}\.csv$/)
    const bytes = await readFile((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.split('\r\n')[0]).toBe('nama,nomor,catatan,label,tag,kontak terakhir,chat terbuka')
    expect(text).toContain(`Pak Joko Santoso,'+6281255550002,"Kantor, lantai 2"`)
    expect(text).toContain('Rina Wulandari')
  })

  it('deletes a customer with their chat and payment photo after one confirmation that names what goes', async () => {
    const photo = await api.call('POST', '/demo/customer-media', { kind: 'photo', caption: 'bukti transfer', amount: '120.000', customerName: 'sari', phone: '6281255550005' })
    expect(photo.status).toBe(204)
    type WithMedia = Msg & { media: { state: string } | null }
    await eventually(async () => ((await messagesOf('6281255550005')) as WithMedia[]).some((m) => m.media?.state === 'ready'), 'the photo stored')
    const usageBefore = await api.get<{ files: number }>('/media/usage')
    expect(usageBefore.files).toBeGreaterThanOrEqual(1)

    await page.goto('/customers')
    await page.locator('[data-testid=customer-row][data-phone="+6281255550005"]').click()
    await page.getByTestId('customer-edit').waitFor()
    await page.getByTestId('customer-delete').click()
    const dialog = page.getByRole('dialog')
    await expect(dialog.getAttribute('aria-label')).resolves.toBe('Hapus sari?')
    const warning = await dialog.textContent()
    for (const word of ['chat', 'pesan', 'foto', 'pesan suara', 'catatan', 'tindak lanjut', 'Tidak bisa dibatalkan']) expect(warning).toContain(word)
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'customer-delete-confirm-390.png') })
    await dialog.getByTestId('confirm').click()
    await page.waitForURL(atPath('/customers'))
    await page.getByTestId('customers-deleted').waitFor()
    await expect(page.getByTestId('customers-deleted').textContent()).resolves.toBe('Pelanggan dihapus')
    await page.locator('[data-testid=customer-row][data-phone="+6281255550001"]').waitFor()
    expect(await page.locator('[data-testid=customer-row][data-phone="+6281255550005"]').count()).toBe(0)
    // The chat, its messages and the photo's file are gone; the storage figure dropped.
    expect(await messagesOf('6281255550005')).toEqual([])
    expect((await api.get<{ files: number }>('/media/usage')).files).toBe(usageBefore.files - 1)
  })

  it('sends the away message once to a customer who writes while closed, and nothing more', async () => {
    await page.goto('/settings/away')
    await page.getByTestId('away-form').waitFor()
    await page.getByTestId('away-enabled').check()
    await page.getByTestId('away-message').fill(AWAY)
    // Open only on the weekday three days ago: closed now, and the closed period began days ago
    // (the same period for the whole test, even across midnight).
    const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', weekday: 'short' }).format(new Date()))
    const openDay = (weekday + 4) % 7
    for (let d = 0; d < 7; d++) await page.getByTestId(`away-closed-${d}`).setChecked(d !== openDay)
    await expect(page.getByTestId('away-preview').textContent()).resolves.toContain('Pesan ini akan dikirim')
    await page.getByTestId('away-save').click()
    await page.getByTestId('away-saved').waitFor()
    await expect(page.getByTestId('away-status').textContent()).resolves.toContain('Sekarang tutup.')
    await expect(page.getByTestId('away-status').textContent()).resolves.toContain('Buka lagi:')

    await customerWrites('Malam kak, bisa pesan untuk besok?', 'dewi', '6281255550003')
    const delivered = await eventually(async () => {
      const away = (await messagesOf('6281255550003')).filter((m) => m.sentBy === 'away')
      return away.length === 1 && ['delivered', 'read'].includes(away[0]!.status) ? away[0] : null
    }, 'the away message delivered to the simulated phone')
    expect(delivered.body).toBe(AWAY)

    await customerWrites('Halo kak?', 'dewi', '6281255550003')
    // A later customer's notice shows the second message went through its check already (the
    // gateway stores one socket's messages in order, each with its check).
    await customerWrites('Permisi', 'eko', '6281255550004')
    await eventually(async () => (await messagesOf('6281255550004')).some((m) => m.sentBy === 'away'), 'the next customer\'s away message')
    const dewi = await messagesOf('6281255550003')
    expect(dewi.filter((m) => m.direction === 'in')).toHaveLength(2)
    expect(dewi.filter((m) => m.sentBy === 'away')).toHaveLength(1)

    // The owner sees it in the chat, marked as the away message.
    await page.goto('/inbox')
    await page.locator('[data-testid=conversation-row]:has-text("dewi")').click()
    await page.locator(`[data-testid=message]:has-text("${AWAY}")`).waitFor()
    expect(pageErrors).toEqual([])
  })

  it('takes evening hours past midnight (open now), then holidays yesterday and today (closed now)', async () => {
    // A window from two hours ahead to one hour ahead: it runs past midnight and holds now (by
    // yesterday's window; the shop's timezone is Jakarta's).
    const hhmm = (hoursAhead: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + hoursAhead * 3600_000))
    const jakartaDate = (daysAgo: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(Date.now() - daysAgo * 86_400_000))
    await page.goto('/settings/away')
    await page.getByTestId('away-form').waitFor()
    // Between 22:00 and 23:00 in Jakarta "two hours ahead" is already tomorrow's 00:xx and that pair
    // no longer runs past midnight (CI failed on it at 22:50): then the window runs from an hour
    // ago to two hours ago instead, which holds now through today's window.
    const [open, close] = hhmm(1) < hhmm(2) ? [hhmm(2), hhmm(1)] : [hhmm(-1), hhmm(-2)]
    for (let d = 0; d < 7; d++) {
      await page.getByTestId(`away-closed-${d}`).setChecked(false)
      await page.getByTestId(`away-open-${d}`).fill(open)
      await page.getByTestId(`away-close-${d}`).fill(close)
    }
    await page.getByTestId('away-overnight-0').waitFor()
    expect(await page.getByTestId('away-overnight-0').textContent()).toContain('sampai besok pagi')
    await page.getByTestId('away-save').click()
    await page.getByTestId('away-saved').waitFor()
    await eventually(async () => (await page.getByTestId('away-status').textContent())?.includes('Sekarang buka.'), 'open now, by the overnight window')

    // Yesterday's evening window would run on into today: both days are holidays.
    for (const date of [jakartaDate(0), jakartaDate(1)]) {
      await page.getByTestId('away-holiday-input').fill(date)
      await page.getByTestId('away-holiday-add').click()
      await page.locator(`[data-testid=away-holiday][data-date="${date}"]`).waitFor()
    }
    await page.getByTestId('away-save').click()
    await page.getByTestId('away-saved').waitFor()
    await eventually(async () => (await page.getByTestId('away-status').textContent())?.includes('Sekarang tutup.'), 'closed on the holidays')
    expect(await page.getByTestId('away-status').textContent()).toContain('Buka lagi:')
    expect((await api.get<{ holidays: string[] }>('/away')).holidays).toEqual([jakartaDate(1), jakartaDate(0)])
    expect(pageErrors).toEqual([])
  })
})
