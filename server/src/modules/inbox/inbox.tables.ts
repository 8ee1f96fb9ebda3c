import { sql } from 'drizzle-orm'
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid, type PgTableExtraConfigValue } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'
import { labels } from '../labels/labels.tables.js'
import { users } from '../auth/auth.tables.js'
import { waSessions } from '../sessions/sessions.tables.js'
// A cycle on purpose (messages.follow_up_id ↔ follow_ups.message_id): drizzle reads the foreign
// keys lazily, after both modules have loaded.
import { followUps } from '../followups/followups.tables.js'
import type { ReplySource } from '../../adapters/llm/llm.port.js'

/** A customer. Phone-number and LID addresses are both kept so the two forms merge into one. */
export const contacts = pgTable('contacts', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  /** The address we write to: the phone-number JID when known, else the LID. */
  jid: text('jid').notNull(),
  phone: text('phone'),
  lid: text('lid'),
  name: text('name'),
  /** The shop named this customer (the customers page, an import): WhatsApp's push name no longer replaces it. */
  nameLocked: boolean('name_locked').notNull().default(false),
  /** The shop's own notes on the customer (the customers page, an import). */
  notes: text('notes'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('contacts_tenant_jid_unique').on(t.tenantId, t.jid),
  unique('contacts_tenant_id_id_unique').on(t.tenantId, t.id),
  index('contacts_tenant_phone_idx').on(t.tenantId, t.phone),
  index('contacts_tenant_lid_idx').on(t.tenantId, t.lid),
])

/** The media facts the conversation list shows for its last message. */
export interface LastMessageMedia { kind: string; durationMs: number | null; fileName: string | null }

