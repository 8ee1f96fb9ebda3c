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
import { LruCache } from '../../shared/lru.js'
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

type TenantAiConfig = AiConfigRow & { timezone: string }

/**
 * Every customer message reads its tenant's settings two or three times, so they are cached per
 * process. A change made here drops the entry at once and `announce` tells the other processes
 * (over Redis) to drop theirs; the TTL bounds staleness should such a message be lost.
 */
const CACHE_TTL_MS = 30_000

export interface AiConfigServiceOptions {
  llmOverride?: (row: AiConfigRow, apiKey: string | null) => LlmPort
  announce?: (tenantId: string) => Promise<void>
}

export class AiConfigService {
  private readonly cache = new LruCache<{ at: number; row: TenantAiConfig }>(10_000)
  /** Bumped by every invalidation, so a read that raced a change never caches the old row. */
  private generation = 0

  constructor(private readonly db: Db, private readonly box: SecretBox, private readonly timeoutMs: number, private readonly opts: AiConfigServiceOptions = {}) {}

  async get(tenantId: string): Promise<TenantAiConfig> {
    const hit = this.cache.get(tenantId)
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.row
    const generation = this.generation
    const row = await this.load(tenantId)
    if (generation === this.generation) this.cache.set(tenantId, { at: Date.now(), row })
    return row
  }

  /** Forgets a tenant's cached settings (a change here or in another process). */
  invalidate(tenantId: string): void {
    this.generation += 1
    this.cache.delete(tenantId)
  }

  private async load(tenantId: string): Promise<TenantAiConfig> {
    const [row] = await this.db.select().from(aiConfigs).where(eq(aiConfigs.tenantId, tenantId))
    const tenant = await tenantsRepository.get(this.db, tenantId)
    return { ...(row ?? defaults(tenantId, tenant?.name ?? '')), timezone: tenant?.timezone ?? 'Asia/Jakarta' }
  }

  toDto(row: TenantAiConfig): AiConfigDto {
    const { tenantId: _t, apiKeySealed, updatedAt: _u, ...rest } = row
    return { ...rest, hasApiKey: Boolean(apiKeySealed) }
  }

  async update(tenantId: string, patch: AiConfigPatch): Promise<TenantAiConfig> {
    const current = await this.load(tenantId)
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
    this.invalidate(tenantId)
    await this.opts.announce?.(tenantId)
    return this.get(tenantId)
  }

  profileOf(row: AiConfigRow): BusinessProfile {
    return { businessName: row.businessName, ...row.profile, priceList: row.priceList }
  }

  /** The tenant's classifier/writer: the OpenAI-compatible API with its key, else offline. */
  llmFor(row: AiConfigRow): LlmPort {
    const apiKey = row.apiKeySealed ? this.box.open(row.apiKeySealed, row.tenantId) : null
    if (this.opts.llmOverride) return this.opts.llmOverride(row, apiKey)
    return createLlm({ apiKey, baseUrl: row.baseUrl, model: row.model, timeoutMs: this.timeoutMs })
  }
}
