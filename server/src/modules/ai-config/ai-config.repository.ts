// ai_configs rows (one per tenant, absent until the owner first saves settings) and the tenant's
// AI token usage: one ai_usage row per tenant per month, incremented atomically so concurrent
// workers never lose a count.
import { and, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.js'
import { aiConfigs, aiUsage } from './ai-config.tables.js'

export type AiConfigRow = typeof aiConfigs.$inferSelect

export interface MonthUsage { month: string; promptTokens: number; completionTokens: number; totalTokens: number; requests: number }

/** "2026-12" for `at` in the tenant's time zone: the month an owner's cap and bill refer to. */
export function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}`
}

export const aiConfigRepository = {
  async get(db: DbOrTx, tenantId: string): Promise<AiConfigRow | undefined> {
    const [row] = await db.select().from(aiConfigs).where(eq(aiConfigs.tenantId, tenantId))
    return row
  },

  async upsert(db: DbOrTx, row: AiConfigRow): Promise<void> {
    await db.insert(aiConfigs).values(row).onConflictDoUpdate({ target: aiConfigs.tenantId, set: { ...row, tenantId: undefined } as never })
  },

  async addUsage(db: DbOrTx, tenantId: string, month: string, promptTokens: number, completionTokens: number): Promise<void> {
    await db.insert(aiUsage).values({ tenantId, month, promptTokens, completionTokens, requests: 1 }).onConflictDoUpdate({
      target: [aiUsage.tenantId, aiUsage.month],
      set: {
        promptTokens: sql`${aiUsage.promptTokens} + ${promptTokens}`,
        completionTokens: sql`${aiUsage.completionTokens} + ${completionTokens}`,
        requests: sql`${aiUsage.requests} + 1`,
        updatedAt: new Date(),
      },
    })
  },

  async usage(db: DbOrTx, tenantId: string, month: string): Promise<MonthUsage> {
    const [row] = await db.select().from(aiUsage).where(and(eq(aiUsage.tenantId, tenantId), eq(aiUsage.month, month)))
    const promptTokens = row?.promptTokens ?? 0
    const completionTokens = row?.completionTokens ?? 0
    return { month, promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, requests: row?.requests ?? 0 }
  },
}
