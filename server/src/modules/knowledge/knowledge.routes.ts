// /api/v1/knowledge: the knowledge base. Every role reads it; owners and admins upload (multipart,
// streamed with a size cap), paste text, edit the extracted text, delete, and import price rows.
import type { FastifyInstance } from 'fastify'
import fastifyMultipart from '@fastify/multipart'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import { z } from 'zod'
import { DocumentDto, DocumentId, DocumentWithText, EditText, KnowledgeImport, KnowledgeList, KnowledgePriceRow, PastedText, PriceRowsImport, SearchHit, SearchQuery } from './knowledge.schemas.js'
import { asText, errors, ItemsOf, NoContent, NoQuery } from '../../shared/http-schemas.js'

/** Documented only: the handler reads the multipart stream itself, with its size cap. */
const Upload = asText(z.object({ file: z.string().meta({ format: 'binary', description: 'PDF, DOCX, XLSX, CSV, text or a photo.' }) }), 'multipart/form-data')
import type { KnowledgeService } from './knowledge.service.js'
import { noFile, tooLarge } from './knowledge.errors.js'

export interface KnowledgeRoutesOptions { maxFileBytes: number }

export function knowledgeRoutes(knowledge: KnowledgeService, opts: KnowledgeRoutesOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      // Scoped here: no other route accepts multipart bodies.
      await r.register(fastifyMultipart, { limits: { fileSize: opts.maxFileBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 } })
      r.addHook('preHandler', app.authenticate)
      const admin = { preHandler: requireRole('admin') }
      const id = (params: unknown) => parseInput(DocumentId, params, 'params').id

      r.get('/documents', { schema: { summary: 'Knowledge documents and storage used', querystring: NoQuery, response: { 200: KnowledgeList, ...errors } } }, async (req) => knowledge.list(req.auth.tenantId))
      r.get('/documents/:id', { schema: { summary: 'One document with its extracted text', params: DocumentId, querystring: NoQuery, response: { 200: DocumentWithText, ...errors } } }, async (req) => knowledge.get(req.auth.tenantId, id(req.params)))
      r.post('/documents', { ...admin, schema: { summary: 'Upload a document (multipart, field `file`)', body: Upload, response: { 201: DocumentDto, ...errors } } }, async (req, reply) => {
        if (!req.isMultipart()) throw noFile()
        let file
        try { file = await req.file() } catch { throw noFile() }
        if (!file || file.fieldname !== 'file') throw noFile()
        let bytes: Buffer
        try {
          bytes = await file.toBuffer()
        } catch (err) {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(opts.maxFileBytes)
          throw noFile()
        }
        return reply.status(201).send(await knowledge.upload(req.auth.tenantId, file.filename || 'dokumen', bytes))
      })
      r.post('/documents/text', { ...admin, schema: { summary: 'Add pasted text as a document', body: PastedText, response: { 201: DocumentDto, ...errors } } }, async (req, reply) => {
        const body = parseInput(PastedText, req.body)
        return reply.status(201).send(await knowledge.paste(req.auth.tenantId, body.title, body.text))
      })
      r.put('/documents/:id/text', { ...admin, schema: { summary: "Replace a document's text", params: DocumentId, body: EditText, response: { 200: DocumentDto, ...errors } } }, async (req) => knowledge.editText(req.auth.tenantId, id(req.params), parseInput(EditText, req.body).text))
      r.delete('/documents/:id', { ...admin, schema: { summary: 'Delete a document', params: DocumentId, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        await knowledge.remove(req.auth.tenantId, id(req.params))
        return reply.status(204).send()
      })
      r.get('/documents/:id/price-rows', { schema: { summary: 'Price rows found in a document', params: DocumentId, querystring: NoQuery, response: { 200: z.object({ rows: z.array(KnowledgePriceRow) }), ...errors } } }, async (req) => knowledge.priceRows(req.auth.tenantId, id(req.params)))
      r.post('/documents/:id/price-rows/import', { ...admin, schema: { summary: 'Import chosen price rows into the price list (dryRun: preview)', params: DocumentId, body: PriceRowsImport, response: { 200: KnowledgeImport, ...errors } } }, async (req) => knowledge.importPriceRows(req.auth.tenantId, id(req.params), parseInput(PriceRowsImport, req.body)))
      // What the AI would be given for a customer's message: lets the owner check a document is found.
      r.get('/search', { schema: { summary: 'What the AI would be given for a message', querystring: SearchQuery, response: { 200: ItemsOf(SearchHit), ...errors } } }, async (req) => {
        const { q, k } = parseInput(SearchQuery, req.query, 'query')
        return { items: await knowledge.search(req.auth.tenantId, q, k ?? 4) }
      })
    }, { prefix: '/knowledge' })
  }
}
