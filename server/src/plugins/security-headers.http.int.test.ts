// Security headers (issue 11.7): the dashboard's CSP allows exactly its own scripts and the
// inline scripts of the built shell (by hash), nothing may frame it, API answers are never cached,
// and HSTS appears only over https. /metrics needs its token; the shipped nginx hides it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, newAccount, type TestContext } from '../../test/build-test-app.js'

const inline = 'window.__NUXT__={config:{}}'
let web: string
let t: TestContext
beforeAll(async () => {
  web = mkdtempSync(join(tmpdir(), 'warta-web-'))
  writeFileSync(join(web, 'index.html'), `<!doctype html><html><head><script type="module" src="/_nuxt/app.js"></script><script type="application/json" id="__NUXT_DATA__">[1]</script><script>${inline}</script></head><body></body></html>`)
  t = await buildTestApp({ env: { WARTA_WEB_DIR: web } })
})
afterAll(async () => { await t?.close() })

describe('security headers', () => {
  it('gives the dashboard a CSP with its inline script hashes, no framing, nosniff and a referrer policy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })
    expect(res.statusCode).toBe(200)
    const csp = String(res.headers['content-security-policy'])
    const hash = createHash('sha256').update(inline).digest('base64')
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp.match(/script-src[^;]*/)![0]).not.toContain('unsafe-inline')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })

  it('marks every auth and API answer no-store with the strictest CSP, errors included', async () => {
    const reg = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: newAccount() })
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x' } })
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${reg.json().accessToken}` } })
    for (const res of [reg, bad, me]) {
      expect(res.headers['cache-control']).toBe('no-store')
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'")
      expect(res.headers['x-content-type-options']).toBe('nosniff')
    }
  })

  it('sends HSTS only when served over https: an https public URL, or https at a trusted proxy', async () => {
    const https = await buildTestApp({ env: { PUBLIC_URL: 'https://warta.example.com' } })
    const proxied = await buildTestApp({ env: { TRUST_PROXY: 'true' } })
    try {
      expect((await https.app.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security']).toContain('max-age=')
      expect((await proxied.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toContain('max-age=')
      expect((await proxied.app.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security']).toBeUndefined()
    } finally { await https.close(); await proxied.close() }
  })
})

describe('the shipped nginx config', () => {
  it('does not pass /metrics through to the server', () => {
    const conf = readFileSync(resolve(fileURLToPath(import.meta.url), '../../../../nginx/nginx.conf'), 'utf8')
    expect(conf).toMatch(/location = \/metrics \{\s*return 404;\s*\}/)
  })
})
