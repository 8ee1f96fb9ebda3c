import { sql } from 'drizzle-orm'
import { pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

/** The colours a label can have (the dashboard maps each to its chip style). */
export const LABEL_COLOURS = ['slate', 'red', 'orange', 'amber', 'green', 'teal', 'blue', 'indigo', 'purple', 'pink'] as const
export type LabelColour = (typeof LABEL_COLOURS)[number]

/**
 * The shop's own labels ("Lunas", "Belum bayar", "Dikirim"), set by people, beside the AI's tags.
 * Which conversations carry a label is `conversation_labels` (the inbox owns those rows; this
 * module changes them only through InboxService). Names are unique per tenant whatever their case.
 */
export const labels = pgTable('labels', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  colour: text('colour').$type<LabelColour>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('labels_tenant_name_unique').on(t.tenantId, sql`lower(${t.name})`),
  unique('labels_tenant_id_id_unique').on(t.tenantId, t.id),
])
