// The retrieval SQL on the embedded PGlite (the default without DATABASE_URL): pg_trgm loads,
// the migration creates the extension, and full-text and typo-tolerant search give the same
// answers as on the PostgreSQL server (knowledge.http.int.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase, type Database } from '../../db/client.js'
import { tenants } from '../tenants/tenants.tables.js'
import { newId } from '../../shared/ids.js'
import { knowledgeRepository } from './knowledge.repository.js'
import { chunkText } from './chunking.js'
import { searchWords } from './search-words.js'

let database: Database
const tenantId = newId()
const otherTenant = newId()

beforeAll(async () => {
  database = await openDatabase({ url: undefined, dataDir: '/unused', pgliteDir: 'memory://' })
  await migrateDatabase(database)
  await database.db.insert(tenants).values([{ id: tenantId, name: 'Warung Bu Sri' }, { id: otherTenant, name: 'Toko Lain' }])
}, 120_000)
afterAll(async () => { await database?.close() })

async function indexed(who: string, fileName: string, text: string) {
  const doc = await knowledgeRepository.insertWithinCap(database.db, who, { fileName, kind: 'text', content: Buffer.from(text) }, 10_000_000)
  await knowledgeRepository.replaceIndex(database.db, who, doc!.id, doc!.revision, { text, pages: null, chunks: chunkText(text) })
  return doc!
}

describe('knowledge search on PGlite', () => {
  it('finds a product by an exact word and by a typo, and only in the tenant\'s own documents', async () => {
    const menu = await indexed(tenantId, 'menu.pdf', '=== hal. 1 ===\nTentang kami\n\n=== hal. 2 ===\nMAKANAN\nNasi Bakar ........ Rp 25.000\nAyam Geprek ........ Rp 22.000')
    await indexed(otherTenant, 'lain.txt', 'Nasi Bakar ........ Rp 99.000')
    const exact = await knowledgeRepository.search(database.db, tenantId, searchWords('harga nasi bakar berapa?'), 3)
    expect(exact[0]).toMatchObject({ documentId: menu.id, fileName: 'menu.pdf', location: 'hal. 2' })
    expect(exact.every((h) => h.documentId === menu.id)).toBe(true)
    const typo = await knowledgeRepository.search(database.db, tenantId, searchWords('gprek ada?'), 3)
    expect(typo[0]?.content).toContain('Ayam Geprek')
    expect(await knowledgeRepository.search(database.db, tenantId, searchWords('sate kambing'), 3)).toEqual([])
  })

  it('replaces a document\'s index whole, and a failed document keeps nothing', async () => {
    const doc = await indexed(tenantId, 'promo.txt', 'Promo Jumat: Es Campur ........ Rp 10.000')
    expect(await knowledgeRepository.chunkCount(database.db, tenantId, doc.id)).toBe(1)
    await knowledgeRepository.fail(database.db, tenantId, doc.id, doc.revision, 'knowledge.corrupt_file', 'rusak')
    expect(await knowledgeRepository.chunkCount(database.db, tenantId, doc.id)).toBe(0)
    expect(await knowledgeRepository.search(database.db, tenantId, ['campur'], 3)).toEqual([])
  })
})
