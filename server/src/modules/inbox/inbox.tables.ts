import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

/** A customer. Phone-number and LID addresses are both kept so the two forms merge into one. */
export const contacts = pgTable('contacts', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  /** The address we write to: the phone-number JID when known, else the LID. */
  jid: text('jid').notNull(),
  phone: text('phone'),
  lid: text('lid'),
  name: text('name'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('contacts_tenant_jid_unique').on(t.tenantId, t.jid),
  index('contacts_tenant_phone_idx').on(t.tenantId, t.phone),
  index('contacts_tenant_lid_idx').on(t.tenantId, t.lid),
])

/** One 1:1 chat per contact, with what the inbox list shows. */
export const conversations = pgTable('conversations', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  aiEnabled: boolean('ai_enabled').notNull().default(true),
  humanTakeover: boolean('human_takeover').notNull().default(false),
  unreadCount: integer('unread_count').notNull().default(0),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
  lastMessageBody: text('last_message_body'),
  lastMessageDirection: text('last_message_direction'),
  lastMessageStatus: text('last_message_status'),
  lastCustomerMessageAt: timestamp('last_customer_message_at', { withTimezone: true }),
  /** Latest classification, for filters and chips. */
  mode: text('mode'),
  intent: text('intent'),
  tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('conversations_tenant_contact_unique').on(t.tenantId, t.contactId),
  index('conversations_tenant_recent_idx').on(t.tenantId, t.lastMessageAt),
])

/**
 * Every message in and out. Unique on tenant + chat (the conversation, which outlives the PN/LID
 * form WhatsApp happens to address it by) + WhatsApp id + from_me, so a redelivered message is
 * never stored twice. Outgoing rows are the outbox: status `pending` until the gateway
 * that owns the session sent them, with a WhatsApp id we chose before sending.
 */
export const messages = pgTable('messages', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  waId: text('wa_id').notNull(),
  chatJid: text('chat_jid').notNull(),
  fromMe: boolean('from_me').notNull(),
  direction: text('direction').$type<'in' | 'out'>().notNull(),
  type: text('type').notNull().default('text'),
  body: text('body'),
  status: text('status').$type<'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed'>().notNull(),
  sentBy: text('sent_by').$type<'customer' | 'owner' | 'agent' | 'ai' | 'followup' | 'api'>().notNull(),
  /** For AI replies: the customer message answered (one AI reply per message). */
  replyToMessageId: uuid('reply_to_message_id'),
  /** For follow-ups: the follow-up that produced it (one message per follow-up). */
  followUpId: uuid('follow_up_id'),
  attempts: integer('attempts').notNull().default(0),
  error: text('error'),
  waTimestamp: timestamp('wa_timestamp', { withTimezone: true }),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('messages_tenant_conversation_wa_unique').on(t.tenantId, t.conversationId, t.waId, t.fromMe),
  uniqueIndex('messages_ai_reply_unique').on(t.tenantId, t.replyToMessageId).where(sql`sent_by = 'ai'`),
  uniqueIndex('messages_follow_up_unique').on(t.tenantId, t.followUpId),
  index('messages_conversation_idx').on(t.tenantId, t.conversationId, t.createdAt),
  index('messages_outbox_idx').on(t.tenantId, t.status).where(sql`status = 'pending'`),
  // The worker's sweep for stored customer messages whose classification job was lost.
  index('messages_inbound_created_idx').on(t.createdAt).where(sql`direction = 'in'`),
])
