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
})
