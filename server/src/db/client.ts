// Opens the database: postgres.js on a real PostgreSQL when a URL is given, otherwise embedded
// PGlite in the data dir. Both run the same drizzle migrations from the top-level drizzle/ folder.
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import * as schema from './schema.js'
import { preparedByDefault } from './prepared.js'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
/** A transaction handle; repositories accept either so callers can compose writes atomically. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0]

export interface Database {
  db: Db
  driver: 'postgres' | 'pglite'
  ping(): Promise<void>
  close(): Promise<void>
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../drizzle')

export interface OpenDatabaseOptions {
  url: string | undefined
  dataDir: string
  poolSize?: number
  /** Named prepared statements (default true); off for poolers that cannot keep them. */
  prepare?: boolean
  /** `memory://` PGlite for tests that need no persistence. */
  pgliteDir?: string
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.url) {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const client = postgres(opts.url, { max: opts.poolSize ?? 10, onnotice: () => {}, connect_timeout: 10 })
    const db = drizzle(opts.prepare === false ? client : preparedByDefault(client), { schema }) as unknown as Db
    return {
      db, driver: 'postgres',
      ping: async () => { await client`select 1` },
      close: () => client.end({ timeout: 5 }),
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const dir = opts.pgliteDir ?? join(opts.dataDir, 'pglite')
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true })
  const client = new PGlite(dir)
  await client.waitReady
  const db = drizzle(client, { schema }) as unknown as Db
  return {
    db, driver: 'pglite',
    ping: async () => { await client.query('select 1') },
    close: () => client.close(),
  }
}

export async function migrateDatabase(database: Database): Promise<void> {
  if (database.driver === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_DIR })
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_DIR })
  }
}

/** Rows of a raw `db.execute()` result: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}
