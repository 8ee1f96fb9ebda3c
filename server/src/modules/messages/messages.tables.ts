import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

/**
 * One row per `Idempotency-Key` a tenant sent with a send request: the first request claims the
 * key (the primary key makes concurrent retries wait for it), later ones get the same message.
 * A key older than 24 h may be claimed again.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  /** SHA-256 of the normalised request; the same key with another body is refused. */
  requestHash: text('request_hash').notNull(),
  messageId: uuid('message_id'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.key] })])
