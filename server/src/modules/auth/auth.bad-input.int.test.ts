import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, newAccount, type TestContext } from '../../../test/build-test-app.js'

let t: TestContext
beforeAll(async () => { t = await buildTestApp({ env: { BODY_LIMIT_BYTES: '2048' } }) })
afterAll(async () => { await t?.close() })

const routes = ['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/logout']

describe('bad input on every auth route', () => {
  it.each(routes)('%s answers malformed JSON with 400 request.malformed_json', async (url) => {
    const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"email": ' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('request.malformed_json')
  })

  it.each(routes)('%s answers an oversized body with 413', async (url) => {
    const res = await t.app.inject({ method: 'POST', url, payload: { email: 'a@b.co', password: 'x'.repeat(5000) } })
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('request.body_too_large')
  })

  it.each(routes)('%s answers a non-JSON content type with 415', async (url) => {
    const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml' }, payload: '<a/>' })
    expect(res.statusCode).toBe(415)
    expect(res.json().error.code).toBe('request.unsupported_media_type')
  })

  it.each(routes)('%s refuses unknown fields with validation.failed', async (url) => {
    const res = await t.app.inject({ method: 'POST', url, payload: { ...newAccount(), isAdmin: true } })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('validation.failed')
  })

  it('names each wrong-typed or missing field of register in details', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { businessName: 42, email: 'not-an-email', password: 'short' } })
    expect(res.statusCode).toBe(400)
    const { error } = res.json()
    expect(error.code).toBe('validation.failed')
    expect(error.details.map((d: { path: string }) => d.path).sort()).toEqual(['businessName', 'email', 'password'])
  })

  it('answers a JSON array or scalar body with 400, never 500', async () => {
    for (const payload of ['[]', '"x"', '42', 'null']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload })
      expect(res.statusCode).toBeGreaterThanOrEqual(400)
      expect(res.statusCode).toBeLessThan(500)
      expect(res.json().error.code).toEqual(expect.any(String))
    }
  })

  it('answers an unknown route with 404 not_found in the same error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
  })
})
