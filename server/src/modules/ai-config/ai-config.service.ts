// Per-tenant AI settings: defaults that work out of the box, validation, the API key sealed at
// rest (AES-256-GCM bound to the tenant; never returned, only whether one is set), and the
// LlmPort a tenant's messages are classified and answered with. A person's change writes its audit
// entry (the names of the fields changed, never their values) in the change's transaction.
import type { Db } from '../../db/client.js'
import { createEmbeddings, createLlm, createMediaAi } from '../../adapters/llm/llm.factory.js'
import type { EmbeddingsPort } from '../../adapters/llm/embeddings.port.js'
import type { MediaAiPort } from '../../adapters/llm/media-ai.port.js'
import { withOfflineFallback, type FallbackNotice, type OfflineFallbackLlm } from '../../adapters/llm/offline-fallback.js'
import type { BusinessProfile, LlmPort } from '../../adapters/llm/llm.port.js'
import type { SecretBox } from '../../shared/crypto.js'
import type { Actor } from '../../shared/actor.js'
import type { AuditEntry, AuditService } from '../audit/audit.service.js'
import type { TenantsService } from '../tenants/tenants.service.js'
import { aiConfigRepository, monthOf, type AiConfigRow, type MonthUsage } from './ai-config.repository.js'
import { CappedLlm, CappedMediaAi } from '../../adapters/llm/capped-llm.js'
import { InvalidatingCache } from '../../shared/invalidating-cache.js'
import type { AiConfigPatch } from './ai-config.schemas.js'
import type { ReplyPolicy } from './ai-config.next-reply.js'
import type { GuardedHttp } from '../../shared/net/guarded-fetch.js'

export const policyOf = (row: AiConfigRow): ReplyPolicy => ({ autoReply: row.autoReply, enabledModes: row.enabledModes, replyToComplaints: row.replyToComplaints })

export type { AiConfigRow }
export type { FollowUpRule } from './ai-config.tables.js'

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
    autoReply: false, replyToComplaints: false, model: DEFAULT_MODEL, baseUrl: null, apiKeySealed: null, monthlyTokenCap: null,
    followUp: { enabled: true, afterHours: 24, maxCount: 1, onlyHotLeads: true },
    quietHours: { start: '21:00', end: '08:00' },
    visionEnabled: false, mediaRetentionDays: null,
    waitingAlert: { enabled: true, afterMinutes: 30 },
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
  /** The guarded outbound client: the base URL is checked when saved, and every AI call goes through it. */
  http?: Pick<GuardedHttp, 'fetch' | 'checkUrl'>
  audit?: Pick<AuditService, 'record'>
}

/** Who changes the settings, and the entry to log (default: `settings.updated` naming the fields sent). */
export interface AuditedBy { by: Actor; entry?: AuditEntry }

export class AiConfigService {
  private readonly cache = new InvalidatingCache<TenantAiConfig>(CACHE_TTL_MS)

  constructor(
    private readonly db: Db, private readonly tenants: Pick<TenantsService, 'get' | 'setTimezone'>, private readonly box: SecretBox,
    private readonly timeoutMs: number, private readonly opts: AiConfigServiceOptions = {},
  ) {}

  get(tenantId: string): Promise<TenantAiConfig> {
    return this.cache.get(tenantId, () => this.load(tenantId))
  }

  /** Forgets a tenant's cached settings (a change here or in another process). */
  invalidate(tenantId: string): void {
    this.cache.invalidate(tenantId)
  }

  private async load(tenantId: string): Promise<TenantAiConfig> {
    const row = await aiConfigRepository.get(this.db, tenantId)
    const tenant = await this.tenants.get(tenantId)
    return { ...(row ?? defaults(tenantId, tenant?.name ?? '')), timezone: tenant?.timezone ?? 'Asia/Jakarta' }
  }

  toDto(row: TenantAiConfig): AiConfigDto {
    const { tenantId: _t, apiKeySealed, updatedAt: _u, ...rest } = row
    return { ...rest, hasApiKey: Boolean(apiKeySealed) }
  }

