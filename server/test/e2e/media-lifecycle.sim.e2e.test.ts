// Issue 13, media lifecycle: files past the tenant's retention are deleted (the message stays and
// says so), a file shared by several messages of the tenant — and a thumbnail, its own file — is
// kept while any live message uses it, files no row references are swept once past the grace
// period, and the owner's usage and /metrics follow. Photos arrive through stock Baileys and the
// simulator; the store is the real file system under the data dir.
import { utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { WaSim } from '../../sim/index.js'
import { transferReceiptJpeg } from '../../sim/media/samples.js'
import type { SimPhone } from '../../sim/handles.js'
import { FsMediaStore } from '../../src/adapters/media/fs/fs-media-store.js'
import { connectEvents } from '../events-client.js'
import { TEST_METRICS_TOKEN } from '../build-test-app.js'
import { registerOwner, startGateway, waitFor, type GatewayHarness } from '../gateway-harness.js'

process.env.WA_SIM = '1'
let sim: WaSim
let gw: GatewayHarness
beforeAll(async () => {
  sim = await WaSim.start({ deliveryReceiptMs: 100 })
  const { trustSimulatorRoot } = await import('../../sim/index.js')
  trustSimulatorRoot(sim.rootPublicKey)
  gw = await startGateway({ env: { WA_SIM: '1', WA_WS_URL: sim.url, WA_SIM_MEDIA_CA: sim.mediaCaPem, MEDIA_RETENTION_DAYS: '180' } })
})
afterAll(async () => { await gw?.close(); await sim?.close() })

type Owner = Awaited<ReturnType<typeof registerOwner>>
type Msg = { id: string; body: string | null; media: null | { id: string; state: string; url: string | null; thumbnailUrl: string | null } }

async function linked(): Promise<{ owner: Owner; phone: SimPhone; tenantId: string }> {
  const owner = await registerOwner(gw.app)
  const me = (await gw.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: owner.auth })).json()
  const events = await connectEvents(gw.url, owner.token)
  const { qr } = (await gw.app.inject({ method: 'POST', url: '/api/v1/device/connect', headers: owner.auth })).json()
  const phone = sim.createPhone({ pushName: 'Toko Arsip' })
  await phone.scan(qr.code)
  await events.waitForEvent('session.state', (d) => d.state === 'connected', 20_000)
  events.close()
  return { owner, phone, tenantId: me.tenant?.id ?? me.tenantId ?? me.user?.tenantId }
}

