import { eq, sql } from 'drizzle-orm'
import { describe, expect, inject, it } from 'vitest'
import { migrateDatabase, openDatabase, rowsOf } from './client.js'
import { tenants } from './schema.js'

describe('embedded PGlite', () => {
  it('applies the same migrations as PostgreSQL, twice without harm, and stores rows', async () => {
    const database = await openDatabase({ url: undefined, dataDir: '/unused', pgliteDir: 'memory://' })
    try {
      await migrateDatabase(database)
      await migrateDatabase(database)
      await database.db.insert(tenants).values({ id: '6f1c1a59-4c8f-4f7c-9e8c-2d7e4c1f3a10', name: 'Warung Bu Sri' })
      const [row] = await database.db.select().from(tenants).where(eq(tenants.id, '6f1c1a59-4c8f-4f7c-9e8c-2d7e4c1f3a10'))
      expect(row).toMatchObject({ name: 'Warung Bu Sri', timezone: 'Asia/Jakarta' })
      await database.ping()
    } finally {
      await database.close()
    }
  })
})

describe('PostgreSQL', () => {
  // Counts the named statements on the one connection a transaction holds, after a query with a
  // parameter has run on it twice.
  const namedStatementsAfterQueries = async (prepare: boolean) => {
    const database = await openDatabase({ url: inject('databaseUrl'), dataDir: '/unused', poolSize: 1, prepare })
    try {
      return await database.db.transaction(async (tx) => {
        for (let i = 0; i < 2; i++) await tx.select().from(tenants).where(eq(tenants.name, `nobody-${i}`))
        const rows = await tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like '%from "tenants"%'`)
        return (rowsOf<{ n: number }>(rows)[0]!).n
      })
    } finally {
      await database.close()
    }
  }

  it('runs drizzle queries as named statements, parsed once per connection', async () => {
    expect(await namedStatementsAfterQueries(true)).toBe(1)
  })

  it('runs them unnamed when prepared statements are turned off (for poolers that cannot keep them)', async () => {
    expect(await namedStatementsAfterQueries(false)).toBe(0)
  })
})
