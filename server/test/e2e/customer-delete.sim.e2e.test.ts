// Issue 13, deletion with the contact/conversation: DELETE /api/v1/customers/:id takes the customer
// with their chat, messages and media rows in one transaction, then removes from the store the
// files no other message of the tenant uses (a photo another customer also sent stays, with its
// thumbnail); the storage figure drops, the audit entry holds counts only, and roles, API-key
// scopes and tenants are enforced. DELETE /api/v1/conversations/:id does the same for a chat only.
// Photos arrive through stock Baileys and the simulator; run once on the file-system store and
// once on the S3 store against a real S3-compatible server process (s3rver).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { WaSim } from '../../sim/index.js'
import { transferReceiptJpeg } from '../../sim/media/samples.js'
import { createMediaStore } from '../../src/adapters/media/media.factory.js'
import type { MediaStore } from '../../src/adapters/media/media.port.js'
import { connectEvents } from '../events-client.js'
import { startS3Server, type S3Server } from '../support/s3-server.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
})
afterAll(async () => { await sim?.close() })

type Owner = Awaited<ReturnType<typeof registerOwner>>
type Auth = Record<string, string>

describe.each(['fs', 's3'] as const)('deleting a customer with the %s media store', (storeKind) => {
  let gw: GatewayHarness
  let s3: S3Server | undefined
  let store: MediaStore
  beforeAll(async () => {
    s3 = storeKind === 's3' ? await startS3Server() : undefined
    const env: Record<string, string> = { WA_SIM: '1', WA_WS_URL: sim.url, WA_SIM_MEDIA_CA: sim.mediaCaPem }
    if (s3) Object.assign(env, { MEDIA_STORE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_FORCE_PATH_STYLE: 'true', S3_REGION: 'us-east-1' })
    gw = await startGateway({ env })
    // The product's own store, opened a second time: what is really in the fs dir or the bucket.
    store = createMediaStore(gw.config.media, gw.config.dataDir)
  })
  afterAll(async () => { await store?.close(); await gw?.close(); await s3?.stop() })

  const http = async (auth: Auth, method: string, path: string) => {
    const res = await fetch(`${gw.url}/api/v1${path}`, { method, headers: { authorization: auth.authorization! } })
    return { status: res.status, body: await res.json() as Record<string, any> }
  }
  const get = async (auth: Auth, path: string) => (await gw.app.inject({ method: 'GET', url: `/api/v1${path}`, headers: auth })).json()
  const keysOf = async (mediaId: string) => {
    const rows = await gw.database.db.execute<{ sha256: string; thumbnail_sha256: string }>(sql`select sha256, thumbnail_sha256 from media where id = ${mediaId}`) as unknown as Array<{ sha256: string; thumbnail_sha256: string }>
    return [rows[0]!.sha256, rows[0]!.thumbnail_sha256]
  }
  async function member(owner: Owner, role: 'agent' | 'viewer'): Promise<Auth> {
    const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`
    const invited = (await gw.app.inject({ method: 'POST', url: '/api/v1/team', headers: owner.auth, payload: { email, role } })).json()
    const login = (await gw.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: invited.temporaryPassword } })).json()
    const changed = (await gw.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { authorization: `Bearer ${login.accessToken}` }, payload: { newPassword: 'anggota-rahasia-123' } })).json()
    return { authorization: `Bearer ${changed.accessToken}` }
  }

  it('deletes the customer, their chat and the files only they used; a file another customer sent stays', async () => {
    const owner = await registerOwner(gw.app)
    const tenantId = (await get(owner.auth, '/auth/me')).tenant.id as string
    const events = await connectEvents(gw.url, owner.token)
    const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
    const phone = sim.createPhone({ pushName: 'Toko Hapus' })
    await phone.scan(qr.code)
    await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)

    const shared = await transferReceiptJpeg({ amount: '50.000' })
    const onlyWati = await transferReceiptJpeg({ amount: '75.000' })
    const wati = sim.createCustomer({ name: 'Bu Wati' })
    const agus = sim.createCustomer({ name: 'Pak Agus' })
    await wati.sendMedia(phone, { kind: 'image', bytes: shared, caption: 'bukti 1', width: 480, height: 640 })
    await wati.sendMedia(phone, { kind: 'image', bytes: onlyWati, caption: 'bukti 2', width: 480, height: 640 })
    await agus.sendMedia(phone, { kind: 'image', bytes: shared, caption: 'bukti sama', width: 480, height: 640 })
    type Msg = { id: string; body: string | null; media: null | { id: string; state: string; url: string | null } }
    const threads = await waitFor(async () => {
      const customers = (await get(owner.auth, '/customers')).items as Array<{ id: string; name: string; conversationId: string }>
      const out = new Map<string, { id: string; conversationId: string; photos: Msg[] }>()
      for (const c of customers) {
        const items = (await get(owner.auth, `/conversations/${c.conversationId}/messages?limit=50`)).items as Msg[]
        out.set(c.name, { ...c, photos: items.filter((m) => m.media?.state === 'ready') })
      }
      return out.get('Bu Wati')?.photos.length === 2 && out.get('Pak Agus')?.photos.length === 1 ? out : undefined
    }, 30_000, 'three photos stored')
    const w = threads.get('Bu Wati')!
    const a = threads.get('Pak Agus')!
    const [sharedSha, sharedThumb] = await keysOf(w.photos.find((m) => m.body === 'bukti 1')!.media!.id)
    const [onlySha, onlyThumb] = await keysOf(w.photos.find((m) => m.body === 'bukti 2')!.media!.id)
    const oldLink = w.photos.find((m) => m.body === 'bukti 2')!.media!.url!
    expect(await get(owner.auth, '/media/usage')).toMatchObject({ files: 2, bytes: shared.length + onlyWati.length })
    await gw.app.inject({ method: 'POST', url: `/api/v1/conversations/${w.conversationId}/notes`, headers: owner.auth, payload: { body: 'Sudah lunas' } })

    // Who may not: a viewer, an agent, an API key without contacts:write, another tenant (404), a bad id (400).
    expect((await http(await member(owner, 'viewer'), 'DELETE', `/customers/${w.id}`)).status).toBe(403)
    const byAgent = await http(await member(owner, 'agent'), 'DELETE', `/customers/${w.id}`)
    expect([byAgent.status, byAgent.body.error.code]).toEqual([403, 'auth.forbidden'])
    const key = (await gw.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'baca', scopes: ['contacts:read'] } })).json()
    const byKey = await http({ authorization: `Bearer ${key.secret}` }, 'DELETE', `/customers/${w.id}`)
    expect([byKey.status, byKey.body.error.code]).toEqual([403, 'auth.scope_missing'])
    const stranger = await registerOwner(gw.app)
    const crossed = await http(stranger.auth, 'DELETE', `/customers/${w.id}`)
    expect([crossed.status, crossed.body.error.code]).toEqual([404, 'contacts.not_found'])
    expect((await http(stranger.auth, 'DELETE', `/conversations/${w.conversationId}`)).status).toBe(404)
    expect((await http(owner.auth, 'DELETE', '/customers/bukan-id')).status).toBe(400)
    expect(await store.has(tenantId, onlySha!)).toBe(true)

    const res = await http(owner.auth, 'DELETE', `/customers/${w.id}`)
    expect(res.status).toBe(200)
    expect(res.body.deleted).toMatchObject({ conversations: 1, files: 2 }) // Bu Wati's own photo and its thumbnail
    expect(res.body.deleted.messages).toBeGreaterThanOrEqual(2)
    await events.waitForEvent('conversation.deleted', (d) => d.conversationId === w.conversationId, 5_000)

    expect(await store.has(tenantId, onlySha!)).toBe(false)
    expect(await store.has(tenantId, onlyThumb!)).toBe(false)
    expect(await store.has(tenantId, sharedSha!)).toBe(true) // Pak Agus's message still uses it
    expect(await store.has(tenantId, sharedThumb!)).toBe(true)
    expect(await get(owner.auth, '/media/usage')).toMatchObject({ files: 1, bytes: shared.length })
    expect((await fetch(`${gw.url}${oldLink}`)).status).toBe(404)
    expect((await get(owner.auth, '/customers')).items.map((c: { name: string }) => c.name)).toEqual(['Pak Agus'])
    expect((await get(owner.auth, '/conversations')).items.map((c: { id: string }) => c.id)).toEqual([a.conversationId])
    const counts = await gw.database.db.execute<{ n: string }>(sql`select (select count(*) from messages where conversation_id = ${w.conversationId}) + (select count(*) from conversation_notes where conversation_id = ${w.conversationId}) + (select count(*) from customer_insights where conversation_id = ${w.conversationId}) as n`) as unknown as Array<{ n: string }>
    expect(Number(counts[0]!.n)).toBe(0)
    expect((await http(owner.auth, 'DELETE', `/customers/${w.id}`)).status).toBe(404)

    // The audit log says who deleted which contact id and how much went — no name, number or text.
    const audit = (await get(owner.auth, '/audit?limit=50')).items as Array<{ action: string; target: { id: string } | null; details: Record<string, unknown> }>
    const entry = audit.find((e) => e.action === 'customer.deleted')!
    expect(entry).toMatchObject({ target: { id: w.id }, details: { conversations: 1, files: 2 } })
    expect(JSON.stringify(entry)).not.toMatch(/Wati|bukti|s\.whatsapp\.net|"phone"/)

    // Only Pak Agus's chat: the chat goes, the customer stays in the list, now the shared file goes too.
    const chat = await http(owner.auth, 'DELETE', `/conversations/${a.conversationId}`)
    expect([chat.status, chat.body.deleted]).toEqual([200, { conversations: 1, messages: expect.any(Number), files: 2 }])
    expect(await store.has(tenantId, sharedSha!)).toBe(false)
    expect((await get(owner.auth, '/customers')).items).toMatchObject([{ name: 'Pak Agus', conversationId: null }])
    expect(await get(owner.auth, '/media/usage')).toMatchObject({ files: 0, bytes: 0 })
    events.close()
  })
})
