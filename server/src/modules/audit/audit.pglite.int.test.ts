// The audit entries written inside a change's transaction, on the embedded PGlite (the default
// without DATABASE_URL). PGlite runs one statement at a time: a query outside the open transaction
// (the actor's name looked up on the pool) would wait for it forever. Every audited change by a
// person must answer here too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../app.js'
import { createServices, type Services } from '../../composition.js'
import { migrateDatabase, openDatabase, type Database } from '../../db/client.js'
import { openRedis, type RedisHandle } from '../../infra/redis.js'
import { silentLogger, testConfig } from '../../../test/build-test-app.js'
import { registerOwner } from '../../../test/gateway-harness.js'
import { customerMessage } from '../../../test/pipeline-harness.js'

let database: Database
let redis: RedisHandle
let services: Services
let app: FastifyInstance

beforeAll(async () => {
  const config = testConfig()
  database = await openDatabase({ url: undefined, dataDir: config.dataDir, pgliteDir: 'memory://' })
  await migrateDatabase(database)
  redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger: silentLogger })
  services = await createServices({ config, database, redis, logger: silentLogger })
  app = await buildApp(services, { checkResponses: true })
  await app.ready()
}, 120_000)
afterAll(async () => {
  await app?.close()
  await services?.close()
  await database?.close()
  await redis?.close()
})

describe('audited changes on PGlite', () => {
  it('assigns, resolves, takes over, replies and leaves a note, each with its audit entry', async () => {
    const owner = await registerOwner(app)
    await services.inbox.ingest(owner.tenantId, [customerMessage({ phone: '6281311110001', text: 'Halo kak' })], 'live')
    const id = (await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: owner.auth })).json().items[0].id as string
    const call = (method: 'PATCH' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url: `/api/v1${url}`, headers: owner.auth, ...(payload ? { payload } : {}) })
    expect((await call('PATCH', `/conversations/${id}`, { assigneeId: owner.userId })).statusCode).toBe(200)
    expect((await call('POST', `/conversations/${id}/takeover`)).statusCode).toBe(200)
    expect((await call('POST', `/conversations/${id}/messages`, { text: 'Siap kak' })).statusCode).toBe(202)
    expect((await call('POST', `/conversations/${id}/notes`, { body: 'sudah dibalas', mentions: [] })).statusCode).toBe(201)
    expect((await call('PATCH', `/conversations/${id}`, { status: 'resolved' })).statusCode).toBe(200)
    const audit = (await app.inject({ method: 'GET', url: '/api/v1/audit?limit=50', headers: owner.auth })).json().items as Array<{ action: string; actor: { name: string | null } }>
    expect(audit.map((e) => e.action).sort()).toEqual(['conversation.assigned', 'conversation.status_changed', 'conversation.taken_over', 'message.sent', 'note.created'])
    expect(audit.every((e) => e.actor.name)).toBe(true)
  }, 30_000)

  it('sends through the API, and changes keys, the team, webhooks, settings and numbers, each with its audit entry', async () => {
    const owner = await registerOwner(app)
    const call = (method: 'PATCH' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
      app.inject({ method, url: `/api/v1${url}`, headers: { ...owner.auth, ...headers }, ...(payload ? { payload } : {}) })
    expect((await call('POST', '/messages', { to: '+6281311110002', text: 'Promo' }, { 'idempotency-key': 'pglite-1' })).statusCode).toBe(201)
    const key = (await call('POST', '/api-keys', { name: 'Kasir', scopes: ['messages:send'] })).json().key as { id: string }
    expect((await call('DELETE', `/api-keys/${key.id}`)).statusCode).toBe(200)
    const member = (await call('POST', '/team', { email: `pglite-${Date.now()}@toko.test`, role: 'agent' })).json().member as { id: string }
    expect((await call('PATCH', `/team/${member.id}`, { role: 'viewer' })).statusCode).toBe(200)
    expect((await call('DELETE', `/team/${member.id}`)).statusCode).toBe(204)
    const hook = (await call('POST', '/webhooks', { url: 'http://127.0.0.1:9/warta', events: ['message.received'] })).json().webhook as { id: string }
    expect((await call('POST', `/webhooks/${hook.id}/rotate-secret`, { overlapSeconds: 60 })).statusCode).toBe(200)
    expect((await call('PUT', '/ai-config', { tone: 'casual' })).statusCode).toBe(200)
    expect((await call('PUT', '/inbox/team-settings', { roundRobin: false })).statusCode).toBe(200)
    const week = [0, 1, 2, 3, 4, 5, 6].map(() => ({ closed: false, open: '08:00', close: '17:00' }))
    expect((await call('PUT', '/away', { enabled: false, message: '', week, holidays: [] })).statusCode).toBe(200)
    const device = (await call('POST', '/devices', { name: 'Cabang Bogor' })).json() as { id: string }
    expect((await call('PATCH', `/devices/${device.id}`, { name: 'Cabang Depok' })).statusCode).toBe(200)
    const audit = (await app.inject({ method: 'GET', url: '/api/v1/audit?limit=50', headers: owner.auth })).json().items as Array<{ action: string }>
    expect(audit.map((e) => e.action).sort()).toEqual([
      'api_key.created', 'api_key.revoked', 'device.added', 'device.updated', 'message.sent', 'settings.updated', 'settings.updated', 'settings.updated',
      'team.invited', 'team.removed', 'team.role_changed', 'webhook.created', 'webhook.secret_rotated',
    ])
  }, 60_000)
})