/** One 1:1 chat per contact, with what the inbox list shows. */
export const conversations = pgTable('conversations', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').notNull(),
  /** The tenant's number the chat is with: the same customer writing to two numbers has two chats. */
  deviceId: uuid('device_id').notNull(),
  aiEnabled: boolean('ai_enabled').notNull().default(true),
  humanTakeover: boolean('human_takeover').notNull().default(false),
  unreadCount: integer('unread_count').notNull().default(0),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
  lastMessageBody: text('last_message_body'),
  lastMessageDirection: text('last_message_direction'),
  lastMessageStatus: text('last_message_status'),
  /** The last message's type and, for media, what the list's preview says ("🎤 Pesan suara (0:07)", "📄 nota.pdf"). */
  lastMessageType: text('last_message_type'),
  lastMessageMedia: jsonb('last_message_media').$type<LastMessageMedia>(),
  lastCustomerMessageAt: timestamp('last_customer_message_at', { withTimezone: true }),
  /** The first customer message the shop has not answered yet; null when the shop's word was last. */
  waitingSince: timestamp('waiting_since', { withTimezone: true, precision: 3 }),
  /** The `waitingSince` the owner was alerted about (one alert per wait). */
  waitingAlertedFor: timestamp('waiting_alerted_for', { withTimezone: true, precision: 3 }),
  /** The AI handed the chat to a person (a question it could not answer, a complaint); cleared when a person answers. */
  handedOverAt: timestamp('handed_over_at', { withTimezone: true, precision: 3 }),
  /** Latest classification, for filters and chips. */
  mode: text('mode'),
  intent: text('intent'),
  tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** Where the team stands with the chat (inbox.status.ts): a customer message reopens it. */
  status: text('status').$type<'open' | 'waiting' | 'resolved'>().notNull().default('open'),
  /** Hidden from the open list until then; a customer message or the worker's sweep reopens it. */
  snoozedUntil: timestamp('snoozed_until', { withTimezone: true, precision: 3 }),
  /** The teammate handling the chat. A removed member's chats become unassigned (SET NULL of this column). */
  assigneeId: uuid('assignee_id'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('conversations_tenant_device_contact_unique').on(t.tenantId, t.deviceId, t.contactId),
  unique('conversations_tenant_id_id_unique').on(t.tenantId, t.id),
  // A removed number is only marked deleted, so its chats stay: a hard delete with chats is refused.
  foreignKey({ name: 'conversations_device_fk', columns: [t.tenantId, t.deviceId], foreignColumns: [waSessions.tenantId, waSessions.id] }),
  foreignKey({ name: 'conversations_contact_fk', columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }).onDelete('cascade'),
  index('conversations_tenant_recent_idx').on(t.tenantId, t.lastMessageAt),
  // The inbox list's order and cursor (inbox.routes.ts): last message first.
  index('conversations_tenant_last_activity_idx').on(t.tenantId, sql`coalesce(${t.lastMessageAt}, ${t.createdAt})`, t.id),
  // The waiting-alert sweep and the "Menunggu" filter.
  index('conversations_waiting_idx').on(t.waitingSince).where(sql`waiting_since is not null`),
  // The worker's sweep that wakes snoozed chats.
  index('conversations_snoozed_idx').on(t.snoozedUntil).where(sql`snoozed_until is not null`),
  index('conversations_assignee_idx').on(t.tenantId, t.assigneeId).where(sql`assignee_id is not null`),
  // Carries the tenant like every reference between tenant rows; SET NULL of assignee_id only (the migration says so).
  foreignKey({ name: 'conversations_assignee_fk', columns: [t.tenantId, t.assigneeId], foreignColumns: [users.tenantId, users.id] }).onDelete('set null'),
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
  conversationId: uuid('conversation_id').notNull(),
  waId: text('wa_id').notNull(),
  chatJid: text('chat_jid').notNull(),
  fromMe: boolean('from_me').notNull(),
  direction: text('direction').$type<'in' | 'out'>().notNull(),
  type: text('type').notNull().default('text'),
  body: text('body'),
  status: text('status').$type<'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed'>().notNull(),
  sentBy: text('sent_by').$type<'customer' | 'owner' | 'agent' | 'ai' | 'followup' | 'api' | 'away'>().notNull(),
  /** For AI replies: the customer message answered (one AI reply per message). */
  replyToMessageId: uuid('reply_to_message_id'),
  /** For follow-ups: the follow-up that produced it (one message per follow-up). */
  followUpId: uuid('follow_up_id'),
  /** For a bulk send (/api/v1/batches): the batch it belongs to (paused batches are held back). */
  batchId: uuid('batch_id'),
  /** For AI replies: the knowledge-base documents the answer used (shown to the owner under it). */
  sources: jsonb('sources').$type<ReplySource[]>(),
  attempts: integer('attempts').notNull().default(0),
  error: text('error'),
  waTimestamp: timestamp('wa_timestamp', { withTimezone: true }),
  /** A reply: the message it quotes (its WhatsApp id and text as the sender quoted it). */
  quoted: jsonb('quoted').$type<{ waId: string; body: string | null; fromMe: boolean }>(),
  /** Reactions on this message, one per side (the customer's, the shop's); '' removes one. */
  reactions: jsonb('reactions').$type<Array<{ by: 'customer' | 'shop'; emoji: string; at: string }>>().notNull().default(sql`'[]'::jsonb`),
  /** Location or contact card details. */
  details: jsonb('details').$type<{ location?: { latitude: number; longitude: number; name: string | null; address: string | null }; contact?: { displayName: string; phone: string | null } }>(),
  editedAt: timestamp('edited_at', { withTimezone: true, precision: 3 }),
  /** Deleted for everyone by its sender: the body is gone, the row stays so the thread shows it. */
  deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t): PgTableExtraConfigValue[] => [ // typed: messages and follow_ups name each other here, a cycle TypeScript cannot infer
  uniqueIndex('messages_tenant_conversation_wa_unique').on(t.tenantId, t.conversationId, t.waId, t.fromMe),
  uniqueIndex('messages_ai_reply_unique').on(t.tenantId, t.replyToMessageId).where(sql`sent_by = 'ai'`),
  uniqueIndex('messages_follow_up_unique').on(t.tenantId, t.followUpId),
  unique('messages_tenant_id_id_unique').on(t.tenantId, t.id),
  foreignKey({ name: 'messages_conversation_fk', columns: [t.tenantId, t.conversationId], foreignColumns: [conversations.tenantId, conversations.id] }).onDelete('cascade'),
  // The two optional links are SET NULL of the id column only (the migration says so; drizzle
  // cannot): the row stays in its tenant when what it answered or came from is gone.
  foreignKey({ name: 'messages_reply_to_fk', columns: [t.tenantId, t.replyToMessageId], foreignColumns: [t.tenantId, t.id] }).onDelete('set null'),
  foreignKey({ name: 'messages_follow_up_fk', columns: [t.tenantId, t.followUpId], foreignColumns: [followUps.tenantId, followUps.id] }).onDelete('set null'),
  // For that SET NULL when a customer message goes (messages_ai_reply_unique is partial on sent_by).
  index('messages_reply_to_idx').on(t.tenantId, t.replyToMessageId).where(sql`reply_to_message_id is not null`),
  index('messages_conversation_idx').on(t.tenantId, t.conversationId, t.createdAt),
  index('messages_outbox_idx').on(t.tenantId, t.status).where(sql`status = 'pending'`),
  index('messages_batch_idx').on(t.tenantId, t.batchId, t.status).where(sql`batch_id is not null`),
  // The worker's sweep for stored customer messages whose classification job was lost.
  index('messages_inbound_created_idx').on(t.createdAt).where(sql`direction = 'in'`),
])

