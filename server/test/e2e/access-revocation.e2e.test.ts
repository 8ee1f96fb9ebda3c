// Access ends at once across processes (issue 11.2): two API processes on one database and one
// Redis. A member removed, demoted or logged out on process A is refused by process B on the very
// next request, and B closes the member's open events socket with 4401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import WebSocket from 'ws'
import { isolatedTestConfig } from '../build-test-app.js'
import { startProduct, type ProductProcess } from './product-process.js'

let a: ProductProcess
let b: ProductProcess
beforeAll(async () => {
  const config = await isolatedTestConfig()
  const env = {
    DATABASE_URL: config.db.url!, REDIS_URL: inject('redisUrl'), REDIS_PREFIX: config.redis.prefix, WARTA_DATA_DIR: config.dataDir,
    JWT_SECRET: config.auth.jwtSecret, WARTA_SECRET_KEY: config.secretKey.toString('hex'), WARTA_ROLES: 'api',
  }
  ;[a, b] = await Promise.all([startProduct(env), startProduct(env)])
})
afterAll(async () => { await Promise.all([a?.stop(), b?.stop()]) })

async function call(p: ProductProcess, method: string, path: string, opts: { token?: string; body?: unknown; cookie?: string } = {}) {
  const res = await fetch(`${p.url}/api/v1${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.cookie ? { cookie: `warta_rt=${opts.cookie}` } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  })
  const text = await res.text()
  const cookie = /warta_rt=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any, cookie }
}

/** An events socket on `p`, authenticated; resolves its close code when it closes. */
async function socketOn(p: ProductProcess, token: string): Promise<{ closed: Promise<number> }> {
  const ws = new WebSocket(`${p.url.replace('http', 'ws')}/api/v1/events`)
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject) })
  const ready = new Promise<void>((resolve) => ws.on('message', (raw) => { if (JSON.parse(String(raw)).type === 'ready') resolve() }))
  ws.send(JSON.stringify({ type: 'auth', token }))
  await ready
  return { closed }
}

async function shopWithMember(role: 'agent' | 'admin') {
  const owner = await call(a, 'POST', '/auth/register', { body: { businessName: 'Toko Dua Proses', email: `own-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`, password: 'rahasia-123' } })
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`
  const invited = await call(a, 'POST', '/team', { token: owner.body.accessToken, body: { email, role } })
  const login = await call(b, 'POST', '/auth/login', { body: { email, password: invited.body.temporaryPassword } })
  const member = await call(b, 'POST', '/auth/password', { token: login.body.accessToken, body: { newPassword: 'agen-rahasia-123' } })
  expect(member.status).toBe(200)
  return { owner: owner.body.accessToken as string, token: member.body.accessToken as string, cookie: member.cookie!, userId: member.body.user.id as string, email }
}

describe('two API processes', () => {
  it('a member removed on A is refused on B at once, and B closes their socket with 4401', async () => {
    const m = await shopWithMember('agent')
    const socket = await socketOn(b, m.token)
    expect((await call(b, 'GET', '/conversations', { token: m.token })).status).toBe(200)
    expect((await call(a, 'DELETE', `/team/${m.userId}`, { token: m.owner })).status).toBe(204)
    const next = await call(b, 'GET', '/conversations', { token: m.token })
    expect(next.status).toBe(401)
    expect(next.body.error.code).toBe('auth.session_revoked')
    expect(await socket.closed).toBe(4401)
  })

  it('a role change on A ends the old token on B at once; logout on B ends it on A at once', async () => {
    const m = await shopWithMember('admin')
    const socket = await socketOn(b, m.token)
    expect((await call(b, 'GET', '/team', { token: m.token })).status).toBe(200)
    expect((await call(a, 'PATCH', `/team/${m.userId}`, { token: m.owner, body: { role: 'agent' } })).status).toBe(200)
    expect((await call(b, 'GET', '/team', { token: m.token })).status).toBe(401)
    expect(await socket.closed).toBe(4401)
    const fresh = await call(b, 'POST', '/auth/refresh', { cookie: m.cookie })
    expect(fresh.body.user.role).toBe('agent')
    expect((await call(a, 'GET', '/team', { token: fresh.body.accessToken })).status).toBe(200)
    const socketOnA = await socketOn(a, fresh.body.accessToken)
    expect((await call(b, 'POST', '/auth/logout', { cookie: fresh.cookie, body: {} })).status).toBe(204)
    expect((await call(a, 'GET', '/team', { token: fresh.body.accessToken })).status).toBe(401)
    expect(await socketOnA.closed).toBe(4401)
  })
})
