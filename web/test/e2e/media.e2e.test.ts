// Media in the owner's inbox (issue 13), at 390×844 in Bahasa Indonesia against the real server
// in demo mode: simulated customers send, through stock Baileys and the simulator's WhatsApp media
// path, a photo with a caption, a voice note, a document, a sticker, a location, a contact card,
// a reply quoting a message, a reaction, an edit and a delete — each is asserted on what the page
// renders (a decoded image, an audio element with a source, the duration, the file name, the maps
// link…). Then the reply box: "Balas" shows the quoted block, a photo attached (📎, dropped or
// pasted) uploads with a preview chip and takes a caption, and the voice recorder runs its timer
// and cancels.
// Then "Kirim": the photo with its caption, quoting the customer, and a recorded voice note
// (Chromium's WebM/Opus, remuxed by the server to WhatsApp's Ogg/Opus) are delivered to the
// simulated customer's phone (its delivery receipt comes back through stock Baileys). A video
// attached gets a frame grabbed by the browser as its poster, sent with it; the sticker picker
// sends back a sticker the customer sent. The chat list says
// "Pesan ini dihapus" for a last message deleted for everyone, never its words.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ApiUser, ARTIFACTS_DIR, eventually, startHarness, watchPage, type Harness } from './harness'

let h: Harness
let page: Page
let api: ApiUser
const pageErrors: string[] = []
const owner = { businessName: 'Toko Batik Rina', name: 'Bu Rina', email: `media-${Date.now()}@toko.test`, password: 'rahasia-123' }
const atPath = (path: string) => (url: URL) => url.pathname === path

// Headless Chromium has no microphone: the page gets a tone from Web Audio instead (the browser's
// real MediaRecorder records it). Only the device is stood in for.
const FAKE_MICROPHONE = `
  if (navigator.mediaDevices) navigator.mediaDevices.getUserMedia = async () => {
    const ac = new AudioContext()
    const osc = ac.createOscillator()
    const dest = ac.createMediaStreamDestination()
    osc.connect(dest)
    osc.start()
    return dest.stream
  }`

interface Msg {
  id: string; direction: 'in' | 'out'; status: string; body: string | null; deleted: boolean; edited: boolean; reactions: unknown[]
  media: { kind: string; state: string; mime: string | null; url: string | null; thumbnailUrl: string | null } | null; quoted: { body: string | null } | null
}

async function conversationOf(name: string): Promise<string> {
  return eventually(async () => (await api.get<{ items: Array<{ id: string; contact: { name: string | null } }> }>('/conversations')).items.find((c) => c.contact.name === name)?.id, `the chat with ${name}`)
}
const messagesOf = async (conversationId: string) => (await api.get<{ items: Msg[] }>(`/conversations/${conversationId}/messages?limit=50`)).items

/** The simulated customer writes text, or sends media / a change (POST /demo/customer-media). */
async function customer(name: string, what: { text: string } | Record<string, unknown> & { kind: string }) {
  const res = 'kind' in what
    ? await api.call('POST', '/demo/customer-media', { customerName: name, ...what })
    : await api.call('POST', '/demo/customer-message', { customerName: name, text: what.text })
  expect(res.status, JSON.stringify(res.body)).toBe(204)
}
/** A reaction, edit or delete names a message the gateway must have stored first (else there is nothing to change). */
async function stored(conversationId: string, body: string): Promise<void> {
  await eventually(async () => (await messagesOf(conversationId)).some((m) => m.body === body), `"${body}" stored`)
}

beforeAll(async () => {
  h = await startHarness({ viewport: { width: 390, height: 844 }, env: { WARTA_DEMO_CUSTOMERS: 'false' } })
  await h.context.addInitScript(FAKE_MICROPHONE)
  page = h.context.pages()[0] ?? await h.context.newPage()
  pageErrors.push(...watchPage(page).errors)
  api = await ApiUser.register(h.baseUrl, owner)
  expect((await api.call('POST', '/tenant/onboarded', {})).status).toBe(200)
  expect((await api.call('POST', '/device/connect', {})).status).toBe(200)
  await eventually(async () => (await api.call('POST', '/demo/scan', {})).status === 204, 'the simulated phone scanned the QR')
  await eventually(async () => (await api.get<{ state: string }>('/device/status')).state === 'connected', 'connected')
})
afterAll(async () => {
  if (pageErrors.length) console.warn('[e2e] browser errors:\n' + pageErrors.join('\n'))
  await h?.close()
})

