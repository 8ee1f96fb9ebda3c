import { boolean, foreignKey, index, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'
import { conversations, messages } from '../inbox/inbox.tables.js'

/** What the classifier made of one customer message; exactly one row per message. */
export const customerInsights = pgTable('customer_insights', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull(),
  messageId: uuid('message_id').notNull(),
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
  /** Things the owner should do about the message, e.g. `check_transfer_proof` (a photo that looks like a payment proof). */
  cues: jsonb('cues').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('customer_insights_message_unique').on(t.tenantId, t.messageId),
  index('customer_insights_conversation_idx').on(t.tenantId, t.conversationId, t.createdAt),
  foreignKey({ name: 'customer_insights_conversation_fk', columns: [t.tenantId, t.conversationId], foreignColumns: [conversations.tenantId, conversations.id] }).onDelete('cascade'),
  foreignKey({ name: 'customer_insights_message_fk', columns: [t.tenantId, t.messageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete('cascade'),
])

/**
 * The AI's suggested answer to a customer message when it may not send one itself (auto-reply
 * off, a kind of message it may not answer): a person inserts it, edits it and sends it. One per
 * message, so a retried job writes nothing twice.
 */
export const aiSuggestions = pgTable('ai_suggestions', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull(),
  messageId: uuid('message_id').notNull(),
  text: text('text').notNull(),
  /** The AI could not answer every question: the text includes a holding line. */
  handoff: boolean('handoff').notNull(),
  source: text('source').$type<'offline' | 'openai'>().notNull(),
  /** The shop information the reply cited (`price.2`, `faq.1`, `kb.*` with their labels). */
  sources: jsonb('sources').$type<Array<{ id: string; label: string }>>().notNull().default([]),
  /** Why the built-in engine wrote it instead of the tenant's model (`llm.ungrounded`, `llm.cap_reached`…). */
  fallbackReason: text('fallback_reason'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('ai_suggestions_message_unique').on(t.tenantId, t.messageId),
  index('ai_suggestions_conversation_idx').on(t.tenantId, t.conversationId, t.createdAt),
  foreignKey({ name: 'ai_suggestions_conversation_fk', columns: [t.tenantId, t.conversationId], foreignColumns: [conversations.tenantId, conversations.id] }).onDelete('cascade'),
  foreignKey({ name: 'ai_suggestions_message_fk', columns: [t.tenantId, t.messageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete('cascade'),
])
