// /api/v1/auth: register, login, refresh, logout, me. The refresh token lives only in an httpOnly
// cookie scoped to this path, so page scripts never see it and it never appears in a URL.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import { FixedWindowLimiter } from '../../shared/fixed-window-limiter.js'
import { parseInput } from '../../shared/validation.js'
import { AppError } from '../../shared/errors.js'
import type { AuthService, IssuedSession } from './auth.service.js'
import { EmptyBody, LoginBody, RegisterBody } from './auth.schemas.js'

export const REFRESH_COOKIE = 'warta_rt'
const COOKIE_PATH = '/api/v1/auth'

export interface AuthRoutesOptions {
  auth: AuthService
  accessTtlSeconds: number
  rateLimitPerMinute: number
  secureCookies: boolean
  /** Connection with the app's key prefix, for the per-e-mail limiter. */
  redis: Redis
}

export async function authRoutes(app: FastifyInstance, opts: AuthRoutesOptions): Promise<void> {
  const limited = (what: string) => (_req: FastifyRequest, ctx: { after: string }) =>
    new AppError('auth.rate_limited', `Too many ${what} attempts. Try again in ${ctx.after}.`, 429)
  // Two limits on login and register: per client IP (before the body is read) and per e-mail
  // (after), so neither spraying one account from many IPs nor many accounts from one IP works.
  const perIp = app.rateLimit({
    max: opts.rateLimitPerMinute, timeWindow: 60_000, hook: 'onRequest',
    keyGenerator: (req) => `auth-ip:${req.ip ?? 'injected'}`,
    errorResponseBuilder: limited('sign-in'),
  })
  const emailLimiter = new FixedWindowLimiter(opts.redis, 'rl:auth-email', opts.rateLimitPerMinute, 60_000)
  const perEmail = async (req: FastifyRequest) => {
    const email = String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()
    if (!email) return
    const wait = await emailLimiter.hit(email)
    if (wait > 0) throw new AppError('auth.rate_limited', `Too many sign-in attempts for this e-mail. Try again in ${wait} seconds.`, 429)
  }

  const send = (reply: FastifyReply, session: IssuedSession, status: number) => {
    reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
      httpOnly: true, sameSite: 'strict', secure: opts.secureCookies, path: COOKIE_PATH, expires: session.refreshExpiresAt,
    })
    return reply.status(status).send({
      accessToken: app.signAccessToken(session.auth),
      expiresIn: opts.accessTtlSeconds,
      user: session.user,
      tenant: session.tenant,
    })
  }

  app.post('/register', { onRequest: perIp, preHandler: perEmail }, async (req, reply) => {
    const body = parseInput(RegisterBody, req.body)
    return send(reply, await opts.auth.register(body), 201)
  })

  app.post('/login', { onRequest: perIp, preHandler: perEmail }, async (req, reply) => {
    const body = parseInput(LoginBody, req.body)
    return send(reply, await opts.auth.login(body), 200)
  })

  app.post('/refresh', { onRequest: perIp }, async (req, reply) => {
    parseInput(EmptyBody, req.body)
    const token = req.cookies[REFRESH_COOKIE]
    if (!token) throw new AppError('auth.invalid_refresh', 'The session ended. Log in again.', 401)
    try {
      return send(reply, await opts.auth.refresh(token), 200)
    } catch (err) {
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH })
      throw err
    }
  })

  app.post('/logout', async (req, reply) => {
    parseInput(EmptyBody, req.body)
    await opts.auth.logout(req.cookies[REFRESH_COOKIE])
    reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH })
    return reply.status(204).send()
  })

  app.get('/me', { preHandler: app.authenticate }, async (req) => opts.auth.me(req.auth))
}
