// The HTTP contract (issue 12 item 3): /api/v1/openapi.json is valid OpenAPI 3.1 and describes
// every route the product registers — walked from Fastify's onRoute hook, so a route added
// without schemas fails here the day it is added — and its security matches what the server
// does to an anonymous caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Validator } from '@seriousme/openapi-schema-validator'
import type { RouteOptions } from 'fastify'
import { FakeWhatsApp } from '../adapters/whatsapp/fake/fake-whatsapp.js'
import { startGateway, type GatewayHarness } from '../../test/gateway-harness.js'
import { isDocumented } from './openapi.js'

type Op = { security: Array<Record<string, string[]>>; parameters?: Array<{ name: string; in: string }>; requestBody?: unknown; responses: Record<string, unknown> }
const routes: RouteOptions[] = []
let gw: GatewayHarness
let doc: { openapi: string; paths: Record<string, Record<string, Op>>; components: { securitySchemes: Record<string, unknown> } }

beforeAll(async () => {
  gw = await startGateway({ overrides: { whatsapp: new FakeWhatsApp() }, onRoute: (r) => { routes.push(r) } })
  const res = await fetch(`${gw.url}/api/v1/openapi.json`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('application/json')
  doc = await res.json() as typeof doc
}, 60_000)
afterAll(async () => { await gw?.close() })

const documented = () => routes.flatMap((r) => [r.method].flat().filter((m) => m !== 'HEAD').map((method) => ({ method, url: r.url, schema: (r.schema ?? {}) as Record<string, unknown> })))
  .filter((r) => isDocumented({ method: r.method, url: r.url }))
const pathOf = (url: string) => (url.length > 1 ? url.replace(/\/$/, '') : url).replace(/:(\w+)/g, '{$1}')

describe('GET /api/v1/openapi.json', () => {
  it('is served without a login and validates as OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0')
    const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0])
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearerAuth', 'metricsToken', 'refreshCookie'])
  })

  it('carries no secret of the running server', () => {
    const text = JSON.stringify(doc)
    expect(text).not.toContain(gw.config.auth.jwtSecret)
    expect(text).not.toContain(gw.config.metrics.token)
  })

  it('declares request and response schemas on every route the product registers', () => {
    const all = documented()
    expect(all.length).toBeGreaterThan(40)
    const missing: string[] = []
    for (const r of all) {
      const s = r.schema
      const response = (s.response ?? {}) as Record<string, unknown>
      if (!Object.keys(response).some((c) => /^[12]/.test(c))) missing.push(`${r.method} ${r.url}: no success response schema`)
      if (!response['4xx'] && !s.websocket) missing.push(`${r.method} ${r.url}: no 4xx (error) response schema`)
      if (r.url.includes(':') && !s.params) missing.push(`${r.method} ${r.url}: no params schema`)
      if (['POST', 'PUT', 'PATCH'].includes(r.method) && !s.body) missing.push(`${r.method} ${r.url}: no body schema`)
      if (r.method === 'GET' && !s.querystring && !s.websocket) missing.push(`${r.method} ${r.url}: no querystring schema`)
    }
    expect(missing).toEqual([])
  })

  it('lists every route, with its path parameters and body', () => {
    for (const r of documented()) {
      const op = doc.paths[pathOf(r.url)]?.[r.method.toLowerCase()]
      expect(op, `${r.method} ${r.url}`).toBeDefined()
      for (const name of [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1])) {
        expect(op!.parameters?.some((p) => p.in === 'path' && p.name === name), `${r.method} ${r.url} documents :${name}`).toBe(true)
      }
    }
    const send = doc.paths['/api/v1/messages']!.post!
    expect(send.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: { properties: { to: { type: 'string' }, text: { type: 'string' } } } } } })
    expect(send.security).toEqual([{ bearerAuth: [] }, { apiKey: ['messages:send'] }])
    expect(send.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key')).toBe(true)
  })

  it('says which routes need a login, as the server enforces it', async () => {
    const id = '00000000-0000-4000-8000-000000000000'
    const wrong: string[] = []
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (path === '/api/v1/events') continue // a WebSocket: its own test covers the handshake
        const res = await fetch(`${gw.url}${path.replace(/\{\w+\}/g, id)}`, { method: method.toUpperCase(), redirect: 'manual' })
        const open = op.security.length === 0
        if (open === (res.status === 401)) wrong.push(`${method.toUpperCase()} ${path}: documented ${open ? 'public' : 'secured'}, answered ${res.status}`)
      }
    }
    expect(wrong).toEqual([])
  })
})

describe('response checking (tests run with checkResponses)', () => {
  it('answers 500 when a handler sends a body its schema does not allow, and passes Dates as ISO strings', async () => {
    const { default: Fastify } = await import('fastify')
    const { z } = await import('zod')
    const { registerContract } = await import('./contract.js')
    const { registerErrorHandler } = await import('./errors.js')
    const { errors, IsoTime } = await import('../shared/http-schemas.js')
    const app = Fastify()
    registerContract(app, { checkResponses: true, version: 'test' })
    registerErrorHandler(app)
    const Thing = z.object({ id: z.string(), at: IsoTime })
    app.get('/good', { schema: { response: { 200: Thing, ...errors } } }, async () => ({ id: 'a', at: new Date(0), extra: 1 }))
    app.get('/bad', { schema: { response: { 200: Thing, ...errors } } }, async () => ({ id: 1 }))
    try {
      const good = await app.inject('/good')
      expect(good.statusCode).toBe(200)
      // Nothing is stripped: the contract names what clients may rely on, not all they get.
      expect(good.json()).toEqual({ id: 'a', at: '1970-01-01T00:00:00.000Z', extra: 1 })
      const bad = await app.inject('/bad')
      expect(bad.statusCode).toBe(500)
      expect(bad.json().error.code).toBe('internal')
    } finally { await app.close() }
  })
})
