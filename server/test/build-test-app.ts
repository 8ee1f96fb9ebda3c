// Builds the real app on the run's PostgreSQL database and Redis (with a private key prefix, so
// test files running in parallel never see each other's rate limits, queues or leases).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import pino from 'pino'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppDeps } from '../src/app.js'
import { loadConfig, type Config } from '../src/config/config.js'
import { migrateDatabase, openDatabase, type Database } from '../src/db/client.js'
import { createFreshDatabase } from './services.js'
import { openRedis, type RedisHandle } from '../src/infra/redis.js'

export const silentLogger = pino({ level: 'silent' })

export interface TestContext {
  app: FastifyInstance
  config: Config
  database: Database
  redis: RedisHandle
  close(): Promise<void>
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    env: {
      WARTA_DATA_DIR: mkdtempSync(join(tmpdir(), 'warta-test-')),
      DATABASE_URL: inject('databaseUrl'),
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: `test-${Math.random().toString(36).slice(2, 10)}`,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
      WARTA_SECRET_KEY: '11'.repeat(32),
      LOG_LEVEL: 'silent',
      WARTA_WEB_DIR: '/nonexistent',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      ...env,
    },
  })
}

/**
 * A config on a database of its own (fresh and migrated). Gateways restore every wanted session in
 * their database, so tests that run gateways must not share one with tests running in parallel.
 */
export async function isolatedTestConfig(env: Record<string, string> = {}): Promise<Config> {
  const url = await createFreshDatabase(inject('adminDatabaseUrl'), inject('runId'))
  const database = await openDatabase({ url, dataDir: '/unused', poolSize: 1 })
  try { await migrateDatabase(database) } finally { await database.close() }
  return testConfig({ ...env, DATABASE_URL: url })
}

export async function buildTestApp(opts: { env?: Record<string, string>; deps?: Partial<AppDeps> } = {}): Promise<TestContext> {
  const config = testConfig(opts.env)
  const database = await openDatabase({ url: config.db.url, dataDir: config.dataDir, poolSize: 4 })
  const redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger: silentLogger })
  const app = await buildApp({ config, database, redis, logger: silentLogger, ...opts.deps })
  await app.ready()
  return {
    app, config, database, redis,
    close: async () => { await app.close(); await database.close(); await redis.close() },
  }
}

let counter = 0
/** A unique, valid registration body. */
export function newAccount(overrides: Partial<{ businessName: string; email: string; password: string }> = {}) {
  counter += 1
  return {
    businessName: `Kopi Senja ${counter}`,
    email: `owner-${process.pid}-${Date.now()}-${counter}@example.com`,
    password: 'rahasia-kopi-123',
    ...overrides,
  }
}
