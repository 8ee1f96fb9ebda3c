// Issue 13, outbound media end to end through real HTTP, stock Baileys and the simulator: the shop
// uploads a file (POST /media), sends it in a chat (text as caption), and the simulated customer
// downloads and decrypts it with the MAC and both hashes checked. A voice note recorded by Chromium
// (WebM/Opus) arrives as an Ogg/Opus ptt with duration and waveform; locations and quoted replies
// arrive as such; the integrator endpoint sends media with Idempotency-Key semantics unchanged;
// and bad requests get stable 4xx codes, never a 500.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../src/db/client.js'
import { WaSim, trustSimulatorRoot } from '../../sim/index.js'
import { samplePdf, sampleMp4 } from '../../sim/media/samples.js'
import type { SimCustomer, SimPhone } from '../../sim/handles.js'
import { connectEvents } from '../events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  trustSimulatorRoot(sim.rootPublicKey)
  gw = await startGateway({ env: { WA_SIM: '1', WA_WS_URL: sim.url, WA_SIM_MEDIA_CA: sim.mediaCaPem } })
})
afterAll(async () => { await gw?.close(); await sim?.close() })

const webm = readFileSync(new URL('../fixtures/voice-note.webm', import.meta.url))

type Auth = { auth: Record<string, string> }
const call = (who: { authorization: string }, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => fetch(`${gw.url}/api/v1${path}`, {
  method, headers: { authorization: who.authorization, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}),
})
async function upload(owner: Auth, bytes: Buffer, name: string, type: string): Promise<{ id: string; kind: string }> {
  const f = new FormData()
  f.append('file', new Blob([bytes], { type }), name)
  const res = await fetch(`${gw.url}/api/v1/media`, { method: 'POST', headers: { authorization: owner.auth.authorization! }, body: f })
  expect(res.status).toBe(201)
  return res.json() as Promise<{ id: string; kind: string }>
}

