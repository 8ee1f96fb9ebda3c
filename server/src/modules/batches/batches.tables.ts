import { index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

/**
 * A bulk send: one template filled in per recipient, each message an ordinary outbox row carrying
 * the batch id, so it is paced, ordered and retried like any other send. Progress is counted from
 * those rows; a paused batch's rows are held back by the outbox, a cancelled one's fail.
 */
export const messageBatches = pgTable('message_batches', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  template: text('template').notNull(),
  status: text('status').$type<'running' | 'paused' | 'cancelled'>().notNull().default('running'),
  total: integer('total').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  index('message_batches_tenant_idx').on(t.tenantId, t.createdAt),
  unique('message_batches_tenant_id_id_unique').on(t.tenantId, t.id),
])
