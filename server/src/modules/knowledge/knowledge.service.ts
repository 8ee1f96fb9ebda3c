// The knowledge base: documents the owner uploads (or pastes) for the AI to answer from. Owns the
// upload checks (kind sniffed from the bytes, size and storage caps), the processing job
// (extract → chunk → index, all or nothing), the owner's edits of the extracted text, importing
// price rows into the price list, and the retrieval replies use (`search`).
import type { Db } from '../../db/client.js'
import type { KnowledgeSnippet } from '../../adapters/llm/llm.port.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import type { EventPublisher } from '../realtime/realtime.bus.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { Config } from '../../config/config.js'
import { knowledgeRepository, type ChunkHit, type DocumentMeta } from './knowledge.repository.js'
import { sniffKind } from './extract/sniff.js'
import { checkText, extractText, type ExtractLimits } from './extract/extract.js'
import { findTesseract } from './extract/ocr.js'
import { chunkText, type Chunk } from './chunking.js'
import { documentNotFound, emptyUpload, ExtractError, notReady, storageFull, unsupportedType, unusableText } from './knowledge.errors.js'
import type { DocumentDto, PriceRowsImport } from './knowledge.schemas.js'
import { searchWords } from './search-words.js'

export interface KnowledgeServiceDeps {
  db: Db
  jobs: Pick<JobQueues, 'add'>
  bus: EventPublisher
  aiConfig: Pick<AiConfigService, 'get' | 'update' | 'embedderFor'>
  limits: Config['knowledge']
}

/** Cosine similarity a piece needs to count as meaning the same (related texts score ~0.4+ on OpenAI's models). */
const MEANING_MIN = 0.4

/** Reciprocal-rank fusion: a piece high in either ranking comes first; the score is the fused one. */
function fuse(rankings: ChunkHit[][], k: number): ChunkHit[] {
  const byId = new Map<string, { hit: ChunkHit; score: number }>()
  for (const ranking of rankings) {
    ranking.forEach((hit, rank) => {
      const seen = byId.get(hit.id)
      const add = 1 / (60 + rank + 1)
      byId.set(hit.id, { hit: seen?.hit ?? hit, score: (seen?.score ?? 0) + add })
    })
  }
  return [...byId.values()].sort((a, b) => b.score - a.score).slice(0, k).map(({ hit, score }) => ({ ...hit, score }))
}

export const toDocumentDto = (d: DocumentMeta): DocumentDto => ({
  id: d.id, fileName: d.fileName, kind: d.kind, byteSize: d.byteSize, state: d.state, progress: d.progress,
  error: d.errorCode ? { code: d.errorCode, message: d.errorMessage ?? '' } : null,
  pages: d.pages, chunkCount: d.chunkCount, priceRowCount: d.priceRows.length, edited: d.edited,
  createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(),
})

export interface PriceRowDto { name: string; price: number; unit?: string; where: string; currentPrice: number | null }

export class KnowledgeService {
  constructor(private readonly deps: KnowledgeServiceDeps) {}

  private get extractLimits(): ExtractLimits {
    const { maxPages, ocrBin } = this.deps.limits
    return { maxPages, maxRows: maxPages * 50, maxTextChars: 500_000, ocrBin }
  }

  async list(tenantId: string) {
    const [docs, used, ocr] = await Promise.all([
      knowledgeRepository.list(this.deps.db, tenantId),
      knowledgeRepository.storageUsed(this.deps.db, tenantId),
      findTesseract(this.deps.limits.ocrBin),
    ])
    return { items: docs.map(toDocumentDto), storage: { usedBytes: used, limitBytes: this.deps.limits.storageBytes }, photoOcr: ocr !== null }
  }

  async get(tenantId: string, id: string): Promise<DocumentDto & { text: string | null }> {
    const doc = await knowledgeRepository.get(this.deps.db, tenantId, id)
    if (!doc) throw documentNotFound()
    return { ...toDocumentDto(doc), text: doc.text }
  }

  async upload(tenantId: string, fileName: string, bytes: Buffer): Promise<DocumentDto> {
    if (bytes.length === 0) throw emptyUpload()
    const kind = sniffKind(bytes, fileName)
    if (!kind) throw unsupportedType()
    return this.store(tenantId, fileName, kind, bytes)
  }

  async paste(tenantId: string, title: string, text: string): Promise<DocumentDto> {
    return this.store(tenantId, title, 'text', Buffer.from(text, 'utf8'))
  }

