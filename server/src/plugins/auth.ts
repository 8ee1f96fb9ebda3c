// Access tokens (@fastify/jwt, HS256 pinned, issuer and audience checked) and the tenant scope:
// after `authenticate`, every handler reads the caller's tenant, user and role from `req.auth` and
// passes `req.auth.tenantId` as the first argument to repositories. A token also names the user's
// session version and its signed-in session; the session guard refuses it on the very next request
// once either changed (member removed, role or password changed, logout, family revoked).
import fastifyJwt from '@fastify/jwt'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify'
import { forbidden, unauthorized } from '../shared/errors.js'
import type { SessionGuard } from '../modules/auth/auth.session-guard.service.js'
import { looksLikeApiKey, type ApiKeysService } from '../modules/api-keys/api-keys.service.js'
import type { ApiScope } from '../modules/api-keys/api-keys.schemas.js'

export const ROLES = ['viewer', 'agent', 'admin', 'owner'] as const
export type Role = (typeof ROLES)[number]

export interface AuthContext {
  userId: string
  tenantId: string
  role: Role
  /** The refresh-token family this access token belongs to (one signed-in session). */
  sessionId: string
  /** The user's session version when the token was issued. */
  version: number
  /** Signed in with a temporary password: only the password change is open. */
  mustChangePassword: boolean
  /** Set when an integrator's API key (not a person's login) made the request. */
  apiKey?: { id: string; scopes: ApiScope[] }
}

interface AccessClaims {
  sub: string
  tid: string
  role: Role
  sid: string
  ver: number
  pwc?: true
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims
    user: AccessClaims
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext
  }
  interface FastifyInstance {
    authenticate: preHandlerHookHandler
    signAccessToken(ctx: AuthContext): string
    verifyAccessToken(token: string): AuthContext
    /** verifyAccessToken plus the session guard: the token is still current. */
    authenticateToken(token: string): Promise<AuthContext>
    sessionGuard: Pick<SessionGuard, 'isCurrent' | 'onChange' | 'announceUser' | 'announceSessions'>
  }
  interface FastifyContextConfig {
    /** Open to a user who still has to replace a temporary password (me, password change). */
    duringPasswordChange?: boolean
    /**
     * The scope an API key needs for this route. Routes that name none are closed to API keys
     * (team, keys, passwords: what only a person may do).
     */
    scope?: ApiScope
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const isUuid = (v: unknown) => typeof v === 'string' && UUID.test(v)

export const ISSUER = 'warta'
export const AUDIENCE = 'warta-api'

export const roleAtLeast = (role: Role, min: Role) => ROLES.indexOf(role) >= ROLES.indexOf(min)

export function requireRole(min: Role): preHandlerHookHandler {
  return async (req: FastifyRequest) => {
    if (!req.auth) throw unauthorized('auth.unauthenticated', 'Log in first.')
    if (!roleAtLeast(req.auth.role, min)) throw forbidden('auth.forbidden', `This needs the ${min} role or higher.`)
  }
}

export interface AuthPluginOptions {
  secret: string
  accessTtlSeconds: number
  guard: FastifyInstance['sessionGuard']
  /** Checks `wk_live_…` bearer tokens; without it only logins are accepted. */
  apiKeys?: Pick<ApiKeysService, 'authenticate'>
}

export const authPlugin = fp<AuthPluginOptions>(async (app, opts) => {
  await app.register(fastifyJwt, {
    secret: opts.secret,
    sign: { algorithm: 'HS256', expiresIn: opts.accessTtlSeconds, iss: ISSUER, aud: AUDIENCE },
    verify: { algorithms: ['HS256'], allowedIss: ISSUER, allowedAud: AUDIENCE, requiredClaims: ['sub', 'tid', 'role', 'sid', 'ver', 'exp'] },
  })

  const toContext = (claims: AccessClaims): AuthContext => {
    // Only a leaked key could sign claims of the wrong shape; even then they are a 401, never a
    // query on a malformed id (that was a 500).
    const wellFormed = ROLES.includes(claims.role) && Number.isSafeInteger(claims.ver) && [claims.sub, claims.tid, claims.sid].every(isUuid)
    if (!wellFormed) throw unauthorized('auth.unauthenticated', 'Log in first.')
    return { userId: claims.sub, tenantId: claims.tid, role: claims.role, sessionId: claims.sid, version: claims.ver, mustChangePassword: claims.pwc === true }
  }

  app.decorate('sessionGuard', opts.guard)
  app.decorate('signAccessToken', (ctx: AuthContext) => app.jwt.sign({
    sub: ctx.userId, tid: ctx.tenantId, role: ctx.role, sid: ctx.sessionId, ver: ctx.version, ...(ctx.mustChangePassword ? { pwc: true as const } : {}),
  }))
  app.decorate('verifyAccessToken', (token: string) => {
    try {
      return toContext(app.jwt.verify<AccessClaims>(token))
    } catch (err) {
      const expired = (err as { code?: string }).code === 'FAST_JWT_EXPIRED'
      throw unauthorized(expired ? 'auth.token_expired' : 'auth.unauthenticated', expired ? 'The session expired. Refresh it.' : 'Log in first.')
    }
  })
  app.decorate('authenticateToken', async (token: string) => {
    const ctx = app.verifyAccessToken(token)
    if (!(await opts.guard.isCurrent(ctx))) throw unauthorized('auth.session_revoked', 'This session was ended or changed. Refresh it or log in again.')
    return ctx
  })
  app.decorateRequest('auth', null as unknown as AuthContext)
  app.decorate('authenticate', async (req: FastifyRequest, _reply: FastifyReply) => {
    const header = req.headers.authorization
    if (!header?.startsWith('Bearer ')) throw unauthorized('auth.unauthenticated', 'Log in first.')
    const token = header.slice(7)
    if (looksLikeApiKey(token) && opts.apiKeys) {
      const key = await opts.apiKeys.authenticate(token)
      const needed = req.routeOptions.config.scope
      if (!needed || !key.scopes.includes(needed)) {
        throw forbidden('auth.scope_missing', needed ? `This API key lacks the ${needed} scope.` : 'API keys cannot use this endpoint; log in as a person.')
      }
      // A key acts for its tenant; its scopes, not a role, bound what it does (see `scope`).
      req.auth = {
        userId: key.createdBy ?? key.keyId, tenantId: key.tenantId, role: 'admin', sessionId: `key:${key.keyId}`, version: 0,
        mustChangePassword: false, apiKey: { id: key.keyId, scopes: key.scopes },
      }
      req.log = req.log.child({ tenantId: key.tenantId, apiKeyId: key.keyId })
      return
    }
    req.auth = await app.authenticateToken(token)
    if (req.auth.mustChangePassword && !req.routeOptions.config.duringPasswordChange) {
      throw forbidden('auth.password_change_required', 'Set a new password first.')
    }
    // Every log line of this request carries the tenant from here on.
    req.log = req.log.child({ tenantId: req.auth.tenantId, userId: req.auth.userId })
  })
}, { name: 'warta-auth' })