async function linkedChat(): Promise<{ owner: Auth; phone: SimPhone; customer: SimCustomer; conversationId: string; askedId: string }> {
  const owner = await registerOwner(gw.app)
  const events = await connectEvents(gw.url, owner.token)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  const phone = sim.createPhone({ pushName: 'Toko Kirim' })
  await phone.scan(qr.code)
  await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
  events.close()
  const customer = sim.createCustomer({ name: 'Bu Rina' })
  await customer.sendText(phone, 'Kak, boleh minta foto dan notanya?')
  const { conversationId, askedId } = await waitFor(async () => {
    const list = (await gw.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })).json().items as Array<{ id: string }>
    if (!list[0]) return undefined
    const items = (await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${list[0].id}/messages`, headers: owner.auth })).json().items as Array<{ id: string }>
    return items[0] ? { conversationId: list[0].id, askedId: items[0].id } : undefined
  }, 20_000, 'the customer message in the inbox')
  return { owner, phone, customer, conversationId, askedId }
}

/** Waits until the outbox sent message `id` and returns its WhatsApp id. */
async function sentWaId(id: string): Promise<string> {
  return waitFor(async () => {
    const [row] = rowsOf<{ wa_id: string; status: string }>(await gw.database.db.execute(sql`select wa_id, status from messages where id = ${id}`))
    return row && row.status !== 'pending' ? row.wa_id : undefined
  }, 30_000, `message ${id} sent`)
}

describe('outbound media through stock Baileys and the simulator', () => {
  it('sends a photo with caption, a document, a video, a voice note recorded in the browser, a location and quoted replies', async () => {
    const { owner, customer, conversationId, askedId } = await linkedChat()
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#cc3366' } }).jpeg().toBuffer()
    const pdf = samplePdf('Nota 17')
    const mp4 = sampleMp4()
    const photo = await upload(owner, jpeg, 'produk.jpg', 'image/jpeg')
    const doc = await upload(owner, pdf, 'nota-17.pdf', 'application/pdf')
    const video = await upload(owner, mp4, 'video.mp4', 'video/mp4')
    const voice = await upload(owner, webm, 'rekaman.webm', 'audio/webm')
    const send = (body: unknown) => call(owner.auth as { authorization: string }, 'POST', `/conversations/${conversationId}/messages`, body)

    const results = []
    for (const body of [
      { text: 'Ini fotonya kak', mediaId: photo.id, quotedMessageId: askedId },
      { text: '', mediaId: doc.id },
      { mediaId: video.id, text: 'Videonya' },
      { mediaId: voice.id, voiceNote: true },
      { location: { latitude: -6.2088, longitude: 106.8456, name: 'Toko Kirim', address: 'Jl. Sudirman 1' } },
      { text: 'Sama-sama kak', quotedMessageId: askedId },
    ]) {
      const res = await send(body)
      expect(res.status).toBe(202)
      results.push(await res.json() as { id: string; type: string; body: string | null; media: { kind: string; mime: string; durationMs: number | null; waveform: number[] | null } | null; quoted: { waId: string } | null; location: unknown })
    }
    const [rPhoto, rDoc, rVideo, rVoice, rLoc, rReply] = results as [typeof results[0], typeof results[0], typeof results[0], typeof results[0], typeof results[0], typeof results[0]]
    expect(rPhoto).toMatchObject({ type: 'image', body: 'Ini fotonya kak', media: { kind: 'image', mime: 'image/jpeg' } })
    expect(rPhoto.quoted).not.toBeNull()
    expect(rVoice).toMatchObject({ type: 'audio', body: null, media: { kind: 'ptt', mime: 'audio/ogg; codecs=opus' } })
    expect(rVoice.media!.durationMs).toBeGreaterThan(1700)
    expect(rVoice.media!.waveform).toHaveLength(64)
    expect(rLoc).toMatchObject({ type: 'location', location: { latitude: -6.2088, longitude: 106.8456, name: 'Toko Kirim', address: 'Jl. Sudirman 1' } })

    const got = async (id: string) => {
      const waId = await sentWaId(id)
      const out = await sim.waitForOutgoing({ to: customer, match: (m) => m.id === waId, timeout: 20_000 })
      return { out, seen: customer.inspect(out) }
    }
    const askedWaId = rowsOf<{ wa_id: string }>(await gw.database.db.execute(sql`select wa_id from messages where id = ${askedId}`))[0]!.wa_id

    const p = await got(rPhoto.id)
    expect(p.seen).toMatchObject({ kind: 'image', caption: 'Ini fotonya kak', quotedId: askedWaId })
    expect(customer.downloadMedia(p.out).bytes.equals(jpeg)).toBe(true)
    // The phone shows a preview before downloading: a small JPEG carried in the message itself.
    expect(p.seen.thumbnail).not.toBeNull()
    expect(p.seen.thumbnail!.length).toBeLessThanOrEqual(10 * 1024)
    const preview = await sharp(p.seen.thumbnail!).metadata()
    expect([preview.format, preview.width, preview.height]).toEqual(['jpeg', 96, 72])
    const d = await got(rDoc.id)
    expect(d.seen).toMatchObject({ kind: 'document', fileName: 'nota-17.pdf', mimetype: 'application/pdf', caption: null })
    expect(customer.downloadMedia(d.out).bytes.equals(pdf)).toBe(true)
    const v = await got(rVideo.id)
    expect(v.seen).toMatchObject({ kind: 'video', caption: 'Videonya' })
    expect(customer.downloadMedia(v.out).bytes.equals(mp4)).toBe(true)
    const n = await got(rVoice.id)
    expect(n.seen).toMatchObject({ kind: 'ptt', ptt: true, mimetype: 'audio/ogg; codecs=opus', seconds: 2 })
    expect(n.seen.waveform).toHaveLength(64)
    const ogg = customer.downloadMedia(n.out).bytes
    expect(ogg.subarray(0, 4).toString('latin1')).toBe('OggS')
    expect(ogg.includes(Buffer.from('OpusHead'))).toBe(true)
    const l = await got(rLoc.id)
    expect(l.seen).toMatchObject({ kind: 'location', location: { latitude: -6.2088, longitude: 106.8456, name: 'Toko Kirim', address: 'Jl. Sudirman 1' } })
    const r = await got(rReply.id)
    expect(r.seen).toMatchObject({ kind: 'text', text: 'Sama-sama kak', quotedId: askedWaId })

    // The thread shows the sent files with their links.
    const thread = (await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/messages?limit=20`, headers: owner.auth })).json().items as Array<{ id: string; media: { state: string; url: string | null } | null }>
    const shown = thread.find((m) => m.id === rPhoto.id)!
    expect(shown.media).toMatchObject({ state: 'ready' })
    expect(Buffer.from(await (await fetch(`${gw.url}${shown.media!.url}`)).arrayBuffer()).equals(jpeg)).toBe(true)
  })

  it('sends media to a number through the integrator API, once per Idempotency-Key', async () => {
    const { owner, customer } = await linkedChat()
    const made = await gw.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'POS', scopes: ['messages:send', 'messages:read'] } })
    const key = { authorization: `Bearer ${made.json().secret as string}` }
    const pdf = samplePdf('Invoice 99')
    const doc = await upload(owner, pdf, 'invoice-99.pdf', 'application/pdf')
    const body = { to: `+${customer.pn}`, text: 'Invoice pesanan 99', mediaId: doc.id }
    const first = await call(key, 'POST', '/messages', body, { 'idempotency-key': 'invoice-99' })
    const again = await call(key, 'POST', '/messages', body, { 'idempotency-key': 'invoice-99' })
    expect([first.status, again.status]).toEqual([201, 200])
    const m = await first.json() as { id: string; type: string; mediaId: string; text: string }
    expect(m).toMatchObject({ type: 'document', text: 'Invoice pesanan 99' })
    expect((await again.json() as { id: string }).id).toBe(m.id)
    const changed = await call(key, 'POST', '/messages', { ...body, text: 'lain' }, { 'idempotency-key': 'invoice-99' })
    expect(changed.status).toBe(409)
    const waId = await sentWaId(m.id)
    const out = await sim.waitForOutgoing({ to: customer, match: (o) => o.id === waId, timeout: 20_000 })
    expect(customer.inspect(out)).toMatchObject({ kind: 'document', caption: 'Invoice pesanan 99', fileName: 'invoice-99.pdf' })
    expect(customer.downloadMedia(out).bytes.equals(pdf)).toBe(true)
    expect(customer.received().filter((o) => o.id === waId)).toHaveLength(1)
  })

  it('answers the customer phone\'s retry request for a photo with the photo, after the socket was replaced', async () => {
    const { owner, phone, customer, conversationId, askedId } = await linkedChat()
    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#2266aa' } }).jpeg().toBuffer()
    const photo = await upload(owner, jpeg, 'ulang.jpg', 'image/jpeg')
    const res = await call(owner.auth as { authorization: string }, 'POST', `/conversations/${conversationId}/messages`, { text: 'Foto ulang', mediaId: photo.id, quotedMessageId: askedId })
    expect(res.status).toBe(202)
    const waId = await sentWaId((await res.json() as { id: string }).id)
    const first = await sim.waitForOutgoing({ to: customer, match: (m) => m.id === waId, timeout: 20_000 })
    // A new socket (here: WhatsApp asks for a reconnect) has an empty recent-message cache, so
    // Baileys must get the message from the gateway's store to answer the retry request.
    const device = phone.devices[0]!
    const relogin = new Promise<void>((resolve) => {
      const on = (c: unknown) => { if (c === device) { sim.off('login', on); resolve() } }
      sim.on('login', on)
    })
    sim.kick(device, 'restart')
    await relogin
    const again = sim.waitForOutgoing({ to: customer, match: (m) => m.id === waId && m !== first, timeout: 20_000 })
    expect(customer.requestResend(waId)).toBe(true)
    const resent = await again
    const askedWaId = rowsOf<{ wa_id: string }>(await gw.database.db.execute(sql`select wa_id from messages where id = ${askedId}`))[0]!.wa_id
    expect(customer.inspect(resent)).toMatchObject({ kind: 'image', caption: 'Foto ulang', mimetype: 'image/jpeg', quotedId: askedWaId })
    expect(customer.downloadMedia(resent).bytes.equals(jpeg)).toBe(true)
    expect(customer.inspect(resent).thumbnail).not.toBeNull()
    expect(customer.inspect(resent).thumbnail).toEqual(customer.inspect(first).thumbnail)
  })

  it('sends a WebP upload as a sticker', async () => {
    const { owner, customer, conversationId } = await linkedChat()
    const webp = await sharp({ create: { width: 512, height: 512, channels: 4, background: { r: 255, g: 200, b: 0, alpha: 0.5 } } }).webp().toBuffer()
    const up = await upload(owner, webp, 'stiker.webp', 'image/webp')
    const res = await call(owner.auth as { authorization: string }, 'POST', `/conversations/${conversationId}/messages`, { mediaId: up.id, sticker: true })
    expect(res.status).toBe(202)
    const sent = await res.json() as { id: string; type: string; media: { kind: string; mime: string } }
    expect(sent).toMatchObject({ type: 'sticker', media: { kind: 'sticker', mime: 'image/webp' } })
    const waId = await sentWaId(sent.id)
    const out = await sim.waitForOutgoing({ to: customer, match: (m) => m.id === waId, timeout: 20_000 })
    expect(customer.inspect(out)).toMatchObject({ kind: 'sticker', mimetype: 'image/webp', caption: null })
    expect(customer.downloadMedia(out).bytes.equals(webp)).toBe(true)
  })

  it('makes a sticker of a PNG photo: a 512×512 WebP of at most 100 KB reaches the customer', async () => {
    const { owner, customer, conversationId } = await linkedChat()
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3366cc' } }).composite([{ input: Buffer.from('<svg width="1200" height="800"><circle cx="600" cy="400" r="300" fill="#ffcc00"/></svg>') }]).png().toBuffer()
    const up = await upload(owner, png, 'logo.png', 'image/png')
    const res = await call(owner.auth as { authorization: string }, 'POST', `/conversations/${conversationId}/messages`, { mediaId: up.id, sticker: true })
    expect(res.status).toBe(202)
    const sent = await res.json() as { id: string; media: { kind: string; mime: string; width: number; height: number; size: number } }
    expect(sent.media).toMatchObject({ kind: 'sticker', mime: 'image/webp', width: 512, height: 512 })
    const waId = await sentWaId(sent.id)
    const out = await sim.waitForOutgoing({ to: customer, match: (m) => m.id === waId, timeout: 20_000 })
    expect(customer.inspect(out)).toMatchObject({ kind: 'sticker', mimetype: 'image/webp' })
    const bytes = customer.downloadMedia(out).bytes
    expect(bytes.length).toBeLessThanOrEqual(100 * 1024)
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 512, height: 512 })
  })

  it('sends a video with the preview frame the dashboard grabbed, so the customer sees a poster', async () => {
    const { owner, customer, conversationId } = await linkedChat()
    const other = await linkedChat()
    const video = await upload(owner, sampleMp4(), 'video.mp4', 'video/mp4')
    const frame = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#22aa55' } }).jpeg({ quality: 80 }).toBuffer()
    const preview = (bytes: Buffer, type: string, who: Auth = owner, id = video.id) => {
      const f = new FormData()
      f.append('file', new Blob([bytes], { type }), 'frame.jpg')
      return fetch(`${gw.url}/api/v1/media/${id}/preview`, { method: 'POST', headers: { authorization: who.auth.authorization! }, body: f })
    }
    // What is not a small real JPEG for this tenant's video upload is refused, with stable codes.
    const photo = await upload(owner, frame, 'foto.jpg', 'image/jpeg')
    const refusals: Array<[string, Response, number, string]> = [
      ['a PNG', await preview(await sharp(frame).png().toBuffer(), 'image/png'), 415, 'media.preview_not_jpeg'],
      ['HTML called a JPEG', await preview(Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg'), 415, 'media.preview_not_jpeg'],
      ['a cut-off JPEG', await preview(frame.subarray(0, 200), 'image/jpeg'), 415, 'media.preview_not_jpeg'],
      ['a huge file', await preview(Buffer.concat([frame, Buffer.alloc(300 * 1024)]), 'image/jpeg'), 413, 'media.preview_too_large'],
      ['a photo upload', await preview(frame, 'image/jpeg', owner, photo.id), 422, 'media.preview_not_video'],
      ['another tenant', await preview(frame, 'image/jpeg', other.owner), 404, 'media.not_found'],
    ]
    for (const [what, res, status, code] of refusals) expect([what, res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([what, status, code])

    const set = await preview(frame, 'image/jpeg')
    expect(set.status).toBe(200)
    const withPoster = await set.json() as { thumbnailUrl: string | null }
    const poster = await sharp(Buffer.from(await (await fetch(`${gw.url}${withPoster.thumbnailUrl}`)).arrayBuffer())).metadata()
    expect([poster.format, poster.width, poster.height]).toEqual(['jpeg', 320, 180])
    const res = await call(owner.auth as { authorization: string }, 'POST', `/conversations/${conversationId}/messages`, { mediaId: video.id, text: 'Ini videonya' })
    expect(res.status).toBe(202)
    const sent = await res.json() as { id: string; media: { thumbnailUrl: string | null } }
    expect(sent.media.thumbnailUrl).not.toBeNull()
    const waId = await sentWaId(sent.id)
    const out = await sim.waitForOutgoing({ to: customer, match: (m) => m.id === waId, timeout: 20_000 })
    const seen = customer.inspect(out)
    expect(seen).toMatchObject({ kind: 'video', caption: 'Ini videonya' })
    expect(seen.thumbnail).not.toBeNull()
    expect(await sharp(Buffer.from(seen.thumbnail!)).metadata()).toMatchObject({ format: 'jpeg' })
  })

  it('offers the stickers customers sent lately and sends one back as it came', async () => {
    const { owner, phone, customer, conversationId } = await linkedChat()
    const sticker = await sharp({ create: { width: 512, height: 512, channels: 4, background: { r: 250, g: 80, b: 120, alpha: 0.8 } } }).webp().toBuffer()
    await customer.sendMedia(phone, { kind: 'sticker', bytes: sticker })
    await sim.createCustomer({ name: 'Pak Udin' }).sendMedia(phone, { kind: 'sticker', bytes: sticker }) // the same sticker: offered once
    const items = await waitFor(async () => {
      const res = await call(owner.auth as { authorization: string }, 'GET', '/media/stickers')
      const list = ((await res.json()) as { items: Array<{ id: string; kind: string; url: string }> }).items
      return list.length === 1 ? list : undefined
    }, 20_000, 'the received sticker offered')
    expect(items[0]).toMatchObject({ kind: 'sticker' })
    const res = await call(owner.auth as { authorization: string }, 'POST', `/conversations/${conversationId}/messages`, { mediaId: items[0]!.id, sticker: true })
    expect(res.status).toBe(202)
    const sent = await res.json() as { id: string; type: string }
    expect(sent.type).toBe('sticker')
    const waId = await sentWaId(sent.id)
    const out = await sim.waitForOutgoing({ to: customer, match: (m) => m.id === waId, timeout: 20_000 })
    expect(customer.downloadMedia(out).bytes.equals(sticker)).toBe(true)
    // Another tenant is offered none of them and cannot send one.
    const other = await linkedChat()
    const theirs = (await (await call(other.owner.auth as { authorization: string }, 'GET', '/media/stickers')).json() as { items: unknown[] }).items
    expect(theirs).toEqual([])
    const crossed = await call(other.owner.auth as { authorization: string }, 'POST', `/conversations/${other.conversationId}/messages`, { mediaId: items[0]!.id, sticker: true })
    expect([crossed.status, ((await crossed.json()) as { error: { code: string } }).error.code]).toEqual([404, 'media.not_found'])
  })

  it('refuses what cannot be sent with stable codes, never a 500', async () => {
    const { owner, conversationId } = await linkedChat()
    const other = await linkedChat()
    const mine = await upload(owner, samplePdf('x'), 'x.pdf', 'application/pdf')
    const photo = await upload(owner, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer(), 'x.png', 'image/png')
    const gif = await upload(owner, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).gif().toBuffer(), 'x.gif', 'image/gif')
    const webp = await upload(owner, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).webp().toBuffer(), 'x.webp', 'image/webp')
    const theirs = await upload(other.owner, samplePdf('y'), 'y.pdf', 'application/pdf')
    const cases: Array<[string, unknown, number, string]> = [
      ['another tenant\'s upload', { mediaId: theirs.id }, 404, 'media.not_found'],
      ['an unknown upload', { mediaId: '00000000-0000-4000-8000-000000000000' }, 404, 'media.not_found'],
      ['a file and a location', { mediaId: mine.id, location: { latitude: 1, longitude: 2 } }, 400, 'messages.media_and_location'],
      ['a location with text', { text: 'di sini', location: { latitude: 1, longitude: 2 } }, 400, 'messages.location_with_text'],
      ['a voice note without a file', { voiceNote: true, text: 'x' }, 400, 'messages.voice_note_without_media'],
      ['a PDF as a voice note', { mediaId: mine.id, voiceNote: true }, 422, 'media.not_voice_note'],
      ['a photo as a voice note', { mediaId: photo.id, voiceNote: true }, 422, 'media.not_voice_note'],
      ['a GIF as a sticker', { mediaId: gif.id, sticker: true }, 422, 'media.not_sticker'],
      ['a PDF as a sticker', { mediaId: mine.id, sticker: true }, 422, 'media.not_sticker'],
      ['a sticker without a file', { sticker: true, text: 'x' }, 400, 'messages.sticker_without_media'],
      ['a sticker and a voice note', { mediaId: webp.id, sticker: true, voiceNote: true }, 400, 'messages.sticker_and_voice_note'],
      ['a sticker with text', { mediaId: webp.id, sticker: true, text: 'lucu' }, 400, 'messages.caption_not_allowed'],
      ['a quote from another chat', { text: 'x', quotedMessageId: other.askedId }, 400, 'messages.quoted_not_in_conversation'],
      ['nothing to send', { text: '  ' }, 400, 'validation.failed'],
      ['a latitude out of range', { location: { latitude: 91, longitude: 0 } }, 400, 'validation.failed'],
      ['a bad media id', { mediaId: 'foto.jpg' }, 400, 'validation.failed'],
    ]
    for (const [what, body, status, code] of cases) {
      const res = await call(owner.auth as { authorization: string }, 'POST', `/conversations/${conversationId}/messages`, body)
      expect([what, res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([what, status, code])
    }
  })
})
