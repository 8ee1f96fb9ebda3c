// Two staff on their phones (390×844, Bahasa Indonesia) sharing one inbox on the real server in
// a quiet demo: the owner gives a chat to the agent (who sees it online, is told, and finds it
// under "Milik saya"), the agent leaves an internal note mentioning the owner (who is told and
// sees it in yellow, between the messages written before and after it; it is never a message), the owner resolves the chat and the customer's next
// message reopens it, a snooze hides it until its time, and the activity log lists all of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { ApiUser, eventually, startHarness, watchPage, type Harness } from './harness'

const PHONE = { width: 390, height: 844 }
let h: Harness
let ownerPage: Page
let agentPage: Page
let agentCtx: BrowserContext
let api: ApiUser
let agentId: string
let conversationId: string
const pageErrors: string[] = []
const stamp = Date.now()
const owner = { businessName: 'Laundry Bersih', name: 'Bu Sari', email: `sari-${stamp}@toko.test`, password: 'rahasia-123' }
const agent = { name: 'Agus', email: `agus-${stamp}@toko.test`, password: 'agen-rahasia-123' }
const NOTE = 'tolong cek ongkir ke Bogor ya'
const atPath = (path: string) => (url: URL) => url.pathname === path
const row = (page: Page, name: string) => page.locator(`[data-testid=conversation-row]:has([data-testid=conversation-name]:text-is("${name}"))`)

async function login(page: Page, who: { email: string; password: string }) {
  await page.goto('/login')
  await page.fill('#email', who.email)
  await page.fill('#password', who.password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname !== '/login')
}

beforeAll(async () => {
  h = await startHarness({ viewport: PHONE, env: { WARTA_DEMO_CUSTOMERS: 'false' } })
  api = await ApiUser.register(h.baseUrl, owner)
  expect((await api.call('PUT', '/ai-config', { autoReply: false })).status).toBe(200)
  expect((await api.call('POST', '/tenant/onboarded', {})).status).toBe(200)
  expect((await api.call('POST', '/device/connect', {})).status).toBe(200)
  await eventually(async () => (await api.call('POST', '/demo/scan', {})).status === 204, 'the simulated phone scanned')
  await eventually(async () => (await api.get<{ state: string }>('/device/status')).state === 'connected', 'connected')
  // The agent joins with a temporary password and sets their own, as the app makes them.
  const invited = await api.call<{ member: { id: string }; temporaryPassword: string }>('POST', '/team', { email: agent.email, name: agent.name, role: 'agent' })
  expect(invited.status).toBe(201)
  agentId = invited.body.member.id
  const first = await ApiUser.login(h.baseUrl, agent.email, invited.body.temporaryPassword)
  expect((await first.call('POST', '/auth/password', { newPassword: agent.password })).status).toBe(200)
  expect((await api.call('POST', '/demo/customer-message', { text: 'Kak, cuci kering 5 kg berapa?', customerName: 'Rina' })).status).toBe(204)
  conversationId = await eventually(async () => (await api.get<{ items: Array<{ id: string }> }>('/conversations')).items[0]?.id, 'the chat stored')

  ownerPage = h.context.pages()[0] ?? await h.context.newPage()
  agentCtx = await h.newContext(PHONE)
  agentPage = await agentCtx.newPage()
  pageErrors.push(...watchPage(ownerPage).errors, ...watchPage(agentPage).errors)
})
afterAll(async () => {
  if (pageErrors.length) console.warn('[e2e] browser errors:\n' + pageErrors.join('\n'))
  await h?.close()
})

