// Who the API fuzz test sends requests as, and the rows its paths point at. Every role has a live
// token; `ensureAlive` re-creates a member whose access a fuzzed request ended (a removed or
// demoted member, a reset), so the rest of the run still exercises the authorised paths.
import { createHmac, randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Role } from '../../src/plugins/auth.js'
import { MEMBER_PASSWORD } from '../pipeline-harness.js'

export type Caller = Role | 'none' | 'forged'
export const CALLERS: readonly Caller[] = ['owner', 'admin', 'agent', 'viewer', 'none', 'forged']

export interface Actor { role: Role; email: string; password: string; userId: string; token: string }

const OWNER_PASSWORD = 'rahasia-pemilik-123'

async function json(app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, token?: string) {
  const res = await app.inject({ method, url, ...(payload ? { payload } : {}), headers: token ? { authorization: `Bearer ${token}` } : {} })
  return { status: res.statusCode, body: res.body ? (res.json() as Record<string, any>) : {} }
}

export async function createOwner(app: FastifyInstance, tag: string): Promise<Actor & { tenantId: string }> {
  const email = `fuzz-owner-${tag}-${randomUUID().slice(0, 8)}@example.com`
  const res = await json(app, 'POST', '/api/v1/auth/register', { businessName: `Toko Fuzz ${tag}`, email, password: OWNER_PASSWORD })
  if (res.status !== 201) throw new Error(`register failed: ${res.status}`)
  return { role: 'owner', email, password: OWNER_PASSWORD, userId: res.body.user.id, token: res.body.accessToken, tenantId: res.body.tenant.id }
}

/** A member of the owner's tenant with `role`, past the first-login password change. */
export async function createMember(app: FastifyInstance, owner: Actor, role: Exclude<Role, 'owner'>): Promise<Actor> {
  const email = `fuzz-${role}-${randomUUID().slice(0, 8)}@example.com`
  const invited = await json(app, 'POST', '/api/v1/team', { email, role }, owner.token)
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${JSON.stringify(invited.body)}`)
  const login = await json(app, 'POST', '/api/v1/auth/login', { email, password: invited.body.temporaryPassword })
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`)
  const changed = await json(app, 'POST', '/api/v1/auth/password', { newPassword: MEMBER_PASSWORD }, login.body.accessToken)
  if (changed.status !== 200) throw new Error(`password change failed: ${changed.status}`)
  return { role, email, password: MEMBER_PASSWORD, userId: changed.body.user.id, token: changed.body.accessToken }
}

/** A member who never signs in: team routes remove, demote and reset them (invite only, no login). */
export async function createVictim(app: FastifyInstance, owner: Actor, role: Exclude<Role, 'owner'>): Promise<string> {
  const invited = await json(app, 'POST', '/api/v1/team', { email: `fuzz-victim-${randomUUID().slice(0, 8)}@example.com`, role }, owner.token)
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status}`)
  return invited.body.member.id as string
}

/** Ids of the tenant's members now. */
export async function memberIds(app: FastifyInstance, owner: Actor): Promise<Set<string>> {
  const res = await json(app, 'GET', '/api/v1/team', undefined, owner.token)
  return new Set((res.body.items as Array<{ id: string }>).map((m) => m.id))
}

/** The actor still works with its role; otherwise it is replaced (the owner logs in again). */
export async function ensureAlive(app: FastifyInstance, actor: Actor, owner: Actor): Promise<Actor> {
  const me = await json(app, 'GET', '/api/v1/auth/me', undefined, actor.token)
  if (me.status === 200 && me.body.user?.role === actor.role) return actor
  if (actor.role === 'owner') {
    const login = await json(app, 'POST', '/api/v1/auth/login', { email: actor.email, password: actor.password })
    if (login.status !== 200 || login.body.user.role !== 'owner') throw new Error(`the owner lost access for good (${login.status}): the fuzz run can no longer test authorised paths`)
    return { ...actor, token: login.body.accessToken }
  }
  return createMember(app, owner, actor.role)
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
function hs256(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) {
  const head = `${b64(header)}.${b64(claims)}`
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`
}

/**
 * Tokens nobody issued: garbage, alg none, a wrong key, an expired one, another tenant's claims,
 * and — signed with the real key, as if it had leaked — claims of the wrong shape.
 */
export function forgedTokens(secret: string, real: { userId: string; tenantId: string }): string[] {
  const now = Math.floor(Date.now() / 1000)
  const base = { sub: real.userId, tid: real.tenantId, role: 'owner', sid: randomUUID(), ver: 0, iss: 'warta', aud: 'warta-api', iat: now, exp: now + 900 }
  return [
    'garbage', '', 'Bearer', 'a.b.c', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(base)}.`,
    hs256(base, 'not-the-secret-but-long-enough-0123456789'),
    hs256({ ...base, exp: now - 60 }, secret),
    hs256({ ...base, tid: randomUUID() }, secret),
    hs256({ ...base, role: 'superadmin' }, secret),
    hs256({ ...base, sub: 'not-a-uuid', tid: 'x\u0000y' }, secret),
    hs256({ ...base, sid: { $ne: null }, ver: '1' }, secret),
    hs256({ ...base, ver: Number.MAX_VALUE }, secret),
    hs256(base, secret, { alg: 'HS512', typ: 'JWT' }),
  ]
}
