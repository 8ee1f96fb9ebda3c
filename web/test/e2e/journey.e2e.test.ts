// Issue 10's journey, as a new shop owner lives it: headless Chromium at 390×844 against a real
// product process in demo mode (quiet: customers write only when the test has them write, through
// the demo banner like a visitor would). Register "Kopi Senja" → onboarding with profile + price
// list (the draft survives) → connect → demo scan → customers write → what the chat header says
// will happen (AI answers / a person must answer, and why) → a follow-up for each side of the rule
// (the shop answered and the customer went quiet: a nudge naming the product from the chat; the
// customer is waiting: no nudge, the owner is alerted and the chat is marked waiting) → auto-reply
// off → a team member on the same IP reloading 20 times → pairing by code to Connected. The real
// product's limits apply (no rate limit raised); follow-up and waiting times are set short through
// the settings API so each side of the rule runs in seconds. The harness fails the run on any 5xx.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ApiUser, ARTIFACTS_DIR, eventually, startHarness, watchPage, type Harness } from './harness'
import { ALERT_PROBE, notesOf, setHidden } from './alert-probe'

const PHONE = { width: 390, height: 844 }
let h: Harness
let page: Page
let pageErrors: string[]
let api: ApiUser
const owner = { businessName: 'Kopi Senja', name: 'Bu Sari', email: `kopi-senja-${Date.now()}@toko.test`, password: 'rahasia-123' }
const atPath = (path: string) => (url: URL) => url.pathname === path
const agent = { email: `agen-${Date.now()}@toko.test`, password: '' }

type Msg = { id: string; body: string | null; direction: 'in' | 'out'; sentBy: string; createdAt: string }
const messagesOf = async (conversationId: string) => (await api.get<{ items: Msg[] }>(`/conversations/${conversationId}/messages?limit=50`)).items

beforeAll(async () => {
  h = await startHarness({ viewport: PHONE, env: { WARTA_DEMO_CUSTOMERS: 'false' } })
  await h.context.addInitScript(ALERT_PROBE)
  await h.context.grantPermissions(['notifications'], { origin: h.baseUrl })
  page = h.context.pages()[0] ?? await h.context.newPage()
  pageErrors = watchPage(page).errors
})
afterAll(async () => {
  if (pageErrors?.length) console.warn('[e2e] browser errors:\n' + pageErrors.join('\n'))
  await h?.close()
})

/** A simulated customer writes, through the demo banner's "write as a customer" box. */
async function customerWrites(name: string, text: string) {
  if (!(await page.getByTestId('demo-write-form').isVisible())) await page.getByTestId('demo-write-toggle').click()
  await page.getByTestId('demo-customer-name').fill(name)
  await page.getByTestId('demo-customer-text').fill(text)
  await page.getByTestId('demo-customer-send').click()
  // The box empties once the simulated customer's phone has sent it.
  await eventually(async () => (await page.getByTestId('demo-customer-text').inputValue()) === '', 'the demo message to be sent')
}
const row = (name: string) => page.locator(`[data-testid=conversation-row]:has([data-testid=conversation-name]:text-is("${name}"))`)
const chatOf = async (name: string) => {
  await row(name).waitFor({ timeout: 30_000 })
  return (await row(name).getAttribute('data-conversation-id'))!
}
const banner = (reason: string) => page.locator(`[data-testid=next-reply][data-reason=${reason}]`)
/** The newest bubble (with its insight line) is wholly inside the thread's scroll area. */
const newestMessageInView = (p: Page) => p.evaluate(() => {
  const area = document.querySelector('[data-testid=messages]')?.getBoundingClientRect()
  const newest = [...document.querySelectorAll('[data-testid=message]')].at(-1)?.getBoundingClientRect()
  return Boolean(area && newest && newest.top >= area.top - 1 && newest.bottom <= area.bottom + 1)
})
type FollowUp = { conversationId: string; status: string; reason: string; text: string | null; createdAt: string }
const followUpsOf = async (conversationId: string) => (await api.get<{ items: FollowUp[] }>(`/follow-ups?conversationId=${conversationId}`)).items

