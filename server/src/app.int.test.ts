import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../test/build-test-app.js'

describe('serving the dashboard', () => {
  it('serves the built SPA, falls back to its shell for deep links, and keeps JSON 404s for the API', async () => {
    const web = mkdtempSync(join(tmpdir(), 'warta-web-'))
    writeFileSync(join(web, 'index.html'), '<html>index</html>')
    writeFileSync(join(web, '200.html'), '<html>shell</html>')
    const t = await buildTestApp({ env: { WARTA_WEB_DIR: web } })
    try {
      expect((await t.app.inject({ method: 'GET', url: '/' })).body).toContain('index')
      const deep = await t.app.inject({ method: 'GET', url: '/inbox/123', headers: { accept: 'text/html' } })
      expect(deep.statusCode).toBe(200)
      expect(deep.body).toContain('shell')
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { accept: 'text/html' } })
      expect(api.statusCode).toBe(404)
      expect(api.json().error.code).toBe('not_found')
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)
    } finally { await t.close() }
  })
})
