// /api/v1/auth: register, login, refresh, logout, me, password change and reset. The refresh
// token lives only in an httpOnly cookie scoped to this path, so page scripts never see it and it
// never appears in a URL. Every body is validated before any limiter looks at it.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import type { Config } from '../../config/config.js'
import type { Clock } from '../../shared/clock.js'
import { sha256 } from '../../shared/crypto.js'
import { FixedWindowLimiter } from '../../shared/fixed-window-limiter.js'
import { parseInput } from '../../shared/validation.js'
import { AppError, RateLimitedError, isAppError } from '../../shared/errors.js'
import { isDependencyUnavailable } from '../../shared/dependency-errors.js'
import type { AuthService, IssuedSession } from './auth.service.js'
import type { PasswordResetService } from './auth.password-reset.service.js'
import { ChangePasswordBody, EmptyBody, LoginBody, Me, PasswordResetAvailability, RegisterBody, ResetPasswordBody, ResetRequestBody, Session } from './auth.schemas.js'
import { errors, NoContent, NoQuery } from '../../shared/http-schemas.js'
import { LoginThrottle } from './auth.login-throttle.js'

export const REFRESH_COOKIE = 'warta_rt'
/** A random id for this browser; after a successful login it makes the device "known" for that e-mail. */
export const DEVICE_COOKIE = 'warta_dev'
const COOKIE_PATH = '/api/v1/auth'
const HOUR = 3_600_000

export interface AuthRoutesOptions {
  auth: AuthService
  passwordResets: PasswordResetService
  accessTtlSeconds: number
  limits: Config['auth']['limits']
  secureCookies: boolean
  /** Connection with the app's key prefix, for the limiters. */
  redis: Redis
  clock: Clock
}

const tooMany = (wait: number) => new RateLimitedError('auth.rate_limited', `Too many attempts. Try again in ${wait} seconds.`, wait)

