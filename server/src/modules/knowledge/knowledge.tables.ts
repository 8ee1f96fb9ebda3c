import { sql } from 'drizzle-orm'
import { boolean, customType, foreignKey, index, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { tenants } from '../tenants/tenants.tables.js'

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
})
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export type KnowledgeKind = 'pdf' | 'docx' | 'xlsx' | 'csv' | 'text' | 'image'
export type KnowledgeState = 'queued' | 'processing' | 'ready' | 'failed'

/** A price row found in a document, with where it was found. */
export interface KnowledgePriceRow { name: string; price: number; unit?: string; where: string }

/**
 * A document the owner gave the AI to answer from. The upload is kept (`content`, counted against
 * the tenant's storage cap) so a document can be processed again; `text` is what was extracted,
 * with page/sheet markers, and the owner may edit it (`edited`), which re-indexes from the text.
 * `revision` grows with every change so the processing job of an older version changes nothing.
 */
export const knowledgeDocuments = pgTable('knowledge_documents', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  kind: text('kind').$type<KnowledgeKind>().notNull(),
  byteSize: integer('byte_size').notNull(),
  content: bytea('content').notNull(),
  state: text('state').$type<KnowledgeState>().notNull().default('queued'),
  progress: integer('progress').notNull().default(0),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  text: text('text'),
  edited: boolean('edited').notNull().default(false),
  pages: integer('pages'),
  chunkCount: integer('chunk_count').notNull().default(0),
  priceRows: jsonb('price_rows').$type<KnowledgePriceRow[]>().notNull().default(sql`'[]'::jsonb`),
  revision: integer('revision').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  unique('knowledge_documents_tenant_id_id_unique').on(t.tenantId, t.id),
  index('knowledge_documents_tenant_idx').on(t.tenantId, t.createdAt),
])

/**
 * The retrieval index: pieces of a document small enough to give an AI as context, each knowing
 * where it came from. Searched by full-text (`tsv`, the 'simple' configuration: Indonesian has
 * no stemmer in PostgreSQL, and product names must match as written) and by pg_trgm word
 * similarity (typos in product names), both in PostgreSQL itself so the embedded PGlite does the
 * same. The similarity is computed over the tenant's pieces (a shop has hundreds, not millions),
 * so it needs no trigram index.
 */
export const knowledgeChunks = pgTable('knowledge_chunks', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  documentId: uuid('document_id').notNull(),
  position: integer('position').notNull(),
  content: text('content').notNull(),
  /** Where it came from, for people: "hal. 2", "Menu, baris 3–9". */
  location: text('location'),
  page: integer('page'),
  priceRows: jsonb('price_rows').$type<KnowledgePriceRow[]>().notNull().default(sql`'[]'::jsonb`),
  tsv: tsvector('tsv').notNull().generatedAlwaysAs(sql`to_tsvector('simple', content)`),
  /** The piece's embedding from the tenant's provider, when it offers one (no pgvector: a plain array). */
  embedding: real('embedding').array(),
}, (t) => [
  foreignKey({ name: 'knowledge_chunks_document_fk', columns: [t.tenantId, t.documentId], foreignColumns: [knowledgeDocuments.tenantId, knowledgeDocuments.id] }).onDelete('cascade'),
  index('knowledge_chunks_document_idx').on(t.tenantId, t.documentId, t.position),
  index('knowledge_chunks_tsv_idx').using('gin', t.tsv),
])
