// API keys: what integrators use instead of a person's login. Created by owners/admins with named
// scopes and an optional expiry; the full key is returned once and only its hash is stored. Every
// request looks the key up again (no cache), so a revoked key fails on the very next request.
// Creating and revoking write their audit entry in the same transaction (never done but unaudited).
import { randomBytes } from 'node:crypto'
import type { Db } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'
import type { Clock } from '../../shared/clock.js'
import { sha256 } from '../../shared/crypto.js'
import { RateLimitedError } from '../../shared/errors.js'
import type { FixedWindowLimiter } from '../../shared/fixed-window-limiter.js'
import { newId } from '../../shared/ids.js'
import { apiKeysRepository, type ApiKeyRow } from './api-keys.repository.js'
import type { ApiScope, CreateApiKey } from './api-keys.schemas.js'
import type { AuditService } from '../audit/audit.service.js'
import { apiKeyNotFound, expiryInPast, keyExpired, keyInvalid, keyRevoked } from './api-keys.errors.js'

/** `wk_live_` + 10 lower-case hex (shown in lists) + `_` + 43 base64url characters (256 bits). */
const KEY_PATTERN = /^wk_live_([0-9a-f]{10})_([A-Za-z0-9_-]{43})$/
export const looksLikeApiKey = (token: string) => token.startsWith('wk_live_')

/** lastUsedAt is precise to this much; finer would cost a write per request. */
const TOUCH_EVERY_MS = 60_000

export interface ApiKeyDto {
  id: string; name: string; prefix: string; scopes: ApiScope[]
  expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null; createdAt: string
  status: 'active' | 'expired' | 'revoked'
}

export interface ApiKeyPrincipal { keyId: string; tenantId: string; createdBy: string | null; scopes: ApiScope[] }

export class ApiKeysService {
  constructor(private readonly deps: { db: Db; clock: Clock; limiter: FixedWindowLimiter; audit: Pick<AuditService, 'record'> }) {}

  private toDto(r: ApiKeyRow): ApiKeyDto {
    const now = this.deps.clock.now()
    return {
      id: r.id, name: r.name, prefix: `wk_live_${r.prefix}`, scopes: r.scopes as ApiScope[],
      expiresAt: r.expiresAt?.toISOString() ?? null, lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
      revokedAt: r.revokedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
      status: r.revokedAt ? 'revoked' : r.expiresAt && r.expiresAt <= now ? 'expired' : 'active',
    }
  }

  async create(tenantId: string, createdBy: string, input: CreateApiKey, by: Actor): Promise<{ key: ApiKeyDto; secret: string }> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
    if (expiresAt && expiresAt <= this.deps.clock.now()) throw expiryInPast()
    const prefix = randomBytes(5).toString('hex')
    const secret = `wk_live_${prefix}_${randomBytes(32).toString('base64url')}`
    const row = await this.deps.db.transaction(async (tx) => {
      const inserted = await apiKeysRepository.insert(tx, {
        id: newId(), tenantId, name: input.name, prefix, keyHash: sha256(secret), scopes: input.scopes, createdBy, expiresAt,
      })
      // The key's name, never its secret.
      await this.deps.audit.record(tenantId, by, [{ action: 'api_key.created', targetType: 'api_key', targetId: inserted.id, details: { name: inserted.name } }], tx)
      return inserted
    })
    return { key: this.toDto(row), secret }
  }

  async list(tenantId: string): Promise<ApiKeyDto[]> {
    return (await apiKeysRepository.list(this.deps.db, tenantId)).map((r) => this.toDto(r))
  }

  /** Idempotent: revoking a revoked key keeps its first revocation time. */
  async revoke(tenantId: string, id: string, by: Actor): Promise<ApiKeyDto> {
    const at = this.deps.clock.now()
    const row = await this.deps.db.transaction(async (tx) => {
      const revoked = await apiKeysRepository.revoke(tx, tenantId, id, at)
      if (!revoked) throw apiKeyNotFound()
      // Audited when this call revoked it; a repeat changes nothing and is not an event.
      if (revoked.revokedAt?.getTime() === at.getTime()) await this.deps.audit.record(tenantId, by, [{ action: 'api_key.revoked', targetType: 'api_key', targetId: id }], tx)
      return revoked
    })
    return this.toDto(row)
  }

  /** The key's tenant and scopes, or a 401 saying why not; a 429 once the key is over its rate. */
  async authenticate(token: string): Promise<ApiKeyPrincipal> {
    if (!KEY_PATTERN.test(token)) throw keyInvalid()
    const row = await apiKeysRepository.findByHash(this.deps.db, sha256(token))
    if (!row) throw keyInvalid()
    const now = this.deps.clock.now()
    if (row.revokedAt) throw keyRevoked()
    if (row.expiresAt && row.expiresAt <= now) throw keyExpired()
    const wait = await this.deps.limiter.hit(row.id)
    if (wait > 0) throw new RateLimitedError('auth.rate_limited', `This API key made too many requests. Try again in ${wait} seconds.`, wait)
    await apiKeysRepository.touch(this.deps.db, row.tenantId, row.id, now, TOUCH_EVERY_MS)
    return { keyId: row.id, tenantId: row.tenantId, createdBy: row.createdBy, scopes: row.scopes as ApiScope[] }
  }
}