  /** With `audited`, the audit entry commits with the change or neither does. */
  async update(tenantId: string, patch: AiConfigPatch, audited?: AuditedBy): Promise<TenantAiConfig> {
    // Refuse a base URL the server would not call (private/loopback, plain http) before storing it.
    if (patch.baseUrl && this.opts.http) await this.opts.http.checkUrl(patch.baseUrl)
    const current = await this.load(tenantId)
    const { apiKey, timezone, ...fields } = patch
    const next: AiConfigRow = {
      ...current, ...fields,
      profile: { ...current.profile, ...(fields.profile ?? {}) },
      followUp: { ...current.followUp, ...(fields.followUp ?? {}) },
      quietHours: { ...current.quietHours, ...(fields.quietHours ?? {}) },
      waitingAlert: { ...current.waitingAlert, ...(fields.waitingAlert ?? {}) },
      apiKeySealed: apiKey === undefined ? current.apiKeySealed : apiKey === null ? null : this.box.seal(apiKey, tenantId),
      updatedAt: new Date(),
    }
    const { timezone: _tz, ...row } = next as AiConfigRow & { timezone?: string }
    await this.db.transaction(async (tx) => {
      await aiConfigRepository.upsert(tx, row)
      if (timezone) await this.tenants.setTimezone(tenantId, timezone, tx)
      if (audited && this.opts.audit) {
        const entry = audited.entry ?? { action: 'settings.updated', targetType: 'settings', targetId: 'ai-config', details: { fields: Object.keys(patch).sort().join(',') } }
        await this.opts.audit.record(tenantId, audited.by, [entry], tx)
      }
    })
    this.invalidate(tenantId)
    await this.opts.announce?.(tenantId)
    return this.get(tenantId)
  }

  /** The settings that decide whether the AI answers, drafts or leaves a chat to a person. */
  async replyPolicy(tenantId: string): Promise<ReplyPolicy> {
    return policyOf(await this.get(tenantId))
  }

  profileOf(row: AiConfigRow): BusinessProfile {
    return { businessName: row.businessName, ...row.profile, priceList: row.priceList }
  }

  /**
   * The tenant's classifier/writer: the OpenAI-compatible API with its key, else offline — always
   * behind the one offline fallback, so every call gets an answer (`onFallback` hears why not).
   */
  llmFor(row: TenantAiConfig | AiConfigRow, onFallback?: (notice: FallbackNotice) => void): OfflineFallbackLlm {
    const apiKey = row.apiKeySealed ? this.box.open(row.apiKeySealed, row.tenantId) : null
    const timeZone = 'timezone' in row ? row.timezone : 'Asia/Jakarta'
    // Tokens are recorded for the tenant's month; the cap (when the owner set one) is checked
    // before every call, so past it the built-in engine answers with the reason `llm.cap_reached`.
    const onUsage = (u: { promptTokens: number; completionTokens: number }) =>
      aiConfigRepository.addUsage(this.db, row.tenantId, monthOf(new Date(), timeZone), u.promptTokens, u.completionTokens)
    let llm = this.opts.llmOverride
      ? this.opts.llmOverride(row, apiKey)
      : createLlm({ apiKey, baseUrl: row.baseUrl, model: row.model, timeoutMs: this.timeoutMs, onUsage, ...(this.opts.http ? { fetch: this.opts.http.fetch } : {}) })
    const cap = row.monthlyTokenCap
    if (cap != null && llm.source !== 'offline') {
      llm = new CappedLlm(llm, async () => (await this.usage(row.tenantId, timeZone)).totalTokens >= cap)
    }
    return withOfflineFallback(llm, onFallback)
  }

  /** The tenant's embeddings provider (its AI key and base URL), or null without a key. */
  embedderFor(row: AiConfigRow): EmbeddingsPort | null {
    const apiKey = row.apiKeySealed ? this.box.open(row.apiKeySealed, row.tenantId) : null
    return createEmbeddings({ apiKey, baseUrl: row.baseUrl, timeoutMs: this.timeoutMs, ...(this.opts.http ? { fetch: this.opts.http.fetch } : {}) })
  }

  /**
   * The tenant's speech-to-text and vision, or null without a provider key (then voice notes go to
   * a person and photos are judged by their caption and the chat alone).
   */
  mediaAiFor(row: TenantAiConfig | AiConfigRow): MediaAiPort | null {
    const apiKey = row.apiKeySealed ? this.box.open(row.apiKeySealed, row.tenantId) : null
    const timeZone = 'timezone' in row ? row.timezone : 'Asia/Jakarta'
    // The same month and cap as the classifier's: transcripts and descriptions cost the same tokens.
    const onUsage = (u: { promptTokens: number; completionTokens: number }) =>
      aiConfigRepository.addUsage(this.db, row.tenantId, monthOf(new Date(), timeZone), u.promptTokens, u.completionTokens)
    const ai = createMediaAi({ apiKey, baseUrl: row.baseUrl, model: row.model, timeoutMs: this.timeoutMs, onUsage, ...(this.opts.http ? { fetch: this.opts.http.fetch } : {}) })
    const cap = row.monthlyTokenCap
    return ai && cap != null ? new CappedMediaAi(ai, async () => (await this.usage(row.tenantId, timeZone)).totalTokens >= cap) : ai
  }

  /** This month's token usage of the tenant's AI (the owner sees it next to the cap). */
  async usage(tenantId: string, timeZone?: string): Promise<MonthUsage> {
    const zone = timeZone ?? (await this.get(tenantId)).timezone
    return aiConfigRepository.usage(this.db, tenantId, monthOf(new Date(), zone))
  }
}