describe('two staff share the inbox', () => {
  it('the owner assigns the chat to the agent, who is online, told, and finds it under "Milik saya"', async () => {
    await login(agentPage, agent)
    await agentPage.goto('/overview')
    await login(ownerPage, owner)
    await ownerPage.goto('/inbox')
    await row(ownerPage, 'Rina').click()
    await ownerPage.waitForURL(atPath(`/inbox/${conversationId}`))
    await ownerPage.getByTestId('assign-menu').click()
    const choice = ownerPage.getByTestId(`assign-to-${agent.email}`)
    await choice.waitFor()
    // The agent's open dashboard makes them online in the menu.
    await eventually(async () => (await choice.textContent())?.includes('Online'), 'the agent shown online')
    await choice.click()
    await ownerPage.locator(`[data-testid=assign-menu]:has-text("${agent.name}")`).waitFor()

    const toast = agentPage.getByTestId('team-toast')
    await toast.waitFor()
    expect(await toast.textContent()).toContain('Chat Rina ditugaskan ke Anda')
    await toast.click()
    await agentPage.waitForURL(atPath(`/inbox/${conversationId}`))
    await agentPage.goto('/inbox')
    await agentPage.getByTestId('assignee-filter-me').click()
    await row(agentPage, 'Rina').waitFor()
    await agentPage.getByTestId('assignee-filter-none').click()
    await eventually(async () => (await row(agentPage, 'Rina').count()) === 0, 'not among the unassigned')
    await agentPage.getByTestId('assignee-filter-none').click()
  })

  it('the agent leaves an internal note mentioning the owner: the owner is told and sees it; it is never a message', async () => {
    await row(agentPage, 'Rina').click()
    await agentPage.getByTestId('note-toggle').click()
    await agentPage.getByTestId('note-input').fill('@Bu')
    await agentPage.getByTestId(`mention-${owner.email}`).click()
    await agentPage.getByTestId('note-input').press('End')
    await agentPage.getByTestId('note-input').type(NOTE)
    await agentPage.getByTestId('note-save').click()
    await agentPage.locator(`[data-testid=note]:has-text("${NOTE}")`).waitFor()

    const toast = ownerPage.getByTestId('team-toast')
    await toast.waitFor()
    expect(await toast.textContent()).toContain('Agus menyebut Anda di catatan internal')
    // A tap opens the chat (already open here) and puts the toast away.
    await toast.click()
    await toast.waitFor({ state: 'detached' })
    const note = ownerPage.locator(`[data-testid=note]:has-text("${NOTE}")`)
    await note.waitFor()
    expect(await note.textContent()).toContain('Catatan internal')
    // Never a message of the chat, so never in the outbox: nothing left for the customer.
    const thread = await api.get<{ items: Array<{ body: string | null; direction: string }> }>(`/conversations/${conversationId}/messages`)
    expect(thread.items.map((m) => m.body)).toEqual(['Kak, cuci kering 5 kg berapa?'])

    // The note sits at its time in the thread: after the message before it, before the one after it.
    expect((await api.call('POST', '/demo/customer-message', { text: 'Kak, antar ke Bogor bisa?', customerName: 'Rina' })).status).toBe(204)
    const line = agentPage.locator('[data-testid=messages] :is([data-testid=message], [data-testid=note])')
    await eventually(async () => (await line.count()) === 3, 'the new message shown')
    const texts = await line.allTextContents()
    expect(texts[0]).toContain('Kak, cuci kering 5 kg berapa?')
    expect(texts[1]).toContain(NOTE)
    expect(texts[2]).toContain('Kak, antar ke Bogor bisa?')
  })

  it('resolving hides the chat from "Terbuka"; the customer writing again reopens it', async () => {
    await ownerPage.getByTestId('status-menu').click()
    await ownerPage.getByTestId('status-resolved').click()
    await ownerPage.locator('[data-testid=status-menu]:has-text("Selesai")').waitFor()
    await ownerPage.getByTestId('thread-back').click()
    await ownerPage.waitForURL(atPath('/inbox'))
    await eventually(async () => (await row(ownerPage, 'Rina').count()) === 0, 'gone from the open chats')
    await ownerPage.getByTestId('status-tab-resolved').click()
    await row(ownerPage, 'Rina').waitFor()
    await ownerPage.getByTestId('status-tab-open').click()
    await eventually(async () => (await row(ownerPage, 'Rina').count()) === 0, 'not open')

    expect((await api.call('POST', '/demo/customer-message', { text: 'Kak, jadi ya besok', customerName: 'Rina' })).status).toBe(204)
    await row(ownerPage, 'Rina').waitFor()
  })

  it('a snoozed chat leaves "Terbuka" and comes back by itself when its time comes', async () => {
    await row(ownerPage, 'Rina').click()
    await ownerPage.getByTestId('status-menu').click()
    await ownerPage.getByTestId('snooze-hour').click()
    await ownerPage.locator('[data-testid=status-menu]:has-text("Ditunda")').waitFor()
    await ownerPage.getByTestId('thread-back').click()
    await eventually(async () => (await row(ownerPage, 'Rina').count()) === 0, 'snoozed away')
    await ownerPage.getByTestId('status-tab-snoozed').click()
    await row(ownerPage, 'Rina').waitFor()
    await ownerPage.getByTestId('status-tab-open').click()
    // The owner moves the snooze to in two seconds (the API; the menu picks minutes): the worker wakes it.
    const soon = await api.call('PATCH', `/conversations/${conversationId}`, { snoozedUntil: new Date(Date.now() + 2000).toISOString() })
    expect(soon.status).toBe(200)
    await row(ownerPage, 'Rina').waitFor({ timeout: 20_000 })
  })

  it('lists these actions in the activity log, with who did them', async () => {
    await ownerPage.goto('/audit')
    const list = ownerPage.getByTestId('audit-list')
    await list.waitFor()
    for (const action of ['conversation.assigned', 'note.created', 'conversation.status_changed', 'conversation.snoozed']) {
      await ownerPage.locator(`[data-testid=audit-entry][data-action="${action}"]`).first().waitFor()
    }
    expect(await ownerPage.locator('[data-testid=audit-entry][data-action="note.created"]').first().textContent()).toContain('Agus · menulis catatan internal')
    expect(await ownerPage.locator('[data-testid=audit-entry][data-action="conversation.assigned"]').first().textContent()).toContain('Bu Sari · menugaskan chat · Agus')
    // The agent may not read it.
    await agentPage.goto('/audit')
    await agentPage.getByTestId('audit-forbidden').waitFor()
    expect(agentId).toBeTruthy()
  })
})