const bubble = (text: string) => page.locator(`[data-testid=message]:has([data-testid=message-body]:text-is("${text}"))`)
const decoded = (selector: string) => page.waitForFunction((s) => {
  const img = document.querySelector<HTMLImageElement>(s)
  return !!img && img.complete && img.naturalWidth > 0
}, selector)

describe('media in the inbox, on a phone', () => {
  let chat: string

  it('shows every kind a customer sends, like WhatsApp', async () => {
    const rina = 'Bu Rina'
    await customer(rina, { text: 'Kak, ada warna merah?' })
    await customer(rina, { text: 'Saya mau 2' })
    await customer(rina, { kind: 'photo', caption: 'sudah transfer ya kak', amount: '250.000' })
    await customer(rina, { kind: 'voice', seconds: 7 })
    await customer(rina, { kind: 'document', fileName: 'katalog batik.pdf' })
    await customer(rina, { kind: 'sticker' })
    await customer(rina, { kind: 'location', latitude: -6.9147, longitude: 107.6098, name: 'Gedung Sate' })
    await customer(rina, { kind: 'contact', displayName: 'Pak Budi', contactPhone: '+62 811 2233 4455' })
    await customer(rina, { kind: 'reply', text: 'Yang merah ya kak', target: 'Kak, ada warna merah?' })
    await customer(rina, { text: 'salah kirim' })
    chat = await conversationOf(rina)
    await stored(chat, 'Saya mau 2')
    await stored(chat, 'salah kirim')
    await customer(rina, { kind: 'reaction', emoji: '👍', target: 'Saya mau 2' })
    await customer(rina, { kind: 'edit', text: 'Saya mau 3', target: 'Saya mau 2' })
    await customer(rina, { kind: 'delete', target: 'salah kirim' })
    await page.goto('/inbox')
    await page.waitForURL(atPath('/login'))
    await page.fill('#email', owner.email)
    await page.fill('#password', owner.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL(atPath('/inbox'))
    // The demo banner's box sends a sample voice note as another customer: the list names it
    // instead of "Pesan audio".
    await page.getByTestId('demo-write-toggle').click()
    await page.getByTestId('demo-customer-name').fill('Pak Joko')
    await page.getByTestId('demo-customer-voice').click()
    await page.getByTestId('demo-sent').waitFor()
    await page.getByTestId('demo-write-toggle').click()
    const joko = page.locator('[data-testid=conversation-row]:has([data-testid=conversation-name]:text-is("Pak Joko"))')
    await joko.locator('[data-testid=conversation-last]:text-is("🎤 Pesan suara (0:07)")').waitFor()
    // Bu Rina took her last message back: the list says so and never shows its words.
    const rinaRow = page.locator('[data-testid=conversation-row]:has([data-testid=conversation-name]:text-is("Bu Rina"))')
    await rinaRow.locator('[data-testid=conversation-last]:text-is("🚫 Pesan ini dihapus")').waitFor()

    await page.locator('[data-testid=conversation-row]:has([data-testid=conversation-name]:text-is("Bu Rina"))').click()
    await page.waitForURL(atPath(`/inbox/${chat}`))

    // The photo: its caption, a decoded preview at the photo's 3:4 shape, and the viewer.
    const photo = page.locator('[data-testid=message]:has([data-testid=media][data-kind=image])')
    await photo.locator('[data-testid=media][data-state=ready]').waitFor()
    await expect(photo.getByTestId('message-body').textContent()).resolves.toBe('sudah transfer ya kak')
    await photo.scrollIntoViewIfNeeded() // the preview loads lazily, when it comes near the screen
    await decoded('[data-testid=media-image]')
    const box = (await photo.getByTestId('media-image-open').boundingBox())!
    expect(Math.abs(box.width / box.height - 3 / 4)).toBeLessThan(0.02)
    await photo.getByTestId('media-image-open').click()
    await decoded('[data-testid=media-viewer-image]')
    await page.getByTestId('media-viewer-close').click()
    await page.getByTestId('media-viewer').waitFor({ state: 'detached' })

    // The voice note: a player with its file, the length, the waveform, and the speed button.
    const voice = page.locator('[data-testid=media][data-kind=ptt][data-state=ready]')
    await voice.waitFor()
    expect(await voice.getByTestId('media-audio').getAttribute('src')).toMatch(/^\/api\/v1\/media\//)
    await expect(voice.getByTestId('media-voice-duration').textContent()).resolves.toBe('0:07')
    expect(await voice.getByTestId('media-voice-bar').count()).toBe(32)
    const speed = voice.getByTestId('media-voice-speed')
    await expect(speed.textContent()).resolves.toBe('1×')
    await speed.click()
    await expect(speed.textContent()).resolves.toBe('1.5×')
    await speed.click()
    await expect(speed.textContent()).resolves.toBe('2×')

    // The document: a chip with its name and a download link; the sticker without a bubble.
    const doc = page.locator('[data-testid=media][data-kind=document][data-state=ready]')
    await expect(doc.getByTestId('media-document-name').textContent()).resolves.toBe('katalog batik.pdf')
    expect(await doc.getByTestId('media-document').getAttribute('href')).toMatch(/^\/api\/v1\/media\//)
    const sticker = page.locator('[data-testid=media][data-kind=sticker][data-state=ready]')
    await sticker.waitFor()
    await sticker.scrollIntoViewIfNeeded()
    await decoded('[data-testid=media-sticker]')

    // The location and the contact card.
    const place = page.getByTestId('message-location')
    await expect(place.textContent()).resolves.toContain('Gedung Sate')
    expect(await place.getByTestId('message-location-link').getAttribute('href')).toBe('https://maps.google.com/?q=-6.9147,107.6098')
    const card = page.getByTestId('message-contact')
    await expect(card.getByTestId('message-contact-name').textContent()).resolves.toBe('Pak Budi')
    await expect(card.getByTestId('message-contact-phone').textContent()).resolves.toBe('+62 811-2233-4455')
    await expect(card.getByTestId('message-contact-chat').textContent()).resolves.toBe('Mulai chat')

    // The reply shows what it quotes; the reaction, the edit and the delete arrive live.
    await expect(bubble('Yang merah ya kak').getByTestId('message-quote-body').textContent()).resolves.toBe('Kak, ada warna merah?')
    const edited = bubble('Saya mau 3')
    await edited.getByTestId('message-edited').waitFor()
    await expect(edited.getByTestId('message-edited').textContent()).resolves.toBe('diedit')
    await expect(edited.getByTestId('message-reaction').textContent()).resolves.toBe('👍')
    await page.locator('[data-testid=message][data-deleted] [data-testid=message-deleted]:has-text("Pesan ini dihapus")').waitFor()
    await expect(page.locator('[data-testid=message-body]:text-is("salah kirim")').count()).resolves.toBe(0)
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'media-thread-390.png'), fullPage: false })
    expect(pageErrors).toEqual([])
  })

  it('replies quoting a message, attaches a photo that uploads with a preview and caption, and records a voice note', async () => {
    // "Balas" (long-press on a phone; a right-click here) puts the quoted message above the box.
    await bubble('Yang merah ya kak').locator('div.group').click({ button: 'right' })
    await page.getByTestId('message-reply').click()
    const quote = page.getByTestId('reply-quote')
    await expect(quote.getByTestId('message-quote-body').textContent()).resolves.toBe('Yang merah ya kak')
    await page.getByTestId('reply-quote-cancel').click()
    await quote.waitFor({ state: 'detached' })
    await bubble('Yang merah ya kak').locator('div.group').click({ button: 'right' })
    await page.getByTestId('message-reply').click()
    await quote.waitFor()

    // The voice recorder: a tap starts it (the timer runs), 🗑 throws it away.
    await page.getByTestId('reply-mic').click()
    const timer = page.getByTestId('voice-timer')
    await timer.waitFor()
    // The timer moved past 0:00 (whatever second it shows by then).
    await page.locator('[data-testid=voice-timer]', { hasText: /^Merekam \d+:(0[1-9]|[1-5]\d)$/ }).waitFor()
    await page.getByTestId('voice-cancel').click()
    await timer.waitFor({ state: 'detached' })
    await page.getByTestId('reply-mic').waitFor()

    // A photo (the customer's own receipt, as the shop might forward it) uploads at once.
    const items = await messagesOf(chat)
    const receipt = Buffer.from(await (await fetch(`${h.baseUrl}${items.find((m) => m.media?.kind === 'image')!.media!.url!}`)).arrayBuffer())
    const before = await api.get<{ files: number }>('/media/usage')
    const uploaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/media' && r.request().method() === 'POST')
    await page.getByTestId('reply-file').setInputFiles({ name: 'bukti-transfer.jpg', mimeType: 'image/jpeg', buffer: receipt })
    const upload = await uploaded
    expect(upload.status()).toBe(201)
    expect(await upload.json()).toMatchObject({ kind: 'image', mime: 'image/jpeg', state: 'ready', size: receipt.length })
    const chip = page.locator('[data-testid=attachment-chip][data-state=ready]')
    await chip.waitFor()
    await expect(chip.getByTestId('attachment-name').textContent()).resolves.toBe('bukti-transfer.jpg')
    await expect(chip.getByTestId('attachment-status').textContent()).resolves.toContain('Siap dikirim')
    await decoded('[data-testid=attachment-preview]')
    // Stored once per content: the same photo the customer sent adds no file.
    expect((await api.get<{ files: number }>('/media/usage')).files).toBe(before.files)
    await expect(page.getByTestId('reply-input').getAttribute('placeholder')).resolves.toBe('Tambahkan keterangan…')
    await page.getByTestId('reply-input').fill('Ini bukti transfernya ya kak')
    await expect(page.getByTestId('reply-send').isEnabled()).resolves.toBe(true)
    // ✕ removes it; a photo dropped on the box or pasted into it is attached the same way.
    const fileOf = (name: string) => page.evaluateHandle(([b64, n]) => {
      const dt = new DataTransfer()
      dt.items.add(new File([Uint8Array.from(atob(b64!), (ch) => ch.charCodeAt(0))], n!, { type: 'image/jpeg' }))
      return dt
    }, [receipt.toString('base64'), name])
    await chip.getByTestId('attachment-remove').click()
    await chip.waitFor({ state: 'detached' })
    await page.dispatchEvent('[data-testid=reply-box]', 'drop', { dataTransfer: await fileOf('dijatuhkan.jpg') })
    await chip.locator('[data-testid=attachment-name]:text-is("dijatuhkan.jpg")').waitFor()
    await chip.getByTestId('attachment-remove').click()
    await chip.waitFor({ state: 'detached' })
    const pasted = await fileOf('bukti-transfer.jpg')
    await page.getByTestId('reply-input').evaluate((el, dt) => el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })), pasted)
    await chip.locator('[data-testid=attachment-name]:text-is("bukti-transfer.jpg")').waitFor()
    await expect(page.getByTestId('reply-input').inputValue()).resolves.toBe('Ini bukti transfernya ya kak')
    await expect(quote.getByTestId('message-quote-body').textContent()).resolves.toBe('Yang merah ya kak')
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'media-composer-390.png') })

    // Sent: the box empties, and the photo with its caption, quoting the customer's message,
    // reaches the simulated phone.
    await page.getByTestId('reply-send').click()
    await chip.waitFor({ state: 'detached' })
    await quote.waitFor({ state: 'detached' })
    const delivered = (m: Msg) => m.direction === 'out' && ['delivered', 'read'].includes(m.status)
    const photo = await eventually(async () => (await messagesOf(chat)).find((m) => delivered(m) && m.media?.kind === 'image'), 'the photo delivered to the simulated phone')
    expect(photo.body).toBe('Ini bukti transfernya ya kak')
    expect(photo.quoted?.body).toBe('Yang merah ya kak')
    await bubble('Ini bukti transfernya ya kak').waitFor()

    // A voice note: tap the mic, let it record a moment, send.
    await page.getByTestId('reply-mic').click()
    await page.locator('[data-testid=voice-timer]', { hasText: /^Merekam \d+:(0[1-9]|[1-5]\d)$/ }).waitFor()
    await page.getByTestId('voice-send').click()
    await page.getByTestId('voice-recorder').waitFor({ state: 'detached' })
    const voice = await eventually(async () => (await messagesOf(chat)).find((m) => delivered(m) && m.media?.kind === 'ptt'), 'the voice note delivered to the simulated phone')
    expect(voice.media!.mime).toMatch(/^audio\/ogg/)

    // A video: the browser grabs a frame as its poster (the server has no ffmpeg), the chip shows
    // it, and the message goes out with it. The clip is recorded by this Chromium (WebM/VP8).
    const clip = Buffer.from(await page.evaluate(async () => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 240 })
      const ctx = canvas.getContext('2d')!
      const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm;codecs=vp8' })
      const parts: Blob[] = []
      recorder.ondataavailable = (e) => parts.push(e.data)
      const stopped = new Promise((r) => { recorder.onstop = r })
      recorder.start(100)
      for (let i = 0; i < 30; i++) {
        ctx.fillStyle = `hsl(${i * 12}, 80%, 50%)`
        ctx.fillRect(0, 0, 320, 240)
        await new Promise((r) => setTimeout(r, 40))
      }
      recorder.stop()
      await stopped
      const bytes = new Uint8Array(await new Blob(parts, { type: 'video/webm' }).arrayBuffer())
      let bin = ''
      for (const b of bytes) bin += String.fromCharCode(b)
      return btoa(bin)
    }), 'base64')
    const posterSet = page.waitForResponse((r) => /\/api\/v1\/media\/[^/]+\/preview$/.test(new URL(r.url()).pathname), { timeout: 20_000 })
    await page.getByTestId('reply-file').setInputFiles({ name: 'produk.webm', mimeType: 'video/webm', buffer: clip })
    const posterRes = await posterSet
    expect(posterRes.status()).toBe(200)
    expect((await posterRes.json()).thumbnailUrl).toMatch(/\/thumbnail\?/)
    await page.locator('[data-testid=attachment-chip][data-state=ready]').waitFor()
    await decoded('[data-testid=attachment-preview]')
    await page.getByTestId('reply-input').fill('Video produknya kak')
    await page.getByTestId('reply-send').click()
    const sentVideo = await eventually(async () => (await messagesOf(chat)).find((m) => delivered(m) && m.media?.kind === 'video'), 'the video delivered to the simulated phone')
    expect(sentVideo.media!.thumbnailUrl).not.toBeNull()
    await page.locator(`[data-testid=message]:has([data-testid=message-body]:text-is("Video produknya kak")) video[poster]`).waitFor()

    // A sticker: the picker offers the one Bu Rina sent; one tap sends it back.
    await page.getByTestId('reply-stickers').click()
    const option = page.getByTestId('sticker-option').first()
    await option.waitFor()
    await page.waitForFunction(() => { const img = document.querySelector<HTMLImageElement>('[data-testid=sticker-option] img'); return !!img && img.complete && img.naturalWidth > 0 })
    await option.click()
    await page.getByTestId('sticker-picker').waitFor({ state: 'detached' })
    await eventually(async () => (await messagesOf(chat)).find((m) => delivered(m) && m.media?.kind === 'sticker'), 'the sticker delivered to the simulated phone')
    expect(pageErrors).toEqual([])
  })
})