describe('the owner\'s first day, end to end (issue 10)', () => {
  it('registers "Kopi Senja" and fills the profile and the price list; the typed profile survives the price list save', async () => {
    await page.goto('/register')
    await page.fill('#businessName', owner.businessName)
    await page.fill('#name', owner.name)
    await page.fill('#email', owner.email)
    await page.fill('#password', owner.password)
    await page.getByTestId('register-submit').click()
    await page.waitForURL(atPath('/onboarding'))
    api = await ApiUser.login(h.baseUrl, owner.email, owner.password)

    await page.getByTestId('profile-about').fill('Kedai kopi kecil: kopi susu, kopi hitam, roti bakar')
    await page.getByTestId('profile-hours').fill('Setiap hari 08.00–22.00')
    await page.getByTestId('profile-address').fill('Jl. Melati 5, Bandung')
    await page.getByTestId('price-import-open').click()
    await page.getByTestId('price-csv').fill('nama,harga,satuan\nEs Kopi Susu,18000,gelas\nKopi Hitam,12000,gelas\nRoti Bakar,15000,porsi')
    await page.getByTestId('price-preview').click()
    await page.getByTestId('price-save').click()
    await page.getByTestId('price-saved').waitFor()
    await expect(page.getByTestId('profile-hours').inputValue()).resolves.toBe('Setiap hari 08.00–22.00')
    await page.getByTestId('profile-save').click()
    await page.locator('[data-testid=onboarding][data-step="2"]').waitFor()
    const saved = await api.get<{ profile: { hours: string; address: string } }>('/ai-config')
    expect(saved.profile).toMatchObject({ hours: 'Setiap hari 08.00–22.00', address: 'Jl. Melati 5, Bandung' })
  })

  it('connects WhatsApp: live QR, the simulated phone scans, Connected by itself', async () => {
    await page.getByTestId('device-connect').click()
    await page.getByTestId('qr-image').waitFor({ timeout: 30_000 })
    await page.getByTestId('demo-scan').click()
    await page.locator('[data-testid=device-state][data-state=connected]').waitFor({ timeout: 30_000 })
    await page.getByTestId('onboarding-next').click()
  })

  it('says yes to "Boleh AI membalas pelanggan?" after seeing the preview, and lands in the inbox', async () => {
    await page.getByTestId('ai-preview-reply').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('ai-preview-reply').textContent()).resolves.toContain('Rp 18.000')
    await page.getByTestId('onboarding-ai-yes').check()
    await page.getByTestId('onboarding-ai-next').click()
    await page.getByTestId('onboarding-finish').click()
    await page.waitForURL(atPath('/inbox'))
    expect((await api.get<{ autoReply: boolean }>('/ai-config')).autoReply).toBe(true)
  })

  let andiChat = ''
  it('a customer writes: the chat appears live, tagged, and the AI answers it from the price list', async () => {
    await customerWrites('Andi', 'Kak, es kopi susu berapa harganya?')
    await row('Andi').waitFor({ timeout: 30_000 })
    andiChat = (await row('Andi').getAttribute('data-conversation-id'))!
    await row('Andi').click()
    await page.getByTestId('thread').waitFor()
    await page.getByTestId('insight').first().waitFor({ timeout: 30_000 })
    const aiBubble = page.locator('[data-testid=message][data-direction=out]:has-text("Rp 18.000")')
    await aiBubble.waitFor({ timeout: 30_000 })
    const answered = await messagesOf(andiChat)
    expect(answered.some((m) => m.sentBy === 'ai' && m.body?.includes('18.000'))).toBe(true)
    await page.getByTestId('thread-back').click()
  })

  let dewiChat = ''
  it('the chat header says what happens to the next message: the AI answers this chat; on a complaint a person must answer, and why', async () => {
    await row('Andi').click()
    await banner('auto_reply_on').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('next-reply').getAttribute('data-outcome')).resolves.toBe('ai_answers')
    await expect(page.getByTestId('next-reply-title').textContent()).resolves.toBe('AI akan membalas pesan berikutnya')
    await page.getByTestId('thread-back').click()

    await customerWrites('Dewi', 'Pesanan saya belum datang 2 jam, kecewa sekali!')
    dewiChat = await chatOf('Dewi')
    await row('Dewi').click()
    await banner('complaint_handover').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('next-reply').getAttribute('data-outcome')).resolves.toBe('human')
    await expect(page.getByTestId('next-reply-title').textContent()).resolves.toBe('Keluhan: Anda yang perlu membalas')
    await expect(page.getByTestId('next-reply-why').textContent()).resolves.toContain('AI tidak membalas keluhan')
    await page.getByTestId('thread-back').click()
  })

  it('follow-up rule, shop side: the AI answered, the customer went quiet → one nudge naming the product from this chat', async () => {
    // Short times so it runs in seconds; quiet hours off (start = end) so the clock of the run
    // cannot move the nudge to the morning.
    const set = await api.call('PUT', '/ai-config', {
      followUp: { enabled: true, afterHours: 0.001, maxCount: 1, onlyHotLeads: false }, quietHours: { start: '00:00', end: '00:00' },
    })
    expect(set.status).toBe(200)
    await customerWrites('Budi', 'Kak, saya mau pesan 2 porsi roti bakar ya')
    const budiChat = await chatOf('Budi')
    await row('Budi').click()
    await page.locator('[data-testid=message][data-sent-by=ai]').waitFor({ timeout: 30_000 })
    // About 4 s after the shop's word the nudge goes out, naming what Budi asked about (not the
    // first item of the price list, not an item of another chat).
    const nudge = page.locator('[data-testid=message][data-sent-by=followup]')
    await nudge.waitFor({ timeout: 30_000 })
    const text = (await nudge.getByTestId('message-body').textContent())!
    expect(text).toContain('Roti Bakar')
    expect(text).not.toMatch(/Es Kopi Susu|Kopi Hitam/)
    const sent = (await followUpsOf(budiChat)).filter((f) => f.status === 'sent')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toBe(text)
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'journey-nudge-390.png') })
    await page.getByTestId('thread-back').click()
    // Meanwhile nobody answered Dewi's complaint: no AI message went to her, and she got no nudge.
    expect((await messagesOf(dewiChat)).filter((m) => m.direction === 'out')).toEqual([])
    expect(await followUpsOf(dewiChat)).toEqual([])
  })

  it('with auto-reply off and the customer waiting: the AI only drafts, no nudge, the owner is alerted and the chat is marked waiting', async () => {
    await page.goto('/settings/ai')
    await page.getByTestId('ai-autoreply').uncheck()
    await page.getByTestId('ai-save').click()
    await page.getByTestId('ai-saved').waitFor()
    expect((await api.get<{ autoReply: boolean }>('/ai-config')).autoReply).toBe(false)
    // The owner's alert after 3 s of waiting instead of 30 min (the follow-up rule stays as short as above).
    expect((await api.call('PUT', '/ai-config', { waitingAlert: { enabled: true, afterMinutes: 0.05 } })).status).toBe(200)
    await page.goto('/settings/inbox')
    await page.getByTestId('alerts-notify').check()
    await eventually(async () => page.getByTestId('alerts-notify').isChecked(), 'notifications to be on')

    await page.goto('/inbox')
    await page.getByTestId('conversation-list').waitFor()
    // The owner puts the phone away; Andi orders.
    await setHidden(page, true)
    const order = 'Oke kak, mau pesan 2 es kopi susu ya, bisa transfer?'
    await customerWrites('Andi', order)
    const alert = await eventually(async () => (await notesOf(page)).find((n) => n.title.startsWith('Andi menunggu jawaban')), 'the owner alert for Andi', 30_000)
    expect(alert.title).toBe('Andi menunggu jawaban Anda')
    expect(alert.body).toBe(order)
    await setHidden(page, false)

    // The chat is marked waiting, in the list and in the chat.
    await row('Andi').locator('[data-testid=waiting-badge]').waitFor()
    await row('Andi').click()
    await banner('auto_reply_off').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('next-reply').getAttribute('data-outcome')).resolves.toBe('ai_drafts')
    await expect(page.getByTestId('next-reply-title').textContent()).resolves.toBe('Balasan otomatis mati — AI hanya menyiapkan saran')
    await page.getByTestId('next-reply-waiting').waitFor()
    // The AI drafted an answer for a person to send, and sent nothing itself.
    await page.getByTestId('ai-suggestion').waitFor({ timeout: 30_000 })
    // The draft panel takes room under the thread, yet Andi's question stays in view above it.
    await eventually(() => newestMessageInView(page), 'the newest message to be in view above the draft', 5_000)
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'journey-waiting-390.png') })
    const after = await messagesOf(andiChat)
    const asked = after.find((m) => m.body === order)!
    expect(after.filter((m) => m.direction === 'out' && m.createdAt > asked.createdAt)).toEqual([])
    // A customer waiting for the shop is never nudged (the alert went to the owner instead).
    expect((await followUpsOf(andiChat)).filter((f) => f.createdAt > asked.createdAt)).toEqual([])
    await page.getByTestId('thread-back').click()
    // A complaint still goes to a person with auto-reply off (no draft to send either).
    await row('Dewi').click()
    await banner('complaint_handover').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('next-reply').getAttribute('data-outcome')).resolves.toBe('human')
    await page.getByTestId('thread-back').click()
  })

  it('an agent on the same Wi-Fi (same IP) sets a password, then reloads 20 times and is never logged out', async () => {
    await page.goto('/team')
    await page.getByTestId('invite-email').fill(agent.email)
    await page.getByTestId('invite-role').selectOption('agent')
    await page.getByTestId('invite-submit').click()
    const temporary = (await page.getByTestId('temporary-password').textContent())!.trim()
    agent.password = 'rahasia-agen-123'
    const ctx = await h.newContext(PHONE)
    const p = ctx.pages()[0] ?? await ctx.newPage()
    await p.goto('/inbox')
    await p.waitForURL(atPath('/login'))
    await p.fill('#email', agent.email)
    await p.fill('#password', temporary)
    await p.getByTestId('login-submit').click()
    await p.waitForURL(atPath('/set-password'))
    await p.getByTestId('new-password').fill(agent.password)
    await p.getByTestId('repeat-password').fill(agent.password)
    await p.getByTestId('password-submit').click()
    await p.waitForURL(atPath('/inbox'))
    for (let i = 0; i < 20; i++) {
      await p.reload()
      await p.getByTestId('conversation-list').waitFor()
      expect(new URL(p.url()).pathname, `reload ${i + 1}`).toBe('/inbox')
      await expect(p.getByTestId('rate-limit-notice').count()).resolves.toBe(0)
    }
    // The agent sees the shop's chats.
    await p.locator('[data-testid=conversation-row]:has([data-testid=conversation-name]:text-is("Andi"))').waitFor()
    await ctx.close()
  })

  it('pairing by phone number to Connected: a second shop gets the code, a reload keeps it, the simulated phone enters it', async () => {
    const other = { businessName: 'Laundry Bersih', email: `laundry-${Date.now()}@toko.test`, password: 'rahasia-456' }
    await ApiUser.register(h.baseUrl, other)
    const ctx = await h.newContext(PHONE)
    const p = ctx.pages()[0] ?? await ctx.newPage()
    await p.goto('/device')
    await p.fill('#email', other.email)
    await p.fill('#password', other.password)
    await p.getByTestId('login-submit').click()
    await p.waitForURL(atPath('/device'))
    await p.getByTestId('pair-toggle').click()
    await p.getByTestId('pair-phone').fill('0812 3456 7890')
    await p.getByRole('button', { name: 'Minta kode' }).click()
    const code = p.getByTestId('pair-code')
    await code.waitFor({ timeout: 30_000 })
    const shown = (await code.textContent())!.trim()
    expect(shown).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)

    // A reload (the phone locked) comes back to the same code with its countdown, never a QR.
    await p.reload()
    await code.waitFor({ timeout: 30_000 })
    await expect(code.textContent()).resolves.toBe(shown)
    await expect(p.getByTestId('pair-code-countdown').textContent()).resolves.toMatch(/Kode berlaku \d+ detik lagi/)
    await expect(p.getByTestId('qr-image').count()).resolves.toBe(0)

    // On the simulated phone: Perangkat tertaut → Tautkan dengan nomor telepon → the code.
    await p.getByTestId('demo-enter-code').click()
    await p.locator('[data-testid=device-state][data-state=connected]').waitFor({ timeout: 30_000 })
    await expect(p.getByTestId('device-phone').textContent()).resolves.toContain('+62 812-3456-7890')
    await ctx.close()
  })
})
