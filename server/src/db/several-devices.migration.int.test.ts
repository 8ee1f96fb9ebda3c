// Several numbers per tenant arrive on databases whose tenants each linked one number: the
// migration must run on PostgreSQL (postgres.js) and on the embedded PGlite, make every such
// session the tenant's first device with id = tenant id, and move its credentials, keys, spooled
// messages and chats onto that device — so the linked phone keeps working without a new scan.
import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { rowsOf, type Database } from './client.js'
import { describeUpgrade } from '../../test/migrations.js'
import { newId } from '../shared/ids.js'
import { LruCache } from '../shared/lru.js'
import { PostgresDeviceStore } from '../adapters/whatsapp/baileys/device-store.js'

const MIGRATION = 'several_devices'

const runner = (database: Database) => (q: ReturnType<typeof sql>) => database.db.execute(q)

async function seed(database: Database) {
  const run = runner(database)
  // Linked: a session, credentials, keys, a spooled message and a chat. Chats only: a chat but no
  // session row (a send through the API before linking). Nothing: a tenant that never started.
  const linked = { tenant: newId(), contact: newId(), conversation: newId() }
  const chatsOnly = { tenant: newId(), contact: newId(), conversation: newId() }
  const nothing = newId()
  // Creds as the adapter stores them (BufferJSON): the identity keys are what must survive.
  const key = (n: number) => ({ type: 'Buffer', data: Buffer.alloc(32, n).toString('base64') })
  const creds = JSON.stringify({ noiseKey: { private: key(1), public: key(2) }, signedIdentityKey: { private: key(3), public: key(4) }, registered: true })
  for (const t of [linked.tenant, chatsOnly.tenant, nothing]) await run(sql`insert into tenants (id, name) values (${t}, 'Toko')`)
  await run(sql`insert into wa_sessions (tenant_id, state, wanted, phone, fence) values (${linked.tenant}, 'connected', true, '6281100000001', 7)`)
  await run(sql`insert into wa_creds (tenant_id, creds) values (${linked.tenant}, ${creds})`)
  await run(sql`insert into wa_keys (tenant_id, type, id, value) values (${linked.tenant}, 'session', 'budi.0', ${Buffer.from('{}')})`)
  await run(sql`insert into wa_inbound_spool (tenant_id, wa_id, attrs, plaintext) values (${linked.tenant}, 'WA1', '{}', ${Buffer.from('x')})`)
  for (const s of [linked, chatsOnly]) {
    await run(sql`insert into contacts (id, tenant_id, jid, phone) values (${s.contact}, ${s.tenant}, '6281200000001@s.whatsapp.net', '6281200000001')`)
    await run(sql`insert into conversations (id, tenant_id, contact_id) values (${s.conversation}, ${s.tenant}, ${s.contact})`)
  }
  return { linked, chatsOnly, nothing }
}

async function check(database: Database, { linked, chatsOnly, nothing }: Awaited<ReturnType<typeof seed>>): Promise<void> {
  const run = runner(database)
  const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await database.db.execute(query))
  expect(await q(sql`select id, tenant_id, state::text as state, wanted, phone, fence::int as fence, name, deleted_at from wa_sessions where tenant_id = ${linked.tenant}`))
    .toEqual([{ id: linked.tenant, tenant_id: linked.tenant, state: 'connected', wanted: true, phone: '6281100000001', fence: 7, name: 'WhatsApp', deleted_at: null }])
  expect(await q(sql`select id from wa_sessions where tenant_id = ${chatsOnly.tenant}`)).toEqual([{ id: chatsOnly.tenant }])
  expect(await q(sql`select count(*)::int as n from wa_sessions where tenant_id = ${nothing}`)).toEqual([{ n: 0 }])
  for (const table of ['wa_creds', 'wa_keys', 'wa_inbound_spool']) {
    expect(await q(sql`select device_id from ${sql.identifier(table)} where tenant_id = ${linked.tenant}`), table).toEqual([{ device_id: linked.tenant }])
  }
  for (const s of [linked, chatsOnly]) {
    expect(await q(sql`select device_id from conversations where id = ${s.conversation}`)).toEqual([{ device_id: s.tenant }])
  }

  // No new scan: the adapter finds the first device's credentials and keys under its id.
  const store = new PostgresDeviceStore(database.db, new LruCache(100))
  expect(await store.hasCredentials(linked.tenant)).toBe(true)
  const auth = await store.load({ tenantId: linked.tenant, deviceId: linked.tenant }, { fence: 7 })
  expect(auth.existing).toBe(true)
  expect(Buffer.from(auth.creds.noiseKey.private).equals(Buffer.alloc(32, 1))).toBe(true)
  expect(Object.keys(await auth.keys.get('session', ['budi.0']))).toEqual(['budi.0'])

  // A second number of the same shop has its own chat with the same customer.
  const second = newId()
  await run(sql`insert into wa_sessions (id, tenant_id, name) values (${second}, ${linked.tenant}, 'Cabang')`)
  await run(sql`insert into conversations (id, tenant_id, device_id, contact_id) values (${newId()}, ${linked.tenant}, ${second}, ${linked.contact})`)
  const sameNumberTwice = run(sql`insert into conversations (id, tenant_id, device_id, contact_id) values (${newId()}, ${linked.tenant}, ${second}, ${linked.contact})`)
  await expect(sameNumberTwice).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505' }) })
  // A number of another shop is refused by the composite key.
  const otherShops = run(sql`insert into conversations (id, tenant_id, device_id, contact_id) values (${newId()}, ${chatsOnly.tenant}, ${second}, ${chatsOnly.contact})`)
  await expect(otherShops).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23503' }) })
}

describeUpgrade(MIGRATION, { seed, check })
