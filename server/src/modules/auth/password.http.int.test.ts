// Passwords (issue 10.8): an invited member must replace the temporary password before anything
// else; "Lupa kata sandi" gives a one-time link — e-mailed through a real SMTP server when one is
// configured, made by an owner/admin on the Team page when not. Links are random, stored hashed,
// single use, short-lived, never logged, and using one ends every session of the user.
import { Writable } from 'node:stream'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { SMTPServer } from 'smtp-server'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, newAccount, type TestContext } from '../../../test/build-test-app.js'
import { loggerOptions } from '../../shared/logger.js'
import { REFRESH_COOKIE } from './auth.routes.js'
import { passwordResetTokens } from './auth.tables.js'

class OffsetClock { offsetMs = 0; now() { return new Date(Date.now() + this.offsetMs) } }

let t: TestContext
let logs = ''
const clock = new OffsetClock()
beforeAll(async () => {
  const sink = new Writable({ write(chunk, _enc, done) { logs += String(chunk); done() } })
  const logger = pino({ ...loggerOptions('debug', { pretty: false }) }, sink)
  t = await buildTestApp({ deps: { logger, clock } })
})
afterAll(async () => { await t?.close() })

type Res = Awaited<ReturnType<TestContext['app']['inject']>>
const call = (method: 'GET' | 'POST', url: string, opts: { token?: string; payload?: object; cookie?: string } = {}) => t.app.inject({
  method, url: `/api/v1${url}`, headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
  ...(opts.payload ? { payload: opts.payload } : {}), ...(opts.cookie ? { cookies: { [REFRESH_COOKIE]: opts.cookie } } : {}),
})
const cookieOf = (res: Res) => res.cookies.find((c) => c.name === REFRESH_COOKIE)?.value

async function shop() {
  const account = newAccount()
  const owner = (await call('POST', '/auth/register', { payload: account })).json()
  return { account, owner: owner.accessToken as string }
}
async function invite(ownerToken: string, role: 'agent' | 'admin' = 'agent') {
  const email = `member-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`
  const res = await call('POST', '/team', { token: ownerToken, payload: { email, role } })
  return { email, id: res.json().member.id as string, temporaryPassword: res.json().temporaryPassword as string }
}

describe('first login with a temporary password', () => {
  it('opens only "set a new password"; the new one works, the temporary one and its token stop', async () => {
    const { owner } = await shop()
    const m = await invite(owner)
    const first = await call('POST', '/auth/login', { payload: { email: m.email, password: m.temporaryPassword } })
    expect(first.statusCode).toBe(200)
    expect(first.json().user.mustChangePassword).toBe(true)
    const temp = first.json().accessToken
    const blocked = await call('GET', '/team', { token: temp })
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().error.code).toBe('auth.password_change_required')
    expect((await call('GET', '/auth/me', { token: temp })).json().user.mustChangePassword).toBe(true)
    expect((await call('POST', '/auth/password', { token: temp, payload: { newPassword: 'short' } })).json().error.code).toBe('validation.failed')
    const set = await call('POST', '/auth/password', { token: temp, payload: { newPassword: 'kata-sandi-baru-1' } })
    expect(set.statusCode).toBe(200)
    expect(set.json().user.mustChangePassword).toBe(false)
    expect((await call('GET', '/team', { token: set.json().accessToken })).statusCode).toBe(200)
    expect((await call('GET', '/auth/me', { token: temp })).statusCode).toBe(401)
    expect((await call('POST', '/auth/login', { payload: { email: m.email, password: m.temporaryPassword } })).statusCode).toBe(401)
    expect((await call('POST', '/auth/login', { payload: { email: m.email, password: 'kata-sandi-baru-1' } })).statusCode).toBe(200)
  })

  it('asks for the current password for a voluntary change, and ends the other sessions', async () => {
    const { account, owner } = await shop()
    const other = await call('POST', '/auth/login', { payload: { email: account.email, password: account.password } })
    expect((await call('POST', '/auth/password', { token: owner, payload: { newPassword: 'ganti-sandi-123' } })).json().error.code).toBe('auth.invalid_credentials')
    expect((await call('POST', '/auth/password', { token: owner, payload: { currentPassword: 'salah-salah', newPassword: 'ganti-sandi-123' } })).statusCode).toBe(401)
    const changed = await call('POST', '/auth/password', { token: owner, payload: { currentPassword: account.password, newPassword: 'ganti-sandi-123' } })
    expect(changed.statusCode).toBe(200)
    expect((await call('GET', '/auth/me', { token: other.json().accessToken })).statusCode).toBe(401)
    expect((await call('POST', '/auth/refresh', { cookie: cookieOf(other) })).statusCode).toBe(401)
    expect((await call('GET', '/auth/me', { token: changed.json().accessToken })).statusCode).toBe(200)
  })
})

