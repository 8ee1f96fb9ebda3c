// Finds, or starts, the PostgreSQL and Redis servers the integration tests run against. Tests never
// skip for want of a server: either one is reachable, or a throwaway one is started from the
// binaries on this machine, or setup fails saying exactly what is missing.
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { Redis } from 'ioredis'

export const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = createServer()
  srv.once('error', reject)
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as { port: number }
    srv.close(() => resolve(port))
  })
})

async function canConnectPg(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try { await sql`select 1`; return true } catch { return false } finally { await sql.end({ timeout: 1 }) }
}

async function canConnectRedis(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 })
  r.on('error', () => {})
  try { await r.connect(); return (await r.ping()) === 'PONG' } catch { return false } finally { r.disconnect() }
}

function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a))
  for (const v of versions) if (existsSync(join(base, v, 'bin/initdb'))) return join(base, v, 'bin')
  return undefined
}

/** Starts a throwaway PostgreSQL cluster; as root it runs the server as the postgres user. */
async function startThrowawayPg(): Promise<{ url: string; stop: () => void }> {
  const bin = pgBin()
  if (!bin) throw new Error('No PostgreSQL reachable at TEST_DATABASE_URL (default 127.0.0.1:5432) and no PostgreSQL binaries under /usr/lib/postgresql. Install them: apt-get install postgresql')
  const dir = mkdtempSync(join(tmpdir(), 'warta-pg-'))
  chmodSync(dir, 0o777)
  const port = await freePort()
  const asRoot = process.getuid?.() === 0
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe' })
  run(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
  run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`, 'start'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => { try { run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']) } catch { /* already down */ } },
  }
}

async function startThrowawayRedis(): Promise<{ url: string; stop: () => void }> {
  let bin: string
  try { bin = execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() } catch { bin = '' }
  if (!bin) throw new Error('No Redis reachable at TEST_REDIS_URL (default 127.0.0.1:6379) and no redis-server on the PATH. Install it: apt-get install redis-server')
  const port = await freePort()
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' })
  const url = `redis://127.0.0.1:${port}`
  for (let i = 0; i < 100 && !(await canConnectRedis(url)); i++) await new Promise((r) => setTimeout(r, 100))
  return { url, stop: () => child.kill('SIGKILL') }
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
  const stops: Array<() => void> = []
  let adminUrl = env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  if (!(await canConnectPg(adminUrl))) {
    const pg = await startThrowawayPg()
    adminUrl = pg.url
    stops.push(pg.stop)
  }
  let redisUrl = env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
  if (!(await canConnectRedis(redisUrl))) {
    const r = await startThrowawayRedis()
    redisUrl = r.url
    stops.push(r.stop)
  }
  const runId = `r${process.pid}${Math.random().toString(36).slice(2, 6)}`
  const databaseUrl = await createFreshDatabase(adminUrl, runId)
  return {
    databaseUrl, adminUrl, redisUrl, runId,
    stop: async () => {
      await dropRunDatabases(adminUrl, runId)
      for (const stop of stops) stop()
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