async function readyPhotos(owner: Owner, n: number): Promise<Msg[]> {
  return waitFor(async () => {
    const list = (await gw.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })).json().items as Array<{ id: string }>
    const all: Msg[] = []
    for (const c of list) all.push(...(await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}/messages?limit=50`, headers: owner.auth })).json().items as Msg[])
    const photos = all.filter((m) => m.media)
    return photos.length === n && photos.every((m) => m.media!.state === 'ready') ? photos : undefined
  }, 30_000, `${n} photos stored`)
}

const usage = async (owner: Owner) => (await gw.app.inject({ method: 'GET', url: '/api/v1/media/usage', headers: owner.auth })).json() as { bytes: number; files: number; retentionDays: number }
const shaOf = async (mediaId: string) => {
  const [row] = await gw.database.db.execute<{ sha256: string; thumbnail_sha256: string }>(sql`select sha256, thumbnail_sha256 from media where id = ${mediaId}`) as unknown as Array<{ sha256: string; thumbnail_sha256: string }>
  return row!
}
const age = (mediaId: string, days: number) => gw.database.db.execute(sql`update media set created_at = now() - make_interval(days => ${days}) where id = ${mediaId}`)

describe('media retention and the sweep', () => {
  it('deletes files past the tenant\'s retention but keeps content another message still uses, and the messages', async () => {
    const { owner, phone, tenantId } = await linked()
    const store = new FsMediaStore(gw.config.media.dir)
    const shared = await transferReceiptJpeg({ amount: '50.000' })
    const single = await transferReceiptJpeg({ amount: '75.000' })
    const customer = sim.createCustomer({ name: 'Bu Wati' })
    await customer.sendMedia(phone, { kind: 'image', bytes: shared, caption: 'foto 1', width: 480, height: 640 })
    await customer.sendMedia(phone, { kind: 'image', bytes: single, caption: 'foto 2', width: 480, height: 640 })
    await customer.sendMedia(phone, { kind: 'image', bytes: shared, caption: 'foto 1 lagi', width: 480, height: 640 })
    const photos = await readyPhotos(owner, 3)
    const byCaption = (c: string) => photos.find((m) => m.body === c)!
    const [old1, old2, fresh] = [byCaption('foto 1'), byCaption('foto 2'), byCaption('foto 1 lagi')]
    const [s1, s2] = [await shaOf(old1.media!.id), await shaOf(old2.media!.id)]
    const before = await usage(owner)
    expect(before).toMatchObject({ files: 2, retentionDays: 180 })

    // The owner keeps files 30 days; two of the photos are 40 days old.
    const put = await gw.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: { mediaRetentionDays: 30 } })
    expect(put.json().mediaRetentionDays).toBe(30)
    await age(old1.media!.id, 40)
    await age(old2.media!.id, 40)
    const result = await gw.services.media.sweep({ orphanGraceMs: 3_600_000 })
    expect(result.expired).toBeGreaterThanOrEqual(2)

    // The 40-day-old single photo is gone, file and thumbnail; the shared bytes stay for the fresh message.
    expect(await store.has(tenantId, s2.sha256)).toBe(false)
    expect(await store.has(tenantId, s2.thumbnail_sha256)).toBe(false)
    expect(await store.has(tenantId, s1.sha256)).toBe(true)
    expect(await store.has(tenantId, s1.thumbnail_sha256)).toBe(true)
    const after = await waitFor(async () => {
      const list = (await gw.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })).json().items as Array<{ id: string }>
      return (await gw.app.inject({ method: 'GET', url: `/api/v1/conversations/${list[0]!.id}/messages?limit=50`, headers: owner.auth })).json().items as Msg[]
    }, 5_000, 'thread')
    expect(after.find((m) => m.id === old2.id)!.media).toMatchObject({ state: 'deleted', url: null, thumbnailUrl: null })
    expect(after.find((m) => m.id === old1.id)!.media).toMatchObject({ state: 'deleted', url: null })
    const still = after.find((m) => m.id === fresh.id)!
    expect(still.media!.state).toBe('ready')
    expect((await fetch(`${gw.url}${still.media!.url}`)).status).toBe(200)
    expect((await fetch(`${gw.url}${old2.media!.url}`)).status).toBe(404) // an old link to a deleted file
    expect(await usage(owner)).toMatchObject({ files: 1, bytes: shared.length, retentionDays: 30 })
    const metrics = await (await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text()
    expect(metrics).toContain(`warta_media_stored_bytes{tenant="${tenantId}"} ${shared.length}`)
    expect(metrics).toMatch(/warta_media_files\{state="deleted"\} \d+/)
    expect(metrics).toMatch(/warta_media_store_errors \d+/)
  })

  it('sweeps files no message references once past the grace period, and keeps a tenant\'s files within the default retention', async () => {
    const { owner, phone, tenantId } = await linked()
    const store = new FsMediaStore(gw.config.media.dir)
    const customer = sim.createCustomer({ name: 'Pak Agus' })
    const photo = await transferReceiptJpeg({ amount: '12.000' })
    await customer.sendMedia(phone, { kind: 'image', bytes: photo, caption: 'ini', width: 480, height: 640 })
    const [kept] = await readyPhotos(owner, 1)
    const keptSha = await shaOf(kept!.media!.id)
    // A file stored with no row (a crash between storing and recording): old, and a fresh one.
    const orphan = await store.put(tenantId, Readable.from([Buffer.from('%PDF-1.4\n% orphan old\n%%EOF\n')]), { maxBytes: 1 << 20 })
    const young = await store.put(tenantId, Readable.from([Buffer.from('%PDF-1.4\n% orphan young\n%%EOF\n')]), { maxBytes: 1 << 20 })
    const longAgo = new Date(Date.now() - 2 * 3_600_000)
    await utimes(join(gw.config.media.dir, tenantId, orphan.sha256.slice(0, 2), orphan.sha256), longAgo, longAgo)
    await utimes(join(gw.config.media.dir, tenantId, keptSha.sha256.slice(0, 2), keptSha.sha256), longAgo, longAgo)

    const result = await gw.services.media.sweep({ orphanGraceMs: 3_600_000 })
    expect(result.orphans).toBeGreaterThanOrEqual(1)
    expect(await store.has(tenantId, orphan.sha256)).toBe(false)
    expect(await store.has(tenantId, young.sha256)).toBe(true) // within the grace period
    expect(await store.has(tenantId, keptSha.sha256)).toBe(true) // old, but a message uses it
    expect(await store.has(tenantId, keptSha.thumbnail_sha256)).toBe(true)
    // Default retention (180 days) applies to this tenant: a 40-day-old photo stays.
    await age(kept!.media!.id, 40)
    await gw.services.media.sweep({ orphanGraceMs: 3_600_000 })
    expect(await store.has(tenantId, keptSha.sha256)).toBe(true)
    expect(await usage(owner)).toMatchObject({ files: 1, retentionDays: 180 })
  })
})
