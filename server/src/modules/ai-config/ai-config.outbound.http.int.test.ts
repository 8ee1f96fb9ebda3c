// SSRF through the AI base URL (issue 11.1), through HTTP: an owner cannot point the server at
// loopback, private or metadata addresses, a stored URL that is no longer allowed is never
// called (no port-scan timing), and "test the classifier" has a per-tenant budget.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerOwner, startPipeline, type PipelineHarness } from '../../../test/pipeline-harness.js'
import { aiConfigs } from './ai-config.tables.js'

let strict: PipelineHarness
let server: Server
let connections = 0
let url = ''
beforeAll(async () => {
  // No operator allow-list here: the default of a product install.
  strict = await startPipeline({ env: { OUTBOUND_ALLOW_HOSTS: '', OUTBOUND_ALLOW_HTTP: 'false', AI_TEST_PER_MINUTE: '3' } })
  server = createServer((_req, res) => { res.writeHead(500); res.end() })
  server.on('connection', () => { connections += 1 })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
})
afterAll(async () => {
  await strict?.close()
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r))
})

const put = (auth: Record<string, string>, payload: object) => strict.app.inject({ method: 'PUT', url: '/api/v1/ai-config', headers: auth, payload })

describe('AI base URL through the guarded client', () => {
  it('refuses loopback, private and metadata base URLs with 400 net.forbidden_address and stores nothing', async () => {
    const owner = await registerOwner(strict.app)
    for (const baseUrl of [url, 'http://169.254.169.254/latest/meta-data', 'https://169.254.169.254/v1', 'https://10.0.0.5/v1', 'https://[::1]:11434/v1', 'https://localhost/v1']) {
      const res = await put(owner.auth, { baseUrl, apiKey: 'sk-test-123456' })
      expect(res.statusCode, baseUrl).toBe(400)
      expect(res.json().error.code).toBe('net.forbidden_address')
      expect(res.json().error.details[0].path).toBe('baseUrl')
    }
    const stored = await strict.app.inject({ method: 'GET', url: '/api/v1/ai-config', headers: owner.auth })
    expect(stored.json()).toMatchObject({ baseUrl: null, hasApiKey: false })
    expect(connections).toBe(0)
  })

  it('never calls a stored URL that is not allowed (saved before the guard): the built-in classifier answers and says why', async () => {
    const owner = await registerOwner(strict.app)
    expect((await put(owner.auth, { apiKey: 'sk-test-123456' })).statusCode).toBe(200)
    await strict.database.db.update(aiConfigs).set({ baseUrl: url }).where(eq(aiConfigs.tenantId, owner.tenantId))
    strict.pipeline.aiConfig.invalidate(owner.tenantId)
    const res = await strict.app.inject({ method: 'POST', url: '/api/v1/ai-config/test-classifier', headers: owner.auth, payload: { text: 'harga kopi susu berapa?' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().classification).toMatchObject({ classifier: 'offline', fallbackReason: 'net.forbidden_address' })
    expect(connections).toBe(0)
  })

  it('limits "test the classifier" per tenant, with Retry-After, without touching other tenants', async () => {
    const a = await registerOwner(strict.app)
    const b = await registerOwner(strict.app)
    const test = (who: { auth: Record<string, string> }) => strict.app.inject({ method: 'POST', url: '/api/v1/ai-config/test-classifier', headers: who.auth, payload: { text: 'halo' } })
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await test(a)).statusCode)
    expect(codes).toEqual([200, 200, 200, 429])
    const limited = await test(a)
    expect(limited.json().error.code).toBe('ai_config.test_rate_limited')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await test(b)).statusCode).toBe(200)
  })
})
