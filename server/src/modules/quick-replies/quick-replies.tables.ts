import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

/**
 * Saved answers the shop sends often ("/ongkir", "/rekening"), picked with "/" in the reply box.
 * The shortcut is stored lower-case, so it is unique per tenant whatever the owner typed.
 */
export const quickReplies = pgTable('quick_replies', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  shortcut: text('shortcut').notNull(),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('quick_replies_tenant_shortcut_unique').on(t.tenantId, t.shortcut),
])
