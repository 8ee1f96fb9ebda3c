// The Baileys adapter's own store: the linked device's credentials and Signal keys, and the spool
// of decrypted messages. Nothing outside this adapter reads or writes them; the sessions module
// asks the WhatsApp port (hasCredentials, wipeCredentials) instead.
import { bigint, foreignKey, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { bytea } from '../../../db/columns.js'
import { tenants } from '../../../modules/tenants/tenants.tables.js'
import { waSessions } from '../../../modules/sessions/sessions.tables.js'

// Each row belongs to one device (a wa_sessions row) and goes with it; the tenant id rides along
// so the reference carries it, like every reference between tenant rows.
const ofDevice = (name: string, t: { tenantId: AnyPgColumn; deviceId: AnyPgColumn }) =>
  foreignKey({ name, columns: [t.tenantId, t.deviceId], foreignColumns: [waSessions.tenantId, waSessions.id] }).onDelete('cascade')

/** Baileys creds, serialised with BufferJSON. `version` increases on every write (fencing). */
export const waCreds = pgTable('wa_creds', {
  deviceId: uuid('device_id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  creds: text('creds').notNull(),
  version: bigint('version', { mode: 'number' }).notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [ofDevice('wa_creds_device_fk', t)])

/** Signal keys: pre-keys, sessions, sender keys, app-state keys… one row per (type, id). */
export const waKeys = pgTable('wa_keys', {
  deviceId: uuid('device_id').notNull(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  id: text('id').notNull(),
  value: bytea('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.deviceId, t.type, t.id] }),
  ofDevice('wa_keys_device_fk', t),
])

/**
 * Messages Baileys decrypted, written the moment of decryption. Baileys sends the delivery
 * receipt (after which WhatsApp never redelivers) before it hands the message to us, and during an
 * offline backlog it holds messages back for seconds: a crash in that window would lose them.
 * Rows a dead process left unstored are replayed on the next open. Stored rows stay a while:
 * a message decrypted just before a crash but never receipted comes again, and its one-time key
 * is spent — the copy here answers it (see inbound-spool.ts).
 */
export const waInboundSpool = pgTable('wa_inbound_spool', {
  deviceId: uuid('device_id').notNull(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  waId: text('wa_id').notNull(),
  /**
   * The stanza's attributes (sender, addressing, timestamp, push name): enough to rebuild the key.
   * JSON as text, not jsonb: a push name may carry a NUL, which jsonb cannot hold (JSON text
   * escapes it), and this row must never fail to write.
   */
  attrs: text('attrs').notNull(),
  /** The decrypted, still padded protobuf bytes. */
  plaintext: bytea('plaintext').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** When the inbox had it (null: not yet, replay it). */
  storedAt: timestamp('stored_at', { withTimezone: true }),
}, (t) => [primaryKey({ columns: [t.deviceId, t.waId] }), ofDevice('wa_inbound_spool_device_fk', t)])
