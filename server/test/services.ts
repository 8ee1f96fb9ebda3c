// Finds, or starts, the PostgreSQL and Redis servers the integration tests run against. Tests never
// skip for want of a server: either one is reachable, or a throwaway one is started from the
// binaries on this machine, or setup fails saying exactly what is missing.
import postgres from 'postgres'
import { canConnectRedis, ThrowawayPostgres, ThrowawayRedis } from './throwaway-servers.js'

export { freePort } from './throwaway-servers.js'

async function canConnectPg(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try { await sql`select 1`; return true } catch { return false } finally { await sql.end({ timeout: 1 }) }
}

export interface TestServices {
  /** URL of a fresh, migrated database for this run. */
  databaseUrl: string
  /** Maintenance URL of the same server (to create more fresh databases). */
  adminUrl: string
  redisUrl: string
  runId: string
  stop(): Promise<void>
}

export async function ensureServices(env: Record<string, string | undefined>): Promise<TestServices> {
  const stops: Array<() => Promise<void>> = []
  let adminUrl = env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  if (!(await canConnectPg(adminUrl))) {
    const pg = await ThrowawayPostgres.create()
    adminUrl = pg.url
    stops.push(() => pg.stop())
  }
  let redisUrl = env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
  if (!(await canConnectRedis(redisUrl))) {
    const r = await ThrowawayRedis.create()
    redisUrl = r.url
    stops.push(() => r.kill())
  }
  const runId = `r${process.pid}${Math.random().toString(36).slice(2, 6)}`
  const databaseUrl = await createFreshDatabase(adminUrl, runId)
  return {
    databaseUrl, adminUrl, redisUrl, runId,
    stop: async () => {
      await dropRunDatabases(adminUrl, runId)
      for (const stop of stops) await stop()
    },
  }
}

/** Drops every database this run created (tests may create more than the shared one). */
export async function dropRunDatabases(adminUrl: string, runId: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like ${`warta_test_${runId}_%`}`
    for (const { datname } of rows) await sql.unsafe(`drop database if exists ${datname} with (force)`).catch(() => {})
  } finally { await sql.end() }
}

export async function createFreshDatabase(adminUrl: string, label: string): Promise<string> {
  const name = `warta_test_${label}_${Math.random().toString(36).slice(2, 10)}`
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try { await sql.unsafe(`create database ${name}`) } finally { await sql.end() }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export async function dropDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1)
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try { await sql.unsafe(`drop database if exists ${name} with (force)`) } catch { /* best effort */ } finally { await sql.end() }
}
