// API keys through HTTP: made by owners/admins, shown once, stored hashed, limited to their
// scopes, refused on the next request after revocation or expiry, and rate-limited per key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { apiKeys } from './api-keys.tables.js'

const PER_MINUTE = 5
let h: PipelineHarness
let owner: Awaited<ReturnType<typeof registerOwner>>
beforeAll(async () => {
  h = await startPipeline({ env: { API_KEY_REQUESTS_PER_MINUTE: String(PER_MINUTE) } })
  owner = await registerOwner(h.app)
})
afterAll(async () => { await h?.close() })

async function makeKey(body: Record<string, unknown> = {}) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'Kasir', scopes: ['messages:read'], ...body } })
  expect(res.statusCode).toBe(201)
  return res.json() as { key: { id: string; prefix: string; status: string }; secret: string }
}
const withKey = (secret: string) => ({ authorization: `Bearer ${secret}` })

describe('API keys', () => {
  it('shows the secret once, stores only its hash, lists keys without it, and the key reads the inbox', async () => {
    const { key, secret } = await makeKey()
    expect(secret).toMatch(/^wk_live_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/)
    expect(secret.startsWith(`${key.prefix}_`)).toBe(true)
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: owner.auth })
    expect(list.body).not.toContain(secret.slice(-43))
    expect(list.json().items.find((k: { id: string }) => k.id === key.id)).toMatchObject({ name: 'Kasir', scopes: ['messages:read'], status: 'active', lastUsedAt: null })
    const [row] = await h.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id))
    expect(JSON.stringify(row)).not.toContain(secret.slice(-43))

    const res = await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: withKey(secret) })
    expect(res.statusCode).toBe(200)
    const after = await h.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: owner.auth })
    expect(after.json().items.find((k: { id: string }) => k.id === key.id).lastUsedAt).not.toBeNull()
  })

  it('refuses a route whose scope the key lacks, and every route that names no scope (team, keys)', async () => {
    const { secret } = await makeKey({ scopes: ['messages:read'] })
    const contact = await h.app.inject({ method: 'GET', url: '/api/v1/contacts/00000000-0000-4000-8000-000000000000', headers: withKey(secret) })
    expect(contact.statusCode).toBe(403)
    expect(contact.json().error.code).toBe('auth.scope_missing')
    for (const [method, url] of [['GET', '/api/v1/api-keys'], ['POST', '/api/v1/api-keys'], ['GET', '/api/v1/team'], ['GET', '/api/v1/auth/me']] as const) {
      const res = await h.app.inject({ method, url, headers: withKey(secret), ...(method === 'POST' ? { payload: { name: 'x', scopes: ['messages:send'] } } : {}) })
      expect(res.statusCode, url).toBe(403)
      expect(res.json().error.code).toBe('auth.scope_missing')
    }
  })

  it('stops working on the very next request after it is revoked', async () => {
    const { key, secret } = await makeKey()
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: withKey(secret) })).statusCode).toBe(200)
    const revoked = await h.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: owner.auth })
    expect(revoked.statusCode).toBe(200)
    expect(revoked.json().status).toBe('revoked')
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: withKey(secret) })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('auth.key_revoked')
  })

  it('stops working once its expiry passes', async () => {
    const { secret } = await makeKey({ expiresAt: new Date(h.clock.now().getTime() + 3_600_000).toISOString() })
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: withKey(secret) })).statusCode).toBe(200)
    h.clock.offsetMs += 2 * 3_600_000
    try {
      const res = await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: withKey(secret) })
      expect(res.statusCode).toBe(401)
      expect(res.json().error.code).toBe('auth.key_expired')
    } finally { h.clock.offsetMs -= 2 * 3_600_000 }
  })

  it('is never accepted in a URL, and an unknown or malformed key is a 401', async () => {
    const { secret } = await makeKey()
    for (const url of [`/api/v1/conversations?api_key=${secret}`, `/api/v1/conversations?access_token=${secret}`]) {
      expect((await h.app.inject({ method: 'GET', url })).statusCode).toBe(401)
    }
    const wrong = `${secret.slice(0, -4)}AAAA`
    for (const token of [wrong, 'wk_live_nonsense']) {
      const res = await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: withKey(token) })
      expect(res.statusCode).toBe(401)
      expect(res.json().error.code).toBe('auth.unauthenticated')
    }
  })

  it('answers 429 with Retry-After once one key passes its rate, while another key still works', async () => {
    const { secret } = await makeKey()
    const other = await makeKey()
    for (let i = 0; i < PER_MINUTE; i++) expect((await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: withKey(secret) })).statusCode).toBe(200)
    const limited = await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: withKey(secret) })
    expect(limited.statusCode).toBe(429)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited.json().error.code).toBe('auth.rate_limited')
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: withKey(other.secret) })).statusCode).toBe(200)
  })

  it('is managed by owners and admins only, and refuses bad input with stable codes', async () => {
    const agent = await h.member(owner, 'agent')
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: agent.auth, payload: { name: 'x', scopes: ['messages:send'] } })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('auth.forbidden')
    const admin = await h.member(owner, 'admin')
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin.auth, payload: { name: 'x', scopes: ['messages:send'] } })).statusCode).toBe(201)
    const badScope = await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'x', scopes: ['everything'] } })
    expect(badScope.statusCode).toBe(400)
    expect(badScope.json().error.code).toBe('validation.failed')
    const past = await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'x', scopes: ['messages:send'], expiresAt: '2020-01-01T00:00:00Z' } })
    expect(past.statusCode).toBe(400)
    expect(past.json().error.code).toBe('api_keys.expiry_in_past')
    const otherTenant = await registerOwner(h.app)
    const mine = await makeKey()
    const foreign = await h.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${mine.key.id}`, headers: otherTenant.auth })
    expect(foreign.statusCode).toBe(404)
  })
})
