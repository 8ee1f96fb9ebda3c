import { foreignKey, jsonb, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'
import { waSessions } from '../sessions/sessions.tables.js'
import type { FollowUpRule } from '../ai-config/ai-config.tables.js'
import type { WeekHours } from '../away/away.hours.js'

/** A number's own auto-reply switch (the rest of the AI settings stay the shop's). */
export interface ReplyOverride { autoReply: boolean; replyToComplaints: boolean }
/** A number's own business hours and away message. */
export interface AwayOverride { enabled: boolean; message: string; week: WeekHours; holidays: string[] }

/**
 * What one WhatsApp number of a shop does differently from the shop. Each group is null while the
 * number follows the shop's setting (no row at all = follows everything, which is how every number
 * starts and how numbers from before this table behave).
 */
export const deviceSettings = pgTable('device_settings', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  deviceId: uuid('device_id').notNull(),
  reply: jsonb('reply').$type<ReplyOverride>(),
  followUp: jsonb('follow_up').$type<FollowUpRule>(),
  away: jsonb('away').$type<AwayOverride>(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.deviceId] }),
  foreignKey({ name: 'device_settings_device_fk', columns: [t.tenantId, t.deviceId], foreignColumns: [waSessions.tenantId, waSessions.id] }).onDelete('cascade'),
])
