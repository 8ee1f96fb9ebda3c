// Two WhatsApp numbers in one shop, on a phone (390×844, Bahasa Indonesia), on the real server in
// a quiet demo: the owner links the first number, adds "Cabang Bekasi" and links it to a second
// simulated phone, a customer writes to each number, each chat shows under its number, a reply
// from the Bekasi chat reaches the customer FROM the Bekasi phone (checked at the simulated
// customer), and the number filter shows only Bekasi's chat. Then the owner writes first: "Pesan
// baru" from the inbox and "Kirim pesan" from the customers page pick the number that sends (a
// number not connected is listed as such and cannot be picked), the chat lands under that number
// and the customer receives it from that phone; the demo box's sample photo goes to a chosen number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ApiUser, eventually, startHarness, watchPage, type Harness } from './harness'

const PHONE = { width: 390, height: 844 }
const CUSTOMER = '6281277770001'
const SARI = '6281277770002'
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

describe('writing first from a chosen number', () => {
  type Received = { items: Array<{ text: string | null; fromPhone: string }> }
  const receivedBy = (phone: string, text: string) =>
    eventually(async () => (await api.get<Received>(`/demo/customers/${phone}/received`)).items.find((m) => m.text === text), `${phone} received "${text}"`)

  it('"Pesan baru" lists a number that is not connected as such, and sends from the number picked: the chat is that number\'s', async () => {
    // Sari has written to the shop's first number only; a third number is added but never linked.
    expect((await api.call('POST', '/demo/customer-message', { text: 'Kak, saya mau pesan', customerName: 'Sari Pelanggan', phone: SARI })).status).toBe(204)
    expect((await api.call('POST', '/devices', { name: 'Cabang Depok' })).status).toBe(201)
    const [first, bekasi, depok] = await devices()
    await page.goto('/inbox')
    await eventually(async () => (await rows('Sari Pelanggan').count()) === 1, 'Sari\'s chat with the first number')

    await page.getByTestId('new-message-open').click()
    const picker = page.getByTestId('new-message-device')
    await picker.waitFor()
    // The first number is the default; Depok is shown, not connected, and cannot be picked.
    await eventually(async () => (await picker.inputValue()) === first!.id, 'the first number preselected')
    const depokOption = picker.locator(`option[value="${depok!.id}"]`)
    expect(await depokOption.isDisabled()).toBe(true)
    expect(await depokOption.textContent()).toContain('Terputus')
    expect(await picker.locator(`option[value="${bekasi!.id}"]`).isDisabled()).toBe(false)

    await page.getByTestId('new-message-phone').fill('0812-7777-0002')
    await picker.selectOption(bekasi!.id)
    const text = 'Halo Kak Sari, ini dari cabang Bekasi'
    await page.getByTestId('new-message-text').fill(text)
    await page.getByTestId('new-message-send').click()

    // The new chat opens, filed under Bekasi, and Sari's phone got it from the Bekasi phone.
    await page.getByTestId('thread-device').waitFor()
    expect((await page.getByTestId('thread-device').textContent())?.trim()).toBe('Cabang Bekasi')
    expect((await receivedBy(SARI, text)).fromPhone).toBe(bekasi!.status.phone)
    await page.goto('/inbox')
    await eventually(async () => (await rows('Sari Pelanggan').count()) === 2, 'Sari has a chat with each number')
    expect((await rows('Sari Pelanggan').locator('[data-testid=device-chip]').allTextContents()).map((t) => t.trim()).sort()).toEqual(['Cabang Bekasi', 'WhatsApp'])
  })

  it('"Kirim pesan" on the customers page sends from the number picked', async () => {
    const [first] = await devices()
    await page.goto('/customers')
    // One row for Sari, though she has a chat with each number.
    await page.locator(`[data-testid=customer-row][data-phone="+${SARI}"]`).click()
    await page.getByTestId('customer-send-message').click()
    // The customer's number is filled in; the owner only picks the number and writes.
    expect(await page.getByTestId('new-message-phone').inputValue()).toContain('812-7777-0002')
    await page.getByTestId('new-message-device').selectOption(first!.id)
    const text = 'Pesanan Kak Sari sudah kami catat'
    await page.getByTestId('new-message-text').fill(text)
    await page.getByTestId('new-message-send').click()
    await page.getByTestId('thread-device').waitFor()
    expect((await page.getByTestId('thread-device').textContent())?.trim()).toBe('WhatsApp')
    expect((await receivedBy(SARI, text)).fromPhone).toBe(first!.status.phone)
  })

  it('the demo box sends its sample photo to the number chosen', async () => {
    const [, bekasi] = await devices()
    await page.goto('/inbox')
    await page.getByTestId('demo-write-toggle').click()
    await page.getByTestId('demo-customer-name').fill('Yudi Foto')
    await page.getByTestId('demo-customer-device').selectOption(bekasi!.id)
    await page.getByTestId('demo-customer-photo').click()
    await page.getByTestId('demo-sent').waitFor()
    await eventually(async () => (await rows('Yudi Foto').count()) === 1, 'Yudi\'s chat')
    expect((await rows('Yudi Foto').locator('[data-testid=device-chip]').textContent())?.trim()).toBe('Cabang Bekasi')
  })
})
