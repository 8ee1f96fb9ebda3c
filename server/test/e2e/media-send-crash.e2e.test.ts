// Crash safety of a media send: the gateway process is SIGKILLed while its upload of a photo to
// WhatsApp's media host is in flight (the simulator holds the upload unanswered). After a restart
// the outbox sends the message again with the WhatsApp id chosen when it was written, and the
// customer receives it exactly once, decrypting to the uploaded photo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { sql } from 'drizzle-orm'
import sharp from 'sharp'
import { WaSim } from '../../sim/index.js'
import { openDatabase, rowsOf, type Database } from '../../src/db/client.js'
import { isolatedTestConfig } from '../build-test-app.js'
import { waitFor } from '../gateway-harness.js'
import { SIM_PRELOAD, simProductEnv, startProduct, type ProductProcess } from './product-process.js'

let sim: WaSim
beforeAll(async () => { sim = await WaSim.start({ deliveryReceiptMs: 100 }) })
afterAll(async () => { await sim?.close() })

describe('media send crash safety', () => {
  it('re-sends the same message id once after a SIGKILL during the upload', async () => {
    const config = await isolatedTestConfig()
    const env = { ...simProductEnv(config, inject('redisUrl'), sim), WA_SIM_MEDIA_CA: sim.mediaCaPem, WARTA_ROLES: 'api,gateway' }
    let product: ProductProcess = await startProduct(env, { preload: SIM_PRELOAD })
    let database: Database | undefined
    let release: (() => void) | undefined
    try {
      const api = (path: string, init: RequestInit = {}) => fetch(`${product.url}/api/v1${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } })
      const reg = await fetch(`${product.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ businessName: 'Toko Foto', email: `media-crash-${Date.now()}@example.com`, password: 'rahasia-123' }) }).then((r) => r.json()) as { accessToken: string }
      const auth = { authorization: `Bearer ${reg.accessToken}` }
      const connected = () => waitFor(async () => ((await api('/device/status').then((r) => r.json())) as { state: string }).state === 'connected', 30_000, 'connected')
      const { qr } = await api('/device/connect', { method: 'POST' }).then((r) => r.json()) as { qr: { code: string } }
      const phone = sim.createPhone({ pushName: 'Toko Foto' })
      await phone.scan(qr.code)
      await connected()
      const customer = sim.createCustomer({ name: 'Pak Joko' })
      await customer.sendText(phone, 'Kak, fotonya mana?')
      const conversationId = await waitFor(async () => ((await api('/conversations').then((r) => r.json())) as { items: Array<{ id: string }> }).items[0]?.id, 20_000, 'the chat')

      const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#44aa66' } }).jpeg().toBuffer()
      const form = new FormData()
      form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'foto.jpg')
      const upload = await api('/media', { method: 'POST', body: form }).then((r) => r.json()) as { id: string }

      // The gateway reaches WhatsApp's media host, which keeps it waiting: the send is in flight.
      release = sim.media.holdUploads()
      const startedBefore = sim.media.uploadsStarted
      const sent = await api(`/conversations/${conversationId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Ini kak', mediaId: upload.id }) })
      expect(sent.status).toBe(202)
      const { id } = await sent.json() as { id: string }
      await waitFor(() => sim.media.uploadsStarted > startedBefore, 20_000, 'the upload under way')
      await product.kill()
      release()
      release = undefined

      database = await openDatabase({ url: config.db.url, dataDir: config.dataDir, poolSize: 2 })
      const row = async () => rowsOf<{ wa_id: string; status: string }>(await database!.db.execute(sql`select wa_id, status from messages where id = ${id}`))[0]!
      const before = await row()
      expect(before.status).toBe('pending')
      expect(sim.outgoing.some((o) => o.id === before.wa_id)).toBe(false)

      product = await startProduct(env, { preload: SIM_PRELOAD })
      await connected()
      const out = await sim.waitForOutgoing({ to: customer, match: (o) => o.id === before.wa_id, timeout: 30_000 })
      expect(customer.inspect(out)).toMatchObject({ kind: 'image', caption: 'Ini kak' })
      expect(customer.downloadMedia(out).bytes.equals(jpeg)).toBe(true)
      await waitFor(async () => (await row()).status !== 'pending', 20_000, 'the message marked sent')
      expect(await row()).toMatchObject({ wa_id: before.wa_id })
      // Exactly one message reached the customer: the same id, never a second one.
      expect(customer.received().filter((o) => customer.inspect(o).kind === 'image').map((o) => o.id)).toEqual([before.wa_id])
    } finally {
      release?.()
      await database?.close()
      await product.kill()
    }
  }, 120_000)
})
