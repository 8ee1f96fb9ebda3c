import { sql } from 'drizzle-orm'
import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

export interface ProfileText { about: string; menu: string; hours: string; address: string; faq: string }
export interface FollowUpRule { enabled: boolean; afterHours: number; maxCount: number; onlyHotLeads: boolean }
export interface QuietHours { start: string; end: string }
/** Alert the owner when a customer has waited this long for the shop's answer. */
export interface WaitingAlertRule { enabled: boolean; afterMinutes: number }

/** Per-tenant AI settings. The API key is stored sealed (AES-256-GCM bound to the tenant). */
export const aiConfigs = pgTable('ai_configs', {
  tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  businessName: text('business_name').notNull(),
  profile: jsonb('profile').$type<ProfileText>().notNull(),
  priceList: jsonb('price_list').$type<Array<{ name: string; price: number; unit?: string }>>().notNull(),
  tone: text('tone').$type<'friendly' | 'casual' | 'formal'>().notNull(),
  replyLanguage: text('reply_language').$type<'id' | 'en' | 'auto'>().notNull(),
  enabledModes: jsonb('enabled_modes').$type<string[]>().notNull(),
  autoReply: boolean('auto_reply').notNull(),
  replyToComplaints: boolean('reply_to_complaints').notNull(),
  model: text('model').notNull(),
  baseUrl: text('base_url'),
  apiKeySealed: text('api_key_sealed'),
  followUp: jsonb('follow_up').$type<FollowUpRule>().notNull(),
  quietHours: jsonb('quiet_hours').$type<QuietHours>().notNull(),
  /** Tokens a month the tenant's AI may use; past it the built-in engine answers. Null = no cap. */
  monthlyTokenCap: integer('monthly_token_cap'),
  /** The tenant's model can see images: photos are described (one sentence) for the classifier. */
  visionEnabled: boolean('vision_enabled').notNull().default(false),
  /** Media files older than this many days are deleted (the messages stay); null = the server default. */
  mediaRetentionDays: integer('media_retention_days'),
  waitingAlert: jsonb('waiting_alert').$type<WaitingAlertRule>().notNull().default(sql`'{"enabled":true,"afterMinutes":30}'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * Tokens the tenant's AI provider reported, per calendar month in the tenant's time zone
 * (`month` = "2026-12"). One row a month, incremented in place by every answered completion.
 */
export const aiUsage = pgTable('ai_usage', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  month: text('month').notNull(),
  promptTokens: bigint('prompt_tokens', { mode: 'number' }).notNull().default(0),
  completionTokens: bigint('completion_tokens', { mode: 'number' }).notNull().default(0),
  requests: integer('requests').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.month] })])
