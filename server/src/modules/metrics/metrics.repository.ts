// The aggregates /metrics reports: counts across all tenants, never a tenant id or a content.
import { sql } from 'drizzle-orm'
import { rowsOf, type DbOrTx } from '../../db/client.js'

export const metricsRepository = {
  async sessionsByState(db: DbOrTx): Promise<Array<{ state: string; n: number }>> {
    return rowsOf<{ state: string; n: number }>(await db.execute(sql`select state::text as state, count(*)::int as n from wa_sessions where deleted_at is null group by state`))
  },
}
