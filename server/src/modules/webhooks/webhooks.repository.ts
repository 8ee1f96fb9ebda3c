// Webhook endpoints and deliveries. Every function takes the tenant id first and scopes by it,
// except the sweep, which looks for lost jobs across tenants.
import { and, desc, eq, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { webhookDeliveries, webhookEndpoints, webhookEvents } from './webhooks.tables.js'

export type EndpointRow = typeof webhookEndpoints.$inferSelect
export type DeliveryRow = typeof webhookDeliveries.$inferSelect
export type EventRow = typeof webhookEvents.$inferSelect

export const webhooksRepository = {
  async insertEndpoint(db: DbOrTx, row: typeof webhookEndpoints.$inferInsert): Promise<EndpointRow> {
    const [inserted] = await db.insert(webhookEndpoints).values(row).returning()
    return inserted!
  },

  async listEndpoints(db: DbOrTx, tenantId: string): Promise<EndpointRow[]> {
    return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.tenantId, tenantId)).orderBy(webhookEndpoints.createdAt)
  },

  async activeEndpoints(db: DbOrTx, tenantId: string): Promise<EndpointRow[]> {
    return db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.active, true)))
  },

  async getEndpoint(db: DbOrTx, tenantId: string, id: string): Promise<EndpointRow | undefined> {
    const [row] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
    return row
  },

  async updateEndpoint(db: DbOrTx, tenantId: string, id: string, patch: Partial<EndpointRow>): Promise<EndpointRow | undefined> {
    const [row] = await db.update(webhookEndpoints).set({ ...patch, updatedAt: new Date() })
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id))).returning()
    return row
  },

  async removeEndpoint(db: DbOrTx, tenantId: string, id: string): Promise<boolean> {
    const rows = await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id))).returning({ id: webhookEndpoints.id })
    return rows.length > 0
  },

  /** Inserts the deliveries that do not exist yet; returns the new ones. */
  async insertDeliveries(db: DbOrTx, rows: Array<typeof webhookDeliveries.$inferInsert>): Promise<DeliveryRow[]> {
    if (!rows.length) return []
    return db.insert(webhookDeliveries).values(rows).onConflictDoNothing().returning()
  },

  async getDelivery(db: DbOrTx, tenantId: string, id: string): Promise<DeliveryRow | undefined> {
    const [row] = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id)))
    return row
  },

  /** A delivery with its endpoint in one round trip (what each attempt needs); no endpoint once it was deleted. */
  async deliveryWithEndpoint(db: DbOrTx, tenantId: string, id: string): Promise<{ delivery: DeliveryRow; endpoint: EndpointRow | null } | undefined> {
    const [row] = await db.select({ delivery: webhookDeliveries, endpoint: webhookEndpoints }).from(webhookDeliveries)
      .leftJoin(webhookEndpoints, and(eq(webhookEndpoints.tenantId, webhookDeliveries.tenantId), eq(webhookEndpoints.id, webhookDeliveries.endpointId)))
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id)))
    return row
  },

  async listDeliveries(db: DbOrTx, tenantId: string, opts: { endpointId?: string; status?: DeliveryRow['status']; limit: number }): Promise<DeliveryRow[]> {
    return db.select().from(webhookDeliveries).where(and(
      eq(webhookDeliveries.tenantId, tenantId),
      opts.endpointId ? eq(webhookDeliveries.endpointId, opts.endpointId) : undefined,
      opts.status ? eq(webhookDeliveries.status, opts.status) : undefined,
    )).orderBy(desc(webhookDeliveries.createdAt)).limit(opts.limit)
  },

  /** Counts one attempt; `ok` marks it delivered. Never touches a delivery already succeeded. */
  async recordAttempt(db: DbOrTx, tenantId: string, id: string, r: { ok: boolean; statusCode: number | null; error: string | null; at: Date }): Promise<void> {
    await db.update(webhookDeliveries).set({
      attempts: sql`${webhookDeliveries.attempts} + 1`, lastStatusCode: r.statusCode, lastError: r.error, lastAttemptAt: r.at,
      ...(r.ok ? { status: 'succeeded' as const, deliveredAt: r.at } : {}),
    }).where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending')))
  },

  /** An attempt reached the receiver and it took it: the endpoint is healthy again. */
  async clearFailing(db: DbOrTx, tenantId: string, id: string): Promise<void> {
    await db.update(webhookEndpoints).set({ failingSince: null })
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id), isNotNull(webhookEndpoints.failingSince)))
  },

  /** Notes a failed attempt; the endpoint failing since `disableBefore` or earlier is turned off (returned then). */
  async noteFailure(db: DbOrTx, tenantId: string, id: string, at: Date, disableBefore: Date, reason: string): Promise<EndpointRow | undefined> {
    await db.update(webhookEndpoints).set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${at.toISOString()}::timestamptz)` })
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
    const [disabled] = await db.update(webhookEndpoints).set({ active: false, disabledAt: at, disabledReason: reason, updatedAt: at })
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id), eq(webhookEndpoints.active, true), lte(webhookEndpoints.failingSince, disableBefore)))
      .returning()
    return disabled
  },

  async markFailed(db: DbOrTx, tenantId: string, id: string): Promise<void> {
    await db.update(webhookDeliveries).set({ status: 'failed' })
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending')))
  },

  /** A dead letter back to pending with a new round (its job id); undefined unless it had failed. */
  async reopen(db: DbOrTx, tenantId: string, id: string): Promise<DeliveryRow | undefined> {
    const [row] = await db.update(webhookDeliveries).set({ status: 'pending', round: sql`${webhookDeliveries.round} + 1` })
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'failed'))).returning()
    return row
  },

  /** Pending deliveries older than `before` (their job may have been lost between insert and queue). */
  async stalePending(db: DbOrTx, before: Date, limit = 500): Promise<DeliveryRow[]> {
    return db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.createdAt, before))).limit(limit)
  },

  async insertEvent(db: DbOrTx, row: typeof webhookEvents.$inferInsert): Promise<EventRow> {
    const [inserted] = await db.insert(webhookEvents).values(row).returning()
    return inserted!
  },

  /** Of `ids`, the tenant's events not dispatched yet. */
  async undispatchedEvents(db: DbOrTx, tenantId: string, ids: string[]): Promise<EventRow[]> {
    if (!ids.length) return []
    return db.select().from(webhookEvents).where(and(eq(webhookEvents.tenantId, tenantId), inArray(webhookEvents.id, ids), isNull(webhookEvents.dispatchedAt)))
  },

  async markDispatched(db: DbOrTx, tenantId: string, id: string, at: Date): Promise<void> {
    await db.update(webhookEvents).set({ dispatchedAt: at }).where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.id, id)))
  },

  /** Events recorded before `before` and never dispatched (a crash after their commit), across tenants. */
  async staleEvents(db: DbOrTx, before: Date, limit = 500): Promise<EventRow[]> {
    return db.select().from(webhookEvents).where(and(isNull(webhookEvents.dispatchedAt), lte(webhookEvents.createdAt, before))).orderBy(webhookEvents.createdAt).limit(limit)
  },

  /** Drops dispatched events older than `before` (their deliveries keep the body). */
  async pruneEvents(db: DbOrTx, before: Date): Promise<number> {
    const rows = await db.delete(webhookEvents).where(and(isNotNull(webhookEvents.dispatchedAt), lt(webhookEvents.dispatchedAt, before))).returning({ id: webhookEvents.id })
    return rows.length
  },
}
