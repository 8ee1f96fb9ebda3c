// Two WhatsApp numbers in one shop, on a phone (390×844, Bahasa Indonesia), on the real server in
// a quiet demo: the owner links the first number, adds "Cabang Bekasi" and links it to a second
// simulated phone, a customer writes to each number, each chat shows under its number, a reply
// from the Bekasi chat reaches the customer FROM the Bekasi phone (checked at the simulated
// customer), and the number filter shows only Bekasi's chat. Then the owner writes first: "Pesan
// baru" from the inbox and "Kirim pesan" from the customers page pick the number that sends (a
// number not connected is listed as such and cannot be picked), the chat lands under that number
// and the customer receives it from that phone; the demo box's sample photo goes to a chosen
// number. Then the owner gives Bekasi its own away message (closed all week) in "Pengaturan
// nomor": a customer writing to Bekasi gets it from the Bekasi phone, one writing to the first
// number (which follows the shop: no away message) does not. Last, with auto-reply on for the
// shop but off for Bekasi, Bekasi's chat header says the number keeps the AI to drafts and its
// "Atur" opens Bekasi's settings; the number list marks Bekasi as having its own settings; and a
// complaint to Bekasi (the shop lets the AI acknowledge complaints, Bekasi's own switch does not)
// says it is Bekasi's setting and links to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { join } from 'node:path'
import { ApiUser, ARTIFACTS_DIR, eventually, startHarness, watchPage, type Harness } from './harness'

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
    // The chips show once the number list is in (it loads beside the chat list).
    await eventually(async () => (await rows('Rina').locator('[data-testid=device-chip]').count()) === 2, 'both chips')
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

