// SQL of the knowledge base. Every query is scoped by tenant. The index of a document is replaced
// in one transaction (delete the old pieces, insert the new, mark the document ready), and only by
// the job of the document's current revision, so a search never sees half a document.
import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '../../db/client.js'
import { rowsOf } from '../../db/client.js'
import { newId } from '../../shared/ids.js'
import { knowledgeChunks, knowledgeDocuments, type KnowledgePriceRow, type KnowledgeState } from './knowledge.tables.js'
import type { Chunk } from './chunking.js'

export type DocumentRow = typeof knowledgeDocuments.$inferSelect
/** A document without its upload and text: what lists show. */
export type DocumentMeta = Omit<DocumentRow, 'content' | 'text'>

const { content: _content, text: _text, ...metaColumns } = getTableColumns(knowledgeDocuments)

/** How close a longer word must come to words of the piece ("gprek" ~ "Geprek" is 0.44, "kambing" ~ "tentang kami" 0.3). */
const FUZZY_MIN = 0.4

export interface ChunkHit {
  id: string
  content: string
  location: string | null
  documentId: string
  fileName: string
  priceRows: KnowledgePriceRow[]
  score: number
}

export const knowledgeRepository = {
  /**
   * Stores an upload when the tenant's documents leave room for it. The tenant row is locked, so
   * two uploads at once cannot both squeeze under the cap. Returns null when there is no room.
   */
  async insertWithinCap(db: Db, tenantId: string, doc: { fileName: string; kind: DocumentRow['kind']; content: Buffer }, capBytes: number): Promise<DocumentMeta | null> {
    return db.transaction(async (tx) => {
      // The tenant row is the lock (named, not imported: the table belongs to the tenants module).
      await tx.execute(sql`select id from tenants where id = ${tenantId} for update`)
      const [used] = await tx.select({ bytes: sql<string>`coalesce(sum(${knowledgeDocuments.byteSize}), 0)` }).from(knowledgeDocuments).where(eq(knowledgeDocuments.tenantId, tenantId))
      if (Number(used?.bytes ?? 0) + doc.content.length > capBytes) return null
      const [row] = await tx.insert(knowledgeDocuments).values({
        id: newId(), tenantId, fileName: doc.fileName, kind: doc.kind, byteSize: doc.content.length, content: doc.content,
      }).returning(metaColumns)
      return row ?? null
    })
  },

  async list(db: DbOrTx, tenantId: string): Promise<DocumentMeta[]> {
    return db.select(metaColumns).from(knowledgeDocuments).where(eq(knowledgeDocuments.tenantId, tenantId)).orderBy(desc(knowledgeDocuments.createdAt))
  },

  async meta(db: DbOrTx, tenantId: string, id: string): Promise<DocumentMeta | undefined> {
    const [row] = await db.select(metaColumns).from(knowledgeDocuments).where(and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.id, id)))
    return row
  },

  async get(db: DbOrTx, tenantId: string, id: string): Promise<DocumentRow | undefined> {
    const [row] = await db.select().from(knowledgeDocuments).where(and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.id, id)))
    return row
  },

  async storageUsed(db: DbOrTx, tenantId: string): Promise<number> {
    const [row] = await db.select({ bytes: sql<string>`coalesce(sum(${knowledgeDocuments.byteSize}), 0)` }).from(knowledgeDocuments).where(eq(knowledgeDocuments.tenantId, tenantId))
    return Number(row?.bytes ?? 0)
  },

  /** Moves the current revision along (a stale job's update matches nothing). */
  async setProgress(db: DbOrTx, tenantId: string, id: string, revision: number, state: KnowledgeState, progress: number): Promise<DocumentMeta | undefined> {
    const [row] = await db.update(knowledgeDocuments).set({ state, progress, updatedAt: new Date() })
      .where(and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.id, id), eq(knowledgeDocuments.revision, revision)))
      .returning(metaColumns)
    return row
  },

  /** The owner's text replaces the extracted one; the document is queued again under a new revision. */
  async editText(db: DbOrTx, tenantId: string, id: string, text: string): Promise<DocumentMeta | undefined> {
    const [row] = await db.update(knowledgeDocuments)
      .set({ text, edited: true, state: 'queued', progress: 0, errorCode: null, errorMessage: null, revision: sql`${knowledgeDocuments.revision} + 1`, updatedAt: new Date() })
      .where(and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.id, id)))
      .returning(metaColumns)
    return row
  },

  /** The new index and the document's ready state, all or nothing; false when a newer revision exists. */
  async replaceIndex(db: Db, tenantId: string, id: string, revision: number, result: { text: string; pages: number | null; chunks: Chunk[]; embeddings?: number[][] | null }): Promise<DocumentMeta | undefined> {
    return db.transaction(async (tx) => {
      const [doc] = await tx.select({ revision: knowledgeDocuments.revision }).from(knowledgeDocuments)
        .where(and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.id, id))).for('update')
      if (!doc || doc.revision !== revision) return undefined
      await tx.delete(knowledgeChunks).where(and(eq(knowledgeChunks.tenantId, tenantId), eq(knowledgeChunks.documentId, id)))
      const rows = result.chunks.map((c, position) => ({
        id: newId(), tenantId, documentId: id, position, content: c.content, location: c.location, page: c.page,
        priceRows: c.priceRows.map((p) => ({ ...p, where: c.location ?? '' })),
        embedding: result.embeddings?.[position] ?? null,
      }))
      for (let i = 0; i < rows.length; i += 200) await tx.insert(knowledgeChunks).values(rows.slice(i, i + 200))
      const [row] = await tx.update(knowledgeDocuments).set({
        state: 'ready', progress: 100, text: result.text, pages: result.pages, chunkCount: rows.length,
        priceRows: rows.flatMap((r) => r.priceRows), errorCode: null, errorMessage: null, updatedAt: new Date(),
      }).where(and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.id, id))).returning(metaColumns)
      return row
    })
  },

  /** A document that cannot be read: failed, with the reason, and nothing of it in the index. */
  async fail(db: Db, tenantId: string, id: string, revision: number, code: string, message: string): Promise<DocumentMeta | undefined> {
    return db.transaction(async (tx) => {
      const [row] = await tx.update(knowledgeDocuments).set({ state: 'failed', progress: 100, errorCode: code, errorMessage: message, chunkCount: 0, priceRows: [], updatedAt: new Date() })
        .where(and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.id, id), eq(knowledgeDocuments.revision, revision)))
        .returning(metaColumns)
      if (row) await tx.delete(knowledgeChunks).where(and(eq(knowledgeChunks.tenantId, tenantId), eq(knowledgeChunks.documentId, id)))
      return row
    })
  },

  async remove(db: DbOrTx, tenantId: string, id: string): Promise<boolean> {
    // The pieces go with it (foreign key ON DELETE CASCADE).
    const rows = await db.delete(knowledgeDocuments).where(and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.id, id))).returning({ id: knowledgeDocuments.id })
    return rows.length > 0
  },

  async chunkCount(db: DbOrTx, tenantId: string, id: string): Promise<number> {
    const [row] = await db.select({ n: sql<string>`count(*)` }).from(knowledgeChunks).where(and(eq(knowledgeChunks.tenantId, tenantId), eq(knowledgeChunks.documentId, id)))
    return Number(row?.n ?? 0)
  },

  /**
   * Pieces matching the words: an exact word by full-text match, or a longer word (5+ letters,
   * where a typo is likely and a near miss is still telling) by pg_trgm's strict word similarity
   * (whole words of the piece, so "kambing" does not match across "tentang kami"): "gprek" finds
   * "Geprek", "sate" does not find "Satuan". The score adds the full-text rank to each longer
   * word's similarity.
   */
  async search(db: DbOrTx, tenantId: string, words: string[], k: number): Promise<ChunkHit[]> {
    if (words.length === 0) return []
    const fuzzy = words.filter((w) => w.length >= 5)
    const terms = sql`array[${sql.join([...fuzzy, ''].map((w) => sql`${w}`), sql`, `)}]::text[]`
    const query = sql`to_tsquery('simple', ${words.join(' | ')})`
    const result = await db.execute(sql`
      select c.id, c.content, c.location, c.document_id as "documentId", d.file_name as "fileName", c.price_rows as "priceRows", score
      from ${knowledgeChunks} c
      join ${knowledgeDocuments} d on d.tenant_id = c.tenant_id and d.id = c.document_id
      cross join lateral (
        select ts_rank(c.tsv, ${query}) * 5 + coalesce(sum(s) filter (where s >= ${FUZZY_MIN}), 0) as score,
          c.tsv @@ ${query} or coalesce(max(s) >= ${FUZZY_MIN}, false) as hit
        from (select strict_word_similarity(t, c.content) as s from unnest(${terms}) t where t <> '') w
      ) m
      where c.tenant_id = ${tenantId} and m.hit
      order by score desc, c.position
      limit ${k}`)
    return rowsOf<ChunkHit>(result).map((r) => ({ ...r, score: Number(r.score) }))
  },

  async hasEmbeddings(db: DbOrTx, tenantId: string): Promise<boolean> {
    const [row] = await db.select({ id: knowledgeChunks.id }).from(knowledgeChunks)
      .where(and(eq(knowledgeChunks.tenantId, tenantId), sql`${knowledgeChunks.embedding} is not null`)).limit(1)
    return row !== undefined
  },

  /** The pieces nearest to `vector` by cosine similarity (the score), of those with an embedding of its size. */
  async nearest(db: DbOrTx, tenantId: string, vector: number[], k: number): Promise<ChunkHit[]> {
    // One text parameter, not one per dimension (1,536 for OpenAI's small model).
    const q = sql`${`{${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}}`}::real[]`
    const result = await db.execute(sql`
      select c.id, c.content, c.location, c.document_id as "documentId", d.file_name as "fileName", c.price_rows as "priceRows", m.score
      from ${knowledgeChunks} c
      join ${knowledgeDocuments} d on d.tenant_id = c.tenant_id and d.id = c.document_id
      cross join lateral (
        select sum(a * b) / nullif(sqrt(sum(a * a)) * sqrt(sum(b * b)), 0) as score from unnest(c.embedding, ${q}) as t(a, b)
      ) m
      where c.tenant_id = ${tenantId} and c.embedding is not null and cardinality(c.embedding) = cardinality(${q})
      order by m.score desc nulls last, c.position
      limit ${k}`)
    return rowsOf<ChunkHit>(result).map((r) => ({ ...r, score: Number(r.score ?? 0) }))
  },
}
