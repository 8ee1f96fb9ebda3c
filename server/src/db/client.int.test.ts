import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase } from './client.js'
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