describe("a number's own settings", () => {
  const AWAY = 'Cabang Bekasi sedang tutup, kami balas besok jam 9 ya.'
  // Customers of their own: Sari (…77770002) is the "writing first" customer above.
  const SEKAR = '6281277770012'
  const DIMAS = '6281277770013'
  const FAJAR = '6281277770014'

  it('the owner gives Cabang Bekasi its own away message outside hours; the first number keeps the shop\'s', async () => {
    await page.goto('/device')
    await page.locator('[data-testid=device-settings-link][data-device-name="Cabang Bekasi"]').click()
    await page.getByTestId('number-settings').waitFor()
    expect((await page.getByTestId('number-settings-name').textContent())?.trim()).toContain('Cabang Bekasi')
    // Every group follows the shop to begin with, and says what that means for this number.
    for (const group of ['number-reply', 'number-followup', 'number-away']) expect(await page.getByTestId(group).getAttribute('data-inherit')).toBe('true')
    expect(await page.getByTestId('number-reply').getByTestId('group-effect').textContent()).toContain('AI hanya menyiapkan saran balasan')
    expect(await page.getByTestId('number-away').getByTestId('group-effect').textContent()).toContain('tidak ada pesan tutup')

    const away = page.getByTestId('number-away')
    await away.getByTestId('group-own').check()
    await away.getByTestId('away-enabled').check()
    await away.getByTestId('away-message').fill(AWAY)
    for (let day = 0; day < 7; day += 1) await away.getByTestId(`away-closed-${day}`).check()
    expect(await away.getByTestId('group-effect').textContent()).toContain(AWAY)
    await page.getByTestId('number-settings-save').click()
    await page.getByTestId('number-settings-saved').waitFor()

    // Kept after a reload: the number has its own away message; the others still follow the shop.
    await page.reload()
    await page.locator('[data-testid=number-away][data-inherit=false]').waitFor()
    expect(await page.getByTestId('number-away').getByTestId('away-message').inputValue()).toBe(AWAY)
    expect(await page.getByTestId('number-reply').getAttribute('data-inherit')).toBe('true')
    // The shop-wide page says numbers may differ.
    await page.goto('/settings/away')
    await page.getByTestId('numbers-hint').waitFor()
  })

  it('a customer writing to Bekasi gets its away message from the Bekasi phone; one writing to the first number gets none', async () => {
    const [first, bekasi] = await devices()
    expect((await api.call('POST', '/demo/customer-message', { text: 'Harga kopi susu berapa kak?', customerName: 'Dimas Prakoso', phone: DIMAS, deviceId: first!.id })).status).toBe(204)
    expect((await api.call('POST', '/demo/customer-message', { text: 'Halo Bekasi, masih buka?', customerName: 'Sekar Ayu', phone: SEKAR, deviceId: bekasi!.id })).status).toBe(204)

    type Received = { items: Array<{ text: string | null; fromPhone: string }> }
    const got = await eventually(async () => (await api.get<Received>(`/demo/customers/${SEKAR}/received`)).items.find((m) => m.text === AWAY), 'Sekar received the away message')
    expect(got.fromPhone).toBe(bekasi!.status.phone)

    // The owner sees it in Sekar's chat, under Bekasi.
    await page.goto('/inbox')
    await rows('Sekar Ayu').click()
    await page.getByTestId('messages').getByText(AWAY).waitFor()
    expect((await page.getByTestId('thread-device').textContent())?.trim()).toBe('Cabang Bekasi')

    // Dimas's message is in (his chat is listed), and nothing went back to him: the shop has no away message.
    await page.goto('/inbox')
    await rows('Dimas Prakoso').waitFor()
    type Conversations = { items: Array<{ id: string; contact: { phone: string | null } }> }
    const dimas = await eventually(async () => (await api.get<Conversations>(`/conversations?deviceId=${first!.id}`)).items.find((c) => c.contact.phone?.includes('77770013')), 'Dimas\'s chat')
    const thread = await api.get<{ items: Array<{ sentBy: string | null }> }>(`/conversations/${dimas.id}/messages`)
    expect(thread.items.filter((m) => m.sentBy === 'away')).toEqual([])
    expect((await api.get<Received>(`/demo/customers/${DIMAS}/received`)).items).toEqual([])
  })

  it("auto-reply on for the shop but off for Bekasi: Bekasi's chat header says so and its link opens Bekasi's settings", async () => {
    expect((await api.call('PUT', '/ai-config', { autoReply: true })).status).toBe(200)
    const [, bekasi] = await devices()
    await page.goto(`/numbers/${bekasi!.id}`)
    const reply = page.getByTestId('number-reply')
    await reply.getByTestId('group-inherit').waitFor()
    expect(await reply.getByTestId('group-effect').textContent()).toContain('AI langsung membalas sendiri')
    await reply.getByTestId('group-own').check()
    await reply.getByTestId('number-autoreply').uncheck()
    expect(await reply.getByTestId('group-effect').textContent()).toContain('AI hanya menyiapkan saran balasan')
    await page.getByTestId('number-settings-save').click()
    await page.getByTestId('number-settings-saved').waitFor()

    await page.goto('/inbox')
    await rows('Dimas Prakoso').click()
    await page.locator('[data-testid=next-reply][data-reason=auto_reply_on]').waitFor()
    await page.goto('/inbox')
    await rows('Sekar Ayu').click()
    await page.locator('[data-testid=next-reply][data-reason=number_auto_reply_off]').waitFor()
    expect(await page.getByTestId('next-reply-title').textContent()).toContain('Balasan otomatis mati untuk nomor ini')
    await page.getByTestId('next-reply-fix').click()
    await page.waitForURL((u) => u.pathname === `/numbers/${bekasi!.id}`)
    await page.locator('[data-testid=number-reply][data-inherit=false]').waitFor()
  })

  it('the number list marks Bekasi as having its own settings (auto-reply and away message); the first number has no mark', async () => {
    await page.goto('/device')
    const mark = page.locator('[data-testid=device-row][data-device-name="Cabang Bekasi"] [data-testid=device-own-settings]')
    await mark.waitFor()
    expect(await mark.getAttribute('data-groups')).toBe('autoReply,away')
    expect(await mark.getAttribute('title')).toBe('Diatur sendiri: Balas otomatis · Pesan tutup')
    expect((await mark.locator('[aria-hidden=true]').textContent())?.trim()).toBe('Diatur sendiri')
    expect(await page.locator('[data-testid=device-row][data-device-name="WhatsApp"] [data-testid=device-own-settings]').count()).toBe(0)
    await page.getByTestId('device-list').screenshot({ path: join(ARTIFACTS_DIR, 'device-list-own-settings-390.png') })
  })

  it("a complaint to Bekasi, whose own switch keeps the AI from complaints the shop lets it answer: the header blames Bekasi's setting and links to it", async () => {
    expect((await api.call('PUT', '/ai-config', { replyToComplaints: true, enabledModes: ['faq', 'order', 'complaint'] })).status).toBe(200)
    const [, bekasi] = await devices()
    const text = 'Pesanan saya belum sampai 2 jam, kecewa banget'
    expect((await api.call('POST', '/demo/customer-message', { text, customerName: 'Fajar Nugroho', phone: FAJAR, deviceId: bekasi!.id })).status).toBe(204)
    await page.goto('/inbox')
    await rows('Fajar Nugroho').click()
    await page.locator('[data-testid=next-reply][data-reason=number_complaint_handover]').waitFor()
    expect(await page.getByTestId('next-reply-title').textContent()).toContain('diatur untuk nomor ini')
    expect(await page.getByTestId('next-reply-why').textContent()).toContain('Nomor ini diatur agar AI tidak membalas keluhan')
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'number-complaint-header-390.png') })
    await page.getByTestId('next-reply-fix').click()
    await page.waitForURL((u) => u.pathname === `/numbers/${bekasi!.id}`)
    await page.locator('[data-testid=number-reply][data-inherit=false]').waitFor()
  })
})
