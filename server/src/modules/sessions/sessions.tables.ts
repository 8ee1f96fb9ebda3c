import { bigint, boolean, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

export const sessionState = pgEnum('wa_session_state', ['disconnected', 'connecting', 'qr', 'connected', 'logged_out', 'failed'])

/** One WhatsApp session per tenant: what the dashboard shows and what restore-on-start reads. */
export const waSessions = pgTable('wa_sessions', {
  tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  state: sessionState('state').notNull().default('disconnected'),
  /** The state the owner asked for: true after connect, false after disconnect/logout. */
  wanted: boolean('wanted').notNull().default(false),
  jid: text('jid'),
  lid: text('lid'),
  phone: text('phone'),
  pushName: text('push_name'),
  lastError: text('last_error'),
  lastCloseCode: integer('last_close_code'),
  failures: integer('failures').notNull().default(0),
  /**
   * Fencing token of the gateway that holds the lease. Device-store writes check it inside their
   * transaction, so a gateway that lost its lease (paused, partitioned) can no longer write keys.
   */
  fence: bigint('fence', { mode: 'number' }).notNull().default(0),
  /** Consecutive 440 (replaced) closes; a second one flags a duplicate owner. */
  replacedCount: integer('replaced_count').notNull().default(0),
  connectedAt: timestamp('connected_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
