import { boolean, index, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'
import { conversations, messages } from '../inbox/inbox.tables.js'

/** What the classifier made of one customer message; exactly one row per message. */
export const customerInsights = pgTable('customer_insights', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  messageId: uuid('message_id').notNull().references(() => messages.id, { onDelete: 'cascade' }),
  mode: text('mode').notNull(),
  intent: text('intent').notNull(),
  tags: jsonb('tags').$type<string[]>().notNull(),
  sentiment: text('sentiment').notNull(),
  productInterest: text('product_interest'),
  summary: text('summary').notNull(),
  needsFollowUp: boolean('needs_follow_up').notNull(),
  confidence: real('confidence').notNull(),
  language: text('language').notNull(),
  classifier: text('classifier').$type<'offline' | 'openai'>().notNull(),
  model: text('model'),
  /** Why the built-in classifier was used although the tenant configured an API (e.g. `llm.unauthorized`). */
  fallbackReason: text('fallback_reason'),
  /** Set when a person corrected the tags (the original stays in `tags`). */
  correctedTags: jsonb('corrected_tags').$type<string[]>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('customer_insights_message_unique').on(t.tenantId, t.messageId),
  index('customer_insights_conversation_idx').on(t.tenantId, t.conversationId, t.createdAt),
])
