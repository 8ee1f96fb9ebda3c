import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'
import { conversations, messages } from '../inbox/inbox.tables.js'

/**
 * Scheduled nudges. The database is the source of truth; the delayed BullMQ job is only the
 * alarm clock (a sweep re-arms due rows if Redis lost them). One row per trigger and attempt.
 */
export const followUps = pgTable('follow_ups', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  triggerMessageId: uuid('trigger_message_id').notNull().references(() => messages.id, { onDelete: 'cascade' }),
  attempt: integer('attempt').notNull(),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  status: text('status').$type<'scheduled' | 'sent' | 'cancelled' | 'failed'>().notNull(),
  reason: text('reason').notNull(),
  text: text('text'),
  messageId: uuid('message_id'),
  cancelReason: text('cancel_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('follow_ups_trigger_unique').on(t.tenantId, t.conversationId, t.triggerMessageId, t.attempt),
  index('follow_ups_status_due_idx').on(t.status, t.dueAt),
  index('follow_ups_conversation_idx').on(t.tenantId, t.conversationId),
])