export async function authRoutes(app: FastifyInstance, opts: AuthRoutesOptions): Promise<void> {
  const { limits, redis } = opts
  const throttle = new LoginThrottle(redis, {
    freeFailures: limits.loginFreeFailures, ipFailuresPerHour: limits.loginIpFailuresPerHour, emailFailuresPerHour: limits.loginEmailFailuresPerHour,
    now: () => opts.clock.now().getTime(),
  })
  const registerPerIp = new FixedWindowLimiter(redis, 'rl:register', limits.registerPerHour, HOUR)
  // Keyed by the signed-in session, not the IP: a shop's staff behind one Wi-Fi never share it.
  const refreshPerSession = new FixedWindowLimiter(redis, 'rl:refresh', limits.refreshPerMinute, 60_000)
  const resetRequestPerIp = new FixedWindowLimiter(redis, 'rl:reset-req-ip', 10, HOUR)
  const resetRequestPerEmail = new FixedWindowLimiter(redis, 'rl:reset-req-email', 3, HOUR)
  const resetPerIp = new FixedWindowLimiter(redis, 'rl:reset-ip', 30, HOUR)
  const passwordPerUser = new FixedWindowLimiter(redis, 'rl:password', 10, HOUR)
  const check = async (limiter: FixedWindowLimiter, key: string) => {
    const wait = await limiter.hit(key)
    if (wait > 0) throw tooMany(wait)
  }
  const ipOf = (req: FastifyRequest) => req.ip || 'unknown'

  const cookieBase = { httpOnly: true, sameSite: 'strict' as const, secure: opts.secureCookies, path: COOKIE_PATH }
  const send = (reply: FastifyReply, session: IssuedSession, status: number) => {
    reply.setCookie(REFRESH_COOKIE, session.refreshToken, { ...cookieBase, expires: session.refreshExpiresAt })
    return reply.status(status).send({
      accessToken: app.signAccessToken(session.auth),
      expiresIn: opts.accessTtlSeconds,
      user: session.user,
      tenant: session.tenant,
    })
  }
  const deviceOf = (req: FastifyRequest) => {
    const id = req.cookies[DEVICE_COOKIE]
    return id && /^[\w-]{20,64}$/.test(id) ? id : undefined
  }
  const rememberDevice = (req: FastifyRequest, reply: FastifyReply) => {
    const id = deviceOf(req) ?? randomBytes(24).toString('base64url')
    reply.setCookie(DEVICE_COOKIE, id, { ...cookieBase, maxAge: 180 * 24 * 3600 })
    return id
  }

  app.post('/register', { schema: { summary: 'Create a business and its owner; signs in', security: [], body: RegisterBody, response: { 201: Session, ...errors } } }, async (req, reply) => {
    const body = parseInput(RegisterBody, req.body)
    await check(registerPerIp, ipOf(req))
    const session = await opts.auth.register(body)
    await throttle.succeeded({ email: body.email, ip: ipOf(req), deviceId: rememberDevice(req, reply) })
    return send(reply, session, 201)
  })

  app.post('/login', { schema: { summary: 'Sign in (sets the refresh cookie)', security: [], body: LoginBody, response: { 200: Session, ...errors } } }, async (req, reply) => {
    const body = parseInput(LoginBody, req.body)
    const attempt = { email: body.email, ip: ipOf(req), deviceId: deviceOf(req) }
    const verdict = await throttle.admit(attempt)
    if (!verdict.ok) throw tooMany(verdict.retryAfterSeconds)
    let session: IssuedSession
    try {
      session = await opts.auth.login(body)
    } catch (err) {
      if (isAppError(err) && err.code === 'auth.invalid_credentials') await throttle.failed(attempt)
      else if (isDependencyUnavailable(err)) await throttle.released(attempt, verdict.known).catch(() => {})
      throw err
    }
    await throttle.succeeded({ ...attempt, deviceId: rememberDevice(req, reply) })
    return send(reply, session, 200)
  })

  app.post('/refresh', { schema: { summary: 'A new access token from the refresh cookie (rotates it)', security: [{ refreshCookie: [] }], body: EmptyBody, response: { 200: Session, ...errors } } }, async (req, reply) => {
    parseInput(EmptyBody, req.body)
    const token = req.cookies[REFRESH_COOKIE]
    if (!token) throw new AppError('auth.invalid_refresh', 'The session ended. Log in again.', 401)
    // A refused refresh leaves the cookie alone: a dead token in it is harmless (it is refused
    // again), while clearing it could land after — and wipe — the new cookie of a session that
    // replaced this one in the same moment (a password change or reset in this browser).
    return send(reply, await opts.auth.refresh(token, { beforeRotate: (familyId) => check(refreshPerSession, familyId) }), 200)
  })

  app.post('/logout', { schema: { summary: 'Sign out (ends the refresh token)', security: [], body: EmptyBody, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
    parseInput(EmptyBody, req.body)
    await opts.auth.logout(req.cookies[REFRESH_COOKIE])
    reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH })
    return reply.status(204).send()
  })

  app.get('/me', { preHandler: app.authenticate, config: { duringPasswordChange: true }, schema: { summary: 'The signed-in user and business', querystring: NoQuery, response: { 200: Me, ...errors } } }, async (req) => opts.auth.me(req.auth))

  app.post('/password', { preHandler: app.authenticate, config: { duringPasswordChange: true }, schema: { summary: 'Change the password (ends every other session)', body: ChangePasswordBody, response: { 200: Session, ...errors } } }, async (req, reply) => {
    const body = parseInput(ChangePasswordBody, req.body)
    await check(passwordPerUser, req.auth.userId)
    return send(reply, await opts.auth.changePassword(req.auth, body), 200)
  })

  app.get('/password-reset', { schema: { summary: 'Whether reset links can be e-mailed', security: [], querystring: NoQuery, response: { 200: PasswordResetAvailability, ...errors } } }, async () => ({ email: opts.passwordResets.emailEnabled }))

  app.post('/password-reset/request', { schema: { summary: 'E-mail a reset link (always 202: never says whether the account exists)', security: [], body: ResetRequestBody, response: { 202: PasswordResetAvailability, ...errors } } }, async (req, reply) => {
    const body = parseInput(ResetRequestBody, req.body)
    await check(resetRequestPerIp, ipOf(req))
    await check(resetRequestPerEmail, sha256(body.email.toLowerCase()))
    await opts.passwordResets.requestByEmail(body.email)
    return reply.status(202).send({ email: opts.passwordResets.emailEnabled })
  })

  app.post('/password-reset', { schema: { summary: 'Set a new password with a reset link; signs in', security: [], body: ResetPasswordBody, response: { 200: Session, ...errors } } }, async (req, reply) => {
    const body = parseInput(ResetPasswordBody, req.body)
    await check(resetPerIp, ipOf(req))
    return send(reply, await opts.passwordResets.reset(body.token, body.newPassword), 200)
  })
}
