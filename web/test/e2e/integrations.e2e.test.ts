// The Integrasi page at phone width in Indonesian, on the real server: an owner creates an API key
// (shown once, with a copy button), the key works against the API from outside the browser, a
// reload no longer shows it but lists it as used, and revoking it (asked once) stops it on the
// very next request. A webhook to a receiver that is down ends in "Gagal terkirim" and "Kirim ulang"
// brings the same event to it once it is back; a private address is refused with the fix named.
// "Kirim event uji" sends a signed webhook.test, "Ganti rahasia" shows the new secret once and both
// secrets sign during the overlap, and an endpoint failing past the (test-sized) limit is turned
// off, shown at once with a banner, and turned on again.
import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ApiUser, eventually, startHarness, watchPage, type Harness } from './harness'

const PHONE = { width: 390, height: 844 }
/** The auto-disable limit for this run: a few seconds instead of a day (WEBHOOK_DISABLE_AFTER_SECONDS). */
const DISABLE_AFTER_SECONDS = 3
let h: Harness
let api: ApiUser
let receiver: Server
let receiverUp = false
const hits: Array<{ eventId: string; type: string; answered: number; path: string; signature: string; timestamp: string; body: string }> = []
let page: Page
let pageErrors: string[]
const owner = { businessName: 'Toko Integrasi', name: 'Pak Budi', email: `integrasi-${Date.now()}@toko.test`, password: 'rahasia-pemilik-1' }

beforeAll(async () => {
  // The receiver listens on loopback, which the operator allows here, the way a self-hoster would.
  h = await startHarness({ viewport: PHONE, env: { OUTBOUND_ALLOW_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_HTTP: 'true', WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_DISABLE_AFTER_SECONDS: String(DISABLE_AFTER_SECONDS) } })
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += String(c) })
    req.on('end', () => {
      res.statusCode = req.url === '/rusak' ? 500 : receiverUp ? 200 : 503
      hits.push({
        eventId: String(req.headers['x-warta-event-id']), type: String(req.headers['x-warta-event-type']), answered: res.statusCode,
        path: req.url ?? '', signature: String(req.headers['x-warta-signature']), timestamp: String(req.headers['x-warta-timestamp']), body,
      })
      res.end()
    })
  })
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok))
  api = await ApiUser.register(h.baseUrl, owner)
  expect((await api.call('POST', '/tenant/onboarded', {})).status).toBe(200)
  const ctx = await h.newContext(PHONE)
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.baseUrl })
  page = ctx.pages()[0] ?? await ctx.newPage()
  pageErrors = watchPage(page).errors
})
afterAll(async () => {
  await h?.close()
  await new Promise((ok) => receiver?.close(ok))
})

const callWithKey = async (key: string) => {
  const res = await fetch(`${h.baseUrl}/api/v1/conversations`, { headers: { authorization: `Bearer ${key}` } })
  return { status: res.status, body: await res.json() as { error?: { code: string } } }
}

