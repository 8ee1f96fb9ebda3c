import { sql } from 'drizzle-orm'
import { boolean, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

/** Where a tenant wants its events pushed. The signing secret is sealed with WARTA_SECRET_KEY. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  /** Event types (`message.received`, `followup.*`, …) this endpoint gets. */
  events: jsonb('events').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  secretSealed: text('secret_sealed').notNull(),
  active: boolean('active').notNull().default(true),
  description: text('description'),
  /** After a rotation the old secret still signs (a second `v1=`) until this time, so receivers can switch over. */
  previousSecretSealed: text('previous_secret_sealed'),
  previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true, precision: 3 }),
  /** First failed attempt since the last success; an endpoint failing for long enough is disabled. */
  failingSince: timestamp('failing_since', { withTimezone: true, precision: 3 }),
  /** Set when Warta turned the endpoint off (failing for a day), not the owner. */
  disabledAt: timestamp('disabled_at', { withTimezone: true, precision: 3 }),
  disabledReason: text('disabled_reason'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  index('webhook_endpoints_tenant_idx').on(t.tenantId),
  // What deliveries point at: (tenant, endpoint), so a delivery can never name another tenant's endpoint.
  unique('webhook_endpoints_tenant_id_id_unique').on(t.tenantId, t.id),
])

/**
 * One event for one endpoint: written before its job is queued, so a lost job is found again by
 * the sweep, and unique per endpoint and event, so a repeated fan-out adds nothing. The body is
 * kept as sent, so a redelivery carries the same bytes (and the same event id).
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  endpointId: uuid('endpoint_id').notNull(),
  eventId: uuid('event_id').notNull(),
  eventType: text('event_type').notNull(),
  body: text('body').notNull(),
  /** pending → succeeded, or failed (dead letter) once every attempt failed. */
  status: text('status').$type<'pending' | 'succeeded' | 'failed'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  /** Bumped by a redelivery, so its job gets a fresh id. */
  round: integer('round').notNull().default(0),
  lastStatusCode: integer('last_status_code'),
  lastError: text('last_error'),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, precision: 3 }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true, precision: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'webhook_deliveries_endpoint_fk', columns: [t.tenantId, t.endpointId], foreignColumns: [webhookEndpoints.tenantId, webhookEndpoints.id] }).onDelete('cascade'),
  uniqueIndex('webhook_deliveries_endpoint_event_unique').on(t.endpointId, t.eventId),
  index('webhook_deliveries_tenant_created_idx').on(t.tenantId, t.createdAt),
  index('webhook_deliveries_pending_idx').on(t.createdAt).where(sql`status = 'pending'`),
])

/**
 * The transactional outbox of webhook events: a row written in the same transaction as the change
 * it reports (a stored customer message), so an event can never be lost between that commit and
 * the queue. After the commit it is fanned out into deliveries and marked dispatched; a row a
 * crash left undispatched is found by the worker's sweep. Its id is the event id receivers see,
 * the same however often it is dispatched. Dispatched rows are pruned after a week.
 */
export const webhookEvents = pgTable('webhook_events', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  /** The delivery body as sent: `{ id, type, createdAt, data }`. */
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  index('webhook_events_undispatched_idx').on(t.createdAt).where(sql`dispatched_at is null`),
  index('webhook_events_dispatched_idx').on(t.dispatchedAt),
])
