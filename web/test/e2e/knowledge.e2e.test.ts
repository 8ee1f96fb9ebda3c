// The knowledge base end to end, at 390×844 in Bahasa Indonesia on the real server (demo mode,
// the built dashboard, headless Chromium): the owner uploads a PDF menu on "Pengetahuan", watches
// it become ready, reads what was extracted; a damaged PDF is shown as failed with a clear
// reason; a simulated customer asks a price that only the PDF names, and the AI's answer in the
// chat carries it with its source ("dari: menu.pdf, hal. 2"). No 5xx anywhere.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { ApiUser, ARTIFACTS_DIR, startHarness, watchPage, type Harness } from './harness'

let h: Harness
let page: Page
let api: ApiUser
const pageErrors: string[] = []
const owner = { businessName: 'Warung Bu Sri', name: 'Bu Sri', email: `sri-${Date.now()}@toko.test`, password: 'rahasia-123' }
const atPath = (path: string) => (url: URL) => url.pathname === path

/** A two-page menu written in the test; Nasi Bakar's price is only on page 2. */
async function menuPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const pages = [
    ['WARUNG BU SRI', 'Masakan rumahan sejak 2015.'],
    ['MAKANAN', 'Nasi Bakar ........ Rp 25.000', 'Ayam Geprek ........ Rp 22.000'],
  ]
  for (const lines of pages) {
    const p = pdf.addPage([420, 595])
    lines.forEach((line, i) => p.drawText(line, { x: 40, y: 540 - i * 22, size: 13, font }))
  }
  return Buffer.from(await pdf.save())
}

beforeAll(async () => {
  // A quiet demo: the demo's own customers (one of them is a Rina Wulandari) would otherwise start
  // chats by themselves while this test waits for its customer's row.
  h = await startHarness({ viewport: { width: 390, height: 844 }, env: { WARTA_DEMO_CUSTOMERS: 'false' } })
  page = h.context.pages()[0] ?? await h.context.newPage()
  pageErrors.push(...watchPage(page).errors)
  api = await ApiUser.register(h.baseUrl, owner)
  // The shop answers automatically; Nasi Bakar is NOT in its price list.
  const saved = await api.call('PUT', '/ai-config', { autoReply: true, priceList: [{ name: 'Es Teh', price: 5000 }] })
  expect(saved.status).toBe(200)
  expect((await api.call('POST', '/tenant/onboarded', {})).status).toBe(200)
})
afterAll(async () => {
  if (pageErrors.length) console.warn('[e2e] browser errors:\n' + pageErrors.join('\n'))
  await h?.close()
})

describe('the knowledge base, on a phone', () => {
  it('uploads a PDF menu, shows it ready and what was read from it', async () => {
    await page.goto('/settings/knowledge')
    await page.waitForURL(atPath('/login'))
    await page.fill('#email', owner.email)
    await page.fill('#password', owner.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL(atPath('/settings/knowledge'))
    await page.locator('h1:has-text("Pengetahuan")').waitFor()
    await page.getByTestId('empty-state').waitFor()

    await page.getByTestId('knowledge-file').setInputFiles({ name: 'menu.pdf', mimeType: 'application/pdf', buffer: await menuPdf() })
    const doc = page.locator('[data-testid=knowledge-doc][data-name="menu.pdf"]')
    await doc.waitFor()
    await page.locator('[data-testid=knowledge-doc][data-name="menu.pdf"][data-state=ready]').waitFor({ timeout: 30_000 })
    await expect(doc.getByTestId('knowledge-state').textContent()).resolves.toContain('Siap')
    await expect(doc.textContent()).resolves.toContain('2 hal.')
    await doc.getByTestId('knowledge-view-text').click()
    const text = await doc.getByTestId('knowledge-text').inputValue()
    expect(text).toContain('=== hal. 2 ===')
    expect(text).toContain('Nasi Bakar ........ Rp 25.000')
    await expect(doc.getByTestId('knowledge-price-open').textContent()).resolves.toContain('Impor 2 harga')
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'knowledge-390.png') })
  })

  it('shows a damaged PDF as failed with a reason in Indonesian', async () => {
    const broken = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), Buffer.alloc(500, 7)])
    await page.getByTestId('knowledge-file').setInputFiles({ name: 'rusak.pdf', mimeType: 'application/pdf', buffer: broken })
    const doc = page.locator('[data-testid=knowledge-doc][data-name="rusak.pdf"][data-state=failed]')
    await doc.waitFor({ timeout: 30_000 })
    await expect(doc.getByTestId('knowledge-error').textContent()).resolves.toContain('PDF rusak')
    // A file of an unsupported type is refused at once.
    await page.getByTestId('knowledge-file').setInputFiles({ name: 'menu.exe', mimeType: 'application/octet-stream', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]) })
    await expect(page.getByTestId('knowledge-upload-error').textContent()).resolves.toContain('Jenis file tidak didukung')
  })

  it('answers a customer\'s price question from the PDF, and the chat shows the source', async () => {
    await page.goto('/device')
    await page.getByTestId('device-connect').click()
    await page.getByTestId('qr-image').waitFor({ timeout: 30_000 })
    await page.getByTestId('demo-scan').click()
    await page.locator('[data-testid=device-state][data-state=connected]').waitFor({ timeout: 30_000 })

    const sent = await api.call('POST', '/demo/customer-message', { text: 'Kak, harga nasi bakar berapa?', customerName: 'Sinta Maharani' })
    expect(sent.status).toBe(204)
    await page.goto('/inbox')
    const row = page.locator('[data-testid=conversation-row]:has([data-testid=conversation-name]:text-is("Sinta Maharani"))')
    await row.waitFor({ timeout: 30_000 })
    await row.click()
    await page.getByTestId('thread').waitFor()
    const answer = page.locator('[data-testid=message][data-sent-by=ai]')
    await answer.waitFor({ timeout: 30_000 })
    await expect(answer.getByTestId('message-body').textContent()).resolves.toContain('Rp 25.000')
    await expect(answer.getByTestId('message-sources').textContent()).resolves.toContain('dari: menu.pdf, hal. 2')
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'knowledge-answer-390.png') })
  })
})
