// Limits that slow attackers without locking people out (issues 11.8 and 10.2): login back-off per
// (e-mail, IP) pair or known device, coarse caps that never apply to a device that signed in
// before, registration and refresh on budgets of their own (refresh per session, not per IP), and
// every body validated before a limiter looks at it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, newAccount, type TestContext } from '../../../test/build-test-app.js'
import { DEVICE_COOKIE, REFRESH_COOKIE } from './auth.routes.js'

let t: TestContext
// The back-off is measured on the app's clock; held still here, a 1 s wait never runs out while a
// slow machine hashes passwords, so every expected 429 is there however long an attempt takes.
const stillClock = { at: new Date(), now() { return new Date(this.at) } }
beforeAll(async () => {
  t = await buildTestApp({ deps: { clock: stillClock }, env: { AUTH_LOGIN_FREE_FAILURES: '3', AUTH_LOGIN_IP_FAILURES_PER_HOUR: '12', AUTH_LOGIN_EMAIL_FAILURES_PER_HOUR: '8', AUTH_REGISTER_PER_HOUR: '3', AUTH_REFRESH_PER_MINUTE: '5' } })
})
afterAll(async () => { await t?.close() })

const cookie = (res: { cookies: Array<{ name: string; value: string }> }, name: string) => res.cookies.find((c) => c.name === name)?.value
const login = (email: string, password: string, remoteAddress: string, device?: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password }, ...(device ? { cookies: { [DEVICE_COOKIE]: device } } : {}) })
let ipSeq = 0
const freshIp = () => `10.9.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`
async function account() {
  const a = newAccount()
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: freshIp(), payload: a })
  expect(res.statusCode).toBe(201)
  return { ...a, device: cookie(res, DEVICE_COOKIE)! }
}

describe('login', () => {
  it('answers a 10,000-deep array as the e-mail with 400, before any limiter reads it', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    const json = { 'content-type': 'application/json' }
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: json, payload: `{"email":${deep},"password":"x"}` })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('validation.failed')
    const reg = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', headers: json, payload: `{"businessName":"Toko","email":${deep},"password":"rahasia-123"}` })
    expect(reg.statusCode).toBe(400)
  })

  it('lets a few wrong passwords through, then makes each further attempt from that pair wait longer, with Retry-After', async () => {
    const a = await account()
    const ip = freshIp()
    const codes = []
    for (let i = 0; i < 5; i++) codes.push((await login(a.email, 'wrong-password', ip)).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 429])
    const limited = await login(a.email, a.password, ip)
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error.code).toBe('auth.rate_limited')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1)
  })

  it('never keeps the right password out from a device that signed in before, however hard its e-mail is attacked', async () => {
    const a = await account()
    const shopWifi = freshIp()
    const ok = await login(a.email, a.password, shopWifi, a.device)
    expect(ok.statusCode).toBe(200)
    // An attacker on the same Wi-Fi and on many other addresses, until every cap is reached.
    for (let i = 0; i < 6; i++) await login(a.email, 'guess-' + i, shopWifi)
    for (let i = 0; i < 10; i++) await login(a.email, 'guess-x' + i, freshIp())
    expect((await login(a.email, 'guess-y', freshIp())).statusCode).toBe(429)
    expect((await login(a.email, a.password, shopWifi)).statusCode).toBe(429)
    // The owner's own phone still gets in, at once.
    expect((await login(a.email, a.password, shopWifi, a.device)).statusCode).toBe(200)
  })

  it('keeps the pair apart from other addresses: an attack from one IP does not lock the owner out elsewhere', async () => {
    const a = await account()
    const attacker = freshIp()
    for (let i = 0; i < 5; i++) await login(a.email, 'guess-' + i, attacker)
    expect((await login(a.email, a.password, attacker)).statusCode).toBe(429)
    expect((await login(a.email, a.password, freshIp())).statusCode).toBe(200)
  })

  it('gives no bucket of its own to a made-up device cookie: it shares the IP’s back-off', async () => {
    const a = await account()
    const ip = freshIp()
    const codes = []
    for (let i = 0; i < 5; i++) codes.push((await login(a.email, 'guess-' + i, ip, `made-up-device-cookie-${i}-xxxxxxxx`)).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 429])
  })

  it('resets the pair on a right password', async () => {
    const a = await account()
    const ip = freshIp()
    for (let i = 0; i < 3; i++) expect((await login(a.email, 'wrong-' + i, ip)).statusCode).toBe(401)
    expect((await login(a.email, a.password, ip)).statusCode).toBe(200)
    const codes = []
    for (let i = 0; i < 3; i++) codes.push((await login(a.email, 'wrong-again-' + i, ip)).statusCode)
    expect(codes).toEqual([401, 401, 401])
  })

  it('caps failures per IP over many e-mails (spraying), except for devices that signed in there', async () => {
    const a = await account()
    const ip = freshIp()
    expect((await login(a.email, a.password, ip, a.device)).statusCode).toBe(200)
    const codes = []
    for (let i = 0; i < 13; i++) codes.push((await login(`nobody-${i}-${Date.now()}@example.com`, 'guess', ip)).statusCode)
    expect(codes.slice(0, 12).every((c) => c === 401)).toBe(true)
    expect(codes[12]).toBe(429)
    expect((await login(a.email, a.password, ip, a.device)).statusCode).toBe(200)
  })
})

describe('register', () => {
  it('has its own per-IP budget, with Retry-After', async () => {
    const ip = freshIp()
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: ip, payload: newAccount() })).statusCode)
    expect(codes).toEqual([201, 201, 201, 429])
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: ip, payload: newAccount() })
    expect(res.json().error.code).toBe('auth.rate_limited')
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    // Logging in from that address is a different budget.
    const a = await account()
    expect((await login(a.email, a.password, ip)).statusCode).toBe(200)
  })
})

describe('refresh', () => {
  it('is budgeted per signed-in session, not per IP: owner and agent behind one Wi-Fi both keep refreshing', async () => {
    const wifi = freshIp()
    const owner = await account()
    const agent = await account()
    let ownerRt = cookie(await login(owner.email, owner.password, wifi), REFRESH_COOKIE)!
    let agentRt = cookie(await login(agent.email, agent.password, wifi), REFRESH_COOKIE)!
    for (let i = 0; i < 5; i++) {
      const o = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress: wifi, cookies: { [REFRESH_COOKIE]: ownerRt } })
      const g = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress: wifi, cookies: { [REFRESH_COOKIE]: agentRt } })
      expect([o.statusCode, g.statusCode]).toEqual([200, 200])
      ownerRt = cookie(o, REFRESH_COOKIE)!
      agentRt = cookie(g, REFRESH_COOKIE)!
    }
    // The owner's session over its budget: 429 with Retry-After, and the cookie is kept, not cleared.
    const limited = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress: wifi, cookies: { [REFRESH_COOKIE]: ownerRt } })
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error.code).toBe('auth.rate_limited')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited.cookies.find((c) => c.name === REFRESH_COOKIE)).toBeUndefined()
    // A new login from the same Wi-Fi is a different session with its own budget.
    const again = await login(owner.email, owner.password, wifi, owner.device)
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress: wifi, cookies: { [REFRESH_COOKIE]: cookie(again, REFRESH_COOKIE)! } })).statusCode).toBe(200)
  })

  it('keeps limiter keys in Redis under the app prefix, with no e-mail address in them', async () => {
    const keys = await t.redis.connect().keys(`${t.config.redis.prefix}:rl:*`)
    expect(keys.length).toBeGreaterThan(0)
    expect(keys.join(' ')).not.toContain('@')
  })
})