describe('Integrasi page', () => {
  it('creates a key shown once, which works from outside and stops on the next request after revoking', async () => {
    await page.goto('/login')
    await page.fill('#email', owner.email)
    await page.fill('#password', owner.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => u.pathname === '/inbox')
    await page.goto('/more')
    await page.getByRole('link', { name: 'Integrasi' }).click()
    await page.waitForURL((u) => u.pathname === '/integrations')
    await page.getByText('Belum ada kunci API').waitFor()

    await page.getByTestId('api-key-name').fill('Kasir toko')
    await page.getByTestId('api-key-create').click()
    const secret = (await page.getByTestId('api-key-secret').textContent())!.trim()
    expect(secret).toMatch(/^wk_live_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/)
    await page.getByTestId('api-key-copy').click()
    await page.getByTestId('api-key-copy').getByText('Tersalin').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret)

    expect((await callWithKey(secret)).status).toBe(200)

    await page.reload()
    const row = page.getByTestId('api-key-row').filter({ hasText: 'Kasir toko' })
    await row.getByText('Terakhir dipakai').waitFor()
    expect(await page.getByTestId('api-key-secret').count()).toBe(0)
    expect(await page.content()).not.toContain(secret.slice(-43))
    expect(await row.getByTestId('api-key-status').textContent()).toBe('Aktif')

    await row.getByTestId('api-key-revoke').click()
    const dialog = page.getByRole('dialog', { name: 'Cabut kunci "Kasir toko"?' })
    await dialog.getByRole('button', { name: 'Cabut' }).click()
    await eventually(async () => (await row.getByTestId('api-key-status').textContent()) === 'Dicabut', 'revoked badge')
    const after = await callWithKey(secret)
    expect(after.status).toBe(401)
    expect(after.body.error?.code).toBe('auth.key_revoked')
    expect(pageErrors).toEqual([])
  })

  it('lists a webhook delivery that failed for good and sends the same event again on "Kirim ulang"', async () => {
    await page.goto('/integrations')
    await page.getByTestId('webhook-url').fill('http://169.254.169.254/latest/meta-data')
    await page.getByTestId('webhook-add').click()
    await page.getByTestId('webhook-error').getByText('Alamat ini tidak boleh dipakai').waitFor()

    const port = (receiver.address() as { port: number }).port
    await page.getByTestId('webhook-url').fill(`http://127.0.0.1:${port}/warta`)
    await page.getByLabel('session.state').check()
    await page.getByTestId('webhook-add').click()
    expect((await page.getByTestId('webhook-secret').textContent())!.trim()).toMatch(/^whsec_/)

    // Connecting the device announces session.state; the receiver is down for both attempts.
    expect((await api.call('POST', '/device/connect', {})).status).toBe(200)
    await eventually(async () => (await api.get<{ items: unknown[] }>('/webhooks/deliveries?status=failed')).items.length > 0, 'dead letter')
    await page.reload()
    const dead = page.getByTestId('dead-letter').first()
    await dead.getByText('receiver answered 503').waitFor()
    const failedEventId = (await dead.getAttribute('data-event-id'))!
    expect(hits.filter((x) => x.eventId === failedEventId).map((x) => x.answered)).toEqual([503, 503])
    receiverUp = true
    await dead.getByTestId('dead-letter-redeliver').click()
    await dead.getByText('Dikirim ulang').waitFor()
    await eventually(async () => hits.some((x) => x.eventId === failedEventId && x.answered === 200), 'redelivered to the receiver')
    expect(pageErrors).toEqual([])
  })

  it('sends a signed test event, rotates the secret with both signing for a while, and shows an endpoint turned off for failing', async () => {
    const port = (receiver.address() as { port: number }).port
    const sign = (secret: string, x: { timestamp: string; body: string }) => `v1=${createHmac('sha256', secret).update(`${x.timestamp}.${x.body}`).digest('hex')}`
    await page.goto('/integrations')
    await page.getByTestId('webhook-url').fill(`http://127.0.0.1:${port}/uji`)
    await page.getByTestId('webhook-add').click()
    const secret = (await page.getByTestId('webhook-secret').textContent())!.trim()
    const row = page.getByTestId('webhook-row').filter({ hasText: '/uji' })
    await row.getByTestId('webhook-test').click()
    await row.getByText('Event uji dikirim').waitFor()
    const first = await eventually(async () => hits.find((x) => x.path === '/uji' && x.type === 'webhook.test'), 'test event at the receiver')
    expect(first.signature).toBe(sign(secret, first))

    await row.getByTestId('webhook-rotate').click()
    const dialog = page.getByRole('dialog', { name: 'Ganti rahasia webhook ini?' })
    await dialog.getByRole('button', { name: 'Ganti rahasia' }).click()
    const fresh = (await row.getByTestId('webhook-new-secret').textContent())!.trim()
    expect(fresh).toMatch(/^whsec_/)
    expect(fresh).not.toBe(secret)
    await row.getByText('Rahasia lama masih berlaku sampai').waitFor()
    await row.getByTestId('webhook-test').click()
    const second = await eventually(async () => hits.filter((x) => x.path === '/uji' && x.type === 'webhook.test')[1], 'second test event')
    expect(second.signature.split(',')).toEqual([sign(fresh, second), sign(secret, second)])

    // A receiver that always fails: once its first failure is older than the limit (a few seconds
    // here, a day by default), the next failed attempt turns it off and the open page shows it
    // without a reload. The limit has to pass on the clock, so this one wait is for time itself.
    const broken = await api.call('POST', '/webhooks', { url: `http://127.0.0.1:${port}/rusak`, events: ['message.received'] })
    expect(broken.status).toBe(201)
    await page.reload()
    const brokenRow = page.getByTestId('webhook-row').filter({ hasText: '/rusak' })
    await brokenRow.getByTestId('webhook-test').click()
    await eventually(async () => hits.some((x) => x.path === '/rusak'), 'first failure')
    const firstFailure = Date.now()
    await page.waitForTimeout(Math.max(0, firstFailure + DISABLE_AFTER_SECONDS * 1000 + 1000 - Date.now()))
    await brokenRow.getByTestId('webhook-test').click()
    await page.getByTestId('webhook-disabled-banner').getByText('Ada webhook yang dimatikan').waitFor({ timeout: 20_000 })
    await brokenRow.getByTestId('webhook-disabled').getByText('Dimatikan otomatis').waitFor()
    await brokenRow.getByText('receiver answered 500').waitFor()
    await brokenRow.getByTestId('webhook-enable').click()
    await brokenRow.getByTestId('webhook-test').waitFor()
    expect(await page.getByTestId('webhook-disabled-banner').count()).toBe(0)
    expect(pageErrors).toEqual([])
  })

  it('shows a bulk send with its progress, pauses, resumes and cancels it', async () => {
    const recipients = Array.from({ length: 6 }, (_, i) => ({ to: `+62812555000${i}`, variables: { nama: `Kak ${i}` } }))
    const made = await api.call('POST', '/batches', { template: 'Halo {{nama}}, ada promo hari ini.', recipients })
    expect(made.status).toBe(201)
    await page.goto('/integrations')
    const row = page.getByTestId('batch-row').first()
    await row.getByText(/\/6 terkirim/).waitFor()
    expect(await row.getByTestId('batch-status').textContent()).toBe('Berjalan')
    await row.getByTestId('batch-pause').click()
    await eventually(async () => (await row.getByTestId('batch-status').textContent()) === 'Dijeda', 'paused')
    await row.getByTestId('batch-resume').click()
    await eventually(async () => (await row.getByTestId('batch-status').textContent()) === 'Berjalan', 'running again')
    await row.getByTestId('batch-cancel').click()
    await page.getByRole('dialog', { name: 'Batalkan kiriman massal ini?' }).getByRole('button', { name: 'Batalkan' }).click()
    await eventually(async () => (await row.getByTestId('batch-status').textContent()) === 'Dibatalkan', 'cancelled')
    const after = await api.get<{ progress: { pending: number; failed: number } }>(`/batches/${(made.body as { id: string }).id}`)
    expect(after.progress.pending).toBe(0)
    expect(after.progress.failed).toBeGreaterThan(0)
    expect(pageErrors).toEqual([])
  })
})
