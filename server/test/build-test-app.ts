// Builds the real app on the run's PostgreSQL database and Redis (with a private key prefix, so
// test files running in parallel never see each other's rate limits, queues or leases).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import pino from 'pino'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { createServices, type Infra, type Services } from '../src/composition.js'
import { loadConfig, type Config } from '../src/config/config.js'
import { migrateDatabase, openDatabase, type Database } from '../src/db/client.js'
import { createFreshDatabase } from './services.js'
import { openRedis, type RedisHandle } from '../src/infra/redis.js'

export const silentLogger = pino({ level: 'silent' })
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789'

export interface TestContext {
  app: FastifyInstance
  config: Config
  database: Database
  redis: RedisHandle
  services: Services
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
      // Tests register many owners from one address; the limits have tests of their own.
      AUTH_REGISTER_PER_HOUR: '100000',
      AUTH_LOGIN_IP_FAILURES_PER_HOUR: '100000',
      // The local OpenAI-shaped test servers listen on 127.0.0.1: reachable through the operator
      // allow-list, the way a self-hoster reaches a local Ollama — never by bypassing the guard.
      OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
      OUTBOUND_ALLOW_HTTP: 'true',
      METRICS_TOKEN: TEST_METRICS_TOKEN,
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

export async function buildTestApp(opts: { env?: Record<string, string>; deps?: Partial<Pick<Infra, 'clock' | 'logger' | 'mailer'>> } = {}): Promise<TestContext> {
  const config = testConfig(opts.env)
  const database = await openDatabase({ url: config.db.url, dataDir: config.dataDir, poolSize: 4 })
  const redis = await openRedis({ url: config.redis.url, dataDir: config.dataDir, logger: silentLogger })
  const services = await createServices({ config, database, redis, logger: silentLogger, ...opts.deps })
  const app = await buildApp(services, { checkResponses: true })
  await app.ready()
  return {
    app, config, database, redis, services,
    close: async () => { await app.close(); await services.close(); await database.close(); await redis.close() },
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
