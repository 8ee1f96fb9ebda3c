// Runs once per `vitest run`: makes sure PostgreSQL and Redis exist, creates a fresh database,
// applies the migrations, and hands the URLs to the test files through `inject()`.
import type { TestProject } from 'vitest/node'
import { migrateDatabase, openDatabase } from '../src/db/client.js'
import { ensureServices } from './services.js'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    adminDatabaseUrl: string
    redisUrl: string
    runId: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await ensureServices(process.env)
  const database = await openDatabase({ url: services.databaseUrl, dataDir: '/nonexistent', poolSize: 1 })
  await migrateDatabase(database)
  await database.close()
  project.provide('databaseUrl', services.databaseUrl)
  project.provide('adminDatabaseUrl', services.adminUrl)
  project.provide('redisUrl', services.redisUrl)
  project.provide('runId', services.runId)
  return () => services.stop()
}
