import { boolean, foreignKey, index, integer, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
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
  // Carried in every access token (claim `ver`) and compared on every request: bumping it (role
  // change, password change/reset) ends every access token issued before, at once.
  sessionVersion: integer('session_version').notNull().default(0),
  // Set for an invited member whose password an owner/admin saw (the temporary one); the app asks
  // for a new password before anything else.
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('users_email_unique').on(t.email),
  index('users_tenant_idx').on(t.tenantId),
  // The target of every reference to a user: a row can only point at a user of its own tenant.
  unique('users_tenant_id_id_unique').on(t.tenantId, t.id),
])

// Refresh tokens are stored hashed. Each login starts a family; each refresh rotates to a new member.
// Presenting a member that was already rotated means the token leaked: the whole family is revoked.
export const refreshTokens = pgTable('refresh_tokens', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull(),
  familyId: uuid('family_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [
  index('refresh_tokens_family_idx').on(t.tenantId, t.familyId),
  index('refresh_tokens_user_idx').on(t.tenantId, t.userId),
  foreignKey({ name: 'refresh_tokens_user_fk', columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
])

// One-time password reset links: the secret is only stored as a SHA-256 hash, a link works once
// and for a short time, and using one ends every session of the user.
export const passwordResetTokens = pgTable('password_reset_tokens', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  /** The owner/admin who made the link; null when the user asked for it by e-mail (or the maker was removed). */
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('password_reset_tokens_user_idx').on(t.tenantId, t.userId),
  foreignKey({ name: 'password_reset_tokens_user_fk', columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  // SET NULL of created_by only (the migration says so; drizzle cannot): tenant_id stays.
  foreignKey({ name: 'password_reset_tokens_created_by_fk', columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }).onDelete('set null'),
])
