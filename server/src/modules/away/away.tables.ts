import { boolean, foreignKey, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'
import { conversations } from '../inbox/inbox.tables.js'
import type { WeekHours } from './away.hours.js'

/**
 * The shop's business hours and away message. A number may have its own instead (device_settings,
 * module device-settings); the numbers without follow this row.
 */
export const awaySettings = pgTable('away_settings', {
  tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(false),
  message: text('message').notNull().default(''),
  week: jsonb('week').$type<WeekHours>().notNull(),
  /** Closed dates, YYYY-MM-DD in the shop's timezone (away.hours.ts). */
  holidays: jsonb('holidays').$type<string[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
})

/**
 * One row per away message sent: the primary key is the customer's chat and the closed period,
 * so a redelivered or concurrent inbound message can never send a second one in that period.
 */
export const awaySends = pgTable('away_sends', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull(),
  /** The instant the closed period began, ISO to the minute (away.hours.ts). */
  periodKey: text('period_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.conversationId, t.periodKey] }),
  foreignKey({ name: 'away_sends_conversation_fk', columns: [t.tenantId, t.conversationId], foreignColumns: [conversations.tenantId, conversations.id] }).onDelete('cascade'),
])
