// Baileys auth state in PostgreSQL (wa_creds + wa_keys), the store Baileys' own docs ask for and
// the one every other gateway got wrong somewhere. Guarantees:
// - `set()` is one transaction over every type and id in the call (Baileys commits a whole
//   key transaction through exactly one `set`), idempotent under its commit retries (upserts and
//   deletes), safe under concurrent callers (row-level upserts, per-device ordering).
// - Everything is keyed by the device (one linked number; a tenant has several); the tenant id
//   rides along on every row for the tenant-carrying references.
// - The latest creds are written in the same transaction, after the keys: Baileys announces a new
//   nextPreKeyId before the pre-keys commit, so a crash can never leave creds pointing at keys we
//   do not have.
// - The cache (bounded, shared by all tenants) is updated only after the commit, so it never
//   serves an uncommitted value.
// - An unreadable row throws; it never turns into a fresh identity.
// - With a fencing token, every write checks it still owns the session (see session lease).
import { and, eq, inArray, sql } from 'drizzle-orm'
import { initAuthCreds, type AuthenticationCreds, type SignalDataSet, type SignalDataTypeMap, type SignalKeyStore } from '@whiskeysockets/baileys'
import type { Db, DbOrTx } from '../../../db/client.js'
import { waSessions } from '../../../modules/sessions/sessions.tables.js'
import { waCreds, waKeys } from './baileys.tables.js'
import { LruCache } from '../../../shared/lru.js'
import { SerialQueue } from '../../../shared/serial-queue.js'
import { untilAvailable } from '../../../shared/until-available.js'
import { decodeCreds, decodeKey, encodeCreds, encodeKey } from './key-codec.js'

export class FencedError extends Error {
  constructor(deviceId: string) {
    super(`session of device ${deviceId} is now owned by another gateway; refusing to write`)
    this.name = 'FencedError'
  }
}

type KeyType = keyof SignalDataTypeMap

export interface TenantAuthState {
  creds: AuthenticationCreds
  keys: SignalKeyStore
  /** True when creds were loaded (the device was paired before). */
  existing: boolean
  /** Persists creds now (after any key writes already queued). */
  saveCreds(): Promise<void>
  /** Waits for every queued write. */
  flush(): Promise<void>
}

export class PostgresDeviceStore {
  private readonly queues = new Map<string, SerialQueue>()

  constructor(private readonly db: Db, private readonly cache: LruCache<unknown>) {}

  private queue(deviceId: string): SerialQueue {
    let q = this.queues.get(deviceId)
    if (!q) { q = new SerialQueue(); this.queues.set(deviceId, q) }
    return q
  }

  private cacheKey(deviceId: string, type: string, id: string) { return `${deviceId}|${type}|${id}` }

  async hasCredentials(deviceId: string): Promise<boolean> {
    const [row] = await this.db.select({ d: waCreds.deviceId }).from(waCreds).where(eq(waCreds.deviceId, deviceId))
    return Boolean(row)
  }

  /** Loads (or, for a never-paired device, creates in memory) the auth state Baileys needs. */
  async load(device: { tenantId: string; deviceId: string }, opts: { fence?: number } = {}): Promise<TenantAuthState> {
    const { tenantId, deviceId } = device
    const [row] = await this.db.select().from(waCreds).where(eq(waCreds.deviceId, deviceId))
    const creds = row ? decodeCreds(deviceId, row.creds) : initAuthCreds()
    let savedCreds = row?.creds
    const fence = opts.fence
    const queue = this.queue(deviceId)

    // Writes keys (and creds when they changed) in one transaction, checking the fence first.
    const write = async (data: SignalDataSet | undefined) => {
      const credsText = encodeCreds(creds)
      const credsChanged = credsText !== savedCreds
      if (!credsChanged && (!data || Object.keys(data).length === 0)) return
      await this.db.transaction(async (tx) => {
        if (fence !== undefined) await assertFence(tx, deviceId, fence)
        if (data) await writeKeys(tx, device, data)
        if (credsChanged) {
          await tx.insert(waCreds).values({ deviceId, tenantId, creds: credsText, version: 1 })
            .onConflictDoUpdate({ target: waCreds.deviceId, set: { creds: credsText, version: sql`${waCreds.version} + 1`, updatedAt: new Date() } })
        }
      })
      if (credsChanged) savedCreds = credsText
      if (data) this.updateCache(deviceId, data)
    }

    const keys: SignalKeyStore = {
      get: async <T extends KeyType>(type: T, ids: string[]) => {
        // Reads wait for queued writes of this device, so a read never overtakes a write.
        await queue.idle()
        const out: { [id: string]: SignalDataTypeMap[T] } = {}
        const missing: string[] = []
        for (const id of ids) {
          const hit = this.cache.get(this.cacheKey(deviceId, type, id))
          if (hit !== undefined) out[id] = hit as SignalDataTypeMap[T]
          else missing.push(id)
        }
        if (missing.length) {
          // A decryption or encryption that cannot read its keys fails; wait out a short outage.
          const rows = await untilAvailable(() => this.db.select({ id: waKeys.id, value: waKeys.value }).from(waKeys)
            .where(and(eq(waKeys.deviceId, deviceId), eq(waKeys.type, type), inArray(waKeys.id, missing))), { giveUpAfterMs: 60_000 })
          for (const r of rows) {
            const value = decodeKey(type, r.id, r.value)
            out[r.id] = value
            this.cache.set(this.cacheKey(deviceId, type, r.id), value)
          }
        }
        return out
      },
      // Baileys retries its own transaction commits, but not the writes it makes outside one (a
      // new contact's identity key before a pkmsg is decrypted): through a short database outage
      // those would fail the decryption. Writes are idempotent upserts, so retrying is safe.
      set: (data: SignalDataSet) => queue.run(() => untilAvailable(() => write(data), { giveUpAfterMs: 60_000 })),
      clear: () => queue.run(() => this.wipe(deviceId)),
    }

    return {
      creds, keys, existing: Boolean(row),
      saveCreds: () => queue.run(() => write(undefined)),
      flush: () => queue.idle(),
    }
  }

