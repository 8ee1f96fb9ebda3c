// Issue 13, inbound media end to end: simulated customers send each kind through stock Baileys
// (WhatsApp media encryption, the simulator's HTTPS media host); the message is stored at once,
// the `media.fetch` job downloads, verifies and stores the file, and the API serves it through
// short-lived signed links, scoped to the tenant. Bad files keep their message with a clear state.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WaSim } from '../../sim/index.js'
import { samplePdf, sampleMp4, sampleWaveform, stickerWebp, transferReceiptJpeg, voiceNoteOgg } from '../../sim/media/samples.js'
import type { SimPhone } from '../../sim/handles.js'
import { connectEvents } from '../events-client.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
  gw = await startGateway({ env: { WA_SIM: '1', WA_WS_URL: sim.url, WA_SIM_MEDIA_CA: sim.mediaCaPem, MEDIA_MAX_IMAGE_MB: '1' } })
})
afterAll(async () => { await gw?.close(); await sim?.close() })

type Msg = { id: string; type: string; body: string | null; sentBy: string; media: null | Record<string, unknown> & { state: string; url: string | null; thumbnailUrl: string | null }; quoted: unknown; reactions: unknown[]; edited: boolean; deleted: boolean; location: unknown; contactCard: unknown }

async function linked(): Promise<{ owner: Awaited<ReturnType<typeof registerOwner>>; phone: SimPhone }> {
  const owner = await registerOwner(gw.app)
  const events = await connectEvents(gw.url, owner.token)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  const phone = sim.createPhone({ pushName: 'Toko Media' })
  await phone.scan(qr.code)
  await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
  events.close()
  return { owner, phone }
}