/**
 * The shop's own labels on a chat (set by people through the labels module, which checks them;
 * the inbox owns these rows like the conversation itself). `position` keeps the order they were
 * given in. A deleted label or conversation takes its rows with it.
 */
export const conversationLabels = pgTable('conversation_labels', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull(),
  labelId: uuid('label_id').notNull(),
  position: integer('position').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.conversationId, t.labelId] }),
  // The inbox filter by label, and the cascade when a label is deleted.
  index('conversation_labels_label_idx').on(t.tenantId, t.labelId),
  foreignKey({ name: 'conversation_labels_conversation_fk', columns: [t.tenantId, t.conversationId], foreignColumns: [conversations.tenantId, conversations.id] }).onDelete('cascade'),
  foreignKey({ name: 'conversation_labels_label_fk', columns: [t.tenantId, t.labelId], foreignColumns: [labels.tenantId, labels.id] }).onDelete('cascade'),
])

/**
 * Inbound messages WhatsApp handed over (and was told we have) that could not be stored. Nothing
 * the socket delivers may vanish: a failed insert lands here, the owner sees how many, and the
 * worker retries them with back-off until one goes through (`resolved_at`). `raw` is the message
 * as the port gave it, as JSON text — JSON escapes NUL and lone surrogates, so any text fits.
 */
export const inboundDeadLetters = pgTable('inbound_dead_letters', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  waId: text('wa_id').notNull(),
  chatJid: text('chat_jid').notNull(),
  fromMe: boolean('from_me').notNull(),
  kind: text('kind').$type<'live' | 'backlog'>().notNull(),
  raw: text('raw').notNull(),
  /** The number it arrived on, so the retry files it in that number's chat (null: from before there were several). */
  deviceId: uuid('device_id'),
  /** `db.<SQLSTATE>` for a database refusal, else `ingest.<error name>`; never the message text. */
  errorCode: text('error_code').notNull(),
  attempts: integer('attempts').notNull().default(1),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }).notNull(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('inbound_dead_letters_message_unique').on(t.tenantId, t.chatJid, t.waId, t.fromMe),
  index('inbound_dead_letters_due_idx').on(t.nextAttemptAt).where(sql`resolved_at is null`),
  index('inbound_dead_letters_tenant_open_idx').on(t.tenantId, t.createdAt).where(sql`resolved_at is null`),
  foreignKey({ name: 'inbound_dead_letters_device_fk', columns: [t.tenantId, t.deviceId], foreignColumns: [waSessions.tenantId, waSessions.id] }),
])

/**
 * How the team shares chats (one row per tenant; none = the defaults). Round-robin is off by
 * default; `lastAssigneeId` is where the rotation stands.
 */
export const inboxTeamSettings = pgTable('inbox_team_settings', {
  tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  roundRobin: boolean('round_robin').notNull().default(false),
  lastAssigneeId: uuid('last_assignee_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'inbox_team_settings_last_assignee_fk', columns: [t.tenantId, t.lastAssigneeId], foreignColumns: [users.tenantId, users.id] }).onDelete('set null'),
])
