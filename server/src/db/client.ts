// Opens the database: postgres.js on a real PostgreSQL when a URL is given, otherwise embedded
// PGlite in the data dir. Both run the same drizzle migrations from the top-level drizzle/ folder.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { repoRoot } from '../shared/paths.js'
import * as schema from './schema.js'
import { preparedByDefault } from './prepared.js'
import { installPostgresJsFix } from './postgres-js-fix.js'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
/** A transaction handle; repositories accept either so callers can compose writes atomically. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0]

export interface Database {
  db: Db
  driver: 'postgres' | 'pglite'
  ping(): Promise<void>
  /**
   * Why this client will not work again without a process restart, else undefined. postgres.js
   * reconnects by itself after any outage, so only a closed client qualifies; PGlite runs in this
   * process, so a failed ping is not an outage that passes but a broken engine.
   */
  unrecoverable(): string | undefined
  close(): Promise<void>
}

export const MIGRATIONS_DIR = join(repoRoot, 'drizzle')

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
    // Before postgres.js loads: without it a PostgreSQL restart can crash the process.
    installPostgresJsFix()
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const client = postgres(opts.url, {
      max: opts.poolSize ?? 10, onnotice: () => {}, connect_timeout: 10,
      // Seconds before a connection tries again after failing. postgres.js grows it as 3^n/100 up
      // to 20 s, and the count is shared by the pool: a few seconds of PostgreSQL restarting
      // left queries waiting up to 20 s more for a connection after it was back (chaos test).
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    })
    const db = drizzle(opts.prepare === false ? client : preparedByDefault(client), { schema }) as unknown as Db
    let closed = false
    return {
      db, driver: 'postgres',
      ping: async () => { await client`select 1` },
      unrecoverable: () => (closed ? 'the database client was closed' : undefined),
      close: () => { closed = true; return client.end({ timeout: 5 }) },
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  // The knowledge base's typo-tolerant search needs pg_trgm, which PGlite ships as a contrib module.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  const { drizzle } = await import('drizzle-orm/pglite')
  const dir = opts.pgliteDir ?? join(opts.dataDir, 'pglite')
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true })
  const client = new PGlite(dir, { extensions: { pg_trgm } })
  await client.waitReady
  const db = drizzle(client, { schema }) as unknown as Db
  let broken: string | undefined
  return {
    db, driver: 'pglite',
    ping: async () => {
      try { await client.query('select 1') } catch (err) {
        broken ??= `embedded PGlite failed: ${(err as Error).message}`
        throw err
      }
    },
    unrecoverable: () => (client.closed ? 'embedded PGlite was closed' : broken),
    close: () => client.close(),
  }
}

/** Applies the migrations not applied yet (`migrationsFolder` is for tests that upgrade an older schema). */
export async function migrateDatabase(database: Database, migrationsFolder = MIGRATIONS_DIR): Promise<void> {
  if (database.driver === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    await migrate(database.db as never, { migrationsFolder })
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(database.db as never, { migrationsFolder })
  }
}

/** Rows of a raw `db.execute()` result: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}
