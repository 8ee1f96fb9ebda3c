// Secrets and personal data stay out of logs (issue 11.5): a failed insert whose parameters hold a
// password hash and a phone number is logged with its statement and error code only — on
// PostgreSQL (postgres.js) and on embedded PGlite, through the logger and through a request that
// fails in the app — and the redaction list covers tokens, keys, hashes, bodies and numbers.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import { inject } from 'vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app.js'
import { createServices } from '../composition.js'
import { migrateDatabase, openDatabase, type Database } from '../db/client.js'
import { openRedis } from '../infra/redis.js'
import { users } from '../modules/auth/auth.tables.js'
import { tenants } from '../modules/tenants/tenants.tables.js'
import { newId } from './ids.js'
import { loggerOptions } from './logger.js'
import { silentLogger, testConfig } from '../../test/build-test-app.js'

const HASH = '$scrypt$N=16384$c2VjcmV0LWhhc2gtdmFsdWU$AAAAsecret-password-hash-material'
const PHONE = '+6281234500033'

function capture() {
  let text = ''
  const logger = pino(loggerOptions('info', { pretty: false }), new Writable({ write(chunk, _e, done) { text += String(chunk); done() } }))
  return { logger, text: () => text }
}

/** Inserts a user whose e-mail is taken: a unique violation with the hash and the phone among the parameters. */
async function failingInsert(database: Database): Promise<unknown> {
  const tenantId = newId()
  await database.db.insert(tenants).values({ id: tenantId, name: 'Toko' })
  const email = `taken-${Date.now()}-${Math.random()}@example.com`
  await database.db.insert(users).values({ id: newId(), tenantId, email, name: 'Budi', role: 'owner', passwordHash: 'x' })
  try {
    await database.db.insert(users).values({ id: newId(), tenantId, email, name: PHONE, role: 'owner', passwordHash: HASH })
  } catch (err) { return err }
  throw new Error('the insert did not fail')
}

const opened: Database[] = []
const drivers: Record<string, Database> = {}
// Opening and migrating an embedded PGlite takes a while on a busy machine: done once, up front.
beforeAll(async () => {
  drivers.postgres = await openDatabase({ url: inject('databaseUrl'), dataDir: '/unused', poolSize: 1 })
  drivers.pglite = await openDatabase({ url: undefined, dataDir: mkdtempSync(join(tmpdir(), 'warta-log-')) })
  await migrateDatabase(drivers.pglite)
  opened.push(drivers.postgres, drivers.pglite)
})
afterAll(async () => { for (const d of opened) await d.close() })

describe('database errors in logs', () => {
  it.each([['PostgreSQL (postgres.js)', 'postgres'], ['PGlite', 'pglite']])('%s: a failed insert is logged with statement and code, never its parameters or row values', async (_name, driver) => {
    const database = drivers[driver]!
    const err = await failingInsert(database)
    // The raw error does carry them (that is the danger).
    expect(`${(err as Error).message} ${JSON.stringify(err)} ${String((err as { cause?: { detail?: string } }).cause?.detail)}`).toMatch(/secret-password-hash|6281234500033|taken-/)
    const { logger, text } = capture()
    logger.error({ err }, 'insert failed')
    const line = text()
    expect(line).not.toContain('secret-password-hash')
    expect(line).not.toContain('6281234500033')
    expect(line).not.toContain('taken-')
    expect(line).toContain('insert into \\"users\\"')
    expect(line).toContain('23505')
  })

  it('the app logs a request that fails in the database without its parameters', async () => {
    const config = testConfig()
    const database = await openDatabase({ url: config.db.url, dataDir: config.dataDir, poolSize: 2 })
    opened.push(database)
    const redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger: silentLogger })
    const { logger, text } = capture()
    const services = await createServices({ config, database, redis, logger })
    const app = await buildApp(services, {
      rootPlugins: [async (a) => { a.post('/boom', async () => { throw await failingInsert(database) }) }],
    })
    try {
      const res = await app.inject({ method: 'POST', url: '/boom', payload: {} })
      expect(res.statusCode).toBe(500)
      expect(res.json().error.code).toBe('internal')
      expect(text()).toContain('23505')
      expect(text()).not.toContain('secret-password-hash')
      expect(text()).not.toContain('6281234500033')
    } finally { await app.close(); await services.close(); await redis.close() }
  })
})

describe('redaction', () => {
  it('hides tokens, keys, hashes, message bodies and phone numbers wherever they are fields', () => {
    const { logger, text } = capture()
    logger.info({
      req: { headers: { authorization: 'Bearer eyJ-secret', cookie: 'warta_rt=rt1.secret' } },
      passwordHash: HASH, apiKey: 'sk-live-secret', token: 'pr1.a.b.secret',
      message: { text: 'Kak, transfer ke rekening 123', phone: PHONE, jid: '6281234500033@s.whatsapp.net', body: 'isi pesan', pushName: 'Rina' },
      user: { email: 'rina@example.com', newPassword: 'rahasia-baru' },
    }, 'something happened')
    const line = text()
    for (const secret of ['eyJ-secret', 'rt1.secret', 'secret-password-hash', 'sk-live-secret', 'pr1.a.b', 'rekening 123', '6281234500033', 'isi pesan', 'Rina', 'rina@example.com', 'rahasia-baru']) {
      expect(line, secret).not.toContain(secret)
    }
    expect(line).toContain('[redacted]')
  })
})
