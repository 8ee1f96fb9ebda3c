// Access tokens (@fastify/jwt, HS256 pinned, issuer and audience checked) and the tenant scope:
// after `authenticate`, every handler reads the caller's tenant, user and role from `req.auth` and
// passes `req.auth.tenantId` as the first argument to repositories.
import fastifyJwt from '@fastify/jwt'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify'
import { forbidden, unauthorized } from '../shared/errors.js'

export const ROLES = ['viewer', 'agent', 'admin', 'owner'] as const
export type Role = (typeof ROLES)[number]

export interface AuthContext {
  userId: string
  tenantId: string
  role: Role
}

interface AccessClaims {
  sub: string
  tid: string
  role: Role
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
  }
}

export const ISSUER = 'warta'
export const AUDIENCE = 'warta-api'

export const roleAtLeast = (role: Role, min: Role) => ROLES.indexOf(role) >= ROLES.indexOf(min)

export function requireRole(min: Role): preHandlerHookHandler {
  return async (req: FastifyRequest) => {
    if (!req.auth) throw unauthorized('auth.unauthenticated', 'Log in first.')
    if (!roleAtLeast(req.auth.role, min)) throw forbidden('auth.forbidden', `This needs the ${min} role or higher.`)
  }
}

export const authPlugin = fp<{ secret: string; accessTtlSeconds: number }>(async (app, opts) => {
  await app.register(fastifyJwt, {
    secret: opts.secret,
    sign: { algorithm: 'HS256', expiresIn: opts.accessTtlSeconds, iss: ISSUER, aud: AUDIENCE },
    verify: { algorithms: ['HS256'], allowedIss: ISSUER, allowedAud: AUDIENCE, requiredClaims: ['sub', 'tid', 'role', 'exp'] },
  })

  const toContext = (claims: AccessClaims): AuthContext => {
    if (!ROLES.includes(claims.role)) throw unauthorized('auth.unauthenticated', 'Unknown role in token.')
    return { userId: claims.sub, tenantId: claims.tid, role: claims.role }
  }

  app.decorate('signAccessToken', (ctx: AuthContext) => app.jwt.sign({ sub: ctx.userId, tid: ctx.tenantId, role: ctx.role }))
  app.decorate('verifyAccessToken', (token: string) => {
    try {
      return toContext(app.jwt.verify<AccessClaims>(token))
    } catch (err) {
      const expired = (err as { code?: string }).code === 'FAST_JWT_EXPIRED'
      throw unauthorized(expired ? 'auth.token_expired' : 'auth.unauthenticated', expired ? 'The session expired. Refresh it.' : 'Log in first.')
    }
  })
  app.decorateRequest('auth', null as unknown as AuthContext)
  app.decorate('authenticate', async (req: FastifyRequest, _reply: FastifyReply) => {
    const header = req.headers.authorization
    if (!header?.startsWith('Bearer ')) throw unauthorized('auth.unauthenticated', 'Log in first.')
    req.auth = app.verifyAccessToken(header.slice(7))
    // Every log line of this request carries the tenant from here on.
    req.log = req.log.child({ tenantId: req.auth.tenantId, userId: req.auth.userId })
  })
}, { name: 'warta-auth' })
