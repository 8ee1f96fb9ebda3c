// Two WhatsApp numbers in one shop, on a phone (390×844, Bahasa Indonesia), on the real server in
// a quiet demo: the owner links the first number, adds "Cabang Bekasi" and links it to a second
// simulated phone, a customer writes to each number, each chat shows under its number, a reply
// from the Bekasi chat reaches the customer FROM the Bekasi phone (checked at the simulated
// customer), and the number filter shows only Bekasi's chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ApiUser, eventually, startHarness, watchPage, type Harness } from './harness'

const PHONE = { width: 390, height: 844 }
const CUSTOMER = '6281277770001'
let h: Harness
let page: Page
let api: ApiUser
const pageErrors: string[] = []
const stamp = Date.now()
const owner = { businessName: 'Toko Dua Cabang', name: 'Bu Wati', email: `wati-${stamp}@toko.test`, password: 'rahasia-123' }

interface Device { id: string; name: string; status: { state: string; phone: string | null } }
const devices = async () => (await api.get<{ items: Device[] }>('/devices')).items
const rows = (name: string) => page.locator(`[data-testid=conversation-row]:has([data-testid=conversation-name]:text-is("${name}"))`)

/** Links the number shown in the panel: "Hubungkan", then the demo's simulated phone scans. */
async function linkShownNumber() {
  await page.getByTestId('device-connect').click()
  await page.getByTestId('qr-image').waitFor()
  await page.getByTestId('demo-scan').click()
  await page.getByTestId('device-connected').waitFor()
}

beforeAll(async () => {
  h = await startHarness({ viewport: PHONE, env: { WARTA_DEMO_CUSTOMERS: 'false' } })
  api = await ApiUser.register(h.baseUrl, owner)
  expect((await api.call('PUT', '/ai-config', { autoReply: false })).status).toBe(200)
  expect((await api.call('POST', '/tenant/onboarded', {})).status).toBe(200)
  page = h.context.pages()[0] ?? await h.context.newPage()
  pageErrors.push(...watchPage(page).errors)
  await page.goto('/login')
  await page.fill('#email', owner.email)
  await page.fill('#password', owner.password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname !== '/login')
})
afterAll(async () => {
  if (pageErrors.length) console.warn('[e2e] browser errors:\n' + pageErrors.join('\n'))
  await h?.close()
})

describe('two WhatsApp numbers in one shop', () => {
  it('the owner links the first number, adds "Cabang Bekasi" and links it to a second phone', async () => {
    await page.goto('/device')
    await page.getByText('Nomor WhatsApp').waitFor()
    await page.locator('[data-testid=device-row]').first().waitFor()
    await linkShownNumber()

    await page.getByTestId('device-add').click()
    await page.getByTestId('device-add-name').fill('Cabang Bekasi')
    await page.getByTestId('device-add-save').click()
    await page.locator('[data-testid=device-row][data-device-name="Cabang Bekasi"][aria-pressed=true]').waitFor()
    await linkShownNumber()

    const linked = await eventually(async () => { const d = await devices(); return d.every((x) => x.status.state === 'connected') && d }, 'both numbers connected')
    expect(linked.map((d) => d.name)).toEqual(['WhatsApp', 'Cabang Bekasi'])
    expect(linked[0]!.status.phone).not.toBe(linked[1]!.status.phone)
    // Both rows say which phone they are, in the list on the phone screen.
    await eventually(async () => (await page.locator('[data-testid=device-row]').allTextContents()).every((t) => !t.includes('Belum ditautkan')), 'both rows linked')
  })

  it('a customer writes to each number: each chat shows under its number', async () => {
    const [first, bekasi] = await devices()
    for (const [d, text] of [[first!, 'Halo toko pusat, masih buka?'], [bekasi!, 'Halo cabang Bekasi, ada stok?']] as const) {
      expect((await api.call('POST', '/demo/customer-message', { text, customerName: 'Rina', phone: CUSTOMER, deviceId: d.id })).status).toBe(204)
    }
    await page.goto('/inbox')
    await eventually(async () => (await rows('Rina').count()) === 2, 'two chats with Rina')
    const chips = await rows('Rina').locator('[data-testid=device-chip]').allTextContents()
    expect(chips.map((t) => t.trim()).sort()).toEqual(['Cabang Bekasi', 'WhatsApp'])
  })

  it('the number filter shows only Bekasi, and a reply there reaches Rina from the Bekasi phone', async () => {
    const [, bekasi] = await devices()
    await page.getByTestId('filter-device').selectOption({ label: 'Cabang Bekasi' })
    await eventually(async () => (await rows('Rina').count()) === 1, 'only the Bekasi chat')
    expect((await rows('Rina').locator('[data-testid=device-chip]').textContent())?.trim()).toBe('Cabang Bekasi')
    expect(await rows('Rina').locator('[data-testid=conversation-last]').textContent()).toContain('Halo cabang Bekasi')

    await rows('Rina').click()
    await page.getByTestId('thread-device').waitFor()
    expect((await page.getByTestId('thread-device').textContent())?.trim()).toBe('Cabang Bekasi')
    const reply = 'Ada kak, stok Bekasi masih 5'
    await page.getByTestId('reply-input').fill(reply)
    await page.getByTestId('reply-send').click()

    type Received = { items: Array<{ text: string | null; fromPhone: string }> }
    const got = await eventually(async () => (await api.get<Received>(`/demo/customers/${CUSTOMER}/received`)).items.find((m) => m.text === reply), 'Rina received the reply')
    expect(got.fromPhone).toBe(bekasi!.status.phone)
  })
})
