import { z } from 'zod'
import { IsoTime, named } from '../../shared/http-schemas.js'

export const DocumentId = z.strictObject({ id: z.uuid() })
export const PastedText = z.strictObject({
  title: z.string().trim().min(1).max(120),
  text: z.string().trim().min(1).max(200_000),
})
export const EditText = z.strictObject({ text: z.string().trim().min(1).max(200_000) })
export const SearchQuery = z.strictObject({ q: z.string().trim().min(1).max(500), k: z.coerce.number().int().min(1).max(20).optional() })
/** Import some of a document's price rows into the price list: a dry run shows the result first. */
export const PriceRowsImport = z.strictObject({
  names: z.array(z.string().trim().min(1).max(120)).min(1).max(500),
  dryRun: z.boolean().optional(),
})
export type PriceRowsImport = z.infer<typeof PriceRowsImport>

const source = named('KnowledgeSource', z.object({ documentId: z.uuid(), fileName: z.string(), location: z.string().nullable() })
  .meta({ description: 'Where a piece of the knowledge base came from.' }))
export { source as KnowledgeSource }
export const DocumentDto = named('KnowledgeDocument', z.object({
  id: z.uuid(), fileName: z.string(), kind: z.enum(['pdf', 'docx', 'xlsx', 'csv', 'text', 'image']), byteSize: z.number().int(),
  state: z.enum(['queued', 'processing', 'ready', 'failed']), progress: z.number().int().min(0).max(100),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  pages: z.number().int().nullable(), chunkCount: z.number().int(), priceRowCount: z.number().int(), edited: z.boolean(),
  createdAt: IsoTime, updatedAt: IsoTime,
}))
export type DocumentDto = z.infer<typeof DocumentDto>
export const SearchHit = z.object({ text: z.string(), source, score: z.number() })

export const KnowledgeList = named('KnowledgeList', z.object({
  items: z.array(DocumentDto), storage: z.object({ usedBytes: z.number().int(), limitBytes: z.number().int() }),
  photoOcr: z.boolean().meta({ description: 'Photos are read (OCR is installed on the server).' }),
}))
export const DocumentWithText = DocumentDto.extend({ text: z.string().nullable() })
export const KnowledgePriceRow = named('KnowledgePriceRow', z.object({
  name: z.string(), price: z.number(), unit: z.string().optional(), where: z.string(), currentPrice: z.number().nullable(),
}))
export const KnowledgeImport = named('KnowledgeImport', z.object({
  rows: z.array(z.object({ name: z.string(), price: z.number(), unit: z.string().nullish() })),
  added: z.number().int(), updated: z.number().int(), errors: z.array(z.object({ line: z.number().int(), message: z.string() })), saved: z.boolean(),
}))
