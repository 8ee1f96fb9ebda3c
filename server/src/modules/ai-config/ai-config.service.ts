// Per-tenant AI settings: defaults that work out of the box, validation, the API key sealed at
// rest (AES-256-GCM bound to the tenant; never returned, only whether one is set), and the
// LlmPort a tenant's messages are classified and answered with.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { createLlm } from '../../adapters/llm/llm.factory.js'
import type { BusinessProfile, LlmPort } from '../../adapters/llm/llm.port.js'
import type { SecretBox } from '../../shared/crypto.js'
import { tenantsRepository } from '../tenants/tenants.repository.js'
import { tenants } from '../tenants/tenants.tables.js'
import { aiConfigs } from './ai-config.tables.js'
import type { AiConfigPatch } from './ai-config.schemas.js'

export type AiConfigRow = typeof aiConfigs.$inferSelect

export interface AiConfigDto extends Omit<AiConfigRow, 'tenantId' | 'apiKeySealed' | 'updatedAt'> {
  hasApiKey: boolean
  timezone: string
}

export const DEFAULT_MODEL = 'gpt-4o-mini'

function defaults(tenantId: string, businessName: string): AiConfigRow {
  return {
    tenantId, businessName,
    profile: { about: '', menu: '', hours: '', address: '', faq: '' },
    priceList: [], tone: 'friendly', replyLanguage: 'auto', enabledModes: ['faq', 'order'],
    autoReply: false, replyToComplaints: false, model: DEFAULT_MODEL, baseUrl: null, apiKeySealed: null,
    followUp: { enabled: true, afterHours: 24, maxCount: 1, onlyHotLeads: true },
    quietHours: { start: '21:00', end: '08:00' },
    updatedAt: new Date(0),
  }
}

export class AiConfigService {
  constructor(private readonly db: Db, private readonly box: SecretBox, private readonly timeoutMs: number, private readonly llmOverride?: (row: AiConfigRow, apiKey: string | null) => LlmPort) {}

  async get(tenantId: string): Promise<AiConfigRow & { timezone: string }> {
    const [row] = await this.db.select().from(aiConfigs).where(eq(aiConfigs.tenantId, tenantId))
    const tenant = await tenantsRepository.get(this.db, tenantId)
    return { ...(row ?? defaults(tenantId, tenant?.name ?? '')), timezone: tenant?.timezone ?? 'Asia/Jakarta' }
  }

  toDto(row: AiConfigRow & { timezone: string }): AiConfigDto {
    const { tenantId: _t, apiKeySealed, updatedAt: _u, ...rest } = row
    return { ...rest, hasApiKey: Boolean(apiKeySealed) }
  }

  async update(tenantId: string, patch: AiConfigPatch): Promise<AiConfigRow & { timezone: string }> {
    const current = await this.get(tenantId)
    const { apiKey, timezone, ...fields } = patch
    const next: AiConfigRow = {
      ...current, ...fields,
      profile: { ...current.profile, ...(fields.profile ?? {}) },
      followUp: { ...current.followUp, ...(fields.followUp ?? {}) },
      quietHours: { ...current.quietHours, ...(fields.quietHours ?? {}) },
      apiKeySealed: apiKey === undefined ? current.apiKeySealed : apiKey === null ? null : this.box.seal(apiKey, tenantId),
      updatedAt: new Date(),
    }
    const { timezone: _tz, ...row } = next as AiConfigRow & { timezone?: string }
    await this.db.transaction(async (tx) => {
      await tx.insert(aiConfigs).values(row).onConflictDoUpdate({ target: aiConfigs.tenantId, set: { ...row, tenantId: undefined } as never })
      if (timezone) await tx.update(tenants).set({ timezone }).where(eq(tenants.id, tenantId))
    })
    return this.get(tenantId)
  }

  profileOf(row: AiConfigRow): BusinessProfile {
    return { businessName: row.businessName, ...row.profile, priceList: row.priceList }
  }

  /** The tenant's classifier/writer: the OpenAI-compatible API with its key, else offline. */
  llmFor(row: AiConfigRow): LlmPort {
    const apiKey = row.apiKeySealed ? this.box.open(row.apiKeySealed, row.tenantId) : null
    if (this.llmOverride) return this.llmOverride(row, apiKey)
    return createLlm({ apiKey, baseUrl: row.baseUrl, model: row.model, timeoutMs: this.timeoutMs })
  }
}
