// The shops (tenants): created with their owner at registration, read for their name and timezone.
// `db` joins the caller's transaction where a caller needs one (registration, AI settings).
import type { Db, DbOrTx } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { tenantsRepository, toTenantDto, type TenantDto, type TenantRow } from './tenants.repository.js'

export type { TenantDto, TenantRow }
export { toTenantDto }

export class TenantsService {
  constructor(private readonly db: Db) {}

  create(name: string, db: DbOrTx = this.db): Promise<TenantRow> {
    return tenantsRepository.create(db, { id: newId(), name })
  }

  get(tenantId: string, db: DbOrTx = this.db): Promise<TenantRow | undefined> {
    return tenantsRepository.get(db, tenantId)
  }

  async setTimezone(tenantId: string, timezone: string, db: DbOrTx = this.db): Promise<void> {
    await tenantsRepository.update(db, tenantId, { timezone })
  }

  async markOnboarded(tenantId: string): Promise<TenantDto> {
    const tenant = await tenantsRepository.update(this.db, tenantId, { onboardedAt: new Date() })
    return toTenantDto(tenant!)
  }
}
