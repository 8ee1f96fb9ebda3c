import { foreignKey, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'
import { users } from '../auth/auth.tables.js'
import { conversations } from '../inbox/inbox.tables.js'

/**
 * Internal notes staff leave each other in a chat. A table of their own, not rows of `messages`:
 * the outbox, webhooks and the AI's history read `messages`, so a note can never reach the customer.
 */
export const conversationNotes = pgTable('conversation_notes', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull(),
  /** Null once the author was removed from the team (the note stays, with the name it had). */
  authorId: uuid('author_id'),
  authorName: text('author_name').notNull(),
  body: text('body').notNull(),
  /** Teammates @mentioned (their user ids), notified when the note was written. */
  mentions: jsonb('mentions').$type<string[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'conversation_notes_conversation_fk', columns: [t.tenantId, t.conversationId], foreignColumns: [conversations.tenantId, conversations.id] }).onDelete('cascade'),
  // SET NULL of author_id only (the migration says so; drizzle cannot).
  foreignKey({ name: 'conversation_notes_author_fk', columns: [t.tenantId, t.authorId], foreignColumns: [users.tenantId, users.id] }).onDelete('set null'),
  index('conversation_notes_conversation_idx').on(t.tenantId, t.conversationId, t.createdAt),
])
