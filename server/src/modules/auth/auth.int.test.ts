import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigner } from 'fast-jwt'
import { buildTestApp, newAccount, type TestContext } from '../../../test/build-test-app.js'
import { REFRESH_COOKIE } from './auth.routes.js'

let t: TestContext
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t?.close() })

const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) => res.cookies.find((c) => c.name === REFRESH_COOKIE)?.value
const register = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body })
const refresh = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { [REFRESH_COOKIE]: token } })

describe('register and login', () => {
  it('registers a business and its owner, returns an access token and sets an httpOnly refresh cookie', async () => {
    const account = newAccount()
    const res = await register(account)
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.user).toMatchObject({ email: account.email, role: 'owner' })
    expect(body.tenant).toMatchObject({ name: account.businessName, timezone: 'Asia/Jakarta', onboarded: false })
    expect(body.accessToken).toEqual(expect.any(String))
    expect(JSON.stringify(body)).not.toContain('passwordHash')
    const cookie = res.cookies.find((c) => c.name === REFRESH_COOKIE)
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' })
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.accessToken}` } })
    expect(me.statusCode).toBe(200)
    expect(me.json().tenant.id).toBe(body.tenant.id)
  })

  it('refuses a second account with the same e-mail, whatever its case', async () => {
    const account = newAccount()
    expect((await register(account)).statusCode).toBe(201)
    const again = await register({ ...account, email: account.email.toUpperCase() })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('auth.email_taken')
  })

  it('logs in with the right password and refuses a wrong one or an unknown e-mail alike', async () => {
    const account = newAccount()
    await register(account)
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: account.email, password: account.password } })
    expect(ok.statusCode).toBe(200)
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: account.email, password: 'wrong-password' } })
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.com', password: 'whatever1' } })
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401)
      expect(res.json().error.code).toBe('auth.invalid_credentials')
    }
  })
})

describe('refresh tokens', () => {
  it('rotates the refresh token on every use', async () => {
    const first = cookieOf(await register(newAccount()))!
    const r1 = await refresh(first)
    expect(r1.statusCode).toBe(200)
    const second = cookieOf(r1)!
    expect(second).not.toBe(first)
    expect((await refresh(second)).statusCode).toBe(200)
  })

  it('revokes the whole family when a rotated token is presented again', async () => {
    const first = cookieOf(await register(newAccount()))!
    const second = cookieOf(await refresh(first))!
    const reuse = await refresh(first)
    expect(reuse.statusCode).toBe(401)
    expect(reuse.json().error.code).toBe('auth.refresh_reused')
    // The attacker's copy and the legitimate newer token are both dead now.
    const after = await refresh(second)
    expect(after.statusCode).toBe(401)
  })

  it('ends the session on logout', async () => {
    const token = cookieOf(await register(newAccount()))!
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { [REFRESH_COOKIE]: token } })
    expect(out.statusCode).toBe(204)
    expect((await refresh(token)).statusCode).toBe(401)
  })

  it('rejects forged, tampered and missing refresh tokens with 401', async () => {
    const token = cookieOf(await register(newAccount()))!
    const parts = token.split('.')
    const tampered = [...parts.slice(0, 3), 'x'.repeat(43)].join('.')
    const otherTenant = [parts[0], '00000000-0000-4000-8000-000000000000', parts[2], parts[3]].join('.')
    for (const bad of [tampered, otherTenant, 'garbage', 'rt1.a.b.c']) {
      const res = await refresh(bad)
      expect(res.statusCode).toBe(401)
      expect(res.json().error.code).toBe('auth.invalid_refresh')
    }
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh' })
    expect(none.statusCode).toBe(401)
  })
})

describe('access tokens', () => {
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })

  it('rejects tokens signed with another key, with alg none, or expired', async () => {
    const { tenant, user } = (await register(newAccount())).json()
    const claims = { sub: user.id, tid: tenant.id, role: 'owner', sid: crypto.randomUUID(), ver: 0, iss: 'warta', aud: 'warta-api' }
    const otherKey = createSigner({ key: 'another-secret-another-secret-another-secret', algorithm: 'HS256', expiresIn: 60_000 })(claims)
    const none = createSigner({ algorithm: 'none' })(claims)
    const expired = createSigner({ key: t.config.auth.jwtSecret, algorithm: 'HS256' })({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 })
    expect((await me(otherKey)).json().error.code).toBe('auth.unauthenticated')
    expect((await me(none)).json().error.code).toBe('auth.unauthenticated')
    expect((await me(expired)).json().error.code).toBe('auth.token_expired')
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401)
  })

  it('rejects a token of the right key but the wrong audience', async () => {
    const { tenant, user } = (await register(newAccount())).json()
    const token = createSigner({ key: t.config.auth.jwtSecret, algorithm: 'HS256', expiresIn: 60_000 })({ sub: user.id, tid: tenant.id, role: 'owner', sid: crypto.randomUUID(), ver: 0, iss: 'warta', aud: 'someone-else' })
    expect((await me(token)).statusCode).toBe(401)
  })
})
