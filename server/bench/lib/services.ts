import { readFileSync } from 'node:fs'
// Benchmarks run against the local PostgreSQL and Redis (or the ones TEST_DATABASE_URL /
// TEST_REDIS_URL name, or throwaway ones), each in a fresh database / key prefix.
import { migrateDatabase, openDatabase, type Database } from '../../src/db/client.js'
import { createFreshDatabase, dropDatabase, ensureServices } from '../../test/services.js'

export interface BenchServices { database: Database; databaseUrl: string; redisUrl: string; prefix: string; close(): Promise<void> }

export async function benchServices(label: string): Promise<BenchServices> {
  const services = await ensureServices(process.env)
  const databaseUrl = await createFreshDatabase(services.adminUrl, `${services.runId}_${label}`)
  const database = await openDatabase({ url: databaseUrl, dataDir: '/unused', poolSize: 4 })
  await migrateDatabase(database)
  return {
    database, databaseUrl, redisUrl: services.redisUrl, prefix: `bench-${label}-${Date.now()}`,
    close: async () => { await database.close(); await dropDatabase(services.adminUrl, databaseUrl); await services.stop() },
  }
}

/** Resident memory of a process in MB, from /proc. */
export function rssOfPid(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8') as string
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}
