// wa_sessions: one row per device (a linked number of a tenant): the state the dashboard shows and
// what restore-on-start reads. Every query names the tenant, or the device id a lease holder owns.
import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { waSessions } from './sessions.tables.js'
import type { SessionState } from '../../adapters/whatsapp/whatsapp.port.js'
import type { DeviceRef } from './sessions.types.js'

export type SessionRow = typeof waSessions.$inferSelect
export type SessionPatch = Partial<Omit<SessionRow, 'id' | 'tenantId' | 'fence' | 'createdAt'>>

const live = isNull(waSessions.deletedAt)
// The first device: the one that was the tenant's only number before there were several (id =
// tenant id) if it is still there, else the oldest. Integrators' /device routes mean this one.
const firstOrder = (tenantId: string) => [desc(sql`${waSessions.id} = ${tenantId}::uuid`), asc(waSessions.createdAt), asc(waSessions.id)]

export const sessionsRepository = {
  async get(db: DbOrTx, device: DeviceRef): Promise<SessionRow | undefined> {
    const [row] = await db.select().from(waSessions).where(and(eq(waSessions.tenantId, device.tenantId), eq(waSessions.id, device.deviceId)))
    return row
  },

  /** The tenant's devices still in use, first device first. */
  async list(db: DbOrTx, tenantId: string): Promise<SessionRow[]> {
    return db.select().from(waSessions).where(and(eq(waSessions.tenantId, tenantId), live)).orderBy(...firstOrder(tenantId))
  },

  async first(db: DbOrTx, tenantId: string): Promise<SessionRow | undefined> {
    const [row] = await db.select().from(waSessions).where(and(eq(waSessions.tenantId, tenantId), live)).orderBy(...firstOrder(tenantId)).limit(1)
    return row
  },

  /**
   * Serialises changes to the tenant's device list until the transaction ends (a row lock on the
   * tenant, by name: the tenants module's table is not ours to import).
   */
  async lockTenantDevices(tx: DbOrTx, tenantId: string): Promise<void> {
    await tx.execute(sql`select id from tenants where id = ${tenantId} for update`)
  },

  async countLive(db: DbOrTx, tenantId: string): Promise<number> {
    const [row] = await db.select({ n: count() }).from(waSessions).where(and(eq(waSessions.tenantId, tenantId), live))
    return row?.n ?? 0
  },

  /**
   * Adds a device. A tenant's very first one gets id = tenant id, like the number every tenant
   * linked before there were several (one rule for both, so nothing else needs to tell them apart).
   */
  async create(db: DbOrTx, tenantId: string, values: { name?: string; colour?: string } = {}): Promise<SessionRow> {
    const [taken] = await db.select({ id: waSessions.id }).from(waSessions).where(eq(waSessions.id, tenantId))
    const [row] = await db.insert(waSessions).values({ id: taken ? newId() : tenantId, tenantId, ...values }).returning()
    return row!
  },

  /** The tenant's first device, created (id = tenant id) when the tenant has none yet. */
  async ensureFirst(db: DbOrTx, tenantId: string): Promise<SessionRow> {
    const found = await sessionsRepository.first(db, tenantId)
    if (found) return found
    // Concurrent first requests (three taps on "connect") all make the same row: one insert wins.
    await db.insert(waSessions).values({ id: tenantId, tenantId }).onConflictDoNothing()
    // Still none: the tenant-id device was removed before, so the new first one gets a fresh id.
    return (await sessionsRepository.first(db, tenantId)) ?? sessionsRepository.create(db, tenantId)
  },

  async update(db: DbOrTx, device: DeviceRef, patch: SessionPatch): Promise<SessionRow | undefined> {
    const [row] = await db.update(waSessions).set({ ...patch, updatedAt: new Date() })
      .where(and(eq(waSessions.tenantId, device.tenantId), eq(waSessions.id, device.deviceId))).returning()
    return row
  },

  /** Writes the device's session state (the row exists: a device is created before it connects). */
  async upsert(db: DbOrTx, device: DeviceRef, patch: SessionPatch): Promise<SessionRow> {
    const values = { ...patch, updatedAt: new Date() }
    const [row] = await db.insert(waSessions).values({ id: device.deviceId, tenantId: device.tenantId, ...values })
      .onConflictDoUpdate({ target: waSessions.id, set: values, setWhere: eq(waSessions.tenantId, device.tenantId) }).returning()
    return row!
  },

  /** Records the fencing token of a new lease holder; tokens only ever grow. */
  async raiseFence(db: DbOrTx, device: DeviceRef, fence: number): Promise<void> {
    await db.insert(waSessions).values({ id: device.deviceId, tenantId: device.tenantId, fence })
      .onConflictDoUpdate({ target: waSessions.id, set: { fence: sql`greatest(${waSessions.fence}, ${fence})` }, setWhere: eq(waSessions.tenantId, device.tenantId) })
  },

  /** Devices the owners want connected: what a gateway restores on start or takes over. */
  async listWanted(db: DbOrTx): Promise<DeviceRef[]> {
    return db.select({ tenantId: waSessions.tenantId, deviceId: waSessions.id }).from(waSessions).where(and(eq(waSessions.wanted, true), live))
  },

  async setState(db: DbOrTx, device: DeviceRef, state: SessionState, extra: SessionPatch = {}): Promise<SessionRow> {
    return sessionsRepository.upsert(db, device, { ...extra, state })
  },
}
