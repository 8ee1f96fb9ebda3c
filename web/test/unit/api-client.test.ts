// useApi's client against a real (tiny) HTTP server: token attached, one shared refresh on an
// expired token, retry, session lost when the refresh is refused, errors parsed for forms.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, createApiClient } from '~/utils/api-client'
import type { Session } from '~/types/api'

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void
let server: Server
let baseUrl = ''
let handler: Handler
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = []

function json(res: ServerResponse, status: number, payload?: unknown) {
  res.writeHead(status, payload === undefined ? {} : { 'content-type': 'application/json' })
  res.end(payload === undefined ? undefined : JSON.stringify(payload))
}
const session = (token: string): Session => ({
  accessToken: token, expiresIn: 900,
  user: { id: 'u1', email: 'a@b.c', name: 'A', role: 'owner', mustChangePassword: false },
  tenant: { id: 't1', name: 'Toko', timezone: 'Asia/Jakarta', onboarded: true },
})

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body })
      handler(req, body, res)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const a = server.address()
  baseUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/api/v1`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))
beforeEach(() => { seen.length = 0 })

function makeClient(initialToken: string | null) {
  let token = initialToken
  const onSession = vi.fn((s: Session) => { token = s.accessToken })
  const onSessionLost = vi.fn(() => { token = null })
  const onRateLimited = vi.fn()
  const client = createApiClient({ baseUrl, fetch: globalThis.fetch, getToken: () => token, onSession, onSessionLost, onRateLimited })
  return { client, onSession, onSessionLost, onRateLimited, token: () => token }
}

describe('api client', () => {
  it('sends JSON with the bearer token and drops empty query values', async () => {
    handler = (req, _b, res) => json(res, 200, { items: [], nextCursor: null })
    const { client } = makeClient('tok-1')
    await client.get('/conversations', { tag: 'hot_lead', mode: '', unread: undefined, limit: 30 })
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/conversations?tag=hot_lead&limit=30', auth: 'Bearer tok-1' })
  })

  it('downloads a file with the token in the header (never the link), as bytes', async () => {
    handler = (_r, _b, res) => { res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }); res.end(Buffer.from('\uFEFFnama\r\n')) }
    const { client } = makeClient('tok-1')
    const blob = await client.download('/customers/export', { q: 'joko' })
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/customers/export?q=joko', auth: 'Bearer tok-1' })
    expect([...new Uint8Array(await blob.arrayBuffer())].slice(0, 3)).toEqual([0xef, 0xbb, 0xbf])
  })

  it('sends {} for a bodiless POST, because the server parses every body', async () => {
    handler = (_r, _b, res) => json(res, 204)
    const { client } = makeClient('tok-1')
    await expect(client.post('/conversations/c1/read')).resolves.toBeUndefined()
    expect(seen[0]!.body).toBe('{}')
  })

  it('sends extra headers (an Idempotency-Key) with the request and its retry after a refresh, never replacing the token', async () => {
    const keys: Array<string | undefined> = []
    let expired = true
    handler = (req, _b, res) => {
      if (req.url === '/api/v1/auth/refresh') return json(res, 200, session('tok-2'))
      keys.push(req.headers['idempotency-key'] as string | undefined)
      if (expired) { expired = false; return json(res, 401, { error: { code: 'auth.token_expired', message: 'expired' } }) }
      return json(res, 201, { id: 'm1' })
    }
    const { client } = makeClient('tok-1')
    await client.request('POST', '/messages', { body: { to: '+6281234567890', text: 'Halo' }, headers: { 'idempotency-key': 'k-1', authorization: 'Bearer forged' } })
    expect(keys).toEqual(['k-1', 'k-1'])
    expect(seen.filter((r) => r.url === '/api/v1/messages').map((r) => r.auth)).toEqual(['Bearer tok-1', 'Bearer tok-2'])
  })

  it('refreshes once on auth.token_expired and retries with the new token', async () => {
    handler = (req, _b, res) => {
      if (req.url === '/api/v1/auth/refresh') return json(res, 200, session('tok-2'))
      if (req.headers.authorization === 'Bearer tok-2') return json(res, 200, { ok: true })
      return json(res, 401, { error: { code: 'auth.token_expired', message: 'expired' } })
    }
    const { client, onSession, onSessionLost } = makeClient('tok-1')
    await expect(client.get('/overview')).resolves.toEqual({ ok: true })
    expect(seen.map((s) => s.url)).toEqual(['/api/v1/overview', '/api/v1/auth/refresh', '/api/v1/overview'])
    expect(onSession).toHaveBeenCalledOnce()
    expect(onSessionLost).not.toHaveBeenCalled()
  })

  it('shares one refresh between requests that expire at the same time', async () => {
    handler = (req, _b, res) => {
      if (req.url === '/api/v1/auth/refresh') return setTimeout(() => json(res, 200, session('tok-2')), 30)
      if (req.headers.authorization === 'Bearer tok-2') return json(res, 200, { url: req.url })
      return json(res, 401, { error: { code: 'auth.token_expired', message: 'expired' } })
    }
    const { client } = makeClient('tok-1')
    const results = await Promise.all([client.get('/a'), client.get('/b'), client.get('/c')])
    expect(results).toEqual([{ url: '/api/v1/a' }, { url: '/api/v1/b' }, { url: '/api/v1/c' }])
    expect(seen.filter((s) => s.url === '/api/v1/auth/refresh')).toHaveLength(1)
  })

  it('reports the session lost when the refresh is refused, and throws the original error', async () => {
    handler = (req, _b, res) => {
      if (req.url === '/api/v1/auth/refresh') return json(res, 401, { error: { code: 'auth.invalid_refresh', message: 'ended' } })
      return json(res, 401, { error: { code: 'auth.unauthenticated', message: 'no' } })
    }
    const { client, onSessionLost } = makeClient('tok-1')
    const err = await client.get('/team').catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 401, code: 'auth.unauthenticated' })
    expect(onSessionLost).toHaveBeenCalledOnce()
  })

  it('never refreshes for a wrong password', async () => {
    handler = (_r, _b, res) => json(res, 401, { error: { code: 'auth.invalid_credentials', message: 'wrong' } })
    const { client, onSessionLost } = makeClient(null)
    await expect(client.post('/auth/login', { email: 'a', password: 'b' })).rejects.toMatchObject({ code: 'auth.invalid_credentials' })
    expect(seen).toHaveLength(1)
    expect(onSessionLost).not.toHaveBeenCalled()
  })

  it('does not refresh on 403: the role is too low, the session is fine', async () => {
    handler = (_r, _b, res) => json(res, 403, { error: { code: 'auth.forbidden', message: 'role' } })
    const { client } = makeClient('tok-1')
    await expect(client.post('/conversations/c1/messages', { text: 'hi' })).rejects.toMatchObject({ status: 403, code: 'auth.forbidden' })
    expect(seen).toHaveLength(1)
  })

  it('parses validation details into field errors', async () => {
    handler = (_r, _b, res) => json(res, 400, { error: { code: 'validation.failed', message: 'bad', details: [
      { path: 'email', code: 'invalid_format', message: 'Invalid email' },
      { path: 'profile.hours', code: 'too_big', message: 'Too long' },
      { path: 'email', code: 'too_small', message: 'second email error is ignored' },
    ] } })
    const { client } = makeClient('tok-1')
    const err = (await client.put('/ai-config', {}).catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('validation.failed')
    expect(Object.keys(err.fieldErrors)).toEqual(['email', 'profile.hours'])
    expect(err.fieldErrors.email!.code).toBe('invalid_format')
  })

  it('turns a non-JSON error page into an http_<status> error', async () => {
    handler = (_r, _b, res) => { res.writeHead(502, { 'content-type': 'text/html' }); res.end('<h1>Bad gateway</h1>') }
    const { client } = makeClient('tok-1')
    await expect(client.get('/overview')).rejects.toMatchObject({ status: 502, code: 'http_502' })
  })

  it('turns a network failure into code "network"', async () => {
    const client = createApiClient({ baseUrl: 'http://127.0.0.1:1/api/v1', fetch: globalThis.fetch, getToken: () => null, onSession: () => {}, onSessionLost: () => {} })
    await expect(client.get('/overview')).rejects.toMatchObject({ status: 0, code: 'network' })
  })

  it('restores a session at start-up with the cookie alone (refresh returns null when there is none)', async () => {
    handler = (_r, _b, res) => json(res, 401, { error: { code: 'auth.invalid_refresh', message: 'none' } })
    const { client, onSession } = makeClient(null)
    await expect(client.refresh()).resolves.toBeNull()
    expect(onSession).not.toHaveBeenCalled()
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/auth/refresh', auth: undefined })
  })

  it('never treats a rate-limited refresh as a logout: the 429 reaches the caller with its wait, the session stays', async () => {
    handler = (req, _b, res) => {
      if (req.url === '/api/v1/auth/refresh') { res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '17' }); return res.end(JSON.stringify({ error: { code: 'auth.rate_limited', message: 'wait' } })) }
      return json(res, 401, { error: { code: 'auth.token_expired', message: 'expired' } })
    }
    const { client, onSessionLost, onRateLimited, token } = makeClient('tok-1')
    const err = (await client.get('/overview').catch((e: unknown) => e)) as ApiError
    expect(err).toMatchObject({ status: 429, code: 'auth.rate_limited', retryAfter: 17, rateLimited: true })
    expect(onSessionLost).not.toHaveBeenCalled()
    expect(onRateLimited).toHaveBeenCalledWith(17)
    expect(token()).toBe('tok-1')
    // At start-up too: a 429 rejects instead of resolving "no session".
    await expect(client.refresh()).rejects.toMatchObject({ status: 429, retryAfter: 17 })
  })

  it('reports any 429 with its Retry-After', async () => {
    handler = (_r, _b, res) => { res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '5' }); res.end(JSON.stringify({ error: { code: 'ai_config.test_rate_limited', message: 'wait' } })) }
    const { client, onRateLimited } = makeClient('tok-1')
    await expect(client.post('/ai-config/test-classifier', { text: 'x' })).rejects.toMatchObject({ status: 429, retryAfter: 5 })
    expect(onRateLimited).toHaveBeenCalledWith(5)
  })

  it('refreshes when the server says the session changed (role change), and retries', async () => {
    handler = (req, _b, res) => {
      if (req.url === '/api/v1/auth/refresh') return json(res, 200, session('tok-2'))
      if (req.headers.authorization === 'Bearer tok-2') return json(res, 200, { ok: true })
      return json(res, 401, { error: { code: 'auth.session_revoked', message: 'changed' } })
    }
    const { client, onSessionLost } = makeClient('tok-1')
    await expect(client.get('/team')).resolves.toEqual({ ok: true })
    expect(onSessionLost).not.toHaveBeenCalled()
  })
})