describe('reset links made by an owner or admin (no SMTP)', () => {
  it('says there is no e-mail, and answers a request the same way for known and unknown e-mails', async () => {
    const { account } = await shop()
    expect((await call('GET', '/auth/password-reset')).json()).toEqual({ email: false })
    const known = await call('POST', '/auth/password-reset/request', { payload: { email: account.email } })
    const unknown = await call('POST', '/auth/password-reset/request', { payload: { email: `nobody-${Date.now()}@example.com` } })
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202])
    expect(known.json()).toEqual(unknown.json())
  })

  it('makes a one-time link (token in the fragment) that sets the password and ends every session of the member', async () => {
    const { owner } = await shop()
    const m = await invite(owner)
    const login = await call('POST', '/auth/login', { payload: { email: m.email, password: m.temporaryPassword } })
    const made = await call('POST', `/team/${m.id}/password-reset`, { token: owner })
    expect(made.statusCode).toBe(201)
    const { token, path, expiresAt } = made.json()
    expect(path).toBe(`/reset-password#token=${token}`)
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000 + 5_000)
    // Stored hashed: the secret part of the token is nowhere in the database row.
    const [row] = await t.database.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, m.id))
    expect(JSON.stringify(row)).not.toContain(token.split('.')[3])

    const reset = await call('POST', '/auth/password-reset', { payload: { token, newPassword: 'sandi-dari-link-1' } })
    expect(reset.statusCode).toBe(200)
    expect(reset.json().user).toMatchObject({ email: m.email, mustChangePassword: false })
    expect((await call('GET', '/auth/me', { token: login.json().accessToken })).statusCode).toBe(401)
    expect((await call('POST', '/auth/refresh', { cookie: cookieOf(login) })).statusCode).toBe(401)
    expect((await call('POST', '/auth/login', { payload: { email: m.email, password: 'sandi-dari-link-1' } })).statusCode).toBe(200)
    // Single use.
    const again = await call('POST', '/auth/password-reset', { payload: { token, newPassword: 'sandi-lagi-123' } })
    expect(again.statusCode).toBe(400)
    expect(again.json().error.code).toBe('auth.reset_invalid')
    // Never in a log line, at any level.
    expect(logs).not.toContain(token.split('.')[3])
  })

  it('expires, and a newer link closes the older one', async () => {
    const { owner } = await shop()
    const m = await invite(owner)
    const older = (await call('POST', `/team/${m.id}/password-reset`, { token: owner })).json().token
    const newer = (await call('POST', `/team/${m.id}/password-reset`, { token: owner })).json().token
    expect((await call('POST', '/auth/password-reset', { payload: { token: older, newPassword: 'sandi-lama-123' } })).json().error.code).toBe('auth.reset_invalid')
    clock.offsetMs = 61 * 60_000
    try {
      expect((await call('POST', '/auth/password-reset', { payload: { token: newer, newPassword: 'sandi-telat-123' } })).json().error.code).toBe('auth.reset_invalid')
    } finally { clock.offsetMs = 0 }
    for (const bad of ['garbage', 'pr1.x.y.z', `${newer}x`]) {
      expect((await call('POST', '/auth/password-reset', { payload: { token: bad, newPassword: 'sandi-palsu-123' } })).statusCode).toBe(400)
    }
  })

  it('follows the team rules: admins cannot reset owners or admins, agents nobody, nobody themselves', async () => {
    const { owner } = await shop()
    const admin = await invite(owner, 'admin')
    const adminLogin = (await call('POST', '/auth/login', { payload: { email: admin.email, password: admin.temporaryPassword } })).json()
    const adminToken = (await call('POST', '/auth/password', { token: adminLogin.accessToken, payload: { newPassword: 'admin-sandi-123' } })).json().accessToken
    const ownerId = (await call('GET', '/auth/me', { token: owner })).json().user.id
    const agent = await invite(owner)
    expect((await call('POST', `/team/${ownerId}/password-reset`, { token: adminToken })).statusCode).toBe(403)
    expect((await call('POST', `/team/${agent.id}/password-reset`, { token: adminToken })).statusCode).toBe(201)
    expect((await call('POST', `/team/${ownerId}/password-reset`, { token: owner })).json().error.code).toBe('team.cannot_reset_self')
  })
})

describe('reset by e-mail through a real SMTP server', () => {
  it('e-mails a working link to a known address only, and the answer is the same either way', async () => {
    const mails: string[] = []
    const smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, done) { let text = ''; stream.on('data', (c) => { text += String(c) }); stream.on('end', () => { mails.push(text); done() }) },
    })
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r))
    const port = (smtp.server.address() as AddressInfo).port
    const mailed = await buildTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Warta <no-reply@warta.test>', PUBLIC_URL: 'https://warta.example.com' } })
    try {
      const account = newAccount()
      await mailed.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: account })
      expect((await mailed.app.inject({ method: 'GET', url: '/api/v1/auth/password-reset' })).json()).toEqual({ email: true })
      const unknown = await mailed.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: `nobody-${Date.now()}@example.com` } })
      const known = await mailed.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: account.email } })
      expect([unknown.statusCode, known.statusCode]).toEqual([202, 202])
      expect(known.json()).toEqual(unknown.json())
      expect(mails).toHaveLength(1)
      const mail = mails[0]!.replace(/=\r?\n/g, '').replace(/=3D/g, '=')
      expect(mail).toContain(`To: ${account.email}`)
      const link = /https:\/\/warta\.example\.com\/reset-password#token=(pr1\.[\w.-]+)/.exec(mail)
      expect(link).not.toBeNull()
      const reset = await mailed.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { token: link![1], newPassword: 'sandi-dari-email-1' } })
      expect(reset.statusCode).toBe(200)
      expect((await mailed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: account.email, password: 'sandi-dari-email-1' } })).statusCode).toBe(200)
    } finally {
      await mailed.close()
      await new Promise<void>((r) => smtp.close(() => r()))
    }
  })
})
