import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

/**
 * Who did what in a tenant, and when. No foreign key to the actor: the record outlives a removed
 * teammate, so it keeps the name they had. `details` holds ids and settings names, never message
 * text, passwords, tokens or keys.
 */
export const auditEvents = pgTable('audit_events', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  /** A person's user id, or an API key's id (actorType says which). */
  actorId: uuid('actor_id'),
  actorType: text('actor_type').$type<'user' | 'api_key' | 'system'>().notNull(),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  details: jsonb('details').$type<Record<string, string | number | boolean | null>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  // The page, newest first, and its cursor.
  index('audit_events_tenant_recent_idx').on(t.tenantId, t.createdAt, t.id),
  index('audit_events_tenant_actor_idx').on(t.tenantId, t.actorId, t.createdAt),
])
