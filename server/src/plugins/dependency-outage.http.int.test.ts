// While PostgreSQL or Redis is down (issue 11, chaos): every route answers 503
// `service.unavailable` with a Retry-After, never a 500; /readyz is red and /healthz stays green
// (the outage is one the process recovers from); afterwards everything works again, and logins
// refused during the outage did not count as wrong passwords. Each test takes down a server of its
// own, never the ones other suites share. What needs only the database keeps working meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, newAccount, type TestContext } from '../../test/build-test-app.js'
import { customerMessage, registerOwner, startPipeline, type PipelineHarness } from '../../test/pipeline-harness.js'
import { createFreshDatabase } from '../../test/services.js'
import { ThrowawayPostgres, ThrowawayRedis } from '../../test/throwaway-servers.js'
import { migrateDatabase, openDatabase } from '../db/client.js'

type App = TestContext['app']

async function expectUnavailable(app: App, req: { method: 'GET' | 'POST'; url: string; payload?: object; token?: string }) {
  const res = await app.inject({ method: req.method, url: req.url, ...(req.payload ? { payload: req.payload } : {}), ...(req.token ? { headers: { authorization: `Bearer ${req.token}` } } : {}) })
  expect(res.statusCode, `${req.method} ${req.url}: ${res.body}`).toBe(503)
  expect(res.json().error.code).toBe('service.unavailable')
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
}

describe('while PostgreSQL is down', () => {
  let pg: ThrowawayPostgres
  let t: TestContext
  beforeAll(async () => {
    pg = await ThrowawayPostgres.create()
    const url = await createFreshDatabase(pg.url, 'outage')
    const setup = await openDatabase({ url, dataDir: '/unused', poolSize: 1 })
    await migrateDatabase(setup)
    await setup.close()
    t = await buildTestApp({ env: { DATABASE_URL: url, AUTH_LOGIN_FREE_FAILURES: '2' } })
  }, 120_000)
  afterAll(async () => { await t?.close(); await pg?.stop() })

  it('answers 503 with a code on every route, keeps /healthz green, and counts no refused login as a wrong password', async () => {
    const owner = newAccount()
    const reg = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: owner })
    expect(reg.statusCode).toBe(201)
    const token = reg.json().accessToken as string

    await pg.stop('fast')
    await expectUnavailable(t.app, { method: 'POST', url: '/api/v1/auth/register', payload: newAccount() })
    await expectUnavailable(t.app, { method: 'GET', url: '/api/v1/auth/me', token })
    await expectUnavailable(t.app, { method: 'GET', url: '/api/v1/team', token })
    // More refused logins than the free failures: none of them judged a password.
    for (let i = 0; i < 5; i++) await expectUnavailable(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: owner.password } })
    const ready = await t.app.inject({ url: '/readyz' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json().checks.database).toMatch(/^error/)
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200)

    await pg.start()
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: owner.password } })
    expect(login.statusCode, login.body).toBe(200)
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200)
  }, 120_000)
})

describe('while Redis is down', () => {
  let redis: ThrowawayRedis
  let h: PipelineHarness
  beforeAll(async () => {
    redis = await ThrowawayRedis.create()
    h = await startPipeline({ env: { REDIS_URL: redis.url } })
  }, 60_000)
  afterAll(async () => { await h?.close(); await redis?.kill() })

  it('answers 503 with a code where Redis is needed, keeps /healthz green, and works again once it is back', async () => {
    const owner = newAccount()
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: owner })).statusCode).toBe(201)

    await redis.kill()
    await expectUnavailable(h.app, { method: 'POST', url: '/api/v1/auth/register', payload: newAccount() })
    await expectUnavailable(h.app, { method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: owner.password } })
    const ready = await h.app.inject({ url: '/readyz' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json().checks).toMatchObject({ database: 'ok', redis: expect.stringMatching(/^error/) })
    expect((await h.app.inject({ url: '/healthz' })).statusCode).toBe(200)

    await redis.start()
    const again = await h.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: newAccount() })
    expect(again.statusCode, again.body).toBe(201)
    expect((await h.app.inject({ url: '/readyz' })).statusCode).toBe(200)
  }, 60_000)

  it('still answers what only needs the database — a reply, a takeover, new settings — once each, without waiting for Redis', async () => {
    const owner = await registerOwner(h.app)
    await h.pipeline.inbox.ingest(owner.tenantId, [customerMessage({ phone: '628333000071', pushName: 'Sari', text: 'Kak, masih buka?' })], 'live')
    const conversation = (await h.app.inject({ url: '/api/v1/conversations', headers: owner.auth })).json().items[0].id as string

    await redis.kill()
    // These used to wait for Redis to come back (the reply already committed: a client that
    // gave up and sent it again would have sent the customer two messages).
    const reply = await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversation}/messages`, headers: owner.auth, payload: { text: 'Masih, kak' } })
    expect(reply.statusCode, reply.body).toBe(202)
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversation}/takeover`, headers: owner.auth })).statusCode).toBe(200)
    expect((await h.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: owner.auth, payload: { autoReply: false } })).statusCode).toBe(200)
    await redis.start()

    const messages = (await h.app.inject({ url: `/api/v1/conversations/${conversation}/messages`, headers: owner.auth })).json().items as Array<{ direction: string; body: string }>
    expect(messages.filter((m) => m.direction === 'out').map((m) => m.body)).toEqual(['Masih, kak'])
  }, 60_000)
})
