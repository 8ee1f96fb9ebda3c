import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { tenants } from './tenants.tables.js'

export type TenantRow = typeof tenants.$inferSelect

export const tenantsRepository = {
  async create(db: DbOrTx, row: { id: string; name: string; timezone?: string }): Promise<TenantRow> {
    const [tenant] = await db.insert(tenants).values(row).returning()
    return tenant!
  },

  async get(db: DbOrTx, tenantId: string): Promise<TenantRow | undefined> {
    const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId))
    return tenant
  },

  async update(db: DbOrTx, tenantId: string, patch: Partial<Pick<TenantRow, 'name' | 'timezone' | 'onboardedAt'>>): Promise<TenantRow | undefined> {
    const [tenant] = await db.update(tenants).set(patch).where(eq(tenants.id, tenantId)).returning()
    return tenant
  },
}

export interface TenantDto { id: string; name: string; timezone: string; onboarded: boolean }

export const toTenantDto = (t: TenantRow): TenantDto => ({ id: t.id, name: t.name, timezone: t.timezone, onboarded: t.onboardedAt !== null })
