import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { eq } from 'drizzle-orm'
import { initAuthCreds, proto } from '@whiskeysockets/baileys'
import { migrateDatabase, openDatabase, type Database } from '../../../db/client.js'
import { waKeys, waSessions } from '../../../db/schema.js'
import { tenantsRepository } from '../../../modules/tenants/tenants.repository.js'
import { newId } from '../../../shared/ids.js'
import { LruCache } from '../../../shared/lru.js'
import { PostgresDeviceStore, FencedError } from './device-store.js'
import { CorruptDeviceRowError } from './key-codec.js'

const drivers = [
  { name: 'PostgreSQL (postgres.js)', open: () => openDatabase({ url: inject('databaseUrl'), dataDir: '/unused', poolSize: 8 }) },
  { name: 'PGlite', open: async () => { const d = await openDatabase({ url: undefined, dataDir: '/unused', pgliteDir: 'memory://' }); await migrateDatabase(d); return d } },
]

describe.each(drivers)('device store on $name', ({ open }) => {
  let database: Database
  let cache: LruCache<unknown>
  let store: PostgresDeviceStore
  // A tenant with its first device (id = tenant id, as the upgrade gives existing tenants).
  const newTenant = async () => {
    const id = (await tenantsRepository.create(database.db, { id: newId(), name: 'Toko' })).id
    await database.db.insert(waSessions).values({ id, tenantId: id })
    return id
  }
  const device = (id: string) => ({ tenantId: id, deviceId: id })

  beforeAll(async () => {
    database = await open()
    cache = new LruCache(1000)
    store = new PostgresDeviceStore(database.db, cache)
  })
  afterAll(async () => { await database.close() })

  it('starts a never-paired tenant with fresh in-memory creds and stores nothing until asked', async () => {
    const tenantId = await newTenant()
    const state = await store.load(device(tenantId))
    expect(state.existing).toBe(false)
    expect(await store.hasCredentials(tenantId)).toBe(false)
    await state.saveCreds()
    expect(await store.hasCredentials(tenantId)).toBe(true)
    const again = await store.load(device(tenantId))
    expect(again.existing).toBe(true)
    expect(Buffer.from(again.creds.noiseKey.private).equals(Buffer.from(state.creds.noiseKey.private))).toBe(true)
  })

  it('writes every type and id of one set() together and reads them back byte for byte', async () => {
    const tenantId = await newTenant()
    const { keys } = await store.load(device(tenantId))
    const pair = { public: Buffer.from('a'.repeat(32)), private: Buffer.from('b'.repeat(32)) }
    const session = new Uint8Array([1, 2, 3, 250])
    await keys.set({ 'pre-key': { '1': pair, '2': pair }, session: { 'alice.0': session }, 'lid-mapping': { '123': '456@lid' } })
    cache.deletePrefix(`${tenantId}|`) // read from the database, not the cache
    const pre = await keys.get('pre-key', ['1', '2', '3'])
    expect(Object.keys(pre).sort()).toEqual(['1', '2'])
    expect(Buffer.from(pre['1']!.private).equals(pair.private)).toBe(true)
    expect(Buffer.from((await keys.get('session', ['alice.0']))['alice.0']!)).toEqual(Buffer.from(session))
    expect((await keys.get('lid-mapping', ['123']))['123']).toBe('456@lid')
  })

  it('is idempotent under repeated commits and deletes with null, pruning consumed pre-keys', async () => {
    const tenantId = await newTenant()
    const { keys } = await store.load(device(tenantId))
    const pair = { public: Buffer.alloc(32, 1), private: Buffer.alloc(32, 2) }
    const batch = { 'pre-key': Object.fromEntries(Array.from({ length: 812 }, (_, i) => [String(i + 1), pair])) }
    await keys.set(batch)
    await keys.set(batch)
    expect((await store.countKeys(tenantId))['pre-key']).toBe(812)
    await keys.set({ 'pre-key': { '5': null, '6': null } })
    expect((await store.countKeys(tenantId))['pre-key']).toBe(810)
    expect(await keys.get('pre-key', ['5'])).toEqual({})
  })

  it('rebuilds app-state sync keys with fromObject so the key bytes are bytes', async () => {
    const tenantId = await newTenant()
    const { keys } = await store.load(device(tenantId))
    const keyData = proto.Message.AppStateSyncKeyData.fromObject({ keyData: Buffer.alloc(32, 9), timestamp: 1700000000 })
    await keys.set({ 'app-state-sync-key': { AAAA: keyData } })
    cache.deletePrefix(`${tenantId}|`)
    const got = (await keys.get('app-state-sync-key', ['AAAA'])).AAAA!
    expect(got).toBeInstanceOf(proto.Message.AppStateSyncKeyData)
    expect(Buffer.from(got.keyData!).equals(Buffer.alloc(32, 9))).toBe(true)
  })

  it('writes changed creds in the same transaction as the keys they point at', async () => {
    const tenantId = await newTenant()
    const state = await store.load(device(tenantId))
    state.creds.nextPreKeyId = 813
    await state.keys.set({ 'pre-key': { '812': { public: Buffer.alloc(32), private: Buffer.alloc(32) } } })
    const reloaded = await store.load(device(tenantId))
    expect(reloaded.creds.nextPreKeyId).toBe(813)
  })

  it('refuses writes from a gateway whose fencing token is stale, writing neither keys nor creds nor cache', async () => {
    const tenantId = await newTenant()
    await database.db.update(waSessions).set({ fence: 7 }).where(eq(waSessions.id, tenantId))
    const stale = await store.load(device(tenantId), { fence: 6 })
    stale.creds.nextPreKeyId = 99
    await expect(stale.keys.set({ session: { 'bob.0': new Uint8Array([1]) } })).rejects.toBeInstanceOf(FencedError)
    expect(await store.hasCredentials(tenantId)).toBe(false)
    expect(await stale.keys.get('session', ['bob.0'])).toEqual({})
    const current = await store.load(device(tenantId), { fence: 7 })
    await current.keys.set({ session: { 'bob.0': new Uint8Array([2]) } })
    expect(Buffer.from((await current.keys.get('session', ['bob.0']))['bob.0']!)).toEqual(Buffer.from([2]))
  })

  // CI once found keys back in the table right after a logout: Baileys was still flushing a key
  // write when the wipe ran. A wipe now raises the fence, so the wiped socket can write no more.
  it('refuses a late write from the socket whose keys were wiped (a logout still flushing)', async () => {
    const tenantId = await newTenant()
    await database.db.update(waSessions).set({ fence: 3 }).where(eq(waSessions.id, tenantId))
    const linked = await store.load(device(tenantId), { fence: 3 })
    await linked.saveCreds()
    await linked.keys.set({ session: { 'bob.0': new Uint8Array([1]) } })
    await store.wipe(tenantId)
    await expect(linked.keys.set({ session: { 'late.0': new Uint8Array([2]) } })).rejects.toBeInstanceOf(FencedError)
    linked.creds.nextPreKeyId += 1 // a creds change still on its way
    await expect(linked.saveCreds()).rejects.toBeInstanceOf(FencedError)
    expect(await store.hasCredentials(tenantId)).toBe(false)
    expect(await store.countKeys(tenantId)).toEqual({})
    // Linking again takes a new lease, whose fence is the next one: it writes as before.
    const relinked = await store.load(device(tenantId), { fence: 4 })
    await relinked.keys.set({ session: { 'new.0': new Uint8Array([3]) } })
    expect((await store.countKeys(tenantId)).session).toBe(1)
  })

  it('keeps every write from many concurrent callers', async () => {
    const tenantId = await newTenant()
    const { keys } = await store.load(device(tenantId))
    await Promise.all(Array.from({ length: 30 }, (_, i) => keys.set({ session: { [`c${i}.0`]: new Uint8Array([i]) }, 'sender-key-memory': { [`g${i}`]: { a: true } } })))
    const counts = await store.countKeys(tenantId)
    expect(counts.session).toBe(30)
    expect(counts['sender-key-memory']).toBe(30)
  })

  it('throws on an unreadable key row instead of returning nothing', async () => {
    const tenantId = await newTenant()
    await database.db.insert(waKeys).values({ tenantId, deviceId: tenantId, type: 'session', id: 'torn.0', value: Buffer.from('{"type":"Buf') })
    const { keys } = await store.load(device(tenantId))
    await expect(keys.get('session', ['torn.0'])).rejects.toBeInstanceOf(CorruptDeviceRowError)
  })

  it('throws on unreadable creds instead of silently creating a new identity', async () => {
    const tenantId = await newTenant()
    const state = await store.load(device(tenantId))
    await state.saveCreds()
    const { waCreds } = await import('../../../db/schema.js')
    const { eq } = await import('drizzle-orm')
    await database.db.update(waCreds).set({ creds: '{"noiseKey":' }).where(eq(waCreds.deviceId, tenantId))
    await expect(store.load(device(tenantId))).rejects.toBeInstanceOf(CorruptDeviceRowError)
  })

  it('wipes creds and keys of one tenant only', async () => {
    const a = await newTenant()
    const b = await newTenant()
    for (const t of [a, b]) {
      const s = await store.load(device(t))
      await s.saveCreds()
      await s.keys.set({ session: { 'x.0': new Uint8Array([1]) } })
    }
    await store.wipe(a)
    expect(await store.hasCredentials(a)).toBe(false)
    expect(await store.countKeys(a)).toEqual({})
    expect(await store.hasCredentials(b)).toBe(true)
    expect(initAuthCreds).toBeTypeOf('function')
  })
})