  private async store(tenantId: string, fileName: string, kind: DocumentMeta['kind'], bytes: Buffer): Promise<DocumentDto> {
    const name = fileName.replace(/[\\/]/g, '_').replace(/\p{Cc}/gu, '').trim().slice(0, 200) || 'dokumen'
    const doc = await knowledgeRepository.insertWithinCap(this.deps.db, tenantId, { fileName: name, kind, content: bytes }, this.deps.limits.storageBytes)
    if (!doc) throw storageFull(this.deps.limits.storageBytes)
    await this.deps.jobs.add('knowledge.process', { tenantId, documentId: doc.id, revision: doc.revision })
    return this.announce(tenantId, doc)
  }

  async editText(tenantId: string, id: string, text: string): Promise<DocumentDto> {
    try { checkText(text, this.extractLimits) } catch (err) {
      if (err instanceof ExtractError) throw unusableText(err)
      throw err
    }
    const doc = await knowledgeRepository.editText(this.deps.db, tenantId, id, text)
    if (!doc) throw documentNotFound()
    await this.deps.jobs.add('knowledge.process', { tenantId, documentId: doc.id, revision: doc.revision })
    return this.announce(tenantId, doc)
  }

  async remove(tenantId: string, id: string): Promise<void> {
    if (!(await knowledgeRepository.remove(this.deps.db, tenantId, id))) throw documentNotFound()
    await this.deps.bus.publish(tenantId, 'knowledge.updated', { id, deleted: true })
  }

  /** The document's price rows, each with the price the price list has for that name now (if any). */
  async priceRows(tenantId: string, id: string): Promise<{ rows: PriceRowDto[] }> {
    const doc = await knowledgeRepository.meta(this.deps.db, tenantId, id)
    if (!doc) throw documentNotFound()
    if (doc.state !== 'ready') throw notReady()
    const list = (await this.deps.aiConfig.get(tenantId)).priceList
    const current = new Map(list.map((p) => [p.name.toLowerCase(), p.price]))
    const seen = new Set<string>()
    const rows = doc.priceRows.filter((r) => !seen.has(r.name.toLowerCase()) && seen.add(r.name.toLowerCase()))
    return { rows: rows.map((r) => ({ ...r, currentPrice: current.get(r.name.toLowerCase()) ?? null })) }
  }

  /**
   * The chosen rows merged into the price list (a name already there gets the document's price);
   * a dry run returns the list it would save, like the CSV import's preview.
   */
  async importPriceRows(tenantId: string, id: string, body: PriceRowsImport) {
    const { rows } = await this.priceRows(tenantId, id)
    const wanted = new Set(body.names.map((n) => n.toLowerCase()))
    const chosen = rows.filter((r) => wanted.has(r.name.toLowerCase()))
    const missing = body.names.filter((n) => !rows.some((r) => r.name.toLowerCase() === n.toLowerCase()))
    const errors = missing.map((name) => ({ line: 0, message: `"${name}" is not a price row of this document.` }))
    const list = [...(await this.deps.aiConfig.get(tenantId)).priceList]
    let added = 0
    let updated = 0
    for (const r of chosen) {
      const item = { name: r.name.slice(0, 120), price: r.price, ...(r.unit ? { unit: r.unit.slice(0, 30) } : {}) }
      const at = list.findIndex((p) => p.name.toLowerCase() === r.name.toLowerCase())
      if (at >= 0) { if (list[at]!.price !== r.price || list[at]!.unit !== item.unit) updated++; list[at] = item } else { list.push(item); added++ }
    }
    if (list.length > 500) errors.push({ line: 0, message: 'At most 500 items.' })
    const save = !body.dryRun && errors.length === 0
    if (save) await this.deps.aiConfig.update(tenantId, { priceList: list })
    return { rows: list, added, updated, errors, saved: save }
  }

