import { sql } from 'drizzle-orm'
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

/**
 * Keys integrators send as `Authorization: Bearer wk_live_<prefix>_<secret>`. Only the SHA-256 of
 * the whole key is kept (the secret has 256 bits of entropy, so a fast hash is enough); the
 * prefix is stored in clear so the owner can tell keys apart. Revoked keys stay for the record.
 */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  scopes: jsonb('scopes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** The owner or admin who made it; a key acts for the tenant, not for this person. */
  createdBy: uuid('created_by'),
  expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, precision: 3 }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, precision: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('api_keys_key_hash_unique').on(t.keyHash),
  uniqueIndex('api_keys_prefix_unique').on(t.prefix),
  index('api_keys_tenant_idx').on(t.tenantId, t.createdAt),
])
