import { sql } from 'drizzle-orm'
import { foreignKey, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'
import { conversations, messages } from '../inbox/inbox.tables.js'

/**
 * Scheduled nudges. The database is the source of truth; the delayed BullMQ job is only the
 * alarm clock (a sweep re-arms due rows if Redis lost them). One row per trigger and attempt.
 */
export const followUps = pgTable('follow_ups', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull(),
  triggerMessageId: uuid('trigger_message_id').notNull(),
  attempt: integer('attempt').notNull(),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  status: text('status').$type<'scheduled' | 'sent' | 'cancelled' | 'failed'>().notNull(),
  reason: text('reason').notNull(),
  text: text('text'),
  /** The nudge it sent. */
  messageId: uuid('message_id'),
  cancelReason: text('cancel_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('follow_ups_trigger_unique').on(t.tenantId, t.conversationId, t.triggerMessageId, t.attempt),
  index('follow_ups_status_due_idx').on(t.status, t.dueAt),
  index('follow_ups_conversation_idx').on(t.tenantId, t.conversationId),
  unique('follow_ups_tenant_id_id_unique').on(t.tenantId, t.id),
  foreignKey({ name: 'follow_ups_conversation_fk', columns: [t.tenantId, t.conversationId], foreignColumns: [conversations.tenantId, conversations.id] }).onDelete('cascade'),
  foreignKey({ name: 'follow_ups_trigger_message_fk', columns: [t.tenantId, t.triggerMessageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete('cascade'),
  // SET NULL of message_id only (the migration says so; drizzle cannot): tenant_id stays.
  foreignKey({ name: 'follow_ups_message_fk', columns: [t.tenantId, t.messageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete('set null'),
  index('follow_ups_message_idx').on(t.tenantId, t.messageId).where(sql`message_id is not null`),
])
