// Upgrade tests: a database migrated up to just before one migration, seeded the old way, then
// migrated to the end and checked — on PostgreSQL and on PGlite alike.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, inject, it } from 'vitest'
import { MIGRATIONS_DIR, migrateDatabase, openDatabase, type Database } from '../src/db/client.js'
import { createFreshDatabase, dropDatabase } from './services.js'

/** A copy of the migrations folder that ends just before the migration whose tag ends with `tagSuffix`. */
export function migrationsBefore(tagSuffix: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'warta-migrations-'))
  cpSync(MIGRATIONS_DIR, dir, { recursive: true })
  const journalPath = join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> }
  const at = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix))
  if (at <= 0) throw new Error(`no migration ending in ${tagSuffix} (or it is the first)`)
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }))
  return dir
}

/** An upgrade test's two halves: rows written the old way, and what the migration must make of them. */
export interface Upgrade<Seeded> {
  /** Writes rows with the schema as it was just before the migration; returns what `check` needs. */
  seed(database: Database): Promise<Seeded>
  /** Reads the upgraded database. */
  check(database: Database, seeded: Seeded): Promise<void>
}

/** Migrate to just before `migration`, seed, migrate on to the end, check. */
export async function upgradeWithData<Seeded>(database: Database, migration: string, upgrade: Upgrade<Seeded>): Promise<void> {
  await migrateDatabase(database, migrationsBefore(migration))
  const seeded = await upgrade.seed(database)
  await migrateDatabase(database)
  await upgrade.check(database, seeded)
}

/**
 * The upgrade test on both engines Warta runs on: PostgreSQL (postgres.js) and the embedded PGlite,
 * whose SQL dialects differ just enough for a migration to pass on one and fail on the other.
 */
export function describeUpgrade<Seeded>(migration: string, upgrade: Upgrade<Seeded>): void {
  describe(`migration ${migration} on a database that holds data`, () => {
    it('upgrades PostgreSQL', async () => {
      const url = await createFreshDatabase(inject('adminDatabaseUrl'), inject('runId'))
      const database = await openDatabase({ url, dataDir: '/unused', poolSize: 1 })
      try {
        await upgradeWithData(database, migration, upgrade)
      } finally {
        await database.close()
        await dropDatabase(inject('adminDatabaseUrl'), url)
      }
    })

    it('upgrades the embedded PGlite', async () => {
      const database = await openDatabase({ url: undefined, dataDir: '/unused', pgliteDir: 'memory://' })
      try {
        await upgradeWithData(database, migration, upgrade)
      } finally {
        await database.close()
      }
    })
  })
}
