import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** A business using Warta. Every other tenant-owned row points here with a non-null tenant_id. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('Asia/Jakarta'),
  onboardedAt: timestamp('onboarded_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})
