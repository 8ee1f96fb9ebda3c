import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, newAccount, type TestContext } from '../../../test/build-test-app.js'

let t: TestContext
beforeAll(async () => { t = await buildTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } }) })
afterAll(async () => { await t?.close() })

const login = (email: string, remoteAddress: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password: 'wrong-password' } })

describe('rate limits on login and register', () => {
  it('stops a fourth attempt from one IP within a minute with 429 auth.rate_limited', async () => {
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await login(`ip-test-${i}@example.com`, '10.0.0.1')).statusCode)
    expect(codes).toEqual([401, 401, 401, 429])
    const res = await login('ip-test-x@example.com', '10.0.0.1')
    expect(res.json().error.code).toBe('auth.rate_limited')
  })

  it('stops attempts on one e-mail spread over many IPs', async () => {
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await login('target@example.com', `10.0.1.${i}`)).statusCode)
    expect(codes).toEqual([401, 401, 401, 429])
  })

  it('limits registration per IP as well', async () => {
    const codes = []
    for (let i = 0; i < 4; i++) {
      codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: '10.0.2.1', payload: newAccount() })).statusCode)
    }
    expect(codes).toEqual([201, 201, 201, 429])
  })

  it('keeps counts in Redis under the app prefix, so other API nodes share them', async () => {
    const keys = await t.redis.connect().keys(`${t.config.redis.prefix}:rl:*`)
    expect(keys.length).toBeGreaterThan(0)
  })
})
