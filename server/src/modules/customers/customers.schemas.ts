import { z } from 'zod'
import { asText, IsoTime, named, PageOf, Uuid } from '../../shared/http-schemas.js'

export const CustomerId = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })

// Years outside 1970–9999 are refused here: PostgreSQL has no year 0 and would answer a 500.
const Day = z.iso.datetime({ offset: true, message: 'Give a date-time like 2026-01-31T00:00:00+07:00.' }).transform((s) => new Date(s))
  .refine((d) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999, 'Give a date between 1970 and 9999.')
const flag = z.enum(['true', 'false']).transform((s) => s === 'true')

/** The list's and the export's filters (the same, so an export is exactly what the list shows). */
export const CustomerFilter = z.strictObject({
  q: z.string().trim().max(100).optional().meta({ description: 'Name or number, matched anywhere ("0812…" finds "+62812…").' }),
  tag: z.string().trim().min(1).max(60).optional().meta({ description: "An AI tag on the customer's chat." }),
  label: z.uuid({ message: 'Not a valid label id.' }).optional().meta({ description: "A shop label on the customer's chat." }),
  lastContactFrom: Day.optional().meta({ description: 'Last message at or after.' }),
  lastContactTo: Day.optional().meta({ description: 'Last message before.' }),
  open: flag.optional().meta({ description: 'true: waiting for the shop\'s answer; false: not waiting.' }),
})
export const CustomerListQuery = CustomerFilter.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

export const Customer = named('Customer', z.object({
  id: Uuid,
  name: z.string().nullable(),
  /** E.164 ("+6281234567890"); null for a customer known only by a WhatsApp LID. */
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  conversationId: Uuid.nullable(),
  lastContactAt: IsoTime.nullable(),
  waiting: z.boolean().meta({ description: 'The customer waits for an answer (an open chat).' }),
  tags: z.array(z.string()),
  labelIds: z.array(Uuid),
}))
export type Customer = z.infer<typeof Customer>
export const CustomerPage = named('CustomerPage', PageOf(Customer))

export const CustomerPatch = z.strictObject({
  name: z.string().trim().max(120).nullable().optional().meta({ description: 'Empty or null clears it (WhatsApp\'s name shows again).' }),
  notes: z.string().trim().max(2000).nullable().optional(),
}).refine((p) => p.name !== undefined || p.notes !== undefined, { message: 'Give name or notes.' })

export const CustomerImportBody = z.strictObject({
  /** The file's bytes, base64: the server reads its encoding (UTF-8, or Windows-1252 from Excel). */
  file: z.base64({ message: 'Send the file as base64.' }).max(4_000_000, 'The file is too big (at most about 3 MB).'),
  dryRun: z.boolean().default(true).meta({ description: 'true (default): preview only, nothing saved.' }),
})
const ImportLine = z.object({
  line: z.number().int(),
  phone: z.string().meta({ description: 'E.164.' }),
  name: z.string().nullable(),
  notes: z.string().nullable(),
  labels: z.array(z.string()),
  action: z.enum(['create', 'update']),
})
export const CustomerImportResult = named('CustomerImportResult', z.object({
  encoding: z.enum(['utf-8', 'windows-1252']).meta({ description: 'windows-1252: the file was not UTF-8 and was converted (check accented letters).' }),
  rows: z.array(ImportLine),
  errors: z.array(z.object({ line: z.number().int(), code: z.string(), message: z.string() })),
  /** Labels that are not the shop's, or rows without a chat to carry them (labels sit on chats). */
  warnings: z.array(z.object({ line: z.number().int(), code: z.string(), message: z.string() })),
  saved: z.boolean().meta({ description: 'False on a dry run.' }),
  created: z.number().int(),
  updated: z.number().int(),
}))
export type CustomerImportResult = z.infer<typeof CustomerImportResult>

export const CustomersCsv = asText(z.string().meta({ description: 'CSV, UTF-8 with a byte-order mark.' }), 'text/csv')

/** What a deletion took: chats, messages, and media files removed from the store (a file another chat still uses is kept, not counted). */
export const CustomerDeleted = named('CustomerDeleted', z.object({
  deleted: z.object({ conversations: z.number().int(), messages: z.number().int(), files: z.number().int() }),
}))
