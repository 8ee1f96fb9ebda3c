import { boolean, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

export interface ProfileText { about: string; menu: string; hours: string; address: string; faq: string }
export interface FollowUpRule { enabled: boolean; afterHours: number; maxCount: number; onlyHotLeads: boolean }
export interface QuietHours { start: string; end: string }

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
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