async function thread(owner: { auth: Record<string, string> }, pred: (items: Msg[]) => boolean, what: string): Promise<Msg[]> {
  return waitFor(async () => {
    const list = (await gw.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })).json().items as Array<{ id: string }>
    for (const c of list) {
      const items = (await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}/messages?limit=50`, headers: owner.auth })).json().items as Msg[]
      if (pred(items)) return items
    }
    return undefined
  }, 30_000, what)
}

const get = (url: string) => fetch(`${gw.url}${url}`)
const sha = (b: Buffer | ArrayBuffer) => createHash('sha256').update(Buffer.from(b as ArrayBuffer)).digest('hex')

describe('inbound media through stock Baileys and the simulator', () => {
  it('stores each kind, fetches the files, and serves them through signed links only', async () => {
    const { owner, phone } = await linked()
    const customer = sim.createCustomer({ name: 'Bu Sri' })
    const jpeg = await transferReceiptJpeg({ amount: '175.000' })
    const ogg = voiceNoteOgg(3)
    const pdf = samplePdf('Nota')
    await customer.sendMedia(phone, { kind: 'image', bytes: jpeg, caption: 'sudah transfer ya kak', width: 480, height: 640 })
    await customer.sendMedia(phone, { kind: 'ptt', bytes: ogg, seconds: 3, waveform: sampleWaveform() })
    await customer.sendMedia(phone, { kind: 'document', bytes: pdf, fileName: 'nota pesanan.pdf' })
    await customer.sendMedia(phone, { kind: 'sticker', bytes: await stickerWebp() })
    await customer.sendMedia(phone, { kind: 'video', bytes: sampleMp4(), seconds: 2 })
    await customer.sendOther(phone, { kind: 'location', latitude: -6.9147, longitude: 107.6098, name: 'Gedung Sate' })
    await customer.sendOther(phone, { kind: 'contact', displayName: 'Pak Budi', phone: '+62 811 2233 4455' })

    const items = await thread(owner, (xs) => xs.filter((m) => m.media).length === 5 && xs.filter((m) => m.media).every((m) => m.media!.state !== 'pending') && xs.length >= 7, 'all media fetched')
    const byKind = (k: string) => items.find((m) => m.media?.kind === k)!
    const image = byKind('image')
    expect(image.body).toBe('sudah transfer ya kak')
    expect(image.media).toMatchObject({ state: 'ready', mime: 'image/jpeg', size: jpeg.length, width: 480, height: 640 })
    expect(byKind('ptt').media).toMatchObject({ state: 'ready', mime: 'audio/ogg; codecs=opus', durationMs: 3000, size: ogg.length })
    expect((byKind('ptt').media!.waveform as number[]).length).toBe(64)
    expect(byKind('document').media).toMatchObject({ state: 'ready', mime: 'application/pdf', fileName: 'nota pesanan.pdf' })
    expect(byKind('sticker').media).toMatchObject({ state: 'ready', mime: 'image/webp' })
    expect(byKind('video').media).toMatchObject({ state: 'ready', mime: 'video/mp4', durationMs: 2000 })
    expect(items.find((m) => m.location)?.location).toMatchObject({ latitude: -6.9147, longitude: 107.6098, name: 'Gedung Sate' })
    expect(items.find((m) => m.contactCard)?.contactCard).toEqual({ displayName: 'Pak Budi', phone: '6281122334455' })

    // The file, without any bearer token: a signed link is the right to one file.
    const file = await get(image.media!.url!)
    expect(file.status).toBe(200)
    expect(file.headers.get('x-content-type-options')).toBe('nosniff')
    expect(file.headers.get('content-type')).toBe('image/jpeg')
    expect(sha(await file.arrayBuffer())).toBe(sha(jpeg))
    const thumb = await get(image.media!.thumbnailUrl!)
    expect(thumb.headers.get('content-type')).toBe('image/jpeg')
    expect((await thumb.arrayBuffer()).byteLength).toBeGreaterThan(100)
    const doc = await get(byKind('document').media!.url!)
    expect(doc.headers.get('content-disposition')).toMatch(/^attachment; filename="nota pesanan.pdf"/)
    expect(doc.headers.get('content-type')).toBe('application/octet-stream')
    expect(sha(await doc.arrayBuffer())).toBe(sha(pdf))

    // Tampered, moved to another tenant, another file, or expired: refused.
    const u = new URL(image.media!.url!, gw.url)
    const other = await registerOwner(gw.app)
    const otherTenant = (await gw.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other.auth })).json()
    const tenantId = otherTenant.tenant?.id ?? otherTenant.tenantId ?? otherTenant.user?.tenantId
    expect(typeof tenantId).toBe('string')
    const moved = new URL(u); moved.searchParams.set('t', tenantId)
    expect((await get(moved.pathname + moved.search)).status).toBe(404)
    const badSig = new URL(u); badSig.searchParams.set('sig', 'A'.repeat(43))
    expect((await get(badSig.pathname + badSig.search)).status).toBe(404)
    const otherFile = new URL(byKind('document').media!.url!, gw.url)
    expect((await get(`${u.pathname.replace(image.media!.id as string, byKind('document').media!.id as string)}${u.search}`)).status).toBe(404)
    expect(otherFile.pathname).not.toBe(u.pathname)
    const noSig = await get(u.pathname)
    expect(noSig.status).toBe(400)
    expect(((await noSig.json()) as { error?: { code?: string } }).error?.code ?? '').toMatch(/validation|invalid/)
    const usage = (await gw.app.inject({ method: 'GET', url: '/api/v1/media/usage', headers: owner.auth })).json()
    expect(usage.files).toBeGreaterThanOrEqual(5)
  })

  it('applies a reply, a reaction, an edit and a delete-for-everyone to the thread', async () => {
    const { owner, phone } = await linked()
    const customer = sim.createCustomer({ name: 'Mas Joko' })
    const first = await customer.sendText(phone, 'Kak pesan 2 kopi')
    await thread(owner, (xs) => xs.some((m) => m.body === 'Kak pesan 2 kopi'), 'first message')
    await customer.sendOther(phone, { kind: 'reply', quotedId: first, quotedText: 'Kak pesan 2 kopi', text: 'eh 3 deh' })
    await customer.sendOther(phone, { kind: 'edit', targetId: first, text: 'Kak pesan 3 kopi' })
    await customer.sendOther(phone, { kind: 'reaction', targetId: first, emoji: '🙏' })
    const gone = await customer.sendText(phone, 'salah kirim')
    await thread(owner, (xs) => xs.some((m) => m.body === 'salah kirim'), 'message to delete')
    await customer.sendOther(phone, { kind: 'revoke', targetId: gone })
    const items = await thread(owner, (xs) => xs.some((m) => m.deleted) && xs.some((m) => m.edited && m.reactions.length === 1), 'changes applied')
    const edited = items.find((m) => m.edited)!
    expect(edited.body).toBe('Kak pesan 3 kopi')
    expect(edited.reactions).toEqual([expect.objectContaining({ by: 'customer', emoji: '🙏' })])
    expect(items.find((m) => m.quoted)).toMatchObject({ body: 'eh 3 deh', quoted: { waId: first, body: 'Kak pesan 2 kopi' } })
    expect(items.find((m) => m.deleted)).toMatchObject({ body: null })
    // Changes are not messages of their own.
    expect(items.filter((m) => m.sentBy === 'customer')).toHaveLength(3)
  })

  it('keeps the message when its file is gone, disguised or too large, with the media state saying so', async () => {
    const { owner, phone } = await linked()
    const customer = sim.createCustomer({ name: 'Kak Lia' })
    // Gone: queued for the device, expired on the media host (and lost on the phone) before it arrives.
    const late = await customer.sendMedia(phone, { kind: 'image', bytes: await transferReceiptJpeg(), caption: 'foto lama' }, { offline: true })
    customer.expireMedia(late, 410, { phoneLostIt: true })
    sim.kick(phone.devices[0]!, 'restart')
    // Disguised: says image, is HTML. Too large: a real JPEG header over the 1 MB cap of this run.
    await customer.sendMedia(phone, { kind: 'image', bytes: Buffer.from('<html><script>alert(1)</script></html>'), caption: 'bukan gambar' })
    const big = Buffer.concat([await transferReceiptJpeg(), Buffer.alloc(1_200_000, 1)])
    await customer.sendMedia(phone, { kind: 'image', bytes: big, caption: 'besar' })
    const items = await thread(owner, (xs) => ['foto lama', 'bukan gambar', 'besar'].every((b) => xs.some((m) => m.body === b && m.media && m.media.state !== 'pending')), 'three settled')
    const state = (b: string) => items.find((m) => m.body === b)!.media!
    expect(state('foto lama')).toMatchObject({ state: 'expired', url: null })
    expect(state('bukan gambar')).toMatchObject({ state: 'failed', url: null })
    expect(state('besar')).toMatchObject({ state: 'failed', url: null })
  })
})
