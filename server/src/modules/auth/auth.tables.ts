import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

export const userRole = pgEnum('user_role', ['owner', 'admin', 'agent', 'viewer'])

// E-mail is unique across tenants: a person logs in with it and lands in their one tenant.
export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: userRole('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('users_email_unique').on(t.email),
  index('users_tenant_idx').on(t.tenantId),
])

// Refresh tokens are stored hashed. Each login starts a family; each refresh rotates to a new member.
// Presenting a member that was already rotated means the token leaked: the whole family is revoked.
export const refreshTokens = pgTable('refresh_tokens', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  familyId: uuid('family_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [
  index('refresh_tokens_family_idx').on(t.tenantId, t.familyId),
  index('refresh_tokens_user_idx').on(t.tenantId, t.userId),
])
