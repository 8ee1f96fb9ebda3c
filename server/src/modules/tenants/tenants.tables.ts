import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * A business using Warta. Every other tenant-owned row points here with a non-null tenant_id, and
 * a reference from one tenant-owned row to another carries that tenant_id too — a composite
 * foreign key `(tenant_id, x_id) → x (tenant_id, id)` — so the database itself refuses a row
 * that points into another tenant, whatever a query forgot.
 */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('Asia/Jakarta'),
  onboardedAt: timestamp('onboarded_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})