  /**
   * The best pieces of the tenant's documents for a customer's message, with their sources. Words
   * (full text + typo-tolerant trigrams) always; when the tenant's provider embedded the pieces,
   * meaning too, the two rankings fused by reciprocal rank. A provider that fails now leaves the
   * word ranking alone: a reply never waits on it failing.
   */
  async search(tenantId: string, query: string, k = 4): Promise<Array<KnowledgeSnippet & { score: number }>> {
    const { db } = this.deps
    const byWords = await knowledgeRepository.search(db, tenantId, searchWords(query), k * 2)
    const byMeaning = await this.nearest(tenantId, query, k * 2)
    const hits = byMeaning.length ? fuse([byWords, byMeaning], k) : byWords.slice(0, k)
    return hits.map((h) => ({
      text: h.content, score: h.score,
      source: { documentId: h.documentId, fileName: h.fileName, location: h.location },
      priceRows: h.priceRows.map((p) => ({ name: p.name, price: p.price, ...(p.unit ? { unit: p.unit } : {}) })),
    }))
  }

  private async nearest(tenantId: string, query: string, k: number): Promise<ChunkHit[]> {
    if (!query.trim() || !(await knowledgeRepository.hasEmbeddings(this.deps.db, tenantId))) return []
    const embedder = this.deps.aiConfig.embedderFor(await this.deps.aiConfig.get(tenantId))
    if (!embedder) return []
    let vector: number[] | undefined
    try { [vector] = await embedder.embed([query]) } catch { return [] }
    if (!vector) return []
    return (await knowledgeRepository.nearest(this.deps.db, tenantId, vector, k)).filter((h) => h.score >= MEANING_MIN)
  }

  /** The pieces' embeddings when the tenant's provider offers them; null (words only) otherwise. */
  private async embedChunks(tenantId: string, chunks: Chunk[]): Promise<number[][] | null> {
    const embedder = this.deps.aiConfig.embedderFor(await this.deps.aiConfig.get(tenantId))
    if (!embedder || chunks.length === 0) return null
    try {
      const out: number[][] = []
      for (let i = 0; i < chunks.length; i += 64) out.push(...await embedder.embed(chunks.slice(i, i + 64).map((c) => c.content)))
      return out
    } catch {
      // No `/embeddings` (many local servers), a wrong key, an outage: the document is still indexed by its words.
      return null
    }
  }

  /** The `knowledge.process` job: read, chunk and index the document's current revision. */
  async process(tenantId: string, documentId: string, revision: number): Promise<void> {
    const { db } = this.deps
    const doc = await knowledgeRepository.get(db, tenantId, documentId)
    if (!doc || doc.revision !== revision) return
    let shown = 5
    await this.progress(tenantId, documentId, revision, 'processing', shown)
    try {
      const extracted = doc.edited && doc.text !== null
        ? this.ownText(doc.text, doc.pages)
        : await extractText(doc.kind, doc.content, this.extractLimits, async (fraction) => {
          const next = 5 + Math.floor(fraction * 80)
          // A progress write per 10 %, not per page.
          if (next - shown >= 10) { shown = next; await this.progress(tenantId, documentId, revision, 'processing', next) }
        })
      const chunks = chunkText(extracted.text, { rowNumbers: doc.kind === 'xlsx' || doc.kind === 'csv' })
      const embeddings = await this.embedChunks(tenantId, chunks)
      const done = await knowledgeRepository.replaceIndex(db, tenantId, documentId, revision, { ...extracted, chunks, embeddings })
      if (done) await this.announce(tenantId, done)
    } catch (err) {
      if (!(err instanceof ExtractError)) throw err
      const failed = await knowledgeRepository.fail(db, tenantId, documentId, revision, err.code, err.message)
      if (failed) await this.announce(tenantId, failed)
    }
  }

  /** The owner's edit of the text, checked like an extraction. */
  private ownText(text: string, pages: number | null) {
    checkText(text, this.extractLimits)
    return { text, pages }
  }

  /** The job failed for good (not a bad file: a bug or an outage that outlasted the retries). */
  async markFailed(tenantId: string, documentId: string, revision: number): Promise<void> {
    const failed = await knowledgeRepository.fail(this.deps.db, tenantId, documentId, revision, 'knowledge.processing_failed', 'The document could not be processed. Try uploading it again.')
    if (failed) await this.announce(tenantId, failed)
  }

  private async progress(tenantId: string, id: string, revision: number, state: 'processing', progress: number): Promise<void> {
    const row = await knowledgeRepository.setProgress(this.deps.db, tenantId, id, revision, state, progress)
    if (row) await this.announce(tenantId, row)
  }

  private async announce(tenantId: string, doc: DocumentMeta): Promise<DocumentDto> {
    const dto = toDocumentDto(doc)
    await this.deps.bus.publish(tenantId, 'knowledge.updated', dto)
    return dto
  }
}