  /** Deletes creds and keys (logout / 401). The session row stays for the owner to see. */
  async wipe(deviceId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Raise the fence first (its row lock orders this after any write in progress): a socket
      // still flushing keys after a logout would otherwise write them back after the delete.
      // The next link takes a new lease, whose fence is at least this one.
      await tx.update(waSessions).set({ fence: sql`${waSessions.fence} + 1` }).where(eq(waSessions.id, deviceId))
      await tx.delete(waKeys).where(eq(waKeys.deviceId, deviceId))
      await tx.delete(waCreds).where(eq(waCreds.deviceId, deviceId))
    })
    this.cache.deletePrefix(`${deviceId}|`)
  }

  private updateCache(deviceId: string, data: SignalDataSet): void {
    for (const [type, entries] of Object.entries(data)) {
      for (const [id, value] of Object.entries(entries ?? {})) {
        const key = this.cacheKey(deviceId, type, id)
        if (value === null || value === undefined) this.cache.delete(key)
        else this.cache.set(key, value)
      }
    }
  }

  /** Row counts per key type, for metrics and the pre-key pruning test. */
  async countKeys(deviceId: string): Promise<Record<string, number>> {
    const rows = await this.db.select({ type: waKeys.type, n: sql<number>`count(*)::int` }).from(waKeys)
      .where(eq(waKeys.deviceId, deviceId)).groupBy(waKeys.type)
    return Object.fromEntries(rows.map((r) => [r.type, r.n]))
  }
}

async function assertFence(tx: DbOrTx, deviceId: string, fence: number): Promise<void> {

  const [row] = await tx.select({ fence: waSessions.fence }).from(waSessions).where(eq(waSessions.id, deviceId)).for('share')
  if (row && row.fence > fence) throw new FencedError(deviceId)
}

async function writeKeys(tx: DbOrTx, device: { tenantId: string; deviceId: string }, data: SignalDataSet): Promise<void> {
  const { tenantId, deviceId } = device
  const upserts: Array<typeof waKeys.$inferInsert> = []
  const deletes = new Map<string, string[]>()
  const now = new Date()
  for (const [type, entries] of Object.entries(data)) {
    for (const [id, value] of Object.entries(entries ?? {})) {
      if (value === null || value === undefined) {
        const list = deletes.get(type) ?? []
        list.push(id)
        deletes.set(type, list)
      } else {
        upserts.push({ deviceId, tenantId, type, id, value: encodeKey(value), updatedAt: now })
      }
    }
  }
  // Chunked so one huge commit (812 pre-keys) stays under the parameter limit.
  for (let i = 0; i < upserts.length; i += 500) {
    await tx.insert(waKeys).values(upserts.slice(i, i + 500))
      .onConflictDoUpdate({ target: [waKeys.deviceId, waKeys.type, waKeys.id], set: { value: sql`excluded.value`, updatedAt: now } })
  }
  for (const [type, ids] of deletes) {
    await tx.delete(waKeys).where(and(eq(waKeys.deviceId, deviceId), eq(waKeys.type, type), inArray(waKeys.id, ids)))
  }
}
