import { bigint, boolean, index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

export const sessionState = pgEnum('wa_session_state', ['disconnected', 'connecting', 'qr', 'connected', 'logged_out', 'failed'])

/**
 * A device: one linked WhatsApp number of a tenant, and its session (what the dashboard shows and
 * what restore-on-start reads). A tenant has several. The first device of a tenant that linked
 * before there were several has id = tenant id (the upgrade kept its credentials that way), so
 * an id in a Redis key or a credentials row from before the upgrade still names it.
 */
export const waSessions = pgTable('wa_sessions', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  /** What the team calls the number ("Toko", "Cabang Bekasi"). */
  name: text('name').notNull().default('WhatsApp'),
  /** Its chip in the inbox: one of the palette names the dashboard knows. */
  colour: text('colour').notNull().default('green'),
  /** Removed by the owner: unlinked and hidden, kept so its chats still name their number. */
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
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
}, (t) => [
  // The target of every (tenant_id, device_id) reference.
  unique('wa_sessions_tenant_id_id_unique').on(t.tenantId, t.id),
  index('wa_sessions_tenant_idx').on(t.tenantId, t.createdAt),
])
