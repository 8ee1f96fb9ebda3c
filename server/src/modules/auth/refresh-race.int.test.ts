// The refresh-token reuse race (issue 11.6): two simultaneous refreshes with one token give one
// 200 and one 401 auth.refresh_reused, and the winner's new refresh token and access token are
// revoked too — every time, because the family revocation commits on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, newAccount, type TestContext } from '../../../test/build-test-app.js'
import { REFRESH_COOKIE } from './auth.routes.js'

let t: TestContext
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t?.close() })

const refresh = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { [REFRESH_COOKIE]: token } })
const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) => res.cookies.find((c) => c.name === REFRESH_COOKIE)?.value

describe('two refreshes at once with one token', () => {
  it('20 pairs in a row: one 200, one auth.refresh_reused, and the winner’s new tokens are dead too', async () => {
    const registered = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: newAccount() })
    let token = cookieOf(registered)!
    for (let pair = 0; pair < 20; pair++) {
      // A fresh family each round, from a login, so every pair races on an unused token.
      if (pair > 0) {
        const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: registered.json().user.email, password: 'rahasia-kopi-123' } })
        token = cookieOf(login)!
      }
      const results = await Promise.all([refresh(token), refresh(token)])
      const codes = results.map((r) => r.statusCode).sort()
      expect(codes, `pair ${pair}`).toEqual([200, 401])
      const loser = results.find((r) => r.statusCode === 401)!
      expect(loser.json().error.code, `pair ${pair}`).toBe('auth.refresh_reused')
      const winner = results.find((r) => r.statusCode === 200)!
      expect((await refresh(cookieOf(winner)!)).statusCode, `pair ${pair}: the winner's new refresh token`).toBe(401)
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${winner.json().accessToken}` } })
      expect(me.statusCode, `pair ${pair}: the winner's access token`).toBe(401)
    }
  })
})
