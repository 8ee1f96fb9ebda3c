// API keys: what integrators use instead of a person's login. Created by owners/admins with named
// scopes and an optional expiry; the full key is returned once and only its hash is stored. Every
// request looks the key up again (no cache), so a revoked key fails on the very next request.
import { randomBytes } from 'node:crypto'
import type { Db } from '../../db/client.js'
import type { Clock } from '../../shared/clock.js'
import { sha256 } from '../../shared/crypto.js'
import { RateLimitedError } from '../../shared/errors.js'
import type { FixedWindowLimiter } from '../../shared/fixed-window-limiter.js'
import { newId } from '../../shared/ids.js'
import { apiKeysRepository, type ApiKeyRow } from './api-keys.repository.js'
import type { ApiScope, CreateApiKey } from './api-keys.schemas.js'
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
  constructor(private readonly deps: { db: Db; clock: Clock; limiter: FixedWindowLimiter }) {}

  private toDto(r: ApiKeyRow): ApiKeyDto {
    const now = this.deps.clock.now()
    return {
      id: r.id, name: r.name, prefix: `wk_live_${r.prefix}`, scopes: r.scopes as ApiScope[],
      expiresAt: r.expiresAt?.toISOString() ?? null, lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
      revokedAt: r.revokedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
      status: r.revokedAt ? 'revoked' : r.expiresAt && r.expiresAt <= now ? 'expired' : 'active',
    }
  }

  async create(tenantId: string, createdBy: string, input: CreateApiKey): Promise<{ key: ApiKeyDto; secret: string }> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
    if (expiresAt && expiresAt <= this.deps.clock.now()) throw expiryInPast()
    const prefix = randomBytes(5).toString('hex')
    const secret = `wk_live_${prefix}_${randomBytes(32).toString('base64url')}`
    const row = await apiKeysRepository.insert(this.deps.db, {
      id: newId(), tenantId, name: input.name, prefix, keyHash: sha256(secret), scopes: input.scopes, createdBy, expiresAt,
    })
    return { key: this.toDto(row), secret }
  }

  async list(tenantId: string): Promise<ApiKeyDto[]> {
    return (await apiKeysRepository.list(this.deps.db, tenantId)).map((r) => this.toDto(r))
  }

  /** Idempotent: revoking a revoked key keeps its first revocation time. */
  async revoke(tenantId: string, id: string): Promise<ApiKeyDto> {
    const row = await apiKeysRepository.revoke(this.deps.db, tenantId, id, this.deps.clock.now())
    if (!row) throw apiKeyNotFound()
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
